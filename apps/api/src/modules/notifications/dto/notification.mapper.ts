import { camelCase } from '../../../database/sql.js';
import type { NotificationRow } from '../notifications.repository.js';
import type { NotificationDto } from './notification.dto.js';

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    type: row.type,
    payload: row.payload,
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** An institution as notification payloads carry it: the SPA shows the name in the UI language. */
export interface InstitutionPayload {
  id: string;
  code: string;
  nameAr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

/** The institution columns statements select for a notification: `institution_id`, `institution_code`, `institution_name_ar|fr|en`. */
export interface InstitutionColumns {
  institutionId: string;
  institutionCode: string;
  institutionNameAr?: string | null;
  institutionNameFr?: string | null;
  institutionNameEn?: string | null;
}

/**
 * From a row carrying the institution columns, with camelCase keys (rows read with the typed SQL
 * helper) or snake_case ones (raw `query` results).
 */
export function institutionPayload(row: InstitutionColumns | Readonly<Record<string, unknown>>): InstitutionPayload {
  const columns = Object.fromEntries(Object.entries(row).map(([key, value]) => [camelCase(key), value])) as Partial<InstitutionColumns>;
  return {
    id: columns.institutionId as string,
    code: columns.institutionCode as string,
    nameAr: columns.institutionNameAr ?? null,
    nameFr: columns.institutionNameFr ?? null,
    nameEn: columns.institutionNameEn ?? null,
  };
}
