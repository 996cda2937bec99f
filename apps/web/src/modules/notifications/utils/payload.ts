import type { Locale } from '@sidh/domain';
import { localNameText } from '../../recommendations/utils/labels';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/**
 * The institution a notification is about, in the UI language. The payload carries
 * `{ id, code, nameAr, nameFr, nameEn }`; notifications written before that carry the French name
 * as a plain string, shown as is.
 */
export function notificationInstitution(value: unknown, locale: Locale): string {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return '';
  const o = value as Record<string, unknown>;
  return localNameText({ nameAr: str(o['nameAr']), nameFr: str(o['nameFr']), nameEn: str(o['nameEn']) }, locale, str(o['code']) ?? '');
}
