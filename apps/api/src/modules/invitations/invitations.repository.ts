import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Locale, Role } from '@sidh/domain';
import { execute, maybeOne, one, type Queryable } from '../../database/sql.js';

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

@Injectable()
export class InvitationsRepository {
  findInstitution(db: Queryable, id: string): Promise<InvitingInstitutionRow | undefined> {
    return maybeOne<InvitingInstitutionRow>(db, `SELECT id, name_fr, name_ar, name_en FROM institution WHERE id = $1`, [id]);
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
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > now()
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.email = i.email)`,
      [tokenHash],
    );
    return row !== undefined;
  }

  /** Marks the open invitation with this token hash accepted; undefined when there is none (unknown, used or expired). */
  claim(manager: EntityManager, tokenHash: string): Promise<ClaimedInvitationRow | undefined> {
    return maybeOne<ClaimedInvitationRow>(
      manager,
      `UPDATE invitation SET accepted_at = now() WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now()
       RETURNING id, email, name, role, focal_point_kind, locale, institution_id`,
      [tokenHash],
    );
  }

  /** The active account an accepted invitation creates; returns its id. */
  async insertAccount(manager: EntityManager, account: NewAccount): Promise<string> {
    const row = await one<{ id: string }>(
      manager,
      `INSERT INTO app_user (email, name, role, institution_id, locale, active, password_hash, focal_point_kind) VALUES ($1, $2, $3, $4, $5, true, $6, $7) RETURNING id`,
      [account.email, account.name, account.role, account.institutionId, account.locale, account.passwordHash, account.focalPointKind],
    );
    return row.id;
  }

  async linkAccount(manager: EntityManager, invitationId: string, userId: string): Promise<void> {
    await execute(manager, `UPDATE invitation SET user_id = $2 WHERE id = $1`, [invitationId, userId]);
  }
}
