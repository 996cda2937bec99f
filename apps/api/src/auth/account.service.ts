import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canManageRole, type Role } from '@sidh/domain';
import { AuditWriter } from '../audit/audit.writer.js';
import type { AuditActor } from '../common/audit-actor.js';
import { AppException } from '../common/app-exception.js';
import type { AuthUser } from '../common/auth-user.js';
import { AppConfig } from '../config/app-config.js';
import type { Queryable } from '../database/sql.js';
import { MailService } from '../modules/mail/mail.service.js';
import { AccountException } from './account.errors.js';
import { AccountsRepository } from './accounts.repository.js';
import { AuthRepository, type ThrottleRule } from './auth.repository.js';
import type { AccountSecurityDto, RecoveryCodesDto, SignInPageDto, TotpEnrolmentDto } from './dto/account.dto.js';
import { toSignInPageDto } from './dto/account.mapper.js';
import { PasswordHasher } from './password-hasher.js';
import { assertAcceptablePassword } from './password-policy.js';
import { RateLimiter } from './rate-limit.js';
import { hashRecoveryCode, isRecoveryCodeShape, newRecoveryCodes, newTotpSecret, totpQrSvg, totpStepOf, totpUri, TotpSecretBox } from './totp.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** A reset link is valid for one hour. */
export const PASSWORD_RESET_TTL_MS = 3600_000;

/** The roles of AUTH_TOTP_REQUIRED_ROLES (`none`: nobody). */
export function totpRequiredRoles(config: AppConfig): ReadonlySet<string> {
  return new Set(config.AUTH_TOTP_REQUIRED_ROLES === 'none' ? [] : config.AUTH_TOTP_REQUIRED_ROLES.split(',').map((r) => r.trim()).filter(Boolean));
}

/**
 * The signed-in user's own account (password change, TOTP enrolment and removal, sign-in
 * history), the forgotten-password flow, and the administrator's lost-device reset. Every write
 * is audited in its transaction; every change of credentials ends sessions (see each method).
 */
@Injectable()
export class AccountService {
  private readonly logger = new Logger(AccountService.name);
  private readonly box: TotpSecretBox;
  private readonly required: ReadonlySet<string>;
  private readonly passwordRule: ThrottleRule;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly sessions: AuthRepository,
    private readonly audit: AuditWriter,
    private readonly passwords: PasswordHasher,
    private readonly limits: RateLimiter,
    private readonly mail: MailService,
  ) {
    this.box = new TotpSecretBox(config.JWT_SECRET);
    this.required = totpRequiredRoles(config);
    this.passwordRule = { maxFailures: config.LOGIN_MAX_FAILURES, windowSeconds: config.LOGIN_LOCK_MINUTES * 60 };
  }

  isTotpRequired(role: Role): boolean {
    return this.required.has(role);
  }

  get secretBox(): TotpSecretBox {
    return this.box;
  }

  async security(user: AuthUser): Promise<AccountSecurityDto> {
    const totp = await this.accounts.findTotp(this.dataSource.manager, user.id);
    const enabled = !!totp?.enabledAt;
    return { totpEnabled: enabled, totpRequired: this.isTotpRequired(user.role), recoveryCodesLeft: enabled ? await this.accounts.countUnusedRecoveryCodes(this.dataSource.manager, user.id) : 0 };
  }

  // --- password change --------------------------------------------------------------------------

  /**
   * The current password is checked (wrong: 400 auth.current_password_invalid; LOGIN_MAX_FAILURES
   * wrong ones per LOGIN_LOCK_MINUTES: 429), the new one against the policy; then, in one audited
   * transaction, the password changes and every OTHER session of the user ends (their refresh
   * families are revoked, so their access tokens are refused on the next request). This session stays.
   */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string, actor: AuditActor): Promise<void> {
    assertAcceptablePassword(newPassword, 'newPassword');
    const key = `rl:password_change:user:${user.id}`;
    await this.limits.take(key, this.passwordRule, actor);
    const hash = await this.accounts.findPasswordHash(this.dataSource.manager, user.id);
    if (!(await this.passwords.verify(hash, currentPassword))) throw AccountException.currentPasswordInvalid();
    await this.limits.clear(key);
    const newHash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.setPasswordHash(manager, user.id, newHash);
      await this.sessions.revokeOtherFamilies(manager, user.id, user.sessionId);
      await this.audit.append(manager, actor, { action: 'auth.password_change', entityType: 'user', entityId: user.id, changes: { otherSessionsEnded: true } });
    });
  }

  // --- forgotten password -----------------------------------------------------------------------

  /**
   * Always the same answer, at once: the client's request is counted (429 beyond the limit), then
   * the work (find the account, store the token's SHA-256, queue the mail) runs after the answer,
   * so neither the body nor the time tells whether the account exists. At most
   * PASSWORD_RESET_PER_ACCOUNT_HOUR mails per account per hour.
   */
  async requestPasswordReset(email: string, actor: AuditActor): Promise<void> {
    await this.limits.takeClient('password_reset', actor);
    const emailKey = email.trim().toLowerCase();
    setImmediate(() => {
      this.sendPasswordReset(emailKey, actor).catch((error: unknown) =>
        this.logger.error({ event: 'password_reset_mail_failed', err: error instanceof Error ? error.message.slice(0, 200) : 'unknown', requestId: actor.requestId }),
      );
    });
  }

  /** The work behind `requestPasswordReset` (exported for tests through the service). */
  async sendPasswordReset(emailKey: string, actor: AuditActor): Promise<boolean> {
    const token = randomBytes(32).toString('base64url');
    const sent = await this.dataSource.transaction(async (manager) => {
      const user = await this.accounts.findActiveByEmail(manager, emailKey);
      if (!user) return false;
      if ((await this.accounts.countRecentResetTokens(manager, user.id)) >= this.config.PASSWORD_RESET_PER_ACCOUNT_HOUR) return false;
      const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
      await this.accounts.insertResetToken(manager, user.id, sha256(token), expiresAt);
      await this.audit.append(manager, { ...actor, userId: null, role: null, institutionId: null }, { action: 'auth.password_reset_request', entityType: 'user', entityId: user.id });
      await this.mail.enqueue(manager, { email: emailKey, locale: user.locale }, 'password.reset', {
        name: user.name,
        expires: expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
        link: `${this.config.APP_PUBLIC_URL}/password-reset#token=${token}`,
      });
      return true;
    });
    if (sent) this.mail.flushSoon();
    return sent;
  }

  /**
   * Single use: the token is checked before the password is hashed (400 auth.reset_token_invalid
   * for an unknown, used or expired one), then claimed by a conditional UPDATE in the transaction
   * that sets the password, ends every session of the user and writes the audit event. Two-factor
   * sign-in is not touched: the next sign-in still asks for the code.
   */
  async confirmPasswordReset(token: string, password: string, actor: AuditActor): Promise<void> {
    await this.limits.takeClient('password_reset_confirm', actor);
    const tokenHash = sha256(token);
    if (!(await this.accounts.isResetTokenOpen(this.dataSource.manager, tokenHash))) throw AccountException.resetTokenInvalid();
    assertAcceptablePassword(password);
    const passwordHash = await this.passwords.hash(password);
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.accounts.claimResetToken(manager, tokenHash);
      if (!userId) throw AccountException.resetTokenInvalid();
      await this.accounts.setPasswordHash(manager, userId, passwordHash);
      await this.sessions.invalidateAccessTokens(manager, userId);
      await this.sessions.revokeAllRefreshTokens(manager, userId);
      await this.audit.append(manager, { ...actor, userId: null, role: null, institutionId: null }, {
        action: 'auth.password_reset',
        entityType: 'user',
        entityId: userId,
        changes: { sessionsEnded: true },
      });
    });
  }

  // --- TOTP -------------------------------------------------------------------------------------

  /** A new secret (replacing one not confirmed yet); 409 auth.totp_state when TOTP is on. Audited. */
  async enrolTotp(user: AuthUser, actor: AuditActor): Promise<TotpEnrolmentDto> {
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.accounts.upsertPendingTotp(manager, user.id, this.box.seal(secret)))) throw AccountException.totpState();
      await this.audit.append(manager, actor, { action: 'auth.totp_enrol', entityType: 'user', entityId: user.id });
    });
    const uri = totpUri(secret, user.email);
    return { uri, secret, qrSvg: await totpQrSvg(uri) };
  }

  /** The first code turns TOTP on (its time step is used up) and returns ten recovery codes, stored hashed, shown once. */
  async confirmTotp(user: AuthUser, code: string, actor: AuditActor): Promise<RecoveryCodesDto> {
    const totp = await this.accounts.findTotp(this.dataSource.manager, user.id);
    if (!totp || totp.enabledAt) throw AccountException.totpState();
    const secret = this.box.open(totp.secretEnc);
    const step = secret ? totpStepOf(secret, code) : null;
    if (step === null) throw AccountException.totpInvalid();
    const codes = newRecoveryCodes();
    this.sessions.userChanging(user.id);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.accounts.useTotpStep(manager, user.id, step, true))) throw AccountException.totpInvalid();
      await this.accounts.replaceRecoveryCodes(manager, user.id, codes.map(hashRecoveryCode));
      await this.audit.append(manager, actor, { action: 'auth.totp_enable', entityType: 'user', entityId: user.id, changes: { recoveryCodes: codes.length } });
    });
    return { recoveryCodes: codes };
  }

  /**
   * Checks a code for a user whose TOTP is on, atomically: a 6-digit code within ±1 step whose
   * step is later than the last one used, or an unused recovery code. True once per code.
   */
  async useSecondFactor(db: Queryable, userId: string, code: string): Promise<'totp' | 'recovery_code' | null> {
    const totp = await this.accounts.findTotp(db, userId);
    if (!totp?.enabledAt) return null;
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const secret = this.box.open(totp.secretEnc);
      const step = secret ? totpStepOf(secret, trimmed) : null;
      return step !== null && (await this.accounts.useTotpStep(db, userId, step, false)) ? 'totp' : null;
    }
    if (isRecoveryCodeShape(trimmed) && (await this.accounts.useRecoveryCode(db, userId, hashRecoveryCode(trimmed)))) return 'recovery_code';
    return null;
  }

  /** The user's password and a code (or recovery code): TOTP off, recovery codes gone. Refused (409) when the role requires it. */
  async disableTotp(user: AuthUser, password: string, code: string, actor: AuditActor): Promise<void> {
    if (this.isTotpRequired(user.role)) throw AccountException.totpState();
    const key = `rl:password_change:user:${user.id}`;
    await this.limits.take(key, this.passwordRule, actor);
    const hash = await this.accounts.findPasswordHash(this.dataSource.manager, user.id);
    if (!(await this.passwords.verify(hash, password))) throw AccountException.currentPasswordInvalid();
    await this.limits.clear(key);
    this.sessions.userChanging(user.id);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.useSecondFactor(manager, user.id, code))) throw AccountException.totpInvalid();
      await this.accounts.deleteTotp(manager, user.id);
      await this.audit.append(manager, actor, { action: 'auth.totp_disable', entityType: 'user', entityId: user.id });
    });
  }

  /** Lost device: an administrator removes the user's TOTP and recovery codes, and every session of the user ends. Audited. */
  async resetTotp(userId: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.accounts.userExists(manager, userId))) throw AppException.notFound('User');
      const had = await this.accounts.deleteTotp(manager, userId);
      await this.sessions.invalidateAccessTokens(manager, userId);
      await this.sessions.revokeAllRefreshTokens(manager, userId);
      await this.audit.append(manager, actor, { action: 'auth.totp_reset', entityType: 'user', entityId: userId, changes: { totpEnabled: { before: had, after: false }, sessionsEnded: true } });
    });
  }

  // --- sign-in history --------------------------------------------------------------------------

  /**
   * A user's sign-ins, newest first. `caller` (another user's history): the target must exist (404)
   * and be an account the caller manages (`canManageRole`: the administrator any, the coordinator
   * focal points and validators), else 403.
   */
  async signIns(userId: string, limit = 20, cursor: string | null = null, caller?: AuthUser): Promise<SignInPageDto> {
    if (caller) {
      const role = await this.accounts.roleOf(this.dataSource.manager, userId);
      if (!role) throw AppException.notFound('User');
      if (!canManageRole(caller.role, role)) throw AppException.forbidden();
    }
    const rows = await this.accounts.listSignIns(this.dataSource.manager, userId, limit + 1, cursor);
    return toSignInPageDto(rows, limit);
  }
}
