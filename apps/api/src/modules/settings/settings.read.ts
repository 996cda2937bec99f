import { DEFAULT_WORD_LIMITS, type ReportType } from '@sidh/domain';
import { maybeOne, type Queryable } from '../../database/sql.js';

/**
 * The settings other features use, read with one small query in the caller's transaction (features
 * meet through a query of their own, not through the settings service): each falls back to the
 * built-in default when the administrator has set nothing.
 */
export const SETTING_KEYS = {
  organisationName: 'organisation.name',
  logo: 'organisation.logo',
  reminderDaysBefore: 'reminders.days_before',
  wordLimits: 'reports.word_limits',
} as const;
export type SettingKey = (typeof SETTING_KEYS)[keyof typeof SETTING_KEYS];

export interface OrganisationName {
  ar: string;
  fr: string;
  en: string;
}

async function value<T>(db: Queryable, key: SettingKey): Promise<T | null> {
  const row = await maybeOne<{ value: T }>(db, `SELECT value FROM setting WHERE key = $1`, [key]);
  return row ? row.value : null;
}

/** The organisation's name in `language` (falling back to the other languages), or null when none is set. */
export async function organisationName(db: Queryable, language: 'ar' | 'fr' | 'en'): Promise<string | null> {
  const name = await value<OrganisationName>(db, SETTING_KEYS.organisationName);
  if (!name) return null;
  const order = { ar: ['ar', 'fr', 'en'], fr: ['fr', 'en', 'ar'], en: ['en', 'fr', 'ar'] }[language] as Array<keyof OrganisationName>;
  return order.map((l) => name[l]?.trim()).find((n) => !!n) ?? null;
}

/** Word limits per report type: the administrator's where set (null: no limit), else GA resolution 68/268's. */
export async function wordLimits(db: Queryable): Promise<Record<ReportType, number | null>> {
  const set = (await value<Partial<Record<ReportType, number | null>>>(db, SETTING_KEYS.wordLimits)) ?? {};
  return Object.fromEntries(Object.entries(DEFAULT_WORD_LIMITS).map(([type, limit]) => [type, type in set ? set[type as ReportType]! : limit])) as Record<ReportType, number | null>;
}

export async function defaultWordLimit(db: Queryable, type: ReportType): Promise<number | null> {
  return (await wordLimits(db))[type];
}

/** Days before a campaign's deadline when focal points are reminded: the setting, else `fallback` (REMINDER_DAYS_BEFORE). */
export async function reminderDaysBefore(db: Queryable, fallback: number): Promise<number> {
  const days = await value<number>(db, SETTING_KEYS.reminderDaysBefore);
  return typeof days === 'number' ? days : fallback;
}
