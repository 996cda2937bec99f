import type { Locale } from '@sidh/domain';
import type { StatsLabel } from '../api';

/** A reference label in the UI language, falling back to the others. */
export function labelIn(label: StatsLabel | null | undefined, locale: Locale, fallback = ''): string {
  if (!label) return fallback;
  const order = { ar: [label.nameAr, label.nameFr, label.nameEn], fr: [label.nameFr, label.nameEn, label.nameAr], en: [label.nameEn, label.nameFr, label.nameAr] }[locale];
  return order.find((n) => n && n.trim()) ?? label.code ?? fallback;
}
