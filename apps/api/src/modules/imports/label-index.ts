import { NameMatcher, normalizeForSearch, type ScoredCandidate } from '@sidh/domain';

/** Case-, accent- and punctuation-insensitive form of a label, for matching. */
export function labelKey(s: string): string {
  return normalizeForSearch(s.replace(/^\s*-\s+/, ''))
    .replace(/[’‘`´]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

const withoutParenthesis = (s: string) => s.replace(/\s*\([^)]*\)\s*$/, '').trim();

export interface Labelled {
  code: string;
  nameEn?: string | null;
  nameFr?: string | null;
  nameAr?: string | null;
  aliases?: string[];
}

/** How a label was found: by its code or exact name, or by the name matcher (its key, or a similarity score). */
export interface LabelMatch<T> {
  item: T | undefined;
  /** The best candidates, best first, when the label was compared by similarity (empty otherwise). */
  candidates: ScoredCandidate[];
}

/**
 * Distinct labels of one index compared by similarity (a full scan of the reference names each);
 * beyond, a label without exact or key match is unmatched without candidates: 10,000 distinct
 * unknown labels cost 2,000 scans, not 10,000.
 */
export const MAX_COMPARED_LABELS = 2000;

/**
 * Finds a reference row by code or by name in any language, as people type names:
 * 1. its code, an alias or a name, ignoring case, accents and white space (`labelKey`); exact
 *    names win over names without their parenthesised suffix (`Iran (Islamic Republic of)` →
 *    `Iran`), which only count when they are unambiguous; a label with such a suffix is also
 *    looked up without it;
 * 2. the name matcher (`NameMatcher` of @sidh/domain): the same words once quotes, articles and
 *    prepositions, feminine titles and Arabic spelling variants are ignored (one candidate only);
 *    then a similarity score, taken when high and clearly ahead, otherwise the best candidates
 *    are returned for the user to choose.
 * Results are remembered per label: a file repeats its labels on many rows.
 */
export class LabelIndex<T extends Labelled> {
  private readonly exact = new Map<string, T>();
  private readonly loose = new Map<string, T | null>();
  private readonly byCode = new Map<string, T>();
  private readonly matcher = new NameMatcher();
  private readonly cache = new Map<string, LabelMatch<T>>();
  private compared = 0;

  constructor(readonly items: T[]) {
    for (const item of items) this.add(item);
  }

  add(item: T): void {
    const names = [item.code, item.nameEn, item.nameFr, item.nameAr, ...(item.aliases ?? [])].filter((n): n is string => !!n && n.trim() !== '');
    this.byCode.set(item.code, item);
    for (const name of names) {
      const key = labelKey(name);
      if (!this.exact.has(key)) this.exact.set(key, item);
      const short = labelKey(withoutParenthesis(name));
      if (short && short !== key) {
        const seen = this.loose.get(short);
        this.loose.set(short, seen === undefined || seen === item ? item : null);
      }
    }
    this.matcher.add({ code: item.code, names });
    this.cache.clear();
  }

  find(label: string): T | undefined {
    return this.lookup(label).item;
  }

  /** The item with this exact code (valueMappings name codes). */
  byExactCode(code: string): T | undefined {
    return this.byCode.get(code) ?? this.exact.get(labelKey(code));
  }

  /** `find`, with the candidates when the label was not certain. */
  lookup(label: string): LabelMatch<T> {
    const key = labelKey(label);
    if (!key) return { item: undefined, candidates: [] };
    const cached = this.cache.get(key);
    if (cached) return cached;
    const result = this.compute(label, key);
    this.cache.set(key, result);
    return result;
  }

  private compute(label: string, key: string): LabelMatch<T> {
    const direct = this.exact.get(key) ?? this.loose.get(key) ?? this.exact.get(labelKey(withoutParenthesis(label)));
    if (direct) return { item: direct, candidates: [] };
    const byKey = this.matcher.exact(label) ?? this.matcher.exact(withoutParenthesis(label));
    if (byKey) return { item: this.byCode.get(byKey.code), candidates: [] };
    if (this.compared >= MAX_COMPARED_LABELS) return { item: undefined, candidates: [] };
    this.compared++;
    const { match, candidates } = this.matcher.match(label);
    return { item: match ? this.byCode.get(match.code) : undefined, candidates: match ? [] : candidates };
  }
}

/** Common short English names of states (UPR Info, UN report lists) → ISO 3166-1 alpha-2. */
export const COUNTRY_ALIASES: Record<string, string> = {
  'Czech Republic': 'CZ',
  'United Kingdom': 'GB',
  UK: 'GB',
  'United States': 'US',
  USA: 'US',
  Palestine: 'PS',
  'Democratic Republic of Congo': 'CD',
  'DR Congo': 'CD',
  'Republic of Congo': 'CG',
  'Republic of the Congo': 'CG',
  Syria: 'SY',
  Laos: 'LA',
  Tanzania: 'TZ',
  'DPR Korea': 'KP',
  'North Korea': 'KP',
  'South Korea': 'KR',
  'Republic of Korea': 'KR',
  Moldova: 'MD',
  'Macedonia FYR': 'MK',
  'The former Yugoslav Republic of Macedonia': 'MK',
  Macedonia: 'MK',
  'Cape Verde': 'CV',
  Swaziland: 'SZ',
  'Guinea Bissau': 'GW',
  'St Kitts and Nevis': 'KN',
  'St Lucia': 'LC',
  'St Vincent and the Grenadines': 'VC',
  Russia: 'RU',
  Vietnam: 'VN',
  'Viet Nam': 'VN',
  Brunei: 'BN',
  'Timor Leste': 'TL',
  'East Timor': 'TL',
  Bolivia: 'BO',
  Venezuela: 'VE',
  Iran: 'IR',
  Micronesia: 'FM',
  Holland: 'NL',
};

/**
 * Earlier names of institutions, by institution code: the labels of the coordinating body's (DIDH)
 * sheets, whose slips the seed corrects (apps/api/tools/seed-build/translations.mjs,
 * SOURCE_CORRECTIONS). Only those that differ by more than case, accents and white space (which
 * `labelKey` ignores), so that a DIDH sheet still finds its institutions.
 */
export const INSTITUTION_ALIASES: Record<string, string[]> = {
  CSPJ: ['Conseil Supérieur de l’Autorité Judiciaire'],
  MRP: ['Relations avec parlement'],
  ANLCA: ['ANELCA'],
  MHAI: ['Habous et des Affaires Islamiques'],
  CESE: ['Conseil Economique Social et Environnemental'],
  ONG: ['ONGs'],
  INPPLC: ['الهيئة الوطنية للنزاهة و الوقاية من الرشوة و محاربتها'],
};
