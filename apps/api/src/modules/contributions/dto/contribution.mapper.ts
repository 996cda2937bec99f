import { availableContributionActions, canEditContribution, contributionReviewer, missingForTransition, type ImplementationStatus, type Role } from '@sidh/domain';
import type { CommentRow, ContributionDetailRow, ContributionSummaryRow, LeadContributionRow } from '../contributions.repository.js';
import type { EvidenceRow } from '../evidence.repository.js';
import type { CommentDto, ContributionDetailDto, ContributionSummaryDto, StatusSuggestionBasisDto } from './contribution.dto.js';
import { toEvidenceDto } from './evidence.mapper.js';

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value ? iso(value) : null);

/** A contribution as lists show it; the actions and edit right are the caller's (`role`). */
export function toContributionSummaryDto(row: ContributionSummaryRow, role: Role): ContributionSummaryDto {
  const context = { institutionHasValidator: row.institutionHasValidator };
  return {
    id: row.id,
    campaign: { id: row.campaignId, title: row.campaignTitle, deadline: row.campaignDeadline },
    assignment: { id: row.assignmentId, role: row.assignmentRole, dueDate: row.assignmentDueDate },
    institution: { id: row.institutionId, code: row.institutionCode, nameAr: row.institutionNameAr, nameFr: row.institutionNameFr, nameEn: row.institutionNameEn },
    recommendation: {
      id: row.recommendationId,
      mechanism: row.mechanism,
      kind: row.kind,
      bodyCode: row.bodyCode,
      documentSymbol: row.documentSymbol,
      paragraph: row.paragraph,
      textAr: row.textAr,
      textFr: row.textFr,
      textEn: row.textEn,
    },
    status: row.status,
    implementationStatus: row.implementationStatus,
    overdue: row.overdue === true,
    supersedesId: row.supersedesId,
    supersededById: row.supersededById,
    submittedAt: isoOrNull(row.submittedAt),
    validatedAt: isoOrNull(row.validatedAt),
    availableActions: availableContributionActions(row.status, role, context),
    canEdit: canEditContribution(row.status, role),
    reviewer: contributionReviewer(context),
    updatedBy: row.updatedById ? { id: row.updatedById, name: row.updatedByName! } : null,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The summary, the content, the evidence, and what is still missing before `submit`. */
export function toContributionDetailDto(row: ContributionDetailRow, evidence: readonly EvidenceRow[], role: Role): ContributionDetailDto {
  return {
    ...toContributionSummaryDto(row, role),
    measures: row.measures,
    challenges: row.challenges,
    nextSteps: row.nextSteps,
    indicators: row.indicators,
    evidence: evidence.map(toEvidenceDto),
    missingForSubmit: missingForTransition(row.status, 'submit', row),
  };
}

export function toCommentDto(row: CommentRow): CommentDto {
  return {
    id: row.id,
    author: row.authorId ? { id: row.authorId, name: row.authorName! } : null,
    authorRole: row.authorRole ?? null,
    action: row.action,
    body: row.body,
    createdAt: iso(row.createdAt),
  };
}

/** A lead assignment's latest validated contribution (rows without one are not a basis). */
export type ValidatedLeadRow = LeadContributionRow & { contributionId: string; implementationStatus: ImplementationStatus; validatedAt: Date; campaignTitle: string };

export const isValidatedLead = (row: LeadContributionRow): row is ValidatedLeadRow => row.contributionId !== null;

export function toStatusSuggestionBasisDto(row: ValidatedLeadRow): StatusSuggestionBasisDto {
  return {
    contributionId: row.contributionId,
    institution: { id: row.institutionId, code: row.institutionCode, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn },
    implementationStatus: row.implementationStatus,
    campaignTitle: row.campaignTitle,
    validatedAt: iso(row.validatedAt),
  };
}
