/**
 * Calls of the reports to the UN: list, generation, the report and its sections (versioned: If-Match),
 * the proposal drawn again from the contributions, finalisation, versions, history and the files.
 */
import { api, unwrap, unwrapVersioned, type Versioned } from '../../app/api-client';
import { attachment, type DownloadedFile } from '../../app/download';
import type { CreateReport, FinalisedReport, ReportDetail, ReportQuery, ReportSection, UpdateReport, UpdateReportSection } from './types';

const FILE = { parseAs: 'blob', headers: { Accept: '*/*' } } as const;

export const reportsApi = {
  list: (query: ReportQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/reports', { params: { query }, signal })),
  create: (body: CreateReport) => unwrap(api.POST('/api/v1/reports', { body })),
  get: (id: string, signal?: AbortSignal): Promise<Versioned<ReportDetail>> =>
    unwrapVersioned(api.GET('/api/v1/reports/{id}', { params: { path: { id } }, signal })),
  /** Title, due date, word limit or the order of the sections, with `If-Match` of the report. */
  update: (id: string, body: UpdateReport, etag: string): Promise<Versioned<ReportDetail>> =>
    unwrapVersioned(api.PATCH('/api/v1/reports/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body })),
  /** A section's heading or text, with `If-Match` of the section (the report's version moves too). */
  updateSection: (id: string, sectionId: string, body: UpdateReportSection, etag: string): Promise<Versioned<ReportSection>> =>
    unwrapVersioned(
      api.PATCH('/api/v1/reports/{id}/sections/{sectionId}', { params: { path: { id, sectionId }, header: { 'If-Match': etag } }, body }),
    ),
  /** The section's text drawn again from the validated contributions (changes nothing). */
  refresh: (id: string, sectionId: string, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/reports/{id}/sections/{sectionId}/refresh', { params: { path: { id, sectionId } }, signal })),
  finalise: (id: string, confirmOverLimit: boolean, etag: string): Promise<FinalisedReport> =>
    unwrap(
      api.POST('/api/v1/reports/{id}/finalise', {
        params: { path: { id }, header: { 'If-Match': etag } },
        body: confirmOverLimit ? { confirmOverLimit: true } : {},
      }),
    ),
  versions: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/reports/{id}/versions', { params: { path: { id } }, signal })),
  history: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/reports/{id}/history', { params: { path: { id } }, signal })),

  /** The report as a Word file, rendered now. */
  docx: (id: string, fallbackName: string): Promise<DownloadedFile> =>
    attachment(api.GET('/api/v1/reports/{id}/docx', { params: { path: { id } }, ...FILE }), fallbackName),
  /** The matrix of its items as a spreadsheet. */
  annex: (id: string, fallbackName: string): Promise<DownloadedFile> =>
    attachment(api.GET('/api/v1/reports/{id}/annex.xlsx', { params: { path: { id } }, ...FILE }), fallbackName),
  /** The exact bytes stored when a version was finalised (the server sends the SHA-256 it recorded). */
  versionDocx: (id: string, number: number, fallbackName: string): Promise<DownloadedFile> =>
    attachment(api.GET('/api/v1/reports/{id}/versions/{number}/docx', { params: { path: { id, number } }, ...FILE }), fallbackName),
};
