/**
 * Search by reference: a query that is a UN citation (document symbol, paragraph, or both) rather than
 * free text. Users type what they read in a report or in the coordinating body's spreadsheet:
 *
 *   `A/HRC/36/6`, `CAT/C/MAR/CO/4`, `144.97`, `R144.97`, `R144.110 P2`, `A/HRC/36/6 para 144.97`,
 *   `A/HRC/36/6, par. 144.97`, `الفقرة 144.97`, `§ 12`, `CAT/C/MAR/CO/4 § 12(b)`, Arabic-Indic digits.
 *
 * A bare integer (`2030`) is not a reference: it stays free text (`Agenda 2030`).
 */
import { toAsciiDigits } from './un.js';

export interface ReferenceQuery {
  /** Upper-cased document symbol (`A/HRC/36/6`), or null when only a paragraph was given. */
  symbol: string | null;
  /** Paragraph without spaces (`144.97`, `12(b)`), or null when only a symbol was given. */
  paragraph: string | null;
}

/** A UN document symbol: letters, then at least one `/segment` (`E/C.12/MAR/CO/4`, `CRC/C/MAR/CO/3-4`). */
const SYMBOL = String.raw`[A-Za-z]{1,8}(?:\/[A-Za-z0-9.()\-]*[A-Za-z0-9)])+`;
/** What may announce a paragraph: en/fr abbreviations, the section sign, the Arabic word, DIDH's `R`. */
const MARKER = String.raw`(?:paragraphe|paragraph|paras?\.?|par\.?|§+|الفقرة|فقرة|ف\.|R)`;
const PARAGRAPH = String.raw`\d+(?:\.\d+)*(?:\s*\([a-z0-9]{1,3}\))*`;
/** DIDH sub-parts (`P1`, `P4P5`), accepted and ignored: every part of the paragraph matches. */
const PARTS = String.raw`(?:\s*P\s*\d+)*`;

const REFERENCE = new RegExp(
  String.raw`^(?<symbol>${SYMBOL})?\s*[,،]?\s*(?:(?<marker>${MARKER})\s*)?(?<paragraph>${PARAGRAPH})?(?<parts>${PARTS})$`,
  'iu',
);

/**
 * The reference a query names, or null when it is free text. A paragraph alone needs a marker, a dot
 * (`144.97`), a sub-paragraph letter (`12(b)`) or DIDH parts; a symbol needs at least one slash and a digit.
 */
export function parseReferenceQuery(query: string): ReferenceQuery | null {
  const s = toAsciiDigits(query).replace(/[\u200e\u200f\u2066-\u2069]/g, '').trim().replace(/\s+/g, ' ');
  if (!s || s.length > 120) return null;
  const m = REFERENCE.exec(s);
  if (!m?.groups) return null;
  const { symbol, marker, paragraph, parts } = m.groups;
  if (!symbol && !paragraph) return null;
  // Every UN symbol has a number in it; `HIV/AIDS` or `and/or` are words.
  if (symbol && !/\d/.test(symbol)) return null;
  if (!symbol && !marker && !parts && !/[.(]/.test(paragraph!)) return null;
  // "R" alone before a symbol-less number is DIDH's code; before nothing it is just a letter.
  if (marker && !paragraph) return null;
  return {
    symbol: symbol ? symbol.toUpperCase() : null,
    paragraph: paragraph ? paragraph.replace(/\s+/g, '').toLowerCase() : null,
  };
}
