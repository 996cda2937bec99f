/** Checks a file against the finalised versions of a report by its SHA-256 (WebCrypto). */

/** The SHA-256 of some bytes, as lower-case hex (what the API records and sends in X-Content-SHA256). */
export async function sha256Hex(data: BufferSource): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', data);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The version whose recorded hash is `hash` (any case, surrounding spaces ignored), or null. */
export function matchVersion<V extends { number: number; sha256: string }>(hash: string, versions: readonly V[]): V | null {
  const wanted = hash.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(wanted)) return null;
  return versions.find((v) => v.sha256.trim().toLowerCase() === wanted) ?? null;
}

/** Reads a picked file and finds the version it is. */
export async function verifyFile<V extends { number: number; sha256: string }>(
  file: Blob,
  versions: readonly V[],
): Promise<{ sha256: string; version: V | null }> {
  const sha256 = await sha256Hex(await file.arrayBuffer());
  return { sha256, version: matchVersion(sha256, versions) };
}
