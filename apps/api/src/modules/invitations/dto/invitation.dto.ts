import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { LOCALES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type Locale } from '@sidh/domain';

export const INVITABLE_ROLES = ['focal_point', 'validator'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];
export const FOCAL_POINT_KINDS = ['main', 'alternate'] as const;
export type FocalPointKind = (typeof FOCAL_POINT_KINDS)[number];

export class CreateInvitationDto {
  @ApiProperty({ format: 'email' }) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ enum: INVITABLE_ROLES }) @IsIn(INVITABLE_ROLES)
  role: InvitableRole;

  @ApiPropertyOptional({ enum: FOCAL_POINT_KINDS, description: 'Focal points only: main or alternate' })
  @ValidateIf((o: CreateInvitationDto) => o.role === 'focal_point' && o.focalPointKind !== undefined) @IsIn(FOCAL_POINT_KINDS)
  focalPointKind?: FocalPointKind;

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

export const INVITATION_STATES = ['pending', 'expired'] as const;

/** An invitation neither accepted nor revoked, as the users administration lists it (expired ones can be sent again). */
export class OpenInvitationDto extends InvitationDto {
  @ApiProperty({ enum: INVITATION_STATES }) status: (typeof INVITATION_STATES)[number];
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: String, nullable: true, description: 'Who sent it' }) invitedByName: string | null;
}

export class InvitationQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  institutionId?: string;
}
