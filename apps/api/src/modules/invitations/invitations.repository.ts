import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Locale, Role } from '@sidh/domain';
import { execute, many, maybeOne, one, type Queryable } from '../../database/sql.js';

/** An invitation as listed (never its token hash). */
export interface InvitationRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  focalPointKind: string | null;
  institutionId: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  createdAt: Date;
}

export interface NewInvitation {
  /** Lower-cased by the caller. */
  email: string;
  name: string;
  role: Role;
  focalPointKind: string | null;
  locale: Locale;
  institutionId: string;
  /** SHA-256 (hex) of the token; the token itself is only in the mail. */
  tokenHash: string;
  expiresAt: Date;
  invitedById: string;
}

/** An invitation just claimed by its link: what the new account is made of. */
export interface ClaimedInvitationRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  focalPointKind: string | null;
  locale: Locale;
  institutionId: string;
}

/** The institution named in the invitation mail. */
export interface InvitingInstitutionRow {
  id: string;
  nameFr: string;
  nameAr: string;
  nameEn: string;
}

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  institutionId: string;
  locale: Locale;
  passwordHash: string;
  focalPointKind: string | null;
}

export const INVITATION_COLUMNS = 'id, email, name, role, focal_point_kind, institution_id, expires_at, accepted_at, created_at';

/** An invitation not accepted nor revoked (open or expired), as the users administration lists it. */
export interface OpenInvitationRow extends InvitationRow {
  locale: Locale;
  invitedByName: string | null;
}

const OPEN_INVITATION_COLUMNS = `i.id, i.email, i.name, i.role, i.focal_point_kind, i.institution_id, i.expires_at, i.accepted_at, i.created_at, i.locale,
  (SELECT u.name FROM app_user u WHERE u.id = i.invited_by_id) AS invited_by_name`;

/** At most this many invitations are listed (the oldest beyond it are left out). */
export const OPEN_INVITATIONS_MAX = 500;

@Injectable()
export class InvitationsRepository {
  findInstitution(db: Queryable, id: string): Promise<InvitingInstitutionRow | undefined> {
    return maybeOne<InvitingInstitutionRow>(db, `SELECT id, name_fr, name_ar, name_en FROM institution WHERE id = $1`, [id]);
  }

  /** Invitations neither accepted nor revoked (expired ones included, to be sent again), newest first. */
  listOpen(db: Queryable, filter: { institutionId?: string }): Promise<OpenInvitationRow[]> {
    const params: unknown[] = [OPEN_INVITATIONS_MAX];
    const institution = filter.institutionId ? ` AND i.institution_id = $${params.push(filter.institutionId)}::uuid` : '';
    return many<OpenInvitationRow>(
      db,
      `SELECT ${OPEN_INVITATION_COLUMNS} FROM invitation i
        WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL${institution}
        ORDER BY i.created_at DESC, i.id LIMIT $1`,
      params,
    );
  }

  findOpenById(db: Queryable, id: string): Promise<OpenInvitationRow | undefined> {
    return maybeOne<OpenInvitationRow>(db, `SELECT ${OPEN_INVITATION_COLUMNS} FROM invitation i WHERE i.id = $1`, [id]);
  }

  /**
   * A new token for an invitation not accepted nor revoked: the old token's hash is replaced, so
   * the old link stops working in the same statement. Undefined when the invitation is closed.
   */
  renew(manager: EntityManager, id: string, tokenHash: string, expiresAt: Date): Promise<OpenInvitationRow | undefined> {
    return maybeOne<OpenInvitationRow>(
      manager,
      `UPDATE invitation i SET token_hash = $2, expires_at = $3 WHERE i.id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
       RETURNING ${OPEN_INVITATION_COLUMNS}`,
      [id, tokenHash, expiresAt],
    );
  }

  /** Revokes an invitation not accepted nor revoked (its expiry is brought to now too). Undefined when it is closed. */
  revoke(manager: EntityManager, id: string): Promise<{ id: string; expiresAt: Date } | undefined> {
    return maybeOne<{ id: string; expiresAt: Date }>(
      manager,
      `UPDATE invitation SET revoked_at = now(), expires_at = LEAST(expires_at, now()) WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
       RETURNING id, expires_at`,
      [id],
    );
  }

  /** Whether an account already uses this (lower-cased) e-mail. */
  async accountExists(db: Queryable, email: string): Promise<boolean> {
    return (await maybeOne<{ found: number }>(db, `SELECT 1 AS found FROM app_user WHERE email = $1`, [email])) !== undefined;
  }

  insert(manager: EntityManager, invitation: NewInvitation): Promise<InvitationRow> {
    return one<InvitationRow>(
      manager,
      `INSERT INTO invitation (email, name, role, focal_point_kind, locale, institution_id, token_hash, expires_at, invited_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${INVITATION_COLUMNS}`,
      [
        invitation.email,
        invitation.name,
        invitation.role,
        invitation.focalPointKind,
        invitation.locale,
        invitation.institutionId,
        invitation.tokenHash,
        invitation.expiresAt,
        invitation.invitedById,
      ],
    );
  }

  /**
   * Whether an invitation with this token hash can still be accepted (not used, not expired, and
   * no account has its e-mail yet): checked before any password is hashed, so an unknown link
   * costs one indexed read. `claim` decides for good inside the transaction.
   */
  async isOpen(db: Queryable, tokenHash: string): Promise<boolean> {
    const row = await maybeOne<{ found: number }>(
      db,
      `SELECT 1 AS found FROM invitation i
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.email = i.email)`,
      [tokenHash],
    );
    return row !== undefined;
  }

  /** Marks the open invitation with this token hash accepted; undefined when there is none (unknown, used or expired). */
  claim(manager: EntityManager, tokenHash: string): Promise<ClaimedInvitationRow | undefined> {
    return maybeOne<ClaimedInvitationRow>(
      manager,
      `UPDATE invitation SET accepted_at = now() WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
       RETURNING id, email, name, role, focal_point_kind, locale, institution_id`,
      [tokenHash],
    );
  }

  /** The active account an accepted invitation creates; returns its id. */
  async insertAccount(manager: EntityManager, account: NewAccount): Promise<string> {
    const row = await one<{ id: string }>(
      manager,
      // One main focal point per institution: an invitation as `main` joins as an alternate when the institution has one.
      `INSERT INTO app_user (email, name, role, institution_id, locale, active, password_hash, focal_point_kind)
       VALUES ($1, $2, $3, $4, $5, true, $6,
               CASE WHEN $7::varchar = 'main' AND EXISTS (SELECT 1 FROM app_user m WHERE m.institution_id = $4 AND m.role = 'focal_point' AND m.active AND m.focal_point_kind = 'main')
                    THEN 'alternate' ELSE $7::varchar END)
       RETURNING id`,
      [account.email, account.name, account.role, account.institutionId, account.locale, account.passwordHash, account.focalPointKind],
    );
    return row.id;
  }

  async linkAccount(manager: EntityManager, invitationId: string, userId: string): Promise<void> {
    await execute(manager, `UPDATE invitation SET user_id = $2 WHERE id = $1`, [invitationId, userId]);
  }
}
