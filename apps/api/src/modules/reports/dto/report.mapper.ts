import { countReportDocumentWords, wordLimitState } from '@sidh/domain';
import type { ReportRow, ReportSectionRow, ReportSummaryRow, ReportVersionRow } from '../reports.repository.js';
import type { BodyRefDto, ReviewRefDto } from '../../recommendations/dto/recommendation.dto.js';
import type { ReportDetailDto, ReportSectionDto, ReportSummaryDto, ReportVersionDto, UserRefDto } from './report.dto.js';

const iso = (d: Date) => new Date(d).toISOString();
const userRef = (id: string | null, name: string | null): UserRefDto | null => (id ? { id, name } : null);

/** Words of one section, as countReportDocumentWords counts it (heading and text): the sections' words add up to the report's. */
export const sectionWords = (section: { heading: string; body: string }): number => countReportDocumentWords([section]);

function bodyOf(row: ReportRow): BodyRefDto {
  return { id: row.bodyId, code: row.bodyCode, nameAr: row.bodyNameAr, nameFr: row.bodyNameFr, nameEn: row.bodyNameEn };
}

function reviewOf(row: ReportRow): ReviewRefDto | null {
  if (!row.reviewId) return null;
  return { id: row.reviewId, code: row.reviewCode ?? '', titleAr: row.reviewTitleAr ?? '', titleFr: row.reviewTitleFr ?? '', titleEn: row.reviewTitleEn ?? '', year: row.reviewYear };
}

/** `words`: the report's word count, the sum of its sections' (each counted when its text was written). */
function summary(row: ReportRow, words: number, versionCount: number): ReportSummaryDto {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    language: row.language,
    body: bodyOf(row),
    review: reviewOf(row),
    dueDate: row.dueDate,
    status: row.status,
    words,
    wordLimit: row.wordLimit,
    limitState: wordLimitState(words, row.wordLimit),
    versionCount,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function toReportSummaryDto(row: ReportSummaryRow): ReportSummaryDto {
  return summary(row, row.words, row.versionCount);
}

export function toReportSectionDto(row: ReportSectionRow): ReportSectionDto {
  return {
    id: row.id,
    position: row.position,
    key: row.key,
    heading: row.heading,
    body: row.body,
    itemIds: row.itemIds,
    citations: row.citations,
    version: row.version,
    words: row.words,
    updatedAt: iso(row.updatedAt),
    updatedBy: userRef(row.updatedById, row.updatedByName),
  };
}

export function toReportVersionDto(row: ReportVersionRow): ReportVersionDto {
  return {
    number: row.number,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    words: row.wordCount,
    wordLimit: row.wordLimit,
    overLimit: row.overLimit,
    overLimitConfirmed: row.overLimitConfirmed,
    createdAt: iso(row.createdAt),
    createdBy: userRef(row.createdById, row.createdByName),
  };
}

/** The report with its sections in order and its versions; its words are the sum of its sections'. */
export function toReportDetailDto(row: ReportRow, sections: readonly ReportSectionRow[], versions: readonly ReportVersionRow[]): ReportDetailDto {
  const sectionDtos = sections.map(toReportSectionDto);
  const words = sectionDtos.reduce((sum, s) => sum + s.words, 0);
  return {
    ...summary(row, words, versions.length),
    groupBy: row.groupBy,
    createdBy: userRef(row.createdById, row.createdByName),
    sections: sectionDtos,
    versions: versions.map(toReportVersionDto),
  };
}
