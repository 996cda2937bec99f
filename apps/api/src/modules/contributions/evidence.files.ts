import { fileTypeFromBuffer } from 'file-type';

/** Accepted evidence types, by the extension file-type detects from the content. */
export const EVIDENCE_TYPES: Record<string, { mediaType: string; extensions: string[] }> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  jpg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
};

export type EvidenceCheck = { ok: true; ext: string; mediaType: string } | { ok: false; reason: 'unsupported' | 'mismatch' };

/**
 * The type comes from the bytes (file-type reads magic numbers, and for DOCX/XLSX/ODT the zip's
 * inner markers: `[Content_Types].xml` parts, the ODF `mimetype` entry); the name's extension must agree.
 */
export async function checkEvidenceType(buffer: Buffer, declaredName: string): Promise<EvidenceCheck> {
  const detected = await fileTypeFromBuffer(buffer);
  const type = detected ? EVIDENCE_TYPES[detected.ext] : undefined;
  if (!detected || !type) return { ok: false, reason: 'unsupported' };
  const declared = /\.([A-Za-z0-9]{1,8})$/.exec(declaredName.trim())?.[1]?.toLowerCase();
  if (!declared || !type.extensions.includes(declared)) return { ok: false, reason: 'mismatch' };
  return { ok: true, ext: type.extensions[0]!, mediaType: type.mediaType };
}

// Control characters, bidirectional overrides/isolates/marks, BOM: they can disguise an extension (RLO) or a path.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g; // eslint-disable-line no-control-regex

/** Multer decodes part headers as Latin-1; recover UTF-8 names when that is what the bytes were. */
export function decodeUploadName(name: string): string {
  const recoded = Buffer.from(name, 'latin1').toString('utf8');
  return recoded.includes('\ufffd') ? name : recoded;
}

/**
 * A display name safe to store and to send back in Content-Disposition: no path, no control or
 * bidi characters, no leading dots, at most 150 characters of stem, and the extension of the detected type.
 */
export function sanitizeFileName(name: string, ext: string): string {
  const cleaned = name.normalize('NFC').replace(UNSAFE, '');
  const last = cleaned.split(/[\\/]/).pop() ?? '';
  const stem = last
    .replace(/\.[^.]*$/, '')
    .replace(/[<>:"|?*%;]/g, '_')
    .replace(/^[.\s_-]+/, '')
    .trim()
    .slice(0, 150);
  return `${stem || 'evidence'}.${ext}`;
}

/** RFC 6266 / RFC 8187: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}
