import { Injectable, Logger } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { isInstitutionScoped } from '@sidh/domain';
import { AppConfig } from '../config/app-config.js';
import type { AuthUser } from '../common/auth-user.js';
import { totpRequiredRoles } from './account.service.js';
import { UnavailableException } from './auth.errors.js';
import { AuthRepository, type SessionRow } from './auth.repository.js';

export const JWT_ISSUER = 'sidh';
export const JWT_AUDIENCE = 'sidh-api';
export const JWT_ALGORITHM = 'HS256';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AccessTokenPayload {
  sub: string;
  sid: string;
  typ: 'access';
  /** Issue time in milliseconds: compared with the user's tokens_valid_after. */
  iat_ms: number;
}

/**
 * Verifies the access token (HS256 only, issuer and audience checked, expiry enforced), then
 * re-reads the user and the session from the database: a disabled user, a changed role or
 * institution, or a logged-out session takes effect on the next request. The read may be answered
 * from memory: on a server by the SessionCache, which every instance's listener invalidates on each
 * committed change (PostgreSQL NOTIFY) and which serves nothing while its listener is down; on the
 * embedded engine, while another holder has its one connection, by the SessionMemo. Neither misses a
 * write of the user's sessions.
 *
 * Two different refusals: a token that is invalid, or whose user or session is no longer valid,
 * is `false` (401, sign in again); a user and session that could not be read (database
 * unreachable) is a 503 `UnavailableException` (try again): a lost connection signs nobody out.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly logger = new Logger(JwtStrategy.name);
  private readonly totpRequired: ReadonlySet<string>;

  constructor(
    config: AppConfig,
    private readonly sessions: AuthRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken tries it as a PEM public key first
      // (createPublicKey, which throws) on every verification — the largest single cost of a cached
      // request before this. Same key, same HS256-only check (a secret key is refused for RS/ES/PS).
      // passport-jwt hands it to jsonwebtoken.verify untouched; its types only list string | Buffer.
      secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
      // jsonwebtoken only checks `exp` when it is present: maxAge (from `iat`) bounds tokens without one.
      jsonWebTokenOptions: { clockTolerance: 5, maxAge: config.JWT_ACCESS_TTL_SECONDS },
    });
    this.totpRequired = totpRequiredRoles(config);
  }

  async validate(payload: AccessTokenPayload & { exp?: unknown; iat?: unknown }): Promise<AuthUser | false> {
    if (typeof payload?.exp !== 'number' || typeof payload.iat !== 'number') return false;
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.iat_ms !== 'number') return false;
    // Ids we never issued are invalid credentials, not a query to fail.
    if (!UUID.test(payload.sub) || !UUID.test(payload.sid)) return false;
    let row: SessionRow | undefined;
    try {
      row = await this.sessions.findRequestSession(payload.sub, payload.sid);
    } catch (error) {
      this.logger.warn({ event: 'authn_session_check_failed', code: (error as { code?: unknown } | null)?.code, type: error instanceof Error ? error.constructor.name : typeof error });
      throw UnavailableException.sessionCheckFailed();
    }
    if (!row || !row.sessionOpen) return false;
    if (payload.iat_ms <= new Date(row.tokensValidAfter).getTime()) return false;
    // A focal point or validator without an institution cannot be scoped: refused, never widened.
    if (isInstitutionScoped(row.role) && !row.institutionId) return false;
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      institutionId: row.institutionId,
      locale: row.locale,
      sessionId: payload.sid,
      ...(this.totpRequired.has(row.role) && !row.totpEnabled ? { totpEnrolmentRequired: true } : {}),
    };
  }
}
