import { Body, Controller, Get, HttpCode, HttpStatus, Injectable, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { LOCALES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, Permission, type Locale } from '@sidh/domain';
import { appendAuditEvent, type AuditActor } from '../../audit/audit.writer.js';
import { hashPassword } from '../../auth/password.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser, Public } from '../../common/decorators.js';
import { AppConfig } from '../../config/app-config.js';
import { MailService } from '../mail/mail.service.js';
import { scopeOf } from '../recommendations/recommendations.service.js';

export const INVITABLE_ROLES = ['focal_point', 'validator'] as const;
export const FOCAL_POINT_KINDS = ['main', 'alternate'] as const;

export class CreateInvitationDto {
  @ApiProperty({ format: 'email' }) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ enum: INVITABLE_ROLES }) @IsIn(INVITABLE_ROLES)
  role: (typeof INVITABLE_ROLES)[number];

  @ApiPropertyOptional({ enum: FOCAL_POINT_KINDS, description: 'Focal points only: main or alternate' })
  @ValidateIf((o: CreateInvitationDto) => o.role === 'focal_point' && o.focalPointKind !== undefined) @IsIn(FOCAL_POINT_KINDS)
  focalPointKind?: (typeof FOCAL_POINT_KINDS)[number];

  @ApiProperty({ format: 'uuid' }) @IsUUID()
  institutionId: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fr', description: 'Language of the invitation mail and of the account' }) @IsOptional() @IsIn(LOCALES)
  locale?: Locale;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link' }) @IsString() @Matches(/^[A-Za-z0-9_-]{20,100}$/)
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }) @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class InvitationDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: INVITABLE_ROLES }) role: string;
  @ApiProperty({ type: String, nullable: true, enum: FOCAL_POINT_KINDS }) focalPointKind: string | null;
  @ApiProperty() institutionId: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: String, nullable: true }) acceptedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class AcceptedInvitationDto {
  @ApiProperty() email: string;
  @ApiProperty({ description: 'The account is active: sign in with the e-mail and the password just chosen' }) active: boolean;
}

export class MemberDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'The e-mail domain (user pickers show it)' }) emailDomain: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true, enum: FOCAL_POINT_KINDS }) focalPointKind: string | null;
  @ApiProperty() active: boolean;
}

export class InstitutionMembersDto {
  @ApiProperty() institutionId: string;
  @ApiProperty({ type: [MemberDto] }) members: MemberDto[];
  @ApiProperty({ type: [InvitationDto], description: 'Pending invitations (coordinators and admins only; empty otherwise)' }) pendingInvitations: InvitationDto[];
}

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

const toInvitation = (r: Row): InvitationDto => ({
  id: r['id'],
  email: r['email'],
  name: r['name'],
  role: r['role'],
  focalPointKind: r['focal_point_kind'],
  institutionId: r['institution_id'],
  expiresAt: new Date(r['expires_at']).toISOString(),
  acceptedAt: r['accepted_at'] ? new Date(r['accepted_at']).toISOString() : null,
  createdAt: new Date(r['created_at']).toISOString(),
});

const INVITATION_COLUMNS = 'id, email, name, role, focal_point_kind, institution_id, expires_at, accepted_at, created_at';

@Injectable()
export class InvitationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  members(institutionId: string): Promise<Row[]> {
    return this.dataSource.query(`SELECT id, name, email, role, focal_point_kind, active FROM app_user WHERE institution_id = $1 ORDER BY role, focal_point_kind NULLS LAST, name`, [institutionId]);
  }

  pending(institutionId: string): Promise<Row[]> {
    return this.dataSource.query(`SELECT ${INVITATION_COLUMNS} FROM invitation WHERE institution_id = $1 AND accepted_at IS NULL AND expires_at > now() ORDER BY created_at DESC`, [institutionId]);
  }

  async institution(id: string, manager: EntityManager = this.dataSource.manager): Promise<Row | undefined> {
    const [row] = await manager.query(`SELECT id, name_fr, name_ar, name_en FROM institution WHERE id = $1`, [id]);
    return row;
  }
}

@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InvitationsRepository,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  /** Stores only the token's SHA-256; the token itself exists only in the mail. */
  async invite(input: CreateInvitationDto, user: AuthUser, actor: AuditActor): Promise<InvitationDto> {
    const email = input.email.trim().toLowerCase();
    const token = randomBytes(32).toString('base64url');
    const result = await this.dataSource.transaction(async (manager) => {
      const institution = await this.repository.institution(input.institutionId, manager);
      if (!institution) throw AppException.validation({ institutionId: 'validation.unknownCode' });
      const existing: unknown[] = await manager.query(`SELECT 1 FROM app_user WHERE email = $1`, [email]);
      if (existing.length) throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'An account with this e-mail exists');
      const expires = new Date(Date.now() + this.config.INVITATION_TTL_HOURS * 3600_000);
      const locale = input.locale ?? 'fr';
      const [row] = await manager.query(
        `INSERT INTO invitation (email, name, role, focal_point_kind, locale, institution_id, token_hash, expires_at, invited_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${INVITATION_COLUMNS}`,
        [email, input.name, input.role, input.role === 'focal_point' ? (input.focalPointKind ?? 'main') : null, locale, input.institutionId, sha256(token), expires, user.id],
      );
      await appendAuditEvent(manager, actor, { action: 'invitation.create', entityType: 'invitation', entityId: row.id, changes: { email, name: input.name, role: input.role, institutionId: input.institutionId } });
      const institutionName = locale === 'ar' ? institution['name_ar'] : locale === 'en' ? institution['name_en'] : institution['name_fr'];
      await this.mail.enqueue(manager, { email, locale }, 'invitation', {
        name: input.name,
        actor: user.name,
        institution: institutionName,
        expires: expires.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
        link: `${this.config.APP_PUBLIC_URL}/invitations/accept#token=${token}`,
      });
      return toInvitation(row);
    });
    this.mail.flushSoon();
    return result;
  }

  /** Single use: the claim and the account creation are one transaction, conditional on the invitation still being open. */
  async accept(input: AcceptInvitationDto, actor: AuditActor): Promise<AcceptedInvitationDto> {
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query(
        `UPDATE invitation SET accepted_at = now() WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now()
         RETURNING id, email, name, role, focal_point_kind, locale, institution_id`,
        [sha256(input.token)],
      );
      const invitation = (rows as Row[])[0];
      if (!invitation) throw new AppException(HttpStatus.BAD_REQUEST, ErrorCode.InvitationInvalid, 'The invitation link is invalid, used or expired');
      const taken: unknown[] = await manager.query(`SELECT 1 FROM app_user WHERE email = $1`, [invitation['email']]);
      if (taken.length) throw new AppException(HttpStatus.BAD_REQUEST, ErrorCode.InvitationInvalid, 'The invitation link is invalid, used or expired');
      const [user] = await manager.query(
        `INSERT INTO app_user (email, name, role, institution_id, locale, active, password_hash, focal_point_kind) VALUES ($1, $2, $3, $4, $5, true, $6, $7) RETURNING id`,
        [invitation['email'], invitation['name'], invitation['role'], invitation['institution_id'], invitation['locale'], passwordHash, invitation['focal_point_kind']],
      );
      await manager.query(`UPDATE invitation SET user_id = $2 WHERE id = $1`, [invitation['id'], user.id]);
      await appendAuditEvent(manager, { ...actor, userId: user.id, role: invitation['role'], institutionId: invitation['institution_id'] }, {
        action: 'invitation.accept',
        entityType: 'user',
        entityId: user.id,
        changes: { invitationId: invitation['id'], email: invitation['email'], role: invitation['role'], institutionId: invitation['institution_id'] },
      });
      return { email: invitation['email'], active: true };
    });
  }

  async members(institutionId: string, user: AuthUser): Promise<InstitutionMembersDto> {
    const scope = scopeOf(user).institutionId;
    if ((scope && scope !== institutionId) || !(await this.repository.institution(institutionId))) throw AppException.notFound('Institution');
    const members = (await this.repository.members(institutionId)).map((r) => ({
      id: r['id'],
      name: r['name'],
      email: r['email'],
      emailDomain: String(r['email']).split('@')[1] ?? '',
      role: r['role'],
      focalPointKind: r['focal_point_kind'],
      active: r['active'],
    }));
    const seesInvitations = user.role === 'coordinator' || user.role === 'admin';
    return { institutionId, members, pendingInvitations: seesInvitations ? (await this.repository.pending(institutionId)).map(toInvitation) : [] };
  }
}

@ApiTags('invitations')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Authorize(Permission.UserInvite)
  @ApiCreatedResponse({ type: InvitationDto, description: 'The invitation mail (single-use link) is sent' })
  invite(@Body() body: CreateInvitationDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<InvitationDto> {
    return this.invitations.invite(body, user, actor);
  }

  @Post('accept')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AcceptedInvitationDto })
  accept(@Body() body: AcceptInvitationDto, @Actor() actor: AuditActor): Promise<AcceptedInvitationDto> {
    return this.invitations.accept(body, actor);
  }
}

@ApiTags('institutions')
@Controller('institutions')
export class InstitutionMembersController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(':id/members')
  @Authorize(Permission.InstitutionRead)
  @ApiOkResponse({ type: InstitutionMembersDto })
  @ApiNotFoundResponse()
  members(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<InstitutionMembersDto> {
    return this.invitations.members(id, user);
  }
}

@Module({ controllers: [InvitationsController, InstitutionMembersController], providers: [InvitationsRepository, InvitationsService] })
export class InvitationsModule {}
