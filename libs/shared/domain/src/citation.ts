/**
 * Citations as lists and cards show them, in the interface language: `A/HRC/36/6 para 144.44`,
 * `A/HRC/36/6 par. 144.44`, `A/HRC/36/6 الفقرة 144.44` (the symbol and the number stay as written).
 * Reports have their own, punctuated form (`formatReportCitation`); English keeps `formatCitation`'s.
 */
import { formatCitation } from './un.js';

export type CitationLocale = 'ar' | 'fr' | 'en';

const PARAGRAPH_WORD: Record<CitationLocale, string> = { en: 'para', fr: 'par.', ar: 'الفقرة' };

export function formatLocalCitation(symbol: string, paragraph: string, locale: CitationLocale): string {
  if (locale === 'en') return formatCitation(symbol, paragraph);
  return `${symbol.trim()} ${PARAGRAPH_WORD[locale]} ${paragraph.trim()}`;
}

export interface Citable {
  documentSymbol: string | null;
  paragraph: string | null;
  externalCode?: string | null;
}

/** Whether a record has something to be cited by: a symbol, a paragraph or an external code. */
export function hasCitation(rec: Citable): boolean {
  return Boolean(rec.documentSymbol || rec.paragraph || rec.externalCode);
}

/** The citation of a record; without symbol or paragraph, what it has (the external code, else `—`). */
export function citationLabel(rec: Citable, locale: CitationLocale = 'en'): string {
  if (rec.documentSymbol && rec.paragraph) return formatLocalCitation(rec.documentSymbol, rec.paragraph, locale);
  return [rec.documentSymbol, rec.paragraph ? `${PARAGRAPH_WORD[locale]} ${rec.paragraph}` : null].filter(Boolean).join(' ') || rec.externalCode || '—';
}

export interface CitableWithText extends Citable {
  id: string;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
}

const TEXT_ORDER: Record<CitationLocale, Array<'textAr' | 'textFr' | 'textEn'>> = {
  ar: ['textAr', 'textFr', 'textEn'],
  fr: ['textFr', 'textEn', 'textAr'],
  en: ['textEn', 'textFr', 'textAr'],
};

/** The first `words` words of the text in `locale` (else another language), with an ellipsis when cut. */
export function openingWords(rec: CitableWithText, locale: CitationLocale, words = 8): string {
  const text = TEXT_ORDER[locale].map((f) => rec[f]).find((t) => t && t.trim()) ?? '';
  const all = text.trim().split(/\s+/u).filter(Boolean);
  return all.length > words ? `${all.slice(0, words).join(' ')}…` : all.join(' ');
}

/**
 * How a record is named in a title or a link: its citation, else (a record created by hand, with no
 * reference yet) the first `words` words of its text. `hasCitation` tells which: a citation reads left to
 * right, opening words in their own direction.
 */
export function recordName(rec: CitableWithText, locale: CitationLocale, words = 8): string {
  return hasCitation(rec) ? citationLabel(rec, locale) : openingWords(rec, locale, words);
}

/**
 * For records of a list that share one citation (sub-parts of a paragraph, or a paragraph imported
 * twice), what tells them apart: the external code when theirs differ (`R144.110 P1` / `R144.110 P2`),
 * else the opening words of the text. Records with a citation of their own get no hint.
 */
export function citationHints(items: readonly CitableWithText[], locale: CitationLocale = 'en'): Map<string, string> {
  const byCitation = new Map<string, CitableWithText[]>();
  for (const item of items) {
    const c = citationLabel(item, locale);
    byCitation.set(c, [...(byCitation.get(c) ?? []), item]);
  }
  const hints = new Map<string, string>();
  for (const group of byCitation.values()) {
    if (group.length < 2) continue;
    const codes = group.map((g) => g.externalCode?.trim() || '');
    const codesDiffer = codes.every((c) => c) && new Set(codes).size === codes.length;
    for (const [k, item] of group.entries()) hints.set(item.id, codesDiffer ? codes[k]! : openingWords(item, locale));
  }
  return hints;
}
