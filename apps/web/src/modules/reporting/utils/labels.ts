import type { Locale } from '@sidh/domain';
import { citationOf, localNameText } from '../../recommendations/utils/labels';

export { citationOf };

/** An institution's name in the UI language (falls back on the others, then the code). */
export function institutionName(
  inst: { nameAr: string | null; nameFr: string | null; nameEn: string | null; code?: string } | null | undefined,
  locale: Locale,
): string {
  return localNameText(inst ?? null, locale, inst?.code ?? '—');
}

/** Days from today (local) to an ISO date (`YYYY-MM-DD`); negative when past. */
export function daysUntil(isoDate: string, now: Date = new Date()): number {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const target = Date.UTC(y!, (m ?? 1) - 1, d ?? 1);
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((target - today) / 86_400_000);
}

/** Today as `YYYY-MM-DD` (local). */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function addDaysIso(days: number, now: Date = new Date()): string {
  const d = new Date(now);
  d.setDate(d.getDate() + days);
  return todayIso(d);
}
