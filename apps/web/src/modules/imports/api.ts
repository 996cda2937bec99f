/**
 * Calls of the import wizard and the export, all through the API client: JSON calls, the multipart
 * upload (no progress is shown for it, so `fetch` does) and the file downloads (`parseAs: 'blob'`).
 */
import { isLocale, type Locale } from '@sidh/domain';
import { api, ApiError, isApiError, unwrap } from '../../app/api-client';
import type { ImportCounts, ImportJobDetail, ImportMapping, ImportReport, ImportUpload, RecommendationExportQuery } from '../../app/api-types';
import { attachment, type DownloadedFile } from '../../app/download';
import { facetsQueryOf } from '../recommendations/api';
import { isExportFormat } from './utils/export';

export type { DownloadedFile };

export interface UploadInput {
  file: File;
  mapping: ImportMapping | Record<string, unknown>;
  dryRun: boolean;
  signal?: AbortSignal;
}

/** A column no file has: the API answers `import.mapping_unknown_column` with the file's columns. */
export const PROBE_COLUMN = '\u0000sidh-column-probe';

/** The file's columns in the details of `import.mapping_unknown_column` (details are untyped in the OpenAPI document). */
function columnsIn(details: ApiError['details']): string[] | null {
  const columns = details?.['columns'];
  return Array.isArray(columns) ? columns.filter((c): c is string => typeof c === 'string') : null;
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

  /** `POST /imports`: a dry run answers 200 with the report, a commit 202 with the running job. */
  upload: ({ file, mapping, dryRun, signal }: UploadInput): Promise<ImportJobDetail> =>
    unwrap(
      api.POST('/api/v1/imports', {
        // The generator types the `format: binary` part as a string: the body names the file, the
        // serializer sends the File itself.
        body: { file: file.name, mapping: JSON.stringify(mapping), dryRun },
        bodySerializer: (body: ImportUpload) => {
          const form = new FormData();
          form.set('file', file, file.name);
          if (body.mapping !== undefined) form.set('mapping', body.mapping);
          form.set('dryRun', String(body.dryRun));
          return form;
        },
        headers: { 'X-Requested-With': 'sidh' },
        signal,
      }),
    ),

  /**
   * The file's columns, as the API reads them (encoding, delimiter, worksheet). The API has no endpoint
   * for this yet: a dry run with a mapping naming a column no file has is refused before anything is
   * recorded, with the file's columns in the error's details. Any other refusal (empty file, wrong type,
   * bad encoding…) is the real problem of the file and is thrown as is.
   */
  columns: async (file: File, signal?: AbortSignal): Promise<string[]> => {
    try {
      await importsApi.upload({ file, dryRun: true, signal, mapping: { preset: 'custom', fields: { 'text.fr': { column: PROBE_COLUMN } } } });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import.mapping_unknown_column') {
        const columns = columnsIn(e.details);
        if (columns) return columns;
      }
      throw e;
    }
    throw new ApiError(200, { code: 'http.invalid_response', message: 'The column probe was accepted' });
  },

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
