/**
 * Calls of the import wizard and the export, all through the API client: JSON calls, the multipart
 * preview and upload (no progress is shown for them, so `fetch` does) and the file downloads (`parseAs: 'blob'`).
 */
import { isLocale, type Locale } from '@sidh/domain';
import { api, isApiError, unwrap } from '../../app/api-client';
import type { ImportCounts, ImportJobDetail, ImportMapping, ImportReport, ImportUpload, RecommendationExportQuery, Schemas } from '../../app/api-types';
import { attachment, type DownloadedFile } from '../../app/download';
import { facetsQueryOf } from '../recommendations/api';
import { isExportFormat } from './utils/export';

type ImportPreviewUpload = Schemas['ImportPreviewUploadDto'];

export type { DownloadedFile };

/** What the API read in a file (`POST /imports/preview`), and the id of the stored original. */
export type ImportPreview = Schemas['ImportPreviewDto'];

/** A dry run or a commit of the file a preview stored (`uploadId`), or of a file sent again. */
export type UploadInput = ({ uploadId: string; file?: undefined } | { file: File; uploadId?: undefined }) & {
  mapping: ImportMapping | Record<string, unknown>;
  dryRun: boolean;
  signal?: AbortSignal;
};

export interface PreviewInput {
  /** A new file, or (`uploadId`) the stored one read again, e.g. on another worksheet. */
  file?: File;
  uploadId?: string;
  sheet?: string;
  signal?: AbortSignal;
}

/** A refusal about the stored upload (unknown, expired, changed): the API names `uploadId`; the file must be previewed again. */
export function isUploadGone(e: unknown): boolean {
  return isApiError(e) && e.details?.['field'] === 'uploadId';
}

/**
 * The new counts and report in the details of `import.rows_rejected` (a commit refused whole because
 * rows are rejected since the dry run). The OpenAPI document leaves error details untyped: they are the
 * schema's `ImportCountsDto` and `ImportReportDto`.
 */
export function rowsRejectedOf(e: unknown): { counts: ImportCounts; report: ImportReport } | null {
  if (!isApiError(e) || e.code !== 'import.rows_rejected') return null;
  const counts = e.details?.['counts'];
  const report = e.details?.['report'];
  if (typeof counts !== 'object' || counts === null || typeof report !== 'object' || report === null) return null;
  return { counts: counts as ImportCounts, report: report as ImportReport };
}

export const importsApi = {
  presets: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/imports/presets', { signal })),
  list: (page: number, pageSize: number, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/imports', { params: { query: { page, pageSize } }, signal })),
  get: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/imports/{id}', { params: { path: { id } }, signal })),

  /**
   * `POST /imports/preview`: format, encoding, delimiter, worksheets, columns and the first rows; the
   * API keeps the file (24 h) under the `uploadId` it answers, for the dry runs and the commit.
   */
  preview: ({ file, uploadId, sheet, signal }: PreviewInput): Promise<ImportPreview> =>
    unwrap(
      api.POST('/api/v1/imports/preview', {
        body: { ...(file ? { file: file.name } : {}), ...(uploadId ? { uploadId } : {}), ...(sheet ? { sheet } : {}) },
        bodySerializer: (body: ImportPreviewUpload) => {
          const form = new FormData();
          if (file) form.set('file', file, file.name);
          if (body.uploadId) form.set('uploadId', body.uploadId);
          if (body.sheet) form.set('sheet', body.sheet);
          return form;
        },
        headers: { 'X-Requested-With': 'sidh' },
        signal,
      }),
    ),

  /** `POST /imports` with the stored upload (or a file): a dry run answers 200 with the report, a commit 202 with the running job. */
  upload: ({ file, uploadId, mapping, dryRun, signal }: UploadInput): Promise<ImportJobDetail> =>
    unwrap(
      api.POST('/api/v1/imports', {
        // The generator types the `format: binary` part as a string: the body names the file, the
        // serializer sends the File itself.
        body: { ...(file ? { file: file.name } : { uploadId }), mapping: JSON.stringify(mapping), dryRun },
        bodySerializer: (body: ImportUpload) => {
          const form = new FormData();
          if (file) form.set('file', file, file.name);
          else if (body.uploadId) form.set('uploadId', body.uploadId);
          if (body.mapping !== undefined) form.set('mapping', body.mapping);
          form.set('dryRun', String(body.dryRun));
          return form;
        },
        headers: { 'X-Requested-With': 'sidh' },
        signal,
      }),
    ),

  /** The file an import was made from, as uploaded. */
  originalFile: (id: string, fallbackName: string): Promise<DownloadedFile> =>
    attachment(api.GET('/api/v1/imports/{id}/file', { params: { path: { id } }, parseAs: 'blob', headers: { Accept: '*/*' } }), fallbackName),

  /** The recommendation list as filtered (`exportQuery()`: the list's filters, format and languages), in XLSX or CSV. */
  exportRecommendations: (params: URLSearchParams, fallbackName: string): Promise<DownloadedFile> => {
    const format = params.get('format');
    const query: RecommendationExportQuery = {
      ...facetsQueryOf(params),
      ...(isExportFormat(format) ? { format } : {}),
      ...(params.get('lang') ? { lang: params.get('lang')! } : {}),
      ...(isLocale(params.get('labels')) ? { labels: params.get('labels') as Locale } : {}),
      ...(params.get('codes') === 'true' ? { codes: true } : {}),
    };
    return attachment(api.GET('/api/v1/recommendations/export', { params: { query }, parseAs: 'blob', headers: { Accept: '*/*' } }), fallbackName);
  },
};
