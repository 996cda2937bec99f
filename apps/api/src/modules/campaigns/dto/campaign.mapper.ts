import type { CampaignRow, CampaignSummaryRow, InstitutionProgressRow, ProgressRow } from '../campaigns.repository.js';
import type { CampaignDetailDto, CampaignSummaryDto, InstitutionProgressDto, ProgressDto } from './campaign.dto.js';

const ZERO: ProgressDto = { expected: 0, draft: 0, submitted: 0, approved: 0, validated: 0, returned: 0, overdue: 0 };

export function toProgressDto(row: ProgressRow): ProgressDto {
  return {
    expected: row.expected,
    draft: row.draft,
    submitted: row.submitted,
    approved: row.approved,
    validated: row.validated,
    returned: row.returned,
    overdue: row.overdue,
  };
}

export function toInstitutionProgressDto(row: InstitutionProgressRow): InstitutionProgressDto {
  return { institutionId: row.institutionId, code: row.code, nameAr: row.nameAr, nameFr: row.nameFr, nameEn: row.nameEn, hasValidator: row.hasValidator, ...toProgressDto(row) };
}

/** The totals over institutions. */
export function sumProgress(rows: readonly ProgressDto[]): ProgressDto {
  return rows.reduce(
    (t, r) => ({
      expected: t.expected + r.expected,
      draft: t.draft + r.draft,
      submitted: t.submitted + r.submitted,
      approved: t.approved + r.approved,
      validated: t.validated + r.validated,
      returned: t.returned + r.returned,
      overdue: t.overdue + r.overdue,
    }),
    ZERO,
  );
}

export function toCampaignSummaryDto(row: CampaignSummaryRow): CampaignSummaryDto {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    deadline: row.deadline,
    status: row.status,
    progress: toProgressDto(row),
    version: row.version,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** The campaign and one progress row per institution the caller may see; the total is their sum. */
export function toCampaignDetailDto(row: CampaignRow, institutions: readonly InstitutionProgressRow[]): CampaignDetailDto {
  const perInstitution = institutions.map(toInstitutionProgressDto);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    deadline: row.deadline,
    status: row.status,
    scope: row.scope,
    progress: sumProgress(perInstitution),
    institutions: perInstitution,
    version: row.version,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
