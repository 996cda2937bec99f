import type { EntityManager } from 'typeorm';
import { execute, identifier, maybeOne } from './sql.js';

/** Tables with an optimistic-concurrency `version` column (and `updated_at`). */
export type VersionedTable = 'recommendation' | 'assignment' | 'campaign' | 'contribution' | 'institution' | 'app_user' | 'report' | 'report_section';

/** Column → value; jsonb columns take a JSON string (the helper does not guess types). */
export type ColumnPatch = Readonly<Record<string, unknown>>;

/** The columns of a patch that are set (undefined = not changed; null is a value). */
export const definedColumns = (columns: Readonly<Record<string, unknown>>): ColumnPatch => Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));

/** Locks the row for the transaction and returns its version, or null when there is no such row. */
export async function lockVersion(manager: EntityManager, table: VersionedTable, id: string): Promise<number | null> {
  const row = await maybeOne<{ version: number }>(manager, `SELECT version FROM ${identifier(table)} WHERE id = $1 FOR UPDATE`, [id]);
  return row ? row.version : null;
}

/**
 * The optimistic-concurrency write: sets the columns, bumps `version` and `updated_at`, only if the
 * version is still the one the client read. False when it was not (or the row is gone).
 * `where` adds conditions on other columns (e.g. `{ status: 'draft' }`), compared with `=`.
 */
export async function updateIfVersion(
  manager: EntityManager,
  table: VersionedTable,
  id: string,
  expectedVersion: number,
  patch: ColumnPatch,
  where: ColumnPatch = {},
): Promise<boolean> {
  const params: unknown[] = [id, expectedVersion];
  const sets = Object.entries(patch).map(([column, value]) => `${identifier(column)} = $${params.push(value)}`);
  const conditions = Object.entries(where).map(([column, value]) => `${identifier(column)} = $${params.push(value)}`);
  const count = await execute(
    manager,
    `UPDATE ${identifier(table)} SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE ${['id = $1', 'version = $2', ...conditions].join(' AND ')} RETURNING id`,
    params,
  );
  return count > 0;
}

/** Deletes the row only if its version is the one the client read. */
export async function deleteIfVersion(manager: EntityManager, table: VersionedTable, id: string, expectedVersion: number): Promise<boolean> {
  return (await execute(manager, `DELETE FROM ${identifier(table)} WHERE id = $1 AND version = $2 RETURNING id`, [id, expectedVersion])) > 0;
}
