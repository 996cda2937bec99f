import { citationLabel, type Locale } from '@sidh/domain';

export interface Named {
  nameAr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

const NAME_FIELD: Record<Locale, keyof Named> = { ar: 'nameAr', fr: 'nameFr', en: 'nameEn' };

/** Fallback order when the UI language is missing: French and Arabic are the working languages. */
const FALLBACK: Record<Locale, Locale[]> = { ar: ['ar', 'fr', 'en'], fr: ['fr', 'en', 'ar'], en: ['en', 'fr', 'ar'] };

/** The name in the UI language, else in another language; `lang` says which, for the `lang` attribute. */
export function localName(ref: Named | null | undefined, locale: Locale): { text: string; lang: Locale } | null {
  if (!ref) return null;
  for (const l of FALLBACK[locale]) {
    const v = ref[NAME_FIELD[l]];
    if (v && v.trim()) return { text: v, lang: l };
  }
  return null;
}

export function localNameText(ref: Named | null | undefined, locale: Locale, fallback = ''): string {
  return localName(ref, locale)?.text ?? fallback;
}

export interface Titled {
  titleAr: string | null;
  titleFr: string | null;
  titleEn: string | null;
}

const TITLE_FIELD: Record<Locale, keyof Titled> = { ar: 'titleAr', fr: 'titleFr', en: 'titleEn' };

/** A review's title in the UI language, else in another language; `lang` says which. */
export function localTitle(ref: Titled | null | undefined, locale: Locale): { text: string; lang: Locale } | null {
  if (!ref) return null;
  for (const l of FALLBACK[locale]) {
    const v = ref[TITLE_FIELD[l]];
    if (v && v.trim()) return { text: v, lang: l };
  }
  return null;
}

export function localTitleText(ref: Titled | null | undefined, locale: Locale, fallback = ''): string {
  return localTitle(ref, locale)?.text ?? fallback;
}

export interface Texts {
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
}

const TEXT_FIELD: Record<Locale, keyof Texts> = { ar: 'textAr', fr: 'textFr', en: 'textEn' };

/** The recommendation text in the UI language if available, else in another language. */
export function pickText(rec: Texts, locale: Locale): { text: string; lang: Locale } | null {
  for (const l of FALLBACK[locale]) {
    const v = rec[TEXT_FIELD[l]];
    if (v && v.trim()) return { text: v, lang: l };
  }
  return null;
}

/** Every available text, Arabic first (the order of the official texts in the national reports). */
export function availableTexts(rec: Texts): Array<{ text: string; lang: Locale }> {
  return (['ar', 'fr', 'en'] as const)
    .map((lang) => ({ lang, text: rec[TEXT_FIELD[lang]] ?? '' }))
    .filter((t) => t.text.trim() !== '');
}

/**
 * `A/HRC/36/6 para 144.44` (fr `par.`, ar `الفقرة` when the UI language is given); a record without
 * symbol or paragraph falls back to what it has.
 */
export function citationOf(rec: { documentSymbol: string | null; paragraph: string | null; externalCode?: string | null }, locale: Locale = 'en'): string {
  return citationLabel(rec, locale);
}

/**
 * A left-to-right value (a document symbol) inside a translated sentence, isolated (FSI … PDI) so that
 * it reads the same in an Arabic sentence: `CAT/C/MAR/QPR/5` is not reordered around the slashes.
 */
export function isolated(value: string): string {
  return `\u2068${value}\u2069`;
}
