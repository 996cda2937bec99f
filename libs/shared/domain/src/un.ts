/** UN reference constants and the text conventions of UN documents (citations, paragraph codes, word counts). */

/** The ten treaty bodies (SPT is a subcommittee of CAT but issues its own recommendations). */
export const TREATY_BODY_CODES = ['CERD', 'CCPR', 'CESCR', 'CEDAW', 'CAT', 'SPT', 'CRC', 'CMW', 'CRPD', 'CED'] as const;
export type TreatyBodyCode = (typeof TREATY_BODY_CODES)[number];

export function isTreatyBodyCode(x: unknown): x is TreatyBodyCode {
  return typeof x === 'string' && (TREATY_BODY_CODES as readonly string[]).includes(x);
}

/**
 * Months the committee usually gives for the follow-up report on its priority recommendations; used as
 * the default campaign deadline. Committees without a fixed follow-up procedure are absent.
 */
export const DEFAULT_FOLLOW_UP_MONTHS: Readonly<Partial<Record<TreatyBodyCode, number>>> = Object.freeze({
  CCPR: 12,
  CAT: 12,
  CERD: 12,
  CED: 12,
  CEDAW: 24,
  CMW: 24,
});

/** Body code under which UPR recommendations are stored, alongside the treaty-body codes. */
export const UPR_BODY_CODE = 'UPR';

/** The form in which every report cites a recommendation, e.g. `A/HRC/36/6 para 144.44`. */
export function formatCitation(symbol: string, paragraph: string): string {
  return `${symbol.trim()} para ${paragraph.trim()}`;
}

/** Arabic-Indic (U+0660–0669) and Extended Arabic-Indic (U+06F0–06F9) digits to ASCII; ٫ (U+066B) to '.'. */
export function toAsciiDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9\u066B]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x066b) return '.';
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

export interface NormalizedParagraph {
  /** e.g. `144.44`, `12(b)`. */
  paragraph: string;
  /** Part of a split recommendation in the national (DIDH) coding, e.g. `P1`, `P4P5`; null when whole. */
  part: string | null;
}

/**
 * Turns the coordinating body's spreadsheet codes into UN paragraphs. Their codes mix an `R` prefix,
 * `P<n>` parts (before or after the number) and stray spaces: `R144.44P1`, `R144.110 P2`, `P1R 144.111`,
 * `R9P4P5`. Returns null when there is no number at all.
 */
export function normalizeParagraph(raw: string): NormalizedParagraph | null {
  let s = toAsciiDigits(raw);
  const parts = s.match(/P\s*\d+/gi) ?? [];
  s = s.replace(/P\s*\d+/gi, ' ');
  const m = /\d+(?:\.\d+)*(?:\s*\([a-z0-9]+\))*/i.exec(s);
  if (!m) return null;
  const paragraph = m[0].replace(/\s+/g, '');
  const part = parts.length ? parts.map((p) => 'P' + p.replace(/\D/g, '')).join('') : null;
  return { paragraph, part };
}

/**
 * Word count as for UN document limits (GA res. 68/268): whitespace-separated tokens that contain at
 * least one letter or digit in any script, so punctuation and bullets alone do not count.
 */
export function countWords(text: string): number {
  let n = 0;
  for (const token of text.split(/\s+/u)) if (/[\p{L}\p{N}]/u.test(token)) n++;
  return n;
}
