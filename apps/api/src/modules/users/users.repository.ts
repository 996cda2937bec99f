import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Locale, Role } from '@sidh/domain';
import { many, maybeOne, one, SqlParams, type Queryable } from '../../database/sql.js';
import type { ColumnPatch } from '../../database/versioned-write.js';

/** A user account as administration sees it (never the password hash). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  institutionId: string | null;
  locale: Locale;
  active: boolean;
  version: number;
}

/** An account as the users administration lists it. */
export interface UserSummaryRow extends UserRow {
  focalPointKind: string | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

/** The list's filters, sort and page (all optional but the page). */
export interface UserFilter {
  q?: string;
  role?: Role;
  institutionId?: string;
  active?: boolean;
  lastSignInBefore?: string;
  lastSignInAfter?: string;
  neverSignedIn?: boolean;
  sort: 'name' | 'email' | 'role' | 'lastSignInAt' | 'createdAt';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Sort keys → columns (a whitelist: the sort never enters the SQL from input). */
const SORT_COLUMNS: Record<UserFilter['sort'], string> = {
  name: 'lower(u.name)',
  email: 'u.email',
  role: 'u.role',
  lastSignInAt: 'u.last_sign_in_at',
  createdAt: 'u.created_at',
};

/** `%` and `_` typed by the user are matched literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The fields an administrator may change. */
export interface UserPatch {
  name?: string;
  role?: Role;
  institutionId?: string | null;
  locale?: Locale;
  active?: boolean;
}

export interface NewUser {
  /** Lower-cased by the caller. */
  email: string;
  name: string;
  role: Role;
  institutionId: string | null;
  locale: Locale;
  active: boolean;
  /** Argon2id PHC string (`hashPassword`), or null for an account that cannot sign in yet. */
  passwordHash: string | null;
  /** Focal points only: `main` or `alternate`. */
  focalPointKind: string | null;
}

const USER_COLUMNS = 'id, email, name, role, institution_id, locale, active, version';
const SUMMARY_COLUMNS = 'u.id, u.email, u.name, u.role, u.institution_id, u.locale, u.active, u.version, u.focal_point_kind, u.last_sign_in_at, u.created_at';

@Injectable()
export class UsersRepository {
  /** One page of accounts matching the filter, and how many match in all. */
  async page(db: Queryable, filter: UserFilter): Promise<{ rows: UserSummaryRow[]; total: number }> {
    const params = new SqlParams();
    const where: string[] = [];
    const q = filter.q?.trim();
    if (q) {
      const pattern = params.add(likePattern(q));
      where.push(`(u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})`);
    }
    if (filter.role) where.push(`u.role = ${params.add(filter.role)}`);
    if (filter.institutionId) where.push(`u.institution_id = ${params.add(filter.institutionId)}::uuid`);
    if (filter.active !== undefined) where.push(`u.active = ${params.add(filter.active)}`);
    if (filter.lastSignInBefore) where.push(`u.last_sign_in_at < ${params.add(filter.lastSignInBefore)}::timestamptz`);
    if (filter.lastSignInAfter) where.push(`u.last_sign_in_at >= ${params.add(filter.lastSignInAfter)}::timestamptz`);
    if (filter.neverSignedIn !== undefined) where.push(filter.neverSignedIn ? 'u.last_sign_in_at IS NULL' : 'u.last_sign_in_at IS NOT NULL');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const direction = filter.order === 'desc' ? 'DESC' : 'ASC';
    // Never signed in sorts as the oldest sign-in; the id makes the order total (stable pages).
    const nulls = filter.sort === 'lastSignInAt' ? (direction === 'ASC' ? ' NULLS FIRST' : ' NULLS LAST') : '';
    const { total } = await one<{ total: number }>(db, `SELECT count(*)::int AS total FROM app_user u ${clause}`, params.values);
    const limit = params.add(filter.pageSize);
    const offset = params.add((filter.page - 1) * filter.pageSize);
    const rows = await many<UserSummaryRow>(
      db,
      `SELECT ${SUMMARY_COLUMNS} FROM app_user u ${clause}
        ORDER BY ${SORT_COLUMNS[filter.sort]} ${direction}${nulls}, u.id ${direction} LIMIT ${limit} OFFSET ${offset}`,
      params.values,
    );
    return { rows, total };
  }

  findSummaryById(db: Queryable, id: string): Promise<UserSummaryRow | undefined> {
    return maybeOne<UserSummaryRow>(db, `SELECT ${SUMMARY_COLUMNS} FROM app_user u WHERE u.id = $1`, [id]);
  }

  /**
   * Locks every active administrator's row for the transaction, in id order, and returns their
   * ids. Every account change takes this lock first (before the account's own row), so two changes
   * that could each remove an administrator run one after the other, and the second sees the first.
   */
  async lockActiveAdmins(db: Queryable): Promise<string[]> {
    return (await many<{ id: string }>(db, `SELECT id FROM app_user WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`)).map((r) => r.id);
  }

  /** Whether the institution exists (a role or institution change names one). */
  async institutionExists(db: Queryable, id: string): Promise<boolean> {
    return (await maybeOne<{ found: number }>(db, `SELECT 1 AS found FROM institution WHERE id = $1`, [id])) !== undefined;
  }

  findById(db: Queryable, id: string): Promise<UserRow | undefined> {
    return maybeOne<UserRow>(db, `SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1`, [id]);
  }

  /** Inserts an account (the caller's transaction audits it). */
  insert(manager: EntityManager, user: NewUser): Promise<UserRow> {
    return one<UserRow>(
      manager,
      `INSERT INTO app_user (email, name, role, institution_id, locale, active, password_hash, focal_point_kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${USER_COLUMNS}`,
      [user.email, user.name, user.role, user.institutionId, user.locale, user.active, user.passwordHash, user.focalPointKind],
    );
  }

  /**
   * The columns of a patch, in a fixed order (absent fields are left out). The audit trail records
   * user changes under these column names (`institution_id`).
   */
  toColumns(patch: UserPatch): ColumnPatch {
    const columns: Record<string, unknown> = {};
    if (patch.name !== undefined) columns['name'] = patch.name;
    if (patch.role !== undefined) columns['role'] = patch.role;
    if (patch.institutionId !== undefined) columns['institution_id'] = patch.institutionId;
    if (patch.locale !== undefined) columns['locale'] = patch.locale;
    if (patch.active !== undefined) columns['active'] = patch.active;
    return columns;
  }
}
