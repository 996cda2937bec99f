import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Locale, Role } from '@sidh/domain';
import { many, maybeOne, one, type Queryable } from '../../database/sql.js';
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

@Injectable()
export class UsersRepository {
  listAll(db: Queryable): Promise<UserRow[]> {
    return many<UserRow>(db, `SELECT ${USER_COLUMNS} FROM app_user ORDER BY email`);
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
