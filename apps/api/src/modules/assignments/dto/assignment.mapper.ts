import type { AssignmentRow } from '../assignments.repository.js';
import type { AssignmentDto } from './assignment.dto.js';

export function toAssignmentDto(row: AssignmentRow): AssignmentDto {
  return {
    id: row.id,
    recommendation: { id: row.recommendationId, documentSymbol: row.documentSymbol, paragraph: row.paragraph, bodyCode: row.bodyCode },
    institution: { id: row.institutionId, code: row.institutionCode, nameAr: row.institutionNameAr, nameFr: row.institutionNameFr, nameEn: row.institutionNameEn },
    role: row.role,
    dueDate: row.dueDate,
    contributionCount: row.contributionCount,
    version: row.version,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

