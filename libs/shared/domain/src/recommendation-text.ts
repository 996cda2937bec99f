/**
 * The one normal form of a recommendation's text, used wherever a text enters or is compared:
 * the seed (apps/api/src/database/seeds), the importer (each text read from a file) and the
 * import's comparison with the stored text. Re-importing the file a text came from is then a no-op.
 *
 * - Unicode NFC (the same Arabic or accented letter, composed or not, is one text);
 * - line ends CR LF, CR, U+2028, U+2029 → LF (XLSX, being XML, gives CR LF back as LF);
 * - every run of other white space (spaces, tabs, no-break and thin spaces, BOM) → one space,
 *   none at the start or end of a line, at most one empty line in a row;
 * - no trailing list separator: a UN report ends every recommendation of its list with ";" (Arabic "؛"),
 *   which belongs to the list, not to the recommendation. A final "." is part of the sentence: kept.
 */
export function normalizeRecommendationText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/[\s;؛]+$/u, '')
    .trim();
}

/** Whether two texts are the same once normalised (a stored text may predate the normalisation). */
export function sameRecommendationText(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a === b || (!a && !b);
  return normalizeRecommendationText(a) === normalizeRecommendationText(b);
}
