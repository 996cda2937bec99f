import type { BodyRow, LabelledRow, ReviewRow, SdgTargetRow, SubAxisRow } from '../reference.repository.js';
import type { BodyDto, RefDto, ReviewDto, SdgTargetRefDto, SubAxisRefDto } from './reference.dto.js';

export function toRefDto(row: LabelledRow): RefDto {
  return { code: row.code, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn };
}

export function toSdgTargetRefDto(row: SdgTargetRow): SdgTargetRefDto {
  return { code: row.code, goalCode: row.goalCode, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn };
}

export function toSubAxisRefDto(row: SubAxisRow): SubAxisRefDto {
  return { code: row.code, axisCode: row.axisCode, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn };
}

export function toBodyDto(row: BodyRow): BodyDto {
  return { id: row.id, code: row.code, mechanism: row.mechanism, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn, followUpMonths: row.followUpMonths };
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
    year: row.year,
    documentSymbol: row.documentSymbol,
  };
}
