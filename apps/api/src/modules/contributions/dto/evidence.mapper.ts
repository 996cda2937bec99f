import type { EvidenceRow } from '../evidence.repository.js';
import type { EvidenceDto } from './contribution.dto.js';

export function toEvidenceDto(row: EvidenceRow): EvidenceDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    fileName: row.fileName,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    url: row.url,
    confidentiality: row.confidentiality,
    downloadPath: row.kind === 'file' ? `/api/v1/evidence/${row.id}/download` : null,
    createdBy: row.createdById ? { id: row.createdById, name: row.createdByName! } : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
