import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from './app-exception.js';

/** Strong ETag of a versioned resource. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version the client last saw, from `If-Match`. Missing → 428; anything but one strong
 * ETag (weak, `*`, a list) cannot match a single version → 412 with `stale`.
 */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new AppException(HttpStatus.PRECONDITION_REQUIRED, ErrorCode.PreconditionRequired, 'If-Match header with the ETag you last read is required');
  }
  const match = /^"(\d{1,9})"$/.exec(ifMatch.trim());
  if (!match) throw new AppException(HttpStatus.PRECONDITION_FAILED, ErrorCode.Stale, 'If-Match does not match the current version');
  return Number(match[1]);
}

/** 412 `concurrency.stale` with the record as it is now and who changed it last. */
export function staleError(details: { current: unknown; lastChange?: unknown }): AppException {
  return new AppException(HttpStatus.PRECONDITION_FAILED, ErrorCode.Stale, 'The resource was changed by someone else', details);
}

/** `{ field: { before, after } }` for the fields whose value changed. */
export function diff<T extends object>(before: T, after: Partial<T>): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    const a = after[key];
    if (a === undefined) continue;
    const b = before[key];
    if (JSON.stringify(normalise(b)) !== JSON.stringify(normalise(a))) changes[key as string] = { before: normalise(b), after: normalise(a) };
  }
  return changes;
}

const normalise = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? [...v].sort() : v ?? null);
