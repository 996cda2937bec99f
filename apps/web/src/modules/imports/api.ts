/**
 * Calls of the import wizard and the export that the JSON wrapper in `app/api.ts` does not cover:
 * a multipart upload and file downloads. Both send the in-memory access token (never a plain link:
 * the API needs the bearer header) and refresh it once on a 401, like `request()`.
 */
import { API_BASE, ApiError, refreshSession, request } from '../../app/api';
import type { ApiErrorBody } from '../../app/api-types';
import { session } from '../../app/session';
import type { ImportJobDetail, ImportJobList, ImportMapping, ImportPresetList, UnknownColumnDetails } from './types';
import { fileNameFromDisposition } from './utils/download';

async function errorOf(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = ((await res.json()) as Partial<ApiErrorBody>) ?? {};
  } catch {
    /* not JSON (proxy error page): the status is all we have */
  }
  return new ApiError(res.status, body);
}

/** `fetch` with the bearer token, retried once after refreshing the session on a 401. */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const attempt = async (token: string | null) => {
    const headers = new Headers(init.headers);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await fetch(`${API_BASE}${path}`, { ...init, headers, credentials: 'same-origin' });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new ApiError(0, { code: 'network.unreachable', message: String(e) });
    }
  };
  let res = await attempt(session.getToken());
  if (res.status === 401) {
    const refreshed = await refreshSession();
    if (!refreshed) {
      session.expire();
      throw await errorOf(res);
    }
    res = await attempt(refreshed.accessToken);
    if (res.status === 401) session.expire();
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** Downloads a file the API serves as an attachment, with the server's file name. */
export async function downloadFile(path: string, fallbackName: string, signal?: AbortSignal): Promise<DownloadedFile> {
  const res = await authorizedFetch(path, { signal, headers: { Accept: '*/*' } });
  const blob = await res.blob();
  return { blob, fileName: fileNameFromDisposition(res.headers.get('Content-Disposition')) ?? fallbackName };
}

export interface UploadInput {
  file: File;
  mapping: ImportMapping | Record<string, unknown>;
  dryRun: boolean;
  signal?: AbortSignal;
}

/** A column no file has: the API answers `import.mapping_unknown_column` with the file's columns. */
export const PROBE_COLUMN = '\u0000sidh-column-probe';

export const importsApi = {
  presets: (signal?: AbortSignal) => request<ImportPresetList>('/imports/presets', { signal }).then((r) => r.data),
  list: (page: number, pageSize: number, signal?: AbortSignal) =>
    request<ImportJobList>('/imports', { query: { page, pageSize }, signal }).then((r) => r.data),
  get: (id: string, signal?: AbortSignal) => request<ImportJobDetail>(`/imports/${encodeURIComponent(id)}`, { signal }).then((r) => r.data),

  /** `POST /imports`: a dry run answers 200 with the report, a commit 202 with the running job. */
  upload: async ({ file, mapping, dryRun, signal }: UploadInput): Promise<ImportJobDetail> => {
    const form = new FormData();
    form.set('file', file, file.name);
    form.set('mapping', JSON.stringify(mapping));
    form.set('dryRun', String(dryRun));
    const res = await authorizedFetch('/imports', { method: 'POST', body: form, signal, headers: { 'X-Requested-With': 'sidh' } });
    return (await res.json()) as ImportJobDetail;
  },

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
        const details = e.details as Partial<UnknownColumnDetails> | undefined;
        if (Array.isArray(details?.columns)) return details.columns.filter((c): c is string => typeof c === 'string');
      }
      throw e;
    }
    throw new ApiError(200, { code: 'http.invalid_response', message: 'The column probe was accepted' });
  },

  originalFile: (id: string, fallbackName: string) => downloadFile(`/imports/${encodeURIComponent(id)}/file`, fallbackName),
};
