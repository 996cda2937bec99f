import { permissionsOf } from '@sidh/domain';
import type { AccountRow } from '../auth.repository.js';
import type { MeDto } from './auth.dto.js';

/** The signed-in user's profile: who, which institution, which permissions (the SPA hides what they exclude). */
export function toMeDto(row: AccountRow, totpRequired: boolean): MeDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    institution: row.institutionId
      ? { id: row.institutionId, code: row.institutionCode!, nameAr: row.institutionNameAr!, nameFr: row.institutionNameFr!, nameEn: row.institutionNameEn! }
      : null,
    permissions: [...permissionsOf(row.role)],
    totpEnabled: row.totpEnabled,
    totpRequired,
  };
}
