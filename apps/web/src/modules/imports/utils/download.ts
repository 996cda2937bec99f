export { fileNameFromDisposition, saveBlob } from '../../../app/download';

/** The first 12 hex digits of a SHA-256, enough to tell files apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}
