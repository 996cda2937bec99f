/**
 * Evidence upload with progress: `fetch` cannot report upload progress, so this uses XMLHttpRequest
 * with the same bearer token, refresh-once-on-401 and error envelope as the app's API client.
 */
import { API_BASE, ApiError, refreshSession } from '../../../app/api';
import { session } from '../../../app/session';
import type { Evidence } from '../../reporting/types';

export interface UploadInput {
  file: File;
  title: string;
  confidentiality: Evidence['confidentiality'];
}

export interface UploadHandle {
  promise: Promise<Evidence>;
  abort: () => void;
}

function send(
  contributionId: string,
  input: UploadInput,
  token: string | null,
  onProgress: (fraction: number) => void,
  register: (xhr: XMLHttpRequest) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    register(xhr);
    xhr.open('POST', `${API_BASE}/contributions/${encodeURIComponent(contributionId)}/evidence`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'network.unreachable', message: 'upload failed' }));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    const form = new FormData();
    form.append('title', input.title);
    form.append('confidentiality', input.confidentiality);
    form.append('file', input.file, input.file.name);
    xhr.send(form);
  });
}

export function uploadEvidence(contributionId: string, input: UploadInput, onProgress: (fraction: number) => void): UploadHandle {
  let current: XMLHttpRequest | null = null;
  const register = (xhr: XMLHttpRequest) => {
    current = xhr;
  };
  const promise = (async () => {
    let res = await send(contributionId, input, session.getToken(), onProgress, register);
    if (res.status === 401) {
      const refreshed = await refreshSession();
      if (!refreshed) {
        session.expire();
        throw new ApiError(401, (res.body as object) ?? {});
      }
      onProgress(0);
      res = await send(contributionId, input, refreshed.accessToken, onProgress, register);
    }
    if (res.status < 200 || res.status >= 300) throw new ApiError(res.status, (res.body as object) ?? {});
    onProgress(1);
    return res.body as Evidence;
  })();
  return { promise, abort: () => current?.abort() };
}

/** Downloads an evidence file with the bearer token (a plain link would not carry it). */
export async function downloadEvidence(evidence: Evidence): Promise<void> {
  if (!evidence.downloadPath) return;
  const path = evidence.downloadPath.startsWith(API_BASE) ? evidence.downloadPath : `${API_BASE}${evidence.downloadPath}`;
  const get = (token: string | null) =>
    fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, credentials: 'same-origin' });
  let res = await get(session.getToken());
  if (res.status === 401) {
    const refreshed = await refreshSession();
    if (refreshed) res = await get(refreshed.accessToken);
  }
  if (!res.ok) throw new ApiError(res.status, {});
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = evidence.fileName ?? evidence.title;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
