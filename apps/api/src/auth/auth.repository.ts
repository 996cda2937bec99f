import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Locale, Role } from '@sidh/domain';
import { execute, maybeOne, type Queryable } from '../database/sql.js';
import { SessionListener, type SessionCache } from './session-cache.js';
import { ATTRIBUTED_WRITE, SessionMemo } from './session-memo.js';

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
  /** Two-factor sign-in (TOTP) is on. */
  totpEnabled: boolean;
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
  /** Two-factor sign-in (TOTP) is on: a role that requires it is limited to enrolling until then. */
  totpEnabled: boolean;
}

/** How many failed attempts a throttle key may have per window; reaching it locks the key for one window. */
export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
}

/** A throttle window's identity: its start in microseconds (a JS Date would lose the microseconds). */
const WINDOW_ID = `(extract(epoch FROM window_start) * 1000000)::bigint`;

const ACCOUNT_SELECT = `SELECT u.id, u.email, u.name, u.role, u.locale, u.active, u.password_hash, u.institution_id,
    i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en,
    EXISTS (SELECT 1 FROM user_totp z WHERE z.user_id = u.id AND z.enabled_at IS NOT NULL) AS totp_enabled
  FROM app_user u LEFT JOIN institution i ON i.id = u.institution_id`;

const SESSION_KEY = (sessionId: string) => `session:${sessionId}`;
const ACCOUNT_KEY = 'account';

/**
 * Credentials, login throttling and sessions (refresh-token families, `tokens_valid_after`): the
 * only SQL of sign-in. Methods take the caller's `db` (the DataSource's manager or a transaction's),
 * except the two reads of every request (`findRequestSession`, `findRequestAccount`), which run
 * on the DataSource's pool. The session read may be answered from memory: on a server by the
 * SessionCache (session-cache.ts: invalidated by PostgreSQL notifications from every instance, and at
 * once by this instance's own writes), on the embedded engine by the SessionMemo (both reads). Every
 * write of app_user or refresh_token here tells the memo first (`forget`).
 */
@Injectable()
export class AuthRepository {
  /** Null on a server. */
  private readonly memo: SessionMemo | null;
  /** Null on the embedded engine. */
  private readonly cache: SessionCache | null;

  constructor(
    private readonly dataSource: DataSource,
    listener: SessionListener,
  ) {
    this.memo = SessionMemo.forDataSource(dataSource);
    this.cache = listener.cache;
  }

  /** Reads answered from memory so far (the load benchmark prints it): by the memo (embedded) or the cache (server). */
  get memoServed(): number {
    return this.memo?.served ?? this.cache?.hits ?? 0;
  }

  // --- the reads of every request --------------------------------------------------------------

  /** The guard's read (`findSession`), outside any transaction. */
  findRequestSession(userId: string, sessionId: string): Promise<SessionRow | undefined> {
    const load = () => this.findSession(this.dataSource.manager, userId, sessionId);
    if (this.memo) return this.memo.read(userId, SESSION_KEY(sessionId), load);
    return this.cache ? this.cache.read(userId, sessionId, load) : load();
  }

  /** /auth/me's read (`findAccountById`, without the password hash), outside any transaction. */
  findRequestAccount(userId: string): Promise<AccountRow | undefined> {
    const load = async () => {
      const row = await this.findAccountById(this.dataSource.manager, userId);
      return row && { ...row, passwordHash: null };
    };
    return this.memo ? this.memo.read(userId, ACCOUNT_KEY, load) : load();
  }

  /** Before a write elsewhere that changes what the guard reads of the user (TOTP on or off): the memo forgets the user's rows. */
  userChanging(userId: string): void {
    this.memo?.forget(userId);
  }

  /** After a session's end has committed (logout, reuse of a rotated token): its access tokens are refused at once, from memory too. */
  sessionEnded(userId: string, sessionId: string): void {
    this.memo?.remember(userId, SESSION_KEY(sessionId), undefined);
  }

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
              EXISTS (SELECT 1 FROM refresh_token t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_open,
              EXISTS (SELECT 1 FROM user_totp z WHERE z.user_id = u.id AND z.enabled_at IS NOT NULL) AS totp_enabled
         FROM app_user u WHERE u.id = $1 AND u.active`,
      [userId, sessionId],
    );
  }

  /** The account's last successful sign-in, shown and filtered in user administration (the login's audit event covers the row). */
  async recordSignIn(db: Queryable, userId: string): Promise<void> {
    this.memo?.forget(userId);
    await execute(db, `${ATTRIBUTED_WRITE}UPDATE app_user SET last_sign_in_at = now() WHERE id = $1`, [userId]);
  }

  /** Access tokens issued before now (the transaction's time) are refused from now on. */
  async invalidateAccessTokens(db: Queryable, userId: string): Promise<void> {
    this.memo?.forget(userId);
    await execute(db, `${ATTRIBUTED_WRITE}UPDATE app_user SET tokens_valid_after = now() WHERE id = $1`, [userId]);
  }

  // --- login throttling -----------------------------------------------------------------------

  /**
   * Takes one attempt of `key` (an e-mail key, or a client key `ip:…`) before the password is
   * checked, in one atomic statement: concurrent attempts serialise on the key's row, so at most
   * `maxFailures` attempts per window are ever let through. Returns the window's id (to give the
   * attempt back with `releaseAttempt`), or undefined when the key is locked or its window is full.
   *
   * The count starts at the first attempt of a window of `windowSeconds`; the attempt that brings it
   * to `maxFailures` locks the key for `windowSeconds` (so `maxFailures` 1 locks at once). A correct
   * password then clears or releases the count; a wrong one leaves its attempt counted.
   */
  async reserveAttempt(db: Queryable, key: string, rule: ThrottleRule): Promise<string | undefined> {
    const expired = `t.window_start < now() - make_interval(secs => $3::float8)`;
    const row = await maybeOne<{ windowId: string }>(
      db,
      `INSERT INTO login_throttle AS t (email_key, failures, window_start, locked_until)
       VALUES ($1, 1, now(), CASE WHEN 1 >= $2::int THEN now() + make_interval(secs => $3::float8) END)
       ON CONFLICT (email_key) DO UPDATE SET
         failures = CASE WHEN ${expired} THEN 1 ELSE t.failures + 1 END,
         window_start = CASE WHEN ${expired} THEN now() ELSE t.window_start END,
         locked_until = CASE WHEN (CASE WHEN ${expired} THEN 1 ELSE t.failures + 1 END) >= $2::int THEN now() + make_interval(secs => $3::float8) END
       WHERE (t.locked_until IS NULL OR t.locked_until <= now()) AND (${expired} OR t.failures < $2::int)
       RETURNING ${WINDOW_ID} AS window_id`,
      [key, rule.maxFailures, rule.windowSeconds],
    );
    return row?.windowId;
  }

  /** When a refused key may try again: the end of its lock, else of its window (at least a second from now). */
  async retryTime(db: Queryable, key: string, rule: ThrottleRule): Promise<Date> {
    const row = await maybeOne<{ until: Date | null }>(
      db,
      `SELECT GREATEST(locked_until, window_start + make_interval(secs => $2::float8), now() + interval '1 second') AS until FROM login_throttle WHERE email_key = $1`,
      [key, rule.windowSeconds],
    );
    return row?.until ? new Date(row.until) : new Date(Date.now() + 1000);
  }

  /**
   * Gives back an attempt taken by `reserveAttempt` that did not fail (a correct password for a
   * client key, or a check that could not run): the count goes down and a lock it set is lifted.
   * Nothing happens when the key's window has changed since (the attempt belonged to the old one).
   */
  async releaseAttempt(db: Queryable, key: string, windowId: string, rule: ThrottleRule): Promise<void> {
    await execute(
      db,
      `UPDATE login_throttle SET failures = failures - 1, locked_until = CASE WHEN failures - 1 < $3::int THEN NULL ELSE locked_until END
        WHERE email_key = $1 AND ${WINDOW_ID} = $2::bigint AND failures > 0`,
      [key, windowId, rule.maxFailures],
    );
  }

  async clearFailures(db: Queryable, emailKey: string): Promise<void> {
    await execute(db, `DELETE FROM login_throttle WHERE email_key = $1`, [emailKey]);
  }

  // --- refresh tokens -------------------------------------------------------------------------

  async insertRefreshToken(db: Queryable, token: NewRefreshToken): Promise<void> {
    this.memo?.forget(token.userId);
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

  async markRefreshTokenUsed(db: Queryable, userId: string, id: string): Promise<void> {
    this.memo?.forget(userId);
    await execute(db, `UPDATE refresh_token SET used_at = now() WHERE id = $1`, [id]);
  }

  /** Ends a whole session (reuse of a rotated token). */
  async revokeFamily(db: Queryable, userId: string, familyId: string): Promise<void> {
    this.memo?.forget(userId);
    await execute(db, `UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
  }

  /** Ends one session of one user (logout). */
  async revokeUserFamily(db: Queryable, userId: string, familyId: string): Promise<void> {
    this.memo?.forget(userId);
    await execute(db, `UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL`, [familyId, userId]);
  }

  /** Ends every session of a user but one (a password change keeps the session that made it). */
  async revokeOtherFamilies(db: Queryable, userId: string, keepFamilyId: string): Promise<void> {
    this.memo?.forget(userId);
    await execute(db, `UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND family_id <> $2 AND revoked_at IS NULL`, [userId, keepFamilyId]);
  }

  /** Ends every session of a user. */
  async revokeAllRefreshTokens(db: Queryable, userId: string): Promise<void> {
    this.memo?.forget(userId);
    await execute(db, `UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
