import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { permissionsOf, type Locale, type Role } from '@sidh/domain';
import { appendAuditEvent, type AuditActor } from '../audit/audit.writer.js';
import { AppException, ErrorCode } from '../common/app-exception.js';
import { AppConfig } from '../config/app-config.js';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type AccessTokenPayload } from './jwt.strategy.js';
import { verifyPassword } from './password.js';
import type { LoginResponseDto, MeDto } from './dto/auth.dto.js';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  active: boolean;
  password_hash: string | null;
  institution_id: string | null;
  inst_code: string | null;
  inst_name_ar: string | null;
  inst_name_fr: string | null;
  inst_name_en: string | null;
}

export interface IssuedSession {
  response: LoginResponseDto;
  refreshToken: string;
  refreshExpiresAt: Date;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const USER_SELECT = `SELECT u.id, u.email, u.name, u.role, u.locale, u.active, u.password_hash, u.institution_id,
    i.code AS inst_code, i.name_ar AS inst_name_ar, i.name_fr AS inst_name_fr, i.name_en AS inst_name_en
  FROM app_user u LEFT JOIN institution i ON i.id = u.institution_id`;

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Same answer and same work (a hash is always verified) for unknown accounts and wrong
   * passwords; failures are counted per e-mail key, not per IP, and lock the key for a while.
   */
  async login(email: string, password: string, actor: AuditActor): Promise<IssuedSession> {
    const emailKey = email.trim().toLowerCase();
    const [throttle] = await this.dataSource.query(`SELECT locked_until FROM login_throttle WHERE email_key = $1 AND locked_until > now()`, [emailKey]);
    if (throttle) {
      this.logger.warn({ event: 'authn_login_fail_max', requestId: actor.requestId });
      throw this.tooManyAttempts(new Date(throttle.locked_until));
    }
    const [user]: UserRow[] = await this.dataSource.query(`${USER_SELECT} WHERE u.email = $1`, [emailKey]);
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!ok || !user || !user.active) {
      await this.recordFailure(emailKey, user?.id ?? null, actor);
      this.logger.warn({ event: 'authn_login_fail', requestId: actor.requestId });
      throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.InvalidCredentials, 'Invalid e-mail or password');
    }
    const session = await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM login_throttle WHERE email_key = $1`, [emailKey]);
      const familyId = randomUUID();
      const familyExpiresAt = new Date(Date.now() + this.config.SESSION_MAX_HOURS * 3600_000);
      const issued = await this.issueRefreshToken(manager, user.id, familyId, familyExpiresAt);
      await appendAuditEvent(manager, { ...actor, userId: user.id, role: user.role, institutionId: user.institution_id }, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
      });
      return { familyId, ...issued };
    });
    this.logger.log({ event: 'authn_login_success', userId: user.id, requestId: actor.requestId });
    return this.sessionResponse(user, session.familyId, session.token, session.expiresAt);
  }

  /** Rotation with reuse detection: a refresh token works once; replaying a used one revokes its family. */
  async refresh(refreshToken: string | undefined, actor: AuditActor): Promise<IssuedSession> {
    if (!refreshToken || refreshToken.length > 200) throw this.refreshInvalid();
    const tokenHash = sha256(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT id, family_id, user_id, expires_at, family_expires_at, used_at, revoked_at FROM refresh_token WHERE token_hash = $1 FOR UPDATE`,
        [tokenHash],
      );
      if (!row || row.revoked_at) return { kind: 'invalid' as const };
      if (row.used_at) {
        await manager.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [row.family_id]);
        return { kind: 'reuse' as const, userId: row.user_id as string };
      }
      const now = Date.now();
      if (new Date(row.expires_at).getTime() <= now || new Date(row.family_expires_at).getTime() <= now) return { kind: 'invalid' as const };
      const [user]: UserRow[] = await manager.query(`${USER_SELECT} WHERE u.id = $1 AND u.active`, [row.user_id]);
      if (!user) return { kind: 'invalid' as const };
      await manager.query(`UPDATE refresh_token SET used_at = now() WHERE id = $1`, [row.id]);
      const issued = await this.issueRefreshToken(manager, user.id, row.family_id, new Date(row.family_expires_at));
      return { kind: 'ok' as const, user, familyId: row.family_id as string, ...issued };
    });
    if (outcome.kind === 'reuse') {
      this.logger.warn({ event: 'authn_token_reuse', userId: outcome.userId, requestId: actor.requestId });
      throw this.refreshInvalid();
    }
    if (outcome.kind === 'invalid') throw this.refreshInvalid();
    return this.sessionResponse(outcome.user, outcome.familyId, outcome.token, outcome.expiresAt);
  }

  /** Ends this session at once: its refresh family is revoked, so its access tokens stop working too. */
  async logout(userId: string, sessionId: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL`, [sessionId, userId]);
      await appendAuditEvent(manager, actor, { action: 'auth.logout', entityType: 'user', entityId: userId });
    });
  }

  async me(userId: string): Promise<MeDto> {
    const [user]: UserRow[] = await this.dataSource.query(`${USER_SELECT} WHERE u.id = $1`, [userId]);
    if (!user) throw AppException.unauthenticated();
    return toMe(user);
  }

  private async recordFailure(emailKey: string, userId: string | null, actor: AuditActor): Promise<void> {
    const windowMinutes = this.config.LOGIN_LOCK_MINUTES;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO login_throttle (email_key, failures, window_start, locked_until)
         VALUES ($1, 1, now(), CASE WHEN 1 >= $3 THEN now() + make_interval(mins => $2) ELSE NULL END)
         ON CONFLICT (email_key) DO UPDATE SET
           failures = CASE WHEN login_throttle.window_start < now() - make_interval(mins => $2) THEN 1 ELSE login_throttle.failures + 1 END,
           window_start = CASE WHEN login_throttle.window_start < now() - make_interval(mins => $2) THEN now() ELSE login_throttle.window_start END,
           locked_until = CASE WHEN (CASE WHEN login_throttle.window_start < now() - make_interval(mins => $2) THEN 1 ELSE login_throttle.failures + 1 END) >= $3
                               THEN now() + make_interval(mins => $2) ELSE NULL END`,
        [emailKey, windowMinutes, this.config.LOGIN_MAX_FAILURES],
      );
      await appendAuditEvent(manager, { ...actor, userId: null, role: null, institutionId: null }, {
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
    await manager.query(
      `INSERT INTO refresh_token (token_hash, family_id, user_id, expires_at, family_expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [sha256(token), familyId, userId, expiresAt, familyExpiresAt],
    );
    return { token, expiresAt };
  }

  private async sessionResponse(user: UserRow, familyId: string, refreshToken: string, refreshExpiresAt: Date): Promise<IssuedSession> {
    const payload: AccessTokenPayload = { sub: user.id, sid: familyId, typ: 'access', iat_ms: Date.now() };
    const accessToken = await this.jwt.signAsync(payload, {
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      secret: this.config.JWT_SECRET,
    });
    return { response: { accessToken, expiresIn: this.config.JWT_ACCESS_TTL_SECONDS, user: toMe(user) }, refreshToken, refreshExpiresAt };
  }

  private tooManyAttempts(until: Date): AppException {
    return new AppException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.TooManyAttempts, 'Too many failed attempts; try again later', {
      retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)),
    });
  }

  private refreshInvalid(): AppException {
    return new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.RefreshInvalid, 'The session has ended; please sign in again');
  }
}

function toMe(user: UserRow): MeDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    institution: user.institution_id
      ? { id: user.institution_id, code: user.inst_code!, nameAr: user.inst_name_ar!, nameFr: user.inst_name_fr!, nameEn: user.inst_name_en! }
      : null,
    permissions: [...permissionsOf(user.role)],
  };
}
