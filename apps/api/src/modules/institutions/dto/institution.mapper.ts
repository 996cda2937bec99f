import type { InstitutionRow, MemberRow, ReferenceCounts } from '../institutions.repository.js';
import type { FocalPointDto, InstitutionDetailDto, InstitutionDto, MemberDto } from './institution.dto.js';

export function toInstitutionDto(row: InstitutionRow): InstitutionDto {
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    nameAr: row.nameAr,
    nameFr: row.nameFr,
    nameEn: row.nameEn,
    parentId: row.parentId,
    emailDomains: row.emailDomains,
    active: row.active,
    mergedIntoId: row.mergedIntoId,
    version: row.version,
  };
}

export function toFocalPointDto(row: MemberRow): FocalPointDto {
  return { id: row.id, name: row.name, email: row.email, focalPointKind: row.focalPointKind, active: row.active };
}

export function toInstitutionDetailDto(row: InstitutionRow, counts: ReferenceCounts, focalPoints: readonly MemberRow[]): InstitutionDetailDto {
  return { ...toInstitutionDto(row), mergedAt: row.mergedAt ? new Date(row.mergedAt).toISOString() : null, counts, focalPoints: focalPoints.map(toFocalPointDto) };
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
