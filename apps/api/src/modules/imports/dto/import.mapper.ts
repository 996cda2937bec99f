import type { ImportJobDetailRow, ImportJobRow } from '../imports.repository.js';
import type { ImportCountsDto, ImportJobDetailDto, ImportJobDto } from './import.dto.js';

const NO_COUNTS: ImportCountsDto = { new: 0, updated: 0, unchanged: 0, rejected: 0, merged: 0 };

const iso = (value: Date | string): string => new Date(value).toISOString();

/** A job as listed; `processedRows` is the stored progress (the service overlays live progress). */
export function toImportJobDto(row: ImportJobRow): ImportJobDto {
  return {
    id: row.id,
    createdBy: row.createdById ? { id: row.createdById, name: row.createdByName ?? null } : null,
    createdAt: iso(row.createdAt),
    finishedAt: row.finishedAt ? iso(row.finishedAt) : null,
    fileName: row.fileName,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    format: row.format,
    encoding: row.encoding,
    delimiter: row.delimiter,
    mapping: row.mapping,
    dryRun: row.dryRun,
    status: row.status,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    counts: { ...NO_COUNTS, ...row.counts },
    error: row.error ?? null,
  };
}

export function toImportJobDetailDto(row: ImportJobDetailRow): ImportJobDetailDto {
  return { ...toImportJobDto(row), report: row.report };
}
