/**
 * Files the API serves as attachments. They are fetched through the API client (bearer token, refresh
 * on 401, `ApiError`s) as Blobs — a plain link would not carry the in-memory token — and handed to the
 * browser's download manager.
 */
import { unwrapResponse } from './api-client';

export interface DownloadedFile {
  blob: Blob;
  /** The server's name for it (`Content-Disposition`), else the fallback. */
  fileName: string;
}

/** The file of a `parseAs: 'blob'` call, with its name. */
export async function attachment(
  call: Promise<{ data?: Blob; error?: unknown; response: Response }>,
  fallbackName: string,
): Promise<DownloadedFile> {
  const { data, response } = await unwrapResponse(call);
  return { blob: data, fileName: fileNameFromDisposition(response.headers.get('Content-Disposition')) ?? fallbackName };
}

/** File names from `Content-Disposition` (RFC 6266): the UTF-8 `filename*` first, else `filename`. */
export function fileNameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      const name = decodeURIComponent(star[2]!.trim().replace(/^"|"$/g, ''));
      if (name) return safeName(name);
    } catch {
      /* malformed escape: fall back to the ASCII name */
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (plain) {
    const name = (plain[2] ?? plain[1]!).replace(/\\(.)/g, '$1').trim();
    if (name) return safeName(name);
  }
  return null;
}

/** No directories, no control characters: the name is only ever a suggestion to the browser. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^.*[\\/]/, '') || 'download';
}

/** Hands a Blob to the browser's download manager under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
