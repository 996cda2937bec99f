import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Locale } from '@sidh/domain';
import { AuditWriter } from '../../audit/audit.writer.js';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { assertAcceptablePassword } from '../../auth/password-policy.js';
import { RateLimiter } from '../../auth/rate-limit.js';
import type { AuditActor } from '../../common/audit-actor.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { AppConfig } from '../../config/app-config.js';
import { requireInvitableAddress } from '../institutions/institution-rules.js';
import { MailService } from '../mail/mail.service.js';
import type { AcceptedInvitationDto, AcceptInvitationDto, CreateInvitationDto, InvitationDto, InvitationQueryDto, OpenInvitationDto } from './dto/invitation.dto.js';
import { toInvitationDto, toOpenInvitationDto } from './dto/invitation.mapper.js';
import { InvitationClosedException, InvitationInvalidException } from './invitations.errors.js';
import { InvitationsRepository, type InvitingInstitutionRow } from './invitations.repository.js';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

const institutionName = (institution: InvitingInstitutionRow, locale: Locale): string =>
  locale === 'ar' ? institution.nameAr : locale === 'en' ? institution.nameEn : institution.nameFr;

@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly audit: AuditWriter,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly passwords: PasswordHasher,
    private readonly limits: RateLimiter,
  ) {}

  /** Stores only the token's SHA-256; the token itself exists only in the mail. */
  async invite(input: CreateInvitationDto, user: AuthUser, actor: AuditActor): Promise<InvitationDto> {
    const email = input.email.trim().toLowerCase();
    const token = randomBytes(32).toString('base64url');
    const result = await this.dataSource.transaction(async (manager) => {
      const institution = await this.invitations.findInstitution(manager, input.institutionId);
      if (!institution) throw AppException.validation({ institutionId: 'validation.unknownCode' });
      await requireInvitableAddress(manager, input.institutionId, email);
      if (await this.invitations.accountExists(manager, email)) throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'An account with this e-mail exists');
      const expiresAt = new Date(Date.now() + this.config.INVITATION_TTL_HOURS * 3600_000);
      const locale = input.locale ?? 'fr';
      const invitation = await this.invitations.insert(manager, {
        email,
        name: input.name,
        role: input.role,
        focalPointKind: input.role === 'focal_point' ? (input.focalPointKind ?? 'main') : null,
        locale,
        institutionId: input.institutionId,
        tokenHash: sha256(token),
        expiresAt,
        invitedById: user.id,
      });
      await this.audit.append(manager, actor, {
        action: 'invitation.create',
        entityType: 'invitation',
        entityId: invitation.id,
        changes: { email, name: input.name, role: input.role, institutionId: input.institutionId },
      });
      await this.mailInvitation(manager, { email, name: input.name, locale, expiresAt }, token, user, institution);
      return toInvitationDto(invitation);
    });
    this.mail.flushSoon();
    return result;
  }

  /** Invitations neither accepted nor revoked (pending or expired), newest first. */
  async listOpen(query: InvitationQueryDto): Promise<OpenInvitationDto[]> {
    const now = Date.now();
    return (await this.invitations.listOpen(this.dataSource.manager, { institutionId: query.institutionId })).map((row) => toOpenInvitationDto(row, now));
  }

  /**
   * Sends an invitation again with a new token and a new expiry: the old link stops working in the
   * same statement (its token hash is replaced). 409 `invitation.closed` when it was accepted or
   * revoked meanwhile, `common.conflict` when an account with its e-mail exists.
   */
  async resend(id: string, user: AuthUser, actor: AuditActor): Promise<OpenInvitationDto> {
    const token = randomBytes(32).toString('base64url');
    const result = await this.dataSource.transaction(async (manager) => {
      const before = await this.invitations.findOpenById(manager, id);
      if (!before) throw AppException.notFound('Invitation');
      if (before.acceptedAt) throw new InvitationClosedException();
      if (await this.invitations.accountExists(manager, before.email)) throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'An account with this e-mail exists');
      const expiresAt = new Date(Date.now() + this.config.INVITATION_TTL_HOURS * 3600_000);
      const renewed = await this.invitations.renew(manager, id, sha256(token), expiresAt);
      if (!renewed) throw new InvitationClosedException();
      const institution = await this.invitations.findInstitution(manager, renewed.institutionId);
      await this.audit.append(manager, actor, {
        action: 'invitation.resend',
        entityType: 'invitation',
        entityId: id,
        changes: { expiresAt: { before: new Date(before.expiresAt).toISOString(), after: expiresAt.toISOString() }, email: renewed.email },
      });
      await this.mailInvitation(manager, { email: renewed.email, name: renewed.name, locale: renewed.locale, expiresAt }, token, user, institution!);
      return toOpenInvitationDto(renewed);
    });
    this.mail.flushSoon();
    return result;
  }

  /** Revokes an invitation: its link stops working at once. 409 `invitation.closed` when it was accepted or revoked meanwhile. */
  async revoke(id: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.invitations.findOpenById(manager, id);
      if (!before) throw AppException.notFound('Invitation');
      const revoked = await this.invitations.revoke(manager, id);
      if (!revoked) throw new InvitationClosedException();
      await this.audit.append(manager, actor, {
        action: 'invitation.revoke',
        entityType: 'invitation',
        entityId: id,
        changes: { email: before.email, revokedAt: { before: null, after: new Date(revoked.expiresAt).toISOString() } },
      });
    });
  }

  /** The invitation mail (its single-use link holds the token; only its hash is stored). */
  private async mailInvitation(
    manager: EntityManager,
    to: { email: string; name: string; locale: Locale; expiresAt: Date },
    token: string,
    sender: AuthUser,
    institution: InvitingInstitutionRow,
  ): Promise<void> {
    await this.mail.enqueue(manager, { email: to.email, locale: to.locale }, 'invitation', {
      name: to.name,
      actor: sender.name,
      institution: institutionName(institution, to.locale),
      expires: to.expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      link: `${this.config.APP_PUBLIC_URL}/invitations/accept#token=${token}`,
    });
  }

  /**
   * The link is checked first: an unknown, used or expired one is refused without hashing the
   * password (hashing is the expensive part, and the route is public). Single use: the claim and
   * the account creation are one transaction, conditional on the invitation still being open.
   */
  async accept(input: AcceptInvitationDto, actor: AuditActor): Promise<AcceptedInvitationDto> {
    await this.limits.takeClient('invitation_accept', actor);
    const tokenHash = sha256(input.token);
    if (!(await this.invitations.isOpen(this.dataSource.manager, tokenHash))) throw new InvitationInvalidException();
    assertAcceptablePassword(input.password);
    const passwordHash = await this.passwords.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.invitations.claim(manager, tokenHash);
      if (!invitation) throw new InvitationInvalidException();
      if (await this.invitations.accountExists(manager, invitation.email)) throw new InvitationInvalidException();
      const userId = await this.invitations.insertAccount(manager, {
        email: invitation.email,
        name: invitation.name,
        role: invitation.role,
        institutionId: invitation.institutionId,
        locale: invitation.locale,
        passwordHash,
        focalPointKind: invitation.focalPointKind,
      });
      await this.invitations.linkAccount(manager, invitation.id, userId);
      // Two rows change: the account is created (named by the first event) and the invitation is used up (the second).
      await this.audit.appendMany(manager, { ...actor, userId, role: invitation.role, institutionId: invitation.institutionId }, [
        {
          action: 'invitation.accept',
          entityType: 'user',
          entityId: userId,
          changes: { invitationId: invitation.id, email: invitation.email, role: invitation.role, institutionId: invitation.institutionId },
        },
        { action: 'invitation.use', entityType: 'invitation', entityId: invitation.id, changes: { userId: { before: null, after: userId } } },
      ]);
      return { email: invitation.email, active: true };
    });
  }
}
