import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '../audit/audit.writer.js';
import type { AuditActor } from '../common/audit-actor.js';
import { AppException } from '../common/app-exception.js';
import { AppConfig } from '../config/app-config.js';
import { AuthException } from './auth.errors.js';
import { AuthRepository, type AccountRow, type ThrottleRule } from './auth.repository.js';
import { clientKeyOf } from './client-key.js';
import type { LoginResponseDto, MeDto } from './dto/auth.dto.js';
import { toMeDto } from './dto/auth.mapper.js';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type AccessTokenPayload } from './jwt.strategy.js';
import { PasswordHasher } from './password-hasher.js';
import { AccountException } from './account.errors.js';
import { AccountService } from './account.service.js';
import { AccountsRepository, type SignInOutcome } from './accounts.repository.js';
import type { TotpChallengeDto } from './dto/account.dto.js';
import { RateLimiter } from './rate-limit.js';

export interface IssuedSession {
  response: LoginResponseDto;
  refreshToken: string;
  refreshExpiresAt: Date;
}

type RefreshOutcome =
  | { kind: 'invalid' }
  | { kind: 'reuse'; userId: string; familyId: string }
  | { kind: 'ok'; account: AccountRow; familyId: string; token: string; expiresAt: Date };

/** The attempts a sign-in holds while its password is checked: one per throttle key, with the window each belongs to. */
interface ReservedAttempt {
  emailKey: string;
  accountWindow: string;
  clientKey: string;
  clientWindow: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** The audience of the sign-in's first-step token: never accepted as an access token (audience sidh-api). */
export const MFA_AUDIENCE = 'sidh-mfa';
export const MFA_TOKEN_TTL_SECONDS = 300;

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Per e-mail key, whatever the address. */
  private readonly accountRule: ThrottleRule;
  /** Per client address, whatever the account (credential stuffing). */
  private readonly clientRule: ThrottleRule;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly accounts: AuthRepository,
    private readonly audit: AuditWriter,
    private readonly passwords: PasswordHasher,
    private readonly signIns: AccountsRepository,
    private readonly limits: RateLimiter,
    private readonly accountService: AccountService,
  ) {
    this.accountRule = { maxFailures: config.LOGIN_MAX_FAILURES, windowSeconds: config.LOGIN_LOCK_MINUTES * 60 };
    this.clientRule = { maxFailures: config.LOGIN_IP_MAX_FAILURES, windowSeconds: config.LOGIN_IP_WINDOW_SECONDS };
  }

  /**
   * Same answer and same work (a hash is always verified) for unknown accounts and wrong
   * passwords. Before any hash is checked, the attempt is counted atomically against the e-mail
   * key (LOGIN_MAX_FAILURES per LOGIN_LOCK_MINUTES, whatever the address) and against the client
   * address (LOGIN_IP_MAX_FAILURES per LOGIN_IP_WINDOW_SECONDS, whatever the account): a burst of
   * parallel guesses gets at most that many checked, the rest 429 (a correct password included).
   * A correct password clears the account's count and gives the address its attempt back; a check
   * that could not run (503, hashing saturated) gives both back.
   */
  async login(email: string, password: string, actor: AuditActor, userAgent: string | null = null): Promise<IssuedSession | TotpChallengeDto> {
    const emailKey = email.trim().toLowerCase();
    let attempt: ReservedAttempt;
    try {
      attempt = await this.reserveAttempt(emailKey, clientKeyOf(actor.ip), actor);
    } catch (error) {
      if (error instanceof AuthException) {
        const known = await this.accounts.findAccountByEmail(this.dataSource.manager, emailKey);
        await this.recordAttempt(known?.id ?? null, actor, userAgent, error.scope === 'client' ? 'rate_limited' : 'locked');
      }
      throw error;
    }
    const account = await this.accounts.findAccountByEmail(this.dataSource.manager, emailKey);
    let ok: boolean;
    try {
      ok = await this.passwords.verify(account?.passwordHash ?? null, password);
    } catch (error) {
      // Not checked (hashing saturated): the attempt must not count. A failed release only costs the user an attempt.
      await this.releaseAttempt(attempt).catch((releaseError: unknown) =>
        this.logger.error({ event: 'authn_attempt_release_failed', err: releaseError instanceof Error ? releaseError.message.slice(0, 200) : 'unknown', requestId: actor.requestId }),
      );
      throw error;
    }
    if (!ok || !account || !account.active) {
      await this.dataSource.transaction(async (manager) => {
        await this.audit.append(manager, { ...actor, userId: null, role: null, institutionId: null }, {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: account?.id ?? null,
          changes: { email: emailKey },
        });
        await this.signIns.recordSignIn(manager, { userId: account?.id ?? null, ip: actor.ip, userAgent, outcome: ok && account ? 'inactive' : 'bad_password' });
      });
      this.logger.warn({ event: 'authn_login_fail', requestId: actor.requestId });
      throw AuthException.invalidCredentials();
    }
    if (account.totpEnabled) {
      // The password was right: its attempts are given back, and the second step has its own counters.
      await this.dataSource.transaction(async (manager) => {
        await this.accounts.clearFailures(manager, emailKey);
        await this.accounts.releaseAttempt(manager, attempt.clientKey, attempt.clientWindow, this.clientRule);
      });
      return this.totpChallenge(account.id);
    }
    return this.startSession(account, actor, userAgent, emailKey, attempt);
  }

  /**
   * The sign-in's second step: the token of the first (5 minutes, audience `sidh-mfa`, never
   * accepted as an access token) and a 6-digit code within ±1 step never used before, or an unused
   * recovery code. Counted per client (RATE_LIMIT_PUBLIC_MAX) and per account (LOGIN_MAX_FAILURES
   * wrong codes per LOGIN_LOCK_MINUTES, then 429). Wrong code: 400 auth.totp_invalid.
   */
  async loginTotp(mfaToken: string, code: string, actor: AuditActor, userAgent: string | null = null): Promise<IssuedSession> {
    await this.limits.takeClient('login_totp', actor);
    let userId: string;
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown; typ?: unknown }>(mfaToken, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: MFA_AUDIENCE,
        secret: this.config.JWT_SECRET,
      });
      if (payload.typ !== 'mfa' || typeof payload.sub !== 'string') throw new Error('not an mfa token');
      userId = payload.sub;
    } catch {
      throw AccountException.mfaTokenInvalid();
    }
    const key = `rl:totp:user:${userId}`;
    try {
      await this.limits.take(key, this.accountRule, actor);
    } catch (error) {
      await this.recordAttempt(userId, actor, userAgent, 'locked');
      throw error;
    }
    const account = await this.accounts.findActiveAccountById(this.dataSource.manager, userId);
    if (!account || !account.totpEnabled) throw AccountException.mfaTokenInvalid();
    const factor = await this.dataSource.transaction(async (manager) => {
      const used = await this.accountService.useSecondFactor(manager, userId, code);
      if (!used) {
        await this.audit.append(manager, { ...actor, userId: null, role: null, institutionId: null }, {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: userId,
          changes: { email: account.email, secondFactor: 'totp' },
        });
        await this.signIns.recordSignIn(manager, { userId, ip: actor.ip, userAgent, outcome: 'bad_totp' });
      }
      return used;
    });
    if (!factor) {
      this.logger.warn({ event: 'authn_login_fail', factor: 'totp', requestId: actor.requestId });
      throw AccountException.totpInvalid();
    }
    await this.limits.clear(key);
    return this.startSession(account, actor, userAgent, null, null, factor);
  }

  /** A new session (refresh family) after a complete sign-in, audited (`auth.login`, with the second factor used if any). */
  private async startSession(
    account: AccountRow,
    actor: AuditActor,
    userAgent: string | null,
    emailKey: string | null,
    attempt: ReservedAttempt | null,
    secondFactor?: 'totp' | 'recovery_code',
  ): Promise<IssuedSession> {
    const session = await this.dataSource.transaction(async (manager) => {
      if (emailKey) await this.accounts.clearFailures(manager, emailKey);
      if (attempt) await this.accounts.releaseAttempt(manager, attempt.clientKey, attempt.clientWindow, this.clientRule);
      const familyId = randomUUID();
      const familyExpiresAt = new Date(Date.now() + this.config.SESSION_MAX_HOURS * 3600_000);
      const issued = await this.issueRefreshToken(manager, account.id, familyId, familyExpiresAt);
      await this.accounts.recordSignIn(manager, account.id);
      await this.signIns.recordSignIn(manager, { userId: account.id, ip: actor.ip, userAgent, outcome: 'success' });
      await this.audit.append(manager, { ...actor, userId: account.id, role: account.role, institutionId: account.institutionId }, {
        action: 'auth.login',
        entityType: 'user',
        entityId: account.id,
        ...(secondFactor ? { changes: { secondFactor } } : {}),
      });
      return { familyId, ...issued };
    });
    this.logger.log({ event: 'authn_login_success', userId: account.id, requestId: actor.requestId });
    return this.sessionResponse(account, session.familyId, session.token, session.expiresAt);
  }

  private async totpChallenge(userId: string): Promise<TotpChallengeDto> {
    const mfaToken = await this.jwt.signAsync({ sub: userId, typ: 'mfa' }, {
      algorithm: JWT_ALGORITHM,
      expiresIn: MFA_TOKEN_TTL_SECONDS,
      issuer: JWT_ISSUER,
      audience: MFA_AUDIENCE,
      secret: this.config.JWT_SECRET,
    });
    return { totpRequired: true, mfaToken, expiresIn: MFA_TOKEN_TTL_SECONDS };
  }

  /** One line of the sign-in history, outside the refused request's work (a failure to write it is logged, never answered). */
  private async recordAttempt(userId: string | null, actor: AuditActor, userAgent: string | null, outcome: SignInOutcome): Promise<void> {
    await this.signIns.recordSignIn(this.dataSource.manager, { userId, ip: actor.ip, userAgent, outcome }).catch((error: unknown) =>
      this.logger.error({ event: 'sign_in_record_failed', err: error instanceof Error ? error.message.slice(0, 200) : 'unknown', requestId: actor.requestId }),
    );
  }

  /** Rotation with reuse detection: a refresh token works once; replaying a used one revokes its family. */
  async refresh(refreshToken: string | undefined, actor: AuditActor): Promise<IssuedSession> {
    await this.limits.takeClient('refresh', actor);
    if (!refreshToken || refreshToken.length > 200) throw AuthException.refreshInvalid();
    const tokenHash = sha256(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager): Promise<RefreshOutcome> => {
      const token = await this.accounts.lockRefreshToken(manager, tokenHash);
      if (!token || token.revokedAt) return { kind: 'invalid' };
      if (token.usedAt) {
        await this.accounts.revokeFamily(manager, token.userId, token.familyId);
        return { kind: 'reuse', userId: token.userId, familyId: token.familyId };
      }
      const now = Date.now();
      if (new Date(token.expiresAt).getTime() <= now || new Date(token.familyExpiresAt).getTime() <= now) return { kind: 'invalid' };
      const account = await this.accounts.findActiveAccountById(manager, token.userId);
      if (!account) return { kind: 'invalid' };
      await this.accounts.markRefreshTokenUsed(manager, token.userId, token.id);
      const issued = await this.issueRefreshToken(manager, account.id, token.familyId, new Date(token.familyExpiresAt));
      return { kind: 'ok', account, familyId: token.familyId, ...issued };
    });
    if (outcome.kind === 'reuse') {
      this.accounts.sessionEnded(outcome.userId, outcome.familyId);
      this.logger.warn({ event: 'authn_token_reuse', userId: outcome.userId, requestId: actor.requestId });
      throw AuthException.refreshInvalid();
    }
    if (outcome.kind === 'invalid') throw AuthException.refreshInvalid();
    return this.sessionResponse(outcome.account, outcome.familyId, outcome.token, outcome.expiresAt);
  }

  /** Ends this session at once: its refresh family is revoked, so its access tokens stop working too. */
  async logout(userId: string, sessionId: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.revokeUserFamily(manager, userId, sessionId);
      await this.audit.append(manager, actor, { action: 'auth.logout', entityType: 'user', entityId: userId });
    });
    this.accounts.sessionEnded(userId, sessionId);
  }

  async me(userId: string): Promise<MeDto> {
    const account = await this.accounts.findRequestAccount(userId);
    if (!account) throw AppException.unauthenticated();
    return toMeDto(account, this.accountService.isTotpRequired(account.role));
  }

  /**
   * Ends every session of a user at once, inside the caller's transaction (which audits why):
   * their access tokens are refused from now on and their refresh tokens are revoked.
   */
  async revokeAllSessions(manager: EntityManager, userId: string): Promise<void> {
    await this.accounts.invalidateAccessTokens(manager, userId);
    await this.accounts.revokeAllRefreshTokens(manager, userId);
  }

  /** Counts the attempt against the e-mail key, then the client key; 429 (nothing counted) when either is locked or full. */
  private reserveAttempt(emailKey: string, clientKey: string, actor: AuditActor): Promise<ReservedAttempt> {
    return this.dataSource.transaction(async (manager) => {
      const accountWindow = await this.accounts.reserveAttempt(manager, emailKey, this.accountRule);
      if (accountWindow === undefined) {
        this.logger.warn({ event: 'authn_login_fail_max', requestId: actor.requestId });
        throw AuthException.tooManyAttempts(await this.accounts.retryTime(manager, emailKey, this.accountRule));
      }
      const clientWindow = await this.accounts.reserveAttempt(manager, clientKey, this.clientRule);
      if (clientWindow === undefined) {
        this.logger.warn({ event: 'authn_login_fail_max', scope: 'client', requestId: actor.requestId });
        // Thrown inside the transaction: the account's attempt just taken is rolled back.
        throw AuthException.tooManyAttempts(await this.accounts.retryTime(manager, clientKey, this.clientRule), 'client');
      }
      return { emailKey, accountWindow, clientKey, clientWindow };
    });
  }

  /** Gives both attempts back (their password was never checked). */
  private async releaseAttempt(attempt: ReservedAttempt): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.releaseAttempt(manager, attempt.emailKey, attempt.accountWindow, this.accountRule);
      await this.accounts.releaseAttempt(manager, attempt.clientKey, attempt.clientWindow, this.clientRule);
    });
  }

  private async issueRefreshToken(manager: EntityManager, userId: string, familyId: string, familyExpiresAt: Date): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const idle = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_HOURS * 3600_000);
    const expiresAt = idle < familyExpiresAt ? idle : familyExpiresAt;
    await this.accounts.insertRefreshToken(manager, { tokenHash: sha256(token), familyId, userId, expiresAt, familyExpiresAt });
    return { token, expiresAt };
  }

  private async sessionResponse(account: AccountRow, familyId: string, refreshToken: string, refreshExpiresAt: Date): Promise<IssuedSession> {
    const payload: AccessTokenPayload = { sub: account.id, sid: familyId, typ: 'access', iat_ms: Date.now() };
    const accessToken = await this.jwt.signAsync(payload, {
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      secret: this.config.JWT_SECRET,
    });
    return { response: { accessToken, expiresIn: this.config.JWT_ACCESS_TTL_SECONDS, user: toMeDto(account, this.accountService.isTotpRequired(account.role)) }, refreshToken, refreshExpiresAt };
  }
}
