import type { UserRow, UserSummaryRow } from '../users.repository.js';
import type { UserDto, UserSummaryDto } from './user.dto.js';

export function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    institutionId: row.institutionId,
    locale: row.locale,
    active: row.active,
    version: row.version,
  };
}

export function toUserSummaryDto(row: UserSummaryRow): UserSummaryDto {
  return {
    ...toUserDto(row),
    focalPointKind: row.focalPointKind,
    lastSignInAt: row.lastSignInAt ? new Date(row.lastSignInAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
