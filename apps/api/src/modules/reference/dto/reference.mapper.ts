import type { AdministeredRow, BodyRow, LabelledRow, ReviewRow, SdgTargetRow, SubAxisRow } from '../reference.repository.js';
import type { AdministeredRefDto, BodyDto, RefDto, ReviewDto, SdgTargetRefDto, SubAxisRefDto } from './reference.dto.js';

export function toRefDto(row: LabelledRow): RefDto {
  return { code: row.code, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn };
}

export function toAdministeredRefDto(row: AdministeredRow): AdministeredRefDto {
  return { code: row.code, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn, active: row.active, version: row.version };
}

/** Themes, affected persons and axes carry `active` and `version`; SDG goals and countries do not. */
export function toListDto(row: LabelledRow & Partial<AdministeredRow>): RefDto | AdministeredRefDto {
  return row.version === undefined ? toRefDto(row) : toAdministeredRefDto(row as AdministeredRow);
}

export function toSdgTargetRefDto(row: SdgTargetRow): SdgTargetRefDto {
  return { code: row.code, goalCode: row.goalCode, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn };
}

export function toSubAxisRefDto(row: SubAxisRow): SubAxisRefDto {
  return { ...toAdministeredRefDto(row), axisCode: row.axisCode };
}

export function toBodyDto(row: BodyRow): BodyDto {
  return {
    id: row.id,
    code: row.code,
    mechanism: row.mechanism,
    nameAr: row.nameAr,
    nameFr: row.nameFr,
    nameEn: row.nameEn,
    followUpMonths: row.followUpMonths,
    active: row.active,
    version: row.version,
  };
}

export function toReviewDto(row: ReviewRow): ReviewDto {
  return {
    id: row.id,
    bodyId: row.bodyId,
    code: row.code,
    titleAr: row.titleAr,
    titleFr: row.titleFr,
    titleEn: row.titleEn,
    cycle: row.cycle,
    session: row.session,
    year: row.year,
    reviewDate: row.reviewDate,
    documentSymbol: row.documentSymbol,
    active: row.active,
    version: row.version,
  };
}
