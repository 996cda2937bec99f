import type { InstitutionRow, MemberRow } from '../institutions.repository.js';
import type { InstitutionDto, MemberDto } from './institution.dto.js';

export function toInstitutionDto(row: InstitutionRow): InstitutionDto {
  return { id: row.id, code: row.code, type: row.type, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn };
}

export function toMemberDto(row: MemberRow): MemberDto {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emailDomain: row.email.split('@')[1] ?? '',
    role: row.role,
    focalPointKind: row.focalPointKind,
    active: row.active,
  };
}
