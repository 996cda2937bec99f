import { toAuditEventDto, type AuditEventRow } from '../../../audit/dto/audit.dto.js';
import type { FacetCountRow, RecommendationDetailRow, RecommendationPatch, RecommendationSummaryRow } from '../recommendations.repository.js';
import type { FacetBucketDto, HistoryEventDto, RecommendationDetailDto, RecommendationFacetsDto, RecommendationSummaryDto, UpdateRecommendationDto } from './recommendation.dto.js';

export function toRecommendationSummaryDto(row: RecommendationSummaryRow): RecommendationSummaryDto {
  return {
    id: row.id,
    kind: row.kind,
    mechanism: row.mechanism,
    body: { id: row.bodyId, code: row.bodyCode, nameAr: row.bodyNameAr, nameFr: row.bodyNameFr, nameEn: row.bodyNameEn },
    // The review's columns come from a LEFT JOIN on a NOT NULL key: set whenever reviewId is.
    review: row.reviewId
      ? { id: row.reviewId, code: row.reviewCode!, titleAr: row.reviewTitleAr!, titleFr: row.reviewTitleFr!, titleEn: row.reviewTitleEn!, year: row.reviewYear }
      : null,
    documentSymbol: row.documentSymbol,
    paragraph: row.paragraph,
    externalCode: row.externalCode,
    textAr: row.textAr,
    textFr: row.textFr,
    textEn: row.textEn,
    response: row.response,
    status: row.status,
    followUp: row.followUp,
    version: row.version,
  };
}

export function toRecommendationDetailDto(row: RecommendationDetailRow): RecommendationDetailDto {
  return {
    ...toRecommendationSummaryDto(row),
    followUpDueDate: row.followUpDueDate,
    recommendingStates: row.recommendingStates,
    themes: row.themes,
    affectedPersons: row.affectedPersons,
    sdgTargets: row.sdgTargets,
    axes: row.axes,
    subAxes: row.subAxes,
    assignments: row.assignments,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** Every facet (possibly empty), buckets by count descending then value. */
export function toRecommendationFacetsDto(rows: readonly FacetCountRow[]): RecommendationFacetsDto {
  const facets: RecommendationFacetsDto = {
    kind: [],
    mechanism: [], body: [], review: [], response: [], status: [], followUp: [], institution: [], theme: [], affectedPerson: [], sdgGoal: [], axis: [],
  };
  for (const row of rows) facets[row.facet].push({ value: row.value, count: row.count });
  for (const buckets of Object.values(facets) as FacetBucketDto[][]) buckets.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}

/** One audit event about the recommendation, as its history shows it. */
export function toHistoryEventDto(row: AuditEventRow): HistoryEventDto {
  const event = toAuditEventDto(row);
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    action: event.action,
    actor: event.actorId ? { id: event.actorId, name: event.actorName, role: event.actorRole } : null,
    changes: event.changes,
  };
}

/** The scalar fields of a create or update request (absent fields stay absent). */
export function toRecommendationPatch(input: UpdateRecommendationDto): RecommendationPatch {
  return {
    textAr: input.textAr,
    textFr: input.textFr,
    textEn: input.textEn,
    documentSymbol: input.documentSymbol,
    paragraph: input.paragraph,
    externalCode: input.externalCode,
    response: input.response,
    kind: input.kind,
    status: input.status,
    followUp: input.followUp,
    followUpDueDate: input.followUpDueDate,
  };
}
