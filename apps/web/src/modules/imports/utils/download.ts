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

/** The first 12 hex digits of a SHA-256, enough to tell files apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}
