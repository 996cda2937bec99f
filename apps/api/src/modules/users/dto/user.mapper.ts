import type { UserRow } from '../users.repository.js';
import type { UserDto } from './user.dto.js';

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
