/**
 * Matching names as people type them against reference data (bodies, special-procedure mandates,
 * countries, institutions, themes), for the importer: accents, case, apostrophes and quotes, leading
 * articles and other function words, French feminine titles (Rapporteuse → Rapporteur, Experte →
 * Expert), Arabic spelling variants (`normalizeForSearch`, the search's normalisation) and the Arabic
 * article are all ignored; what still differs is scored by similarity (normalised Levenshtein distance
 * over the words, sorted or in their order, whichever is closer).
 *
 * A value matches when its key equals one of a candidate's names' keys, or when the best candidate
 * scores at least `AUTO_MATCH_SCORE` and clearly ahead of the next one (`AUTO_MATCH_MARGIN`).
 * Otherwise it is unmatched, with the best candidates to offer the user.
 */
import { distance } from 'fastest-levenshtein';
import { normalizeForSearch } from './search.js';

/** Words that carry no meaning in a name: articles, prepositions, conjunctions (fr, en, ar). */
const FUNCTION_WORDS = new Set([
  // French
  'le', 'la', 'les', 'l', 'un', 'une', 'des', 'de', 'du', 'd', 'au', 'aux', 'et', 'en', 'sur', 'pour', 'par', 'dans', 'avec',
  // English
  'the', 'a', 'an', 'of', 'on', 'in', 'and', 'for', 'to', 'with', 'by',
  // Arabic (after normalisation)
  'في', 'من', 'على', 'الى', 'عن', 'و',
]);

/**
 * Feminine (and plural) forms of the words of mandate titles, to the form the reference data uses;
 * after accents are folded and Arabic normalised.
 */
const TITLE_FORMS: Readonly<Record<string, string>> = {
  rapporteuse: 'rapporteur',
  rapporteuses: 'rapporteur',
  rapporteurs: 'rapporteur',
  experte: 'expert',
  expertes: 'expert',
  experts: 'expert',
  independante: 'independant',
  independantes: 'independant',
  independants: 'independant',
  speciale: 'special',
  speciales: 'special',
  speciaux: 'special',
  chargee: 'charge',
  chargees: 'charge',
  presidente: 'president',
  // Arabic, after normalisation (ة → ه): المقررة الخاصة المعنية → المقرر الخاص المعني.
  مقرره: 'مقرر',
  خاصه: 'خاص',
  معنيه: 'معني',
  خبيره: 'خبير',
  مستقله: 'مستقل',
  رئيسه: 'رئيس',
};

/** Apostrophes, quotes and the double quote typed for an apostrophe (`chargée d"étudier`). */
const QUOTES = /['’‘`´"“”«»‹›]/g;

/** The words of a name that matter, normalised; their order kept. */
export function nameWords(name: string): string[] {
  const folded = normalizeForSearch(name.normalize('NFKC')).toLowerCase().replace(QUOTES, ' ');
  const words: string[] = [];
  for (const raw of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    // The Arabic article, and a conjunction glued to it (والـ): the word without them.
    const word = raw.length > 4 && /^(?:وال|ال)/.test(raw) ? raw.replace(/^(?:وال|ال)/, '') : raw;
    if (FUNCTION_WORDS.has(word)) continue;
    words.push(TITLE_FORMS[word] ?? word);
  }
  return words;
}

/** The key two names share when they differ only in what `nameWords` ignores. */
export function nameKey(name: string): string {
  return nameWords(name).join(' ');
}

/**
 * 1 − Levenshtein distance / length of the longer, on the keys with their words sorted or in their
 * order, whichever is closer. 0…1.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = nameWords(a);
  const y = nameWords(b);
  return Math.max(similarityOfKeys([...x].sort().join(' '), [...y].sort().join(' ')), similarityOfKeys(x.join(' '), y.join(' ')), OVERLAP_WEIGHT * wordOverlap(stems(x), stems(y)));
}

/** Words in common suggest a candidate, never decide: scaled below `AUTO_MATCH_SCORE`. */
const OVERLAP_WEIGHT = 0.89;

/** The words, a final `s` or `x` ignored (droits → droit, involontaires → involontaire). */
const stems = (words: readonly string[]): Set<string> => new Set(words.map((w) => (w.length > 3 && /[sx]$/.test(w) ? w.slice(0, -1) : w)));

/**
 * The share of words two names have in common (Dice: 2 × common / total): a name with words added
 * or left out ("… droit alimentation et nutrition des populations rurales") stays close to its
 * reference name however much longer it is.
 */
function wordOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return (2 * common) / (a.size + b.size);
}

function similarityOfKeys(x: string, y: string): number {
  if (x === y) return x.length > 0 ? 1 : 0;
  const longest = Math.max(x.length, y.length);
  return longest === 0 ? 0 : 1 - distance(x, y) / longest;
}

export interface NameCandidate {
  code: string;
  /** Its names in every language, former names and aliases. */
  names: readonly string[];
}

export interface ScoredCandidate {
  code: string;
  /** The candidate's name closest to the value. */
  name: string;
  /** 0…1; 1 for the same key. */
  score: number;
}

export interface NameMatchResult {
  /** The candidate the value stands for, or null when none is certain. */
  match: ScoredCandidate | null;
  /** The best candidates, best first (at most `limit`, each scoring at least `SUGGESTION_SCORE`). */
  candidates: ScoredCandidate[];
}

/** A candidate this close, and this far ahead of the next, is taken without asking. */
export const AUTO_MATCH_SCORE = 0.9;
export const AUTO_MATCH_MARGIN = 0.05;
/** Candidates below this are not worth offering. */
export const SUGGESTION_SCORE = 0.5;

/**
 * Matches values against one set of candidates. Keys are computed once per candidate name; exact
 * keys are found by a map, the similarity is computed only for values without one. Candidates may
 * be added after construction (labels an import creates).
 */
export class NameMatcher {
  private readonly byKey = new Map<string, { code: string; name: string } | null>();
  /** Per name: its key with the words sorted (`key`) and in their order (`ordered`). */
  private readonly sortedKeys: { code: string; name: string; key: string; ordered: string; stems: Set<string> }[] = [];

  constructor(candidates: readonly NameCandidate[] = []) {
    for (const candidate of candidates) this.add(candidate);
  }

  add(candidate: NameCandidate): void {
    for (const name of new Set([candidate.code, ...candidate.names])) {
      if (!name || name.trim() === '') continue;
      const words = nameWords(name);
      if (!words.length) continue;
      const key = words.join(' ');
      const seen = this.byKey.get(key);
      // A key two candidates share is no proof of either.
      this.byKey.set(key, seen === undefined || seen?.code === candidate.code ? { code: candidate.code, name } : null);
      this.sortedKeys.push({ code: candidate.code, name, key: [...words].sort().join(' '), ordered: key, stems: stems(words) });
    }
  }

  /** The candidate whose name has the value's key, when exactly one has it. */
  exact(value: string): ScoredCandidate | null {
    const key = nameKey(value);
    const found = key ? this.byKey.get(key) : undefined;
    return found ? { ...found, score: 1 } : null;
  }

  match(value: string, limit = 3): NameMatchResult {
    const key = nameKey(value);
    if (!key) return { match: null, candidates: [] };
    const exact = this.byKey.get(key);
    const candidates = this.rank(value, limit);
    if (exact) return { match: { ...exact, score: 1 }, candidates };
    const [best, next] = candidates;
    const certain = !!best && best.score >= AUTO_MATCH_SCORE && (!next || best.score - next.score >= AUTO_MATCH_MARGIN);
    return { match: certain ? best : null, candidates };
  }

  /**
   * The best candidates for a value, one entry per candidate (its closest name), best first. The
   * distance is at least the difference of the lengths: names too long or too short to reach
   * `SUGGESTION_SCORE` are skipped without computing it.
   */
  rank(value: string, limit = 3): ScoredCandidate[] {
    const words = nameWords(value);
    const ordered = words.join(' ');
    const sorted = [...words].sort().join(' ');
    if (!sorted) return [];
    const valueStems = stems(words);
    const best = new Map<string, ScoredCandidate>();
    for (const entry of this.sortedKeys) {
      const overlap = OVERLAP_WEIGHT * wordOverlap(valueStems, entry.stems);
      const longest = Math.max(sorted.length, entry.key.length);
      if (1 - Math.abs(sorted.length - entry.key.length) / longest < Math.max(SUGGESTION_SCORE, overlap)) {
        if (overlap >= SUGGESTION_SCORE) keep(best, entry, overlap);
        continue;
      }
      // Words in another order (sorted keys), or a slip at the start of a word, which moves it in
      // the sorted key (ordered keys: `لفريق` for `الفريق`, a first word left out).
      const score = Math.max(similarityOfKeys(sorted, entry.key), similarityOfKeys(ordered, entry.ordered), overlap);
      if (score >= SUGGESTION_SCORE) keep(best, entry, score);
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.code.localeCompare(b.code)).slice(0, limit);
  }
}

/** Keeps a candidate's best-scoring name. */
function keep(best: Map<string, ScoredCandidate>, entry: { code: string; name: string }, score: number): void {
  const seen = best.get(entry.code);
  if (!seen || score > seen.score) best.set(entry.code, { code: entry.code, name: entry.name, score: Math.round(score * 1000) / 1000 });
}
