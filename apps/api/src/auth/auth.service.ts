import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '../audit/audit.writer.js';
import type { AuditActor } from '../common/audit-actor.js';
import { AppException } from '../common/app-exception.js';
import { AppConfig } from '../config/app-config.js';
import { AuthException } from './auth.errors.js';
import { AuthRepository, type AccountRow } from './auth.repository.js';
import type { LoginResponseDto, MeDto } from './dto/auth.dto.js';
import { toMeDto } from './dto/auth.mapper.js';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type AccessTokenPayload } from './jwt.strategy.js';
import { verifyPassword } from './password.js';

export interface IssuedSession {
  response: LoginResponseDto;
  refreshToken: string;
  refreshExpiresAt: Date;
}

type RefreshOutcome =
  | { kind: 'invalid' }
  | { kind: 'reuse'; userId: string }
  | { kind: 'ok'; account: AccountRow; familyId: string; token: string; expiresAt: Date };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly accounts: AuthRepository,
    private readonly audit: AuditWriter,
  ) {}

  /**
   * Same answer and same work (a hash is always verified) for unknown accounts and wrong
   * passwords; failures are counted per e-mail key, not per IP, and lock the key for a while.
   */
  async login(email: string, password: string, actor: AuditActor): Promise<IssuedSession> {
    const emailKey = email.trim().toLowerCase();
    const lockedUntil = await this.accounts.findLock(this.dataSource.manager, emailKey);
    if (lockedUntil) {
      this.logger.warn({ event: 'authn_login_fail_max', requestId: actor.requestId });
      throw AuthException.tooManyAttempts(lockedUntil);
    }
    const account = await this.accounts.findAccountByEmail(this.dataSource.manager, emailKey);
    const ok = await verifyPassword(account?.passwordHash ?? null, password);
    if (!ok || !account || !account.active) {
      await this.recordFailure(emailKey, account?.id ?? null, actor);
      this.logger.warn({ event: 'authn_login_fail', requestId: actor.requestId });
      throw AuthException.invalidCredentials();
    }
    const session = await this.dataSource.transaction(async (manager) => {
      await this.accounts.clearFailures(manager, emailKey);
      const familyId = randomUUID();
      const familyExpiresAt = new Date(Date.now() + this.config.SESSION_MAX_HOURS * 3600_000);
      const issued = await this.issueRefreshToken(manager, account.id, familyId, familyExpiresAt);
      await this.audit.append(manager, { ...actor, userId: account.id, role: account.role, institutionId: account.institutionId }, {
        action: 'auth.login',
        entityType: 'user',
        entityId: account.id,
      });
      return { familyId, ...issued };
    });
    this.logger.log({ event: 'authn_login_success', userId: account.id, requestId: actor.requestId });
    return this.sessionResponse(account, session.familyId, session.token, session.expiresAt);
  }

  /** Rotation with reuse detection: a refresh token works once; replaying a used one revokes its family. */
  async refresh(refreshToken: string | undefined, actor: AuditActor): Promise<IssuedSession> {
    if (!refreshToken || refreshToken.length > 200) throw AuthException.refreshInvalid();
    const tokenHash = sha256(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager): Promise<RefreshOutcome> => {
      const token = await this.accounts.lockRefreshToken(manager, tokenHash);
      if (!token || token.revokedAt) return { kind: 'invalid' };
      if (token.usedAt) {
        await this.accounts.revokeFamily(manager, token.familyId);
        return { kind: 'reuse', userId: token.userId };
      }
      const now = Date.now();
      if (new Date(token.expiresAt).getTime() <= now || new Date(token.familyExpiresAt).getTime() <= now) return { kind: 'invalid' };
      const account = await this.accounts.findActiveAccountById(manager, token.userId);
      if (!account) return { kind: 'invalid' };
      await this.accounts.markRefreshTokenUsed(manager, token.id);
      const issued = await this.issueRefreshToken(manager, account.id, token.familyId, new Date(token.familyExpiresAt));
      return { kind: 'ok', account, familyId: token.familyId, ...issued };
    });
    if (outcome.kind === 'reuse') {
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
  }

  async me(userId: string): Promise<MeDto> {
    const account = await this.accounts.findAccountById(this.dataSource.manager, userId);
    if (!account) throw AppException.unauthenticated();
    return toMeDto(account);
  }

  /**
   * Ends every session of a user at once, inside the caller's transaction (which audits why):
   * their access tokens are refused from now on and their refresh tokens are revoked.
   */
  async revokeAllSessions(manager: EntityManager, userId: string): Promise<void> {
    await this.accounts.invalidateAccessTokens(manager, userId);
    await this.accounts.revokeAllRefreshTokens(manager, userId);
  }

  private async recordFailure(emailKey: string, userId: string | null, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.recordFailure(manager, emailKey, this.config.LOGIN_LOCK_MINUTES, this.config.LOGIN_MAX_FAILURES);
      await this.audit.append(manager, { ...actor, userId: null, role: null, institutionId: null }, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: userId,
        changes: { email: emailKey },
      });
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
    return { response: { accessToken, expiresIn: this.config.JWT_ACCESS_TTL_SECONDS, user: toMeDto(account) }, refreshToken, refreshExpiresAt };
  }
}
