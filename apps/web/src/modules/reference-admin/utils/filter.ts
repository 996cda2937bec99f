/** The administration tables' filters: free text over code and names (case and accents ignored), and status. */
export type StatusFilter = 'all' | 'active' | 'inactive';

export interface Filterable {
  code: string;
  active: boolean;
  nameAr?: string;
  nameFr?: string;
  nameEn?: string;
  titleAr?: string;
  titleFr?: string;
  titleEn?: string;
  documentSymbol?: string | null;
}

/** Lower case, without accents or Arabic diacritics (tashkeel, tatweel). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .toLowerCase()
    .trim();
}

export function matchesFilter(row: Filterable, text: string, status: StatusFilter): boolean {
  if (status === 'active' && !row.active) return false;
  if (status === 'inactive' && row.active) return false;
  const q = fold(text);
  if (!q) return true;
  return [row.code, row.nameAr, row.nameFr, row.nameEn, row.titleAr, row.titleFr, row.titleEn, row.documentSymbol].some((v) => !!v && fold(v).includes(q));
}

type Locale = 'ar' | 'fr' | 'en';
const ORDER: Record<Locale, Locale[]> = { ar: ['ar', 'fr', 'en'], fr: ['fr', 'en', 'ar'], en: ['en', 'fr', 'ar'] };

/** The name in the UI language, else in another language, else the code. */
export function nameIn(row: { code: string; nameAr?: string; nameFr?: string; nameEn?: string }, locale: Locale): string {
  const names: Record<Locale, string | undefined> = { ar: row.nameAr, fr: row.nameFr, en: row.nameEn };
  return ORDER[locale].map((l) => names[l]?.trim()).find((n) => !!n) ?? row.code;
}

export function titleIn(row: { code: string; titleAr: string; titleFr: string; titleEn: string }, locale: Locale): string {
  return nameIn({ code: row.code, nameAr: row.titleAr, nameFr: row.titleFr, nameEn: row.titleEn }, locale);
}
