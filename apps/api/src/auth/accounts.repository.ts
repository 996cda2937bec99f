import { Injectable } from '@nestjs/common';
import type { Locale, Role } from '@sidh/domain';
import { execute, many, maybeOne, type Queryable } from '../database/sql.js';

export const SIGN_IN_OUTCOMES = ['success', 'bad_password', 'bad_totp', 'locked', 'rate_limited', 'inactive'] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/** Sign-in events kept per user (older ones are removed as new ones come), and days kept for attempts naming no account. */
export const SIGN_IN_KEEP_PER_USER = 200;
export const SIGN_IN_KEEP_ANONYMOUS_DAYS = 30;

export interface SignInRow {
  id: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  outcome: SignInOutcome;
}

export interface TotpRow {
  userId: string;
  secretEnc: string;
  enabledAt: Date | null;
  lastUsedStep: string | null;
}

/**
 * The SQL of the account features (issue 13): password-reset tokens, TOTP secrets and recovery
 * codes, the sign-in history. Writes of app_user and of sessions stay in AuthRepository (which
 * tells the session memo); every method takes the caller's `db`.
 */
@Injectable()
export class AccountsRepository {
  // --- password ---------------------------------------------------------------------------------

  async setPasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
    await execute(db, `UPDATE app_user SET password_hash = $2 WHERE id = $1`, [userId, passwordHash]);
  }

  async findPasswordHash(db: Queryable, userId: string): Promise<string | null> {
    const row = await maybeOne<{ passwordHash: string | null }>(db, `SELECT password_hash FROM app_user WHERE id = $1 AND active`, [userId]);
    return row?.passwordHash ?? null;
  }

  // --- password reset ---------------------------------------------------------------------------

  /** The active account of an e-mail, with what the reset mail needs. */
  findActiveByEmail(db: Queryable, email: string): Promise<{ id: string; name: string; locale: Locale } | undefined> {
    return maybeOne(db, `SELECT id, name, locale FROM app_user WHERE email = $1 AND active`, [email]);
  }

  /** How many reset tokens were issued to this user within the last hour (per-account limit). */
  async countRecentResetTokens(db: Queryable, userId: string): Promise<number> {
    const row = await maybeOne<{ n: number }>(db, `SELECT count(*)::int AS n FROM password_reset_token WHERE user_id = $1 AND created_at > now() - interval '1 hour'`, [userId]);
    return row?.n ?? 0;
  }

  async insertResetToken(db: Queryable, userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await execute(db, `INSERT INTO password_reset_token (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [userId, tokenHash, expiresAt]);
  }

  /** Whether the token is unused and unexpired, its user active (checked before hashing a password). */
  async isResetTokenOpen(db: Queryable, tokenHash: string): Promise<boolean> {
    const row = await maybeOne<{ id: string }>(
      db,
      `SELECT t.id FROM password_reset_token t JOIN app_user u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now() AND u.active`,
      [tokenHash],
    );
    return row !== undefined;
  }

  /** Single use: marks the token used if it still is open; the user it was for, or undefined. Every other open token of the user is used up too. */
  async claimResetToken(db: Queryable, tokenHash: string): Promise<string | undefined> {
    const row = await maybeOne<{ userId: string }>(
      db,
      `UPDATE password_reset_token t SET used_at = now() FROM app_user u
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now() AND u.id = t.user_id AND u.active
        RETURNING t.user_id`,
      [tokenHash],
    );
    if (row) await execute(db, `UPDATE password_reset_token SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [row.userId]);
    return row?.userId;
  }

  // --- TOTP -------------------------------------------------------------------------------------

  findTotp(db: Queryable, userId: string): Promise<TotpRow | undefined> {
    return maybeOne<TotpRow>(db, `SELECT user_id, secret_enc, enabled_at, last_used_step::text AS last_used_step FROM user_totp WHERE user_id = $1`, [userId]);
  }

  /** A new pending (not enabled) secret, replacing a pending one; never an enabled one. Returns false when TOTP is already on. */
  async upsertPendingTotp(db: Queryable, userId: string, secretEnc: string): Promise<boolean> {
    const row = await maybeOne<{ userId: string }>(
      db,
      `INSERT INTO user_totp (user_id, secret_enc) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, last_used_step = NULL, created_at = now() WHERE user_totp.enabled_at IS NULL
       RETURNING user_id`,
      [userId, secretEnc],
    );
    return row !== undefined;
  }

  /**
   * Accepts a code's time step for this user atomically: only if it is later than the last
   * accepted one (two parallel submissions of one code: the row lock lets exactly one through).
   * `enable` also turns TOTP on (the confirmation of enrolment), only while it is off.
   */
  async useTotpStep(db: Queryable, userId: string, step: number, enable: boolean): Promise<boolean> {
    const row = await maybeOne<{ userId: string }>(
      db,
      `UPDATE user_totp SET last_used_step = $2, enabled_at = CASE WHEN $3::boolean THEN now() ELSE enabled_at END
        WHERE user_id = $1 AND (last_used_step IS NULL OR last_used_step < $2)
          AND (CASE WHEN $3::boolean THEN enabled_at IS NULL ELSE enabled_at IS NOT NULL END)
        RETURNING user_id`,
      [userId, step, enable],
    );
    return row !== undefined;
  }

  async deleteTotp(db: Queryable, userId: string): Promise<boolean> {
    await execute(db, `DELETE FROM user_totp_recovery_code WHERE user_id = $1`, [userId]);
    const row = await maybeOne<{ userId: string }>(db, `DELETE FROM user_totp WHERE user_id = $1 RETURNING user_id`, [userId]);
    return row !== undefined;
  }

  async replaceRecoveryCodes(db: Queryable, userId: string, codeHashes: readonly string[]): Promise<void> {
    await execute(db, `DELETE FROM user_totp_recovery_code WHERE user_id = $1`, [userId]);
    await execute(db, `INSERT INTO user_totp_recovery_code (user_id, code_hash) SELECT $1, unnest($2::varchar[])`, [userId, codeHashes]);
  }

  /** Uses a recovery code once (conditional UPDATE): true when it was unused. */
  async useRecoveryCode(db: Queryable, userId: string, codeHash: string): Promise<boolean> {
    const row = await maybeOne<{ id: string }>(
      db,
      `UPDATE user_totp_recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash],
    );
    return row !== undefined;
  }

  async countUnusedRecoveryCodes(db: Queryable, userId: string): Promise<number> {
    const row = await maybeOne<{ n: number }>(db, `SELECT count(*)::int AS n FROM user_totp_recovery_code WHERE user_id = $1 AND used_at IS NULL`, [userId]);
    return row?.n ?? 0;
  }

  async roleOf(db: Queryable, userId: string): Promise<Role | undefined> {
    return (await maybeOne<{ role: Role }>(db, `SELECT role FROM app_user WHERE id = $1`, [userId]))?.role;
  }

  async userExists(db: Queryable, userId: string): Promise<boolean> {
    return (await maybeOne<{ id: string }>(db, `SELECT id FROM app_user WHERE id = $1`, [userId])) !== undefined;
  }

  // --- sign-in history --------------------------------------------------------------------------

  /** Records one attempt, then keeps the user's last SIGN_IN_KEEP_PER_USER (or anonymous ones SIGN_IN_KEEP_ANONYMOUS_DAYS days). */
  async recordSignIn(db: Queryable, event: { userId: string | null; ip: string | null; userAgent: string | null; outcome: SignInOutcome }): Promise<void> {
    await execute(db, `INSERT INTO sign_in_event (user_id, ip, user_agent, outcome) VALUES ($1, $2, $3, $4)`, [
      event.userId,
      event.ip?.slice(0, 64) ?? null,
      event.userAgent?.slice(0, 300) ?? null,
      event.outcome,
    ]);
    if (event.userId) {
      await execute(
        db,
        `DELETE FROM sign_in_event WHERE user_id = $1 AND id <= (SELECT id FROM sign_in_event WHERE user_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
        [event.userId, SIGN_IN_KEEP_PER_USER],
      );
    } else {
      await execute(db, `DELETE FROM sign_in_event WHERE user_id IS NULL AND at < now() - make_interval(days => $1)`, [SIGN_IN_KEEP_ANONYMOUS_DAYS]);
    }
  }

  /** Newest first; `before` is the id of the last row of the previous page. */
  async listSignIns(db: Queryable, userId: string, limit: number, before: string | null): Promise<SignInRow[]> {
    return many<SignInRow>(
      db,
      `SELECT id::text AS id, at, ip, user_agent, outcome FROM sign_in_event
        WHERE user_id = $1 AND ($2::bigint IS NULL OR sign_in_event.id < $2::bigint) ORDER BY sign_in_event.id DESC LIMIT $3`,
      [userId, before, limit],
    );
  }
}
