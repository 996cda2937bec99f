import type { EntityManager } from 'typeorm';

/**
 * Typed raw SQL (see docs/decisions/0004-typed-raw-sql.md). Repositories write PostgreSQL as it
 * is and declare the row type they read; the helper turns the driver's snake_case column names
 * into camelCase (top-level keys only: jsonb values are returned as stored).
 *
 * `db` is the DataSource's manager or a transaction's: `EntityManager` and `DataSource` both
 * have `query`.
 */
export type Queryable = Pick<EntityManager, 'query'>;

/** `follow_up_due_date` → `followUpDueDate`; keys without underscores are unchanged. */
export const camelCase = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function camelRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) out[camelCase(key)] = row[key];
  return out as T;
}

/**
 * The rows of any statement. TypeORM's pg driver answers a SELECT or INSERT … RETURNING with the
 * rows, and an UPDATE or DELETE with `[rows, affectedCount]`.
 */
function rowsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as Array<Record<string, unknown>>;
  return Array.isArray(result) ? (result as Array<Record<string, unknown>>) : [];
}

/** Every row, typed `T` with camelCase keys. */
export async function many<T>(db: Queryable, text: string, params: readonly unknown[] = []): Promise<T[]> {
  return rowsOf(await db.query(text, params as unknown[])).map((row) => camelRow<T>(row));
}

/** The first row, or undefined. */
export async function maybeOne<T>(db: Queryable, text: string, params: readonly unknown[] = []): Promise<T | undefined> {
  return (await many<T>(db, text, params))[0];
}

/** The first row; the statement must return one (an aggregate, an INSERT … RETURNING). */
export async function one<T>(db: Queryable, text: string, params: readonly unknown[] = []): Promise<T> {
  const row = await maybeOne<T>(db, text, params);
  if (row === undefined) throw new Error('expected one row, got none');
  return row;
}

/** Runs a statement for its effect; returns how many rows it returned (UPDATE/DELETE … RETURNING). */
export async function execute(db: Queryable, text: string, params: readonly unknown[] = []): Promise<number> {
  return rowsOf(await db.query(text, params as unknown[])).length;
}

/** A parameterised clause list under construction: values never enter the SQL text. */
export class SqlParams {
  constructor(readonly values: unknown[] = []) {}

  /** `$n` for the value. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A table or column name from code (never from input), checked so that it cannot carry SQL. */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  return name;
}
