/**
 * The organisation's logo, checked from its bytes (never from its name or declared type):
 * - PNG: the signature, an IHDR chunk first, at most LOGO_MAX_SIDE pixels a side;
 * - SVG: a `<svg>` root (after an optional XML declaration and comments), and nothing active —
 *   SVGs are REFUSED, never rewritten, when they hold scripts, event handlers, `javascript:`/`data:`
 *   URLs, references to anything but their own fragments (`href="#…"`), foreign objects, embedded
 *   documents, DOCTYPE/entities (billion laughs, XXE) or CSS imports. What passes is served as
 *   `image/svg+xml` with a CSP that forbids scripts, and shown through `<img>`, which runs none.
 * Anything else (GIF, JPEG, HTML, polyglots) is refused.
 */
export const LOGO_MAX_BYTES = 200 * 1024;
export const LOGO_MAX_SIDE = 2048;

export type LogoMediaType = 'image/png' | 'image/svg+xml';

export type LogoRefusal = 'empty' | 'too_large' | 'unsupported_type' | 'png_invalid' | 'png_too_large' | 'svg_invalid' | 'svg_active_content';

export type LogoCheck = { ok: true; mediaType: LogoMediaType; width: number | null; height: number | null } | { ok: false; reason: LogoRefusal };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Patterns an SVG logo must not contain (case-insensitive, on the text with comments kept: a comment hides nothing from them). */
const SVG_FORBIDDEN: readonly RegExp[] = [
  /<\s*script\b/i,
  /<\s*foreignObject\b/i,
  /<\s*(iframe|embed|object|audio|video|canvas|handler|listener|set|animate\w*)\b/i,
  /<!\s*(DOCTYPE|ENTITY)/i,
  /\son[a-z]+\s*=/i,
  /(javascript|vbscript|data)\s*:/i,
  /@import/i,
  // Any reference that is not to a fragment of the document itself (href, xlink:href, src, url()).
  /\b(?:xlink:)?href\s*=\s*["']\s*(?!#)/i,
  /\bsrc\s*=/i,
  /url\(\s*["']?\s*(?!#)/i,
];

export function checkLogo(bytes: Buffer): LogoCheck {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, reason: 'too_large' };
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return checkPng(bytes);
  return checkSvg(bytes);
}

function checkPng(bytes: Buffer): LogoCheck {
  // Signature, then the IHDR chunk: length 13, type "IHDR", width and height (big-endian).
  if (bytes.length < 33 || bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') return { ok: false, reason: 'png_invalid' };
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0) return { ok: false, reason: 'png_invalid' };
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) return { ok: false, reason: 'png_too_large' };
  if (bytes.toString('latin1', bytes.length - 8, bytes.length - 4) !== 'IEND') return { ok: false, reason: 'png_invalid' };
  return { ok: true, mediaType: 'image/png', width, height };
}

function checkSvg(bytes: Buffer): LogoCheck {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'unsupported_type' };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'unsupported_type' };
  // The root element: after a BOM, an XML declaration, white space and comments, it must be <svg.
  const head = text.replace(/^\uFEFF/, '').replace(/^\s*(<\?xml[^>]*\?>)?(\s|<!--[\s\S]*?-->)*/, '');
  if (!/^<svg[\s>]/i.test(head)) return { ok: false, reason: 'unsupported_type' };
  if (!/<\/svg\s*>\s*$/i.test(text.trim()) && !/^<svg[^>]*\/>\s*$/i.test(head.trim())) return { ok: false, reason: 'svg_invalid' };
  if (SVG_FORBIDDEN.some((pattern) => pattern.test(text))) return { ok: false, reason: 'svg_active_content' };
  return { ok: true, mediaType: 'image/svg+xml', width: null, height: null };
}
