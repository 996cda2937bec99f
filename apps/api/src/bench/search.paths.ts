/**
 * The benchmark's request mix. The list (search with filters) is the headline figure; facet counts
 * have their own endpoint and are measured on their own, with the filters the list URLs use.
 */
import { readSeedFile } from '../database/seeds/seed-data.js';

const ar = (s: string) => encodeURIComponent(s);

/** Free text in the three languages, single filters, paging and sorts. */
export const BENCH_LIST_PATHS = [
  '/api/v1/recommendations?q=torture',
  '/api/v1/recommendations?q=%C3%A9galit%C3%A9&status=in_progress',
  `/api/v1/recommendations?q=${ar('المرأة')}`,
  '/api/v1/recommendations?q=women&mechanism=UPR',
  '/api/v1/recommendations?q=enfants&theme=rights-of-the-child',
  '/api/v1/recommendations?q=justice&response=supported',
  '/api/v1/recommendations?status=implemented',
  '/api/v1/recommendations?theme=womens-rights&page=3',
  `/api/v1/recommendations?q=${ar('droits de l’homme')}&sort=-updatedAt`,
  `/api/v1/recommendations?q=${ar('الطفل')}&status=not_started`,
  '/api/v1/recommendations?q=education&theme=right-to-education',
  '/api/v1/recommendations?mechanism=UPR',
  '/api/v1/recommendations?q=disabilities&followUp=false',
  '/api/v1/recommendations?q=detention&sort=symbol&page=2',
];

/** The facets endpoint with every distinct filter of the list mix (no paging or sort: facets ignore them). */
export const BENCH_FACET_PATHS = [...new Set(BENCH_LIST_PATHS.map((p) => {
  const url = new URL(p, 'http://x');
  for (const k of ['page', 'pageSize', 'sort']) url.searchParams.delete(k);
  return `/api/v1/recommendations/facets${url.search}`;
}))];

/** What the realistic mix needs from the catalogue it runs on. */
export interface MixSource {
  /** The texts the catalogue's recommendations are derived from (the demo ones): the vocabulary. */
  texts: ReadonlyArray<{ textAr: string | null; textFr: string | null; textEn: string | null }>;
  /** Citations to search by reference: document symbol and paragraph. */
  citations: ReadonlyArray<{ documentSymbol: string; paragraph: string }>;
  institutionIds: readonly string[];
  reviewIds: readonly string[];
  themes: readonly string[];
}

/** The demo recommendations' texts and citations, from which every bench catalogue's rows derive (seed-variants.ts). */
export function demoVocabulary(): Pick<MixSource, 'texts' | 'citations'> {
  const demo = readSeedFile<{ recommendations: Array<{ textAr: string | null; textFr: string | null; textEn: string | null; documentSymbol: string | null; paragraph: string | null }> }>('demo-recommendations.json');
  return {
    texts: demo.recommendations,
    citations: demo.recommendations.filter((r) => r.documentSymbol && r.paragraph).map((r) => ({ documentSymbol: r.documentSymbol!, paragraph: r.paragraph! })),
  };
}

/** One URL of the mix and its shape (what kind of text, which filters, which sort), to rank shapes by latency. */
export interface MixPath {
  path: string;
  shape: string;
}

/** mulberry32: a small seeded generator, so that every run sends the same mix in the same order. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words too common to be typed alone (articles, prepositions) in the three languages. */
const STOPWORDS = new Set(
  (
    'the of and to in for on with by its as at from that this be are is or an all their which other '
    + 'le la les de des du et en au aux un une pour par sur dans avec ses son sa qui que ou est sont leur leurs ces cette ce à '
    + 'في من على إلى الى أن ان عن مع التي الذي و ذلك هذه هذا بما فيها'
  ).split(' '),
);

const words = (text: string) => (text.toLowerCase().match(/[\p{L}\p{M}]{3,}/gu) ?? []).filter((w) => !STOPWORDS.has(w));

/**
 * At least `count` distinct list URLs drawn from the catalogue's own vocabulary in ar, fr and en:
 * single words by document-frequency band (very common such as women / femmes / المرأة, mid, rare),
 * 2–3 word phrases cut from the texts, references (symbol and paragraph, R-codes, paragraph alone),
 * and filter-only browsing; combined with filters (mechanism, status, response, institution,
 * review, theme, follow-up) and sorts, some on later pages. Deterministic for a given seed.
 */
export function buildSearchMix(source: MixSource, count = 1200, seed = 14): MixPath[] {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  // Document frequency of each word per language, over the source texts.
  const bands: Record<'common' | 'mid' | 'rare', string[]> = { common: [], mid: [], rare: [] };
  const phrases: string[] = [];
  for (const lang of ['textAr', 'textFr', 'textEn'] as const) {
    const df = new Map<string, number>();
    for (const t of source.texts) {
      const text = t[lang];
      if (!text) continue;
      for (const w of new Set(words(text))) df.set(w, (df.get(w) ?? 0) + 1);
      const tokens = text.split(/\s+/).filter((x) => /^[\p{L}\p{M}’'-]{3,}$/u.test(x));
      if (tokens.length >= 3) {
        const start = Math.floor(random() * (tokens.length - 2));
        phrases.push(tokens.slice(start, start + 2 + Math.floor(random() * 2)).join(' '));
      }
    }
    const ranked = [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    bands.common.push(...ranked.slice(0, 25).map(([w]) => w));
    bands.mid.push(...ranked.slice(25, 400).filter(([, n]) => n >= 3).map(([w]) => w));
    bands.rare.push(...ranked.filter(([, n]) => n <= 2).map(([w]) => w));
  }
  // The terms users type most, whatever their band.
  bands.common.push('women', 'femmes', 'المرأة', 'enfants', 'children', 'الطفل', 'droits', 'rights', 'حقوق');
  const statuses = ['not_started', 'in_progress', 'implemented', 'continuous'];
  const filters: Array<[name: string, make: () => [string, string]]> = [
    ['mechanism', () => ['mechanism', 'UPR']],
    ['status', () => ['status', pick(statuses)]],
    ['response', () => ['response', pick(['supported', 'supported_in_part', 'noted'])]],
    ['institution', () => ['institutionId', pick(source.institutionIds)]],
    ['review', () => ['reviewId', pick(source.reviewIds)]],
    ['theme', () => ['theme', pick(source.themes)]],
    ['followUp', () => ['followUp', random() < 0.5 ? 'true' : 'false']],
  ];
  const out = new Map<string, MixPath>();
  for (let attempt = 0; out.size < count && attempt < count * 20; attempt += 1) {
    const params = new URLSearchParams();
    const r = random();
    let kind: string;
    if (r < 0.3) [kind] = ['common', params.set('q', pick(bands.common))];
    else if (r < 0.5) [kind] = ['mid', params.set('q', pick(bands.mid))];
    else if (r < 0.62) [kind] = ['rare', params.set('q', pick(bands.rare))];
    else if (r < 0.82) [kind] = ['phrase', params.set('q', pick(phrases))];
    else if (r < 0.9) {
      const c = pick(source.citations);
      const form = Math.floor(random() * 3);
      params.set('q', form === 0 ? `${c.documentSymbol} para ${c.paragraph}` : form === 1 ? `R${c.paragraph}` : c.documentSymbol);
      kind = ['reference', 'r-code', 'symbol'][form]!;
    } else kind = 'browse';
    // Half the searches carry a filter, a few two.
    const used: string[] = [];
    const nFilters = kind === 'browse' ? 1 + Math.floor(random() * 2) : random() < 0.5 ? 0 : random() < 0.8 ? 1 : 2;
    for (let i = 0; i < nFilters; i += 1) {
      const [name, make] = pick(filters);
      if (used.includes(name)) continue;
      used.push(name);
      const [key, value] = make();
      params.set(key, value);
    }
    const s = random();
    const sort = s < 0.65 ? null : s < 0.8 ? '-updatedAt' : s < 0.9 ? 'symbol' : s < 0.95 ? '-symbol' : 'updatedAt';
    if (sort) params.set('sort', sort);
    const p = random();
    if (p > 0.85) params.set('page', String(p > 0.97 ? 5 : 2));
    const path = `/api/v1/recommendations?${params.toString()}`;
    const shape = `${kind}${used.length ? ` +${used.sort().join('+')}` : ''}${sort ? ` sort=${sort}` : ''}${params.has('page') ? ' page>1' : ''}`;
    if (!out.has(path)) out.set(path, { path, shape });
  }
  // A fixed order, shuffled (Fisher–Yates) so that consecutive requests are unrelated.
  const list = [...out.values()];
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** The facets endpoint for the distinct filters of `paths` (facets ignore paging and sort), at most `max`. */
export function facetPathsOf(paths: readonly string[], max: number): string[] {
  return [...new Set(paths.map((p) => {
    const url = new URL(p, 'http://x');
    for (const k of ['page', 'pageSize', 'sort']) url.searchParams.delete(k);
    return `/api/v1/recommendations/facets${url.search}`;
  }))].slice(0, max);
}
