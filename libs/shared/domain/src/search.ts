/**
 * Free-text search normalisation. The SPA uses it to highlight matches; the API mirrors it EXACTLY in SQL
 * (generated from the exported tables below), so the rules stay deliberately simple and character-wise:
 *
 * 1. Arabic (`normalizeArabic`):
 *    - remove tashkeel U+064B–U+065F and U+0670 (superscript alef), and tatweel U+0640;
 *    - آ U+0622, أ U+0623, إ U+0625, ٱ U+0671 → ا U+0627;  ى U+0649 → ي U+064A;  ة U+0629 → ه U+0647;
 *      ؤ U+0624 → و U+0648;  ئ U+0626 → ي U+064A;
 *    - Arabic-Indic digits U+0660–U+0669 and Extended Arabic-Indic U+06F0–U+06F9 → 0–9.
 *    SQL: `translate(s, ARABIC_FOLD_FROM || ARABIC_STRIP, ARABIC_FOLD_TO)` (translate drops characters of
 *    `from` that have no counterpart in `to`).
 * 2. Latin (`foldLatin`): lower-case each character, then map LATIN_FOLD_FROM → LATIN_FOLD_TO one to one,
 *    then each LATIN_FOLD_MULTI pair (œ → oe, æ → ae).
 *    SQL: `replace(replace(translate(lower(s), LATIN_FOLD_FROM, LATIN_FOLD_TO), 'œ', 'oe'), 'æ', 'ae')`.
 * 3. `normalizeForSearch(s) = foldLatin(normalizeArabic(s))`.
 *
 * Every rule maps one character to zero, one or two characters independently of its neighbours, which is
 * what lets `highlightRanges` map matches back to the original text.
 */

/** Removed outright: tashkeel U+064B–U+065F, superscript alef U+0670, tatweel U+0640. */
export const ARABIC_STRIP: string = (() => {
  let s = '';
  for (let c = 0x064b; c <= 0x065f; c++) s += String.fromCharCode(c);
  return s + '\u0670\u0640';
})();

/** One-to-one Arabic foldings (hamza/alef forms, alef maqsura, ta marbuta, digits); same length as TO. */
export const ARABIC_FOLD_FROM =
  '\u0622\u0623\u0625\u0671\u0649\u0629\u0624\u0626' +
  '\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669' +
  '\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9';
export const ARABIC_FOLD_TO =
  '\u0627\u0627\u0627\u0627\u064A\u0647\u0648\u064A' + '0123456789' + '0123456789';

/** One-to-one accent folding applied after lower-casing; same length as LATIN_FOLD_TO. */
export const LATIN_FOLD_FROM = 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ';
export const LATIN_FOLD_TO = 'aaaaaaceeeeiiiinooooouuuuyy';
/** Ligatures that expand to two letters (cannot go through SQL `translate`). */
export const LATIN_FOLD_MULTI: ReadonlyArray<readonly [from: string, to: string]> = Object.freeze([
  ['œ', 'oe'],
  ['æ', 'ae'],
] as const);

const ARABIC_MAP = new Map<string, string>();
for (const c of ARABIC_STRIP) ARABIC_MAP.set(c, '');
for (let i = 0; i < ARABIC_FOLD_FROM.length; i++) ARABIC_MAP.set(ARABIC_FOLD_FROM[i]!, ARABIC_FOLD_TO[i]!);

const LATIN_MAP = new Map<string, string>();
for (let i = 0; i < LATIN_FOLD_FROM.length; i++) LATIN_MAP.set(LATIN_FOLD_FROM[i]!, LATIN_FOLD_TO[i]!);
for (const [from, to] of LATIN_FOLD_MULTI) LATIN_MAP.set(from, to);

function arabicChar(c: string): string {
  return ARABIC_MAP.get(c) ?? c;
}

function latinChar(c: string): string {
  let out = '';
  for (const l of c.toLowerCase()) out += LATIN_MAP.get(l) ?? l;
  return out;
}

/** Normalise one code point; the whole-string functions are just this applied character by character. */
function normalizeChar(c: string): string {
  return latinChar(arabicChar(c));
}

export function normalizeArabic(s: string): string {
  let out = '';
  for (const c of s) out += arabicChar(c);
  return out;
}

/** Lower-cases character by character (no context-dependent rules) so SQL `lower()` gives the same result. */
export function foldLatin(s: string): string {
  let out = '';
  for (const c of s) out += latinChar(c);
  return out;
}

export function normalizeForSearch(s: string): string {
  return foldLatin(normalizeArabic(s));
}

/**
 * Irregular English plurals frequent in human-rights texts (singular, plural). Regular plurals are
 * already caught by prefix matching (`right` → `rights`).
 */
export const ENGLISH_IRREGULAR_PLURALS: ReadonlyArray<readonly [singular: string, plural: string]> = Object.freeze([
  ['woman', 'women'],
  ['man', 'men'],
  ['child', 'children'],
  ['person', 'people'],
  ['wife', 'wives'],
  ['life', 'lives'],
  ['housewife', 'housewives'],
  ['businesswoman', 'businesswomen'],
  ['chairman', 'chairmen'],
  ['thief', 'thieves'],
  ['half', 'halves'],
  ['crisis', 'crises'],
  ['analysis', 'analyses'],
  ['basis', 'bases'],
  ['criterion', 'criteria'],
  ['phenomenon', 'phenomena'],
  ['medium', 'media'],
  ['appendix', 'appendices'],
] as const);

const IRREGULAR = new Map<string, string[]>();
for (const [sg, pl] of ENGLISH_IRREGULAR_PLURALS) {
  IRREGULAR.set(sg, [...(IRREGULAR.get(sg) ?? []), pl]);
  IRREGULAR.set(pl, [...(IRREGULAR.get(pl) ?? []), sg]);
}

/** A word: a letter or digit in any script, followed by letters, digits or combining marks. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/**
 * Tokenises a query (after normalisation) and gives each token its alternatives: itself plus its
 * irregular singular/plural. A record matches when it matches one alternative of EVERY token.
 */
export function expandQueryTerms(q: string): string[][] {
  const tokens = normalizeForSearch(q).match(WORD) ?? [];
  return tokens.map((t) => [t, ...(IRREGULAR.get(t) ?? [])]);
}

/** The crude stem used for matching: the first max(4, n − 2) characters (the whole term when n ≤ 4). */
export function searchStem(term: string): string {
  return term.slice(0, Math.max(4, term.length - 2));
}

/**
 * Ranges `[start, end)` IN THE ORIGINAL `text` (UTF-16 indices) of the words to highlight for `query`:
 * words whose normalised form starts with the stem of any alternative of any query token (so `woman`
 * highlights `women`, `egalite` highlights `égalité`, `المراه` highlights `المرأة`). Diacritics that
 * follow a matched word are included so marks are never split from their letter. Sorted, merged.
 */
export function highlightRanges(text: string, query: string): Array<[number, number]> {
  const stems = [...new Set(expandQueryTerms(query).flat().map(searchStem))];
  if (stems.length === 0 || text.length === 0) return [];

  // Normalise while remembering, for each normalised UTF-16 unit, the original code point it came from.
  let norm = '';
  const origStart: number[] = [];
  const origEnd: number[] = [];
  let i = 0;
  for (const c of text) {
    const n = normalizeChar(c);
    for (let k = 0; k < n.length; k++) {
      origStart.push(i);
      origEnd.push(i + c.length);
    }
    norm += n;
    i += c.length;
  }

  const ranges: Array<[number, number]> = [];
  for (const m of norm.matchAll(WORD)) {
    const word = m[0];
    if (!stems.some((s) => word.startsWith(s))) continue;
    const start = origStart[m.index]!;
    let end = origEnd[m.index + word.length - 1]!;
    // Swallow characters removed by normalisation (trailing tashkeel / tatweel).
    while (end < text.length) {
      const cp = text.codePointAt(end)!;
      const c = String.fromCodePoint(cp);
      if (normalizeChar(c) !== '') break;
      end += c.length;
    }
    ranges.push([start, end]);
  }

  const merged: Array<[number, number]> = [];
  for (const r of ranges.sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
