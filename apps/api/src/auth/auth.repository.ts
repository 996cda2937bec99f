import { Injectable } from '@nestjs/common';
import type { Locale, Role } from '@sidh/domain';
import { execute, maybeOne, type Queryable } from '../database/sql.js';

/** A user as sign-in sees it: credentials, activation and the institution shown in the profile. */
export interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  active: boolean;
  /** Argon2id PHC string; never leaves the server. */
  passwordHash: string | null;
  institutionId: string | null;
  institutionCode: string | null;
  institutionNameAr: string | null;
  institutionNameFr: string | null;
  institutionNameEn: string | null;
}

/** One refresh token (only its SHA-256 is stored) and the family (session) it belongs to. */
export interface RefreshTokenRow {
  id: string;
  familyId: string;
  userId: string;
  expiresAt: Date;
  familyExpiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewRefreshToken {
  tokenHash: string;
  familyId: string;
  userId: string;
  expiresAt: Date;
  familyExpiresAt: Date;
}

/** What every authenticated request re-reads: the active user and whether its session is still open. */
export interface SessionRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  institutionId: string | null;
  locale: Locale;
  tokensValidAfter: Date;
  sessionOpen: boolean;
}

const ACCOUNT_SELECT = `SELECT u.id, u.email, u.name, u.role, u.locale, u.active, u.password_hash, u.institution_id,
    i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en
  FROM app_user u LEFT JOIN institution i ON i.id = u.institution_id`;

/**
 * Credentials, login throttling and sessions (refresh-token families, `tokens_valid_after`): the
 * only SQL of sign-in. Methods take the caller's `db` (the DataSource's manager or a transaction's).
 */
@Injectable()
export class AuthRepository {
  // --- accounts -------------------------------------------------------------------------------

  findAccountByEmail(db: Queryable, email: string): Promise<AccountRow | undefined> {
    return maybeOne<AccountRow>(db, `${ACCOUNT_SELECT} WHERE u.email = $1`, [email]);
  }

  findAccountById(db: Queryable, id: string): Promise<AccountRow | undefined> {
    return maybeOne<AccountRow>(db, `${ACCOUNT_SELECT} WHERE u.id = $1`, [id]);
  }

  findActiveAccountById(db: Queryable, id: string): Promise<AccountRow | undefined> {
    return maybeOne<AccountRow>(db, `${ACCOUNT_SELECT} WHERE u.id = $1 AND u.active`, [id]);
  }

  /** The active user of an access token, and whether the token's session (refresh family) is still open. */
  findSession(db: Queryable, userId: string, sessionId: string): Promise<SessionRow | undefined> {
    return maybeOne<SessionRow>(
      db,
      `SELECT u.id, u.email, u.name, u.role, u.institution_id, u.locale, u.tokens_valid_after,
              EXISTS (SELECT 1 FROM refresh_token t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_open
         FROM app_user u WHERE u.id = $1 AND u.active`,
      [userId, sessionId],
    );
  }

  /** Access tokens issued before now (the transaction's time) are refused from now on. */
  async invalidateAccessTokens(db: Queryable, userId: string): Promise<void> {
    await execute(db, `UPDATE app_user SET tokens_valid_after = now() WHERE id = $1`, [userId]);
  }

  // --- login throttling -----------------------------------------------------------------------

  /** The end of the current lock of an e-mail key, or undefined when it is not locked. */
  async findLock(db: Queryable, emailKey: string): Promise<Date | undefined> {
    const row = await maybeOne<{ lockedUntil: Date }>(db, `SELECT locked_until FROM login_throttle WHERE email_key = $1 AND locked_until > now()`, [emailKey]);
    return row ? new Date(row.lockedUntil) : undefined;
  }

  /**
   * Counts one failure of the key within a window of `windowMinutes`; the key is locked for
   * `windowMinutes` once the count reaches `maxFailures` (a failure after an expired window starts
   * a new count, and locks at once when `maxFailures` is 1).
   */
  async recordFailure(db: Queryable, emailKey: string, windowMinutes: number, maxFailures: number): Promise<void> {
    await execute(db, 
      `INSERT INTO login_throttle (email_key, failures, window_start, locked_until)
       VALUES ($1, 1, now(), CASE WHEN 1 >= $3 THEN now() + make_interval(mins => $2) ELSE NULL END)
       ON CONFLICT (email_key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_start < now() - make_interval(mins => $2) THEN 1 ELSE login_throttle.failures + 1 END,
         window_start = CASE WHEN login_throttle.window_start < now() - make_interval(mins => $2) THEN now() ELSE login_throttle.window_start END,
         locked_until = CASE WHEN (CASE WHEN login_throttle.window_start < now() - make_interval(mins => $2) THEN 1 ELSE login_throttle.failures + 1 END) >= $3
                             THEN now() + make_interval(mins => $2) ELSE NULL END`,
      [emailKey, windowMinutes, maxFailures],
    );
  }

  async clearFailures(db: Queryable, emailKey: string): Promise<void> {
    await execute(db, `DELETE FROM login_throttle WHERE email_key = $1`, [emailKey]);
  }

  // --- refresh tokens -------------------------------------------------------------------------

  async insertRefreshToken(db: Queryable, token: NewRefreshToken): Promise<void> {
    await execute(db, `INSERT INTO refresh_token (token_hash, family_id, user_id, expires_at, family_expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      token.tokenHash,
      token.familyId,
      token.userId,
      token.expiresAt,
      token.familyExpiresAt,
    ]);
  }

  /** The token with this hash, locked for the transaction (two refreshes with one token serialise here). */
  lockRefreshToken(db: Queryable, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    return maybeOne<RefreshTokenRow>(
      db,
      `SELECT id, family_id, user_id, expires_at, family_expires_at, used_at, revoked_at FROM refresh_token WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );
  }

  async markRefreshTokenUsed(db: Queryable, id: string): Promise<void> {
    await execute(db, `UPDATE refresh_token SET used_at = now() WHERE id = $1`, [id]);
  }

  /** Ends a whole session (reuse of a rotated token). */
  async revokeFamily(db: Queryable, familyId: string): Promise<void> {
    await execute(db, `UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
  }

  /** Ends one session of one user (logout). */
  async revokeUserFamily(db: Queryable, userId: string, familyId: string): Promise<void> {
    await execute(db, `UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL`, [familyId, userId]);
  }

  /** Ends every session of a user. */
  async revokeAllRefreshTokens(db: Queryable, userId: string): Promise<void> {
    await execute(db, `UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
