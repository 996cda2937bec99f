import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { EMAIL_DOMAIN_PATTERN, EMAIL_DOMAINS_MAX, INSTITUTION_TYPES, MERGE_REFUSAL_REASONS, normaliseEmailDomain, type InstitutionType } from '@sidh/domain';
import { FOCAL_POINT_KINDS, InvitationDto } from '../../invitations/dto/invitation.dto.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const domains = ({ value }: { value: unknown }) => (Array.isArray(value) ? [...new Set(value.map((d) => (typeof d === 'string' ? normaliseEmailDomain(d) : d)))] : value);

/** An institution code: upper-case letters, digits, `-` and `_` (MJ, CNDH, MIN-SANTE). */
export const INSTITUTION_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
const NAME_MAX = 300;

export class InstitutionDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: InstitutionType;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentId: string | null;
  @ApiProperty({ type: [String], description: 'Invitations only to these domains (or sub-domains); empty: any' }) emailDomains: string[];
  @ApiProperty({ description: 'False: deactivated (or merged); no new assignment, campaign row, invitation' }) active: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The institution it was merged into' }) mergedIntoId: string | null;
  @ApiProperty() version: number;
}

export class InstitutionQueryDto {
  @ApiPropertyOptional({ description: 'Code or name (any language) contains' }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: INSTITUTION_TYPES }) @IsOptional() @IsIn(INSTITUTION_TYPES)
  type?: InstitutionType;

  @ApiPropertyOptional({ description: 'true: active only; false: deactivated or merged only; absent: all' }) @IsOptional() @Transform(toBoolean) @IsBoolean()
  active?: boolean;
}

/** A designated focal point, as the institution page shows them. */
export class FocalPointDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: FOCAL_POINT_KINDS, nullable: true, type: String }) focalPointKind: string | null;
  @ApiProperty() active: boolean;
}

/** Everything that references an institution, counted (the merge preview and the detail page). */
export class InstitutionCountsDto {
  @ApiProperty() assignments: number;
  @ApiProperty() contributions: number;
  @ApiProperty() evidence: number;
  @ApiProperty() comments: number;
  @ApiProperty() campaigns: number;
  @ApiProperty() users: number;
  @ApiProperty() invitations: number;
  @ApiProperty() children: number;
}

export class InstitutionDetailDto extends InstitutionDto {
  @ApiProperty({ type: String, nullable: true }) mergedAt: string | null;
  @ApiProperty({ type: InstitutionCountsDto }) counts: InstitutionCountsDto;
  @ApiProperty({ type: [FocalPointDto], description: 'The focal points (role focal_point), the main one first' }) focalPoints: FocalPointDto[];
}

export class CreateInstitutionDto {
  @ApiProperty({ pattern: INSTITUTION_CODE_PATTERN.source }) @Transform(trimmed) @IsString() @Matches(INSTITUTION_CODE_PATTERN)
  code: string;

  @ApiProperty({ enum: INSTITUTION_TYPES }) @IsIn(INSTITUTION_TYPES)
  type: InstitutionType;

  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(NAME_MAX)
  nameAr: string;

  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(NAME_MAX)
  nameFr: string;

  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(NAME_MAX)
  nameEn: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) @IsOptional() @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: EMAIL_DOMAINS_MAX, example: ['justice.gov.ma'] })
  @IsOptional() @Transform(domains) @IsArray() @ArrayMaxSize(EMAIL_DOMAINS_MAX) @IsString({ each: true }) @Matches(EMAIL_DOMAIN_PATTERN, { each: true })
  emailDomains?: string[];
}

/** Every field optional; `parentId: null` detaches from the parent. */
export class UpdateInstitutionDto {
  @ApiPropertyOptional({ pattern: INSTITUTION_CODE_PATTERN.source }) @IsOptional() @Transform(trimmed) @IsString() @Matches(INSTITUTION_CODE_PATTERN)
  code?: string;

  @ApiPropertyOptional({ enum: INSTITUTION_TYPES }) @IsOptional() @IsIn(INSTITUTION_TYPES)
  type?: InstitutionType;

  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(NAME_MAX)
  nameAr?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(NAME_MAX)
  nameFr?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trimmed) @IsString() @MinLength(1) @MaxLength(NAME_MAX)
  nameEn?: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) @ValidateIf((_, v) => v !== null && v !== undefined) @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: EMAIL_DOMAINS_MAX })
  @IsOptional() @Transform(domains) @IsArray() @ArrayMaxSize(EMAIL_DOMAINS_MAX) @IsString({ each: true }) @Matches(EMAIL_DOMAIN_PATTERN, { each: true })
  emailDomains?: string[];
}

export class MergeInstitutionDto {
  @ApiProperty({ format: 'uuid', description: 'The institution that receives everything' }) @IsUUID()
  targetId: string;
}

export class MergeQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  targetId: string;
}

/** A (campaign, recommendation) where both institutions wrote a contribution: the merge is refused until one is resolved. */
export class MergeConflictDto {
  @ApiProperty() campaignId: string;
  @ApiProperty() recommendationId: string;
  @ApiProperty() sourceContributionId: string;
  @ApiProperty() targetContributionId: string;
}

export class MergePreviewDto {
  @ApiProperty() sourceId: string;
  @ApiProperty() targetId: string;
  @ApiProperty({ type: InstitutionCountsDto, description: 'What moves to the target' }) moves: InstitutionCountsDto;
  @ApiProperty({ description: 'Assignments of recommendations the target already has: folded into the target’s' }) deduplicatedAssignments: number;
  @ApiProperty({ description: 'Untouched empty drafts dropped because the other side has one for the same campaign and recommendation' }) droppedDrafts: number;
  @ApiProperty({ type: [MergeConflictDto] }) conflicts: MergeConflictDto[];
  @ApiProperty({ type: String, nullable: true, enum: MERGE_REFUSAL_REASONS, description: 'Why the merge would be refused; null: possible' }) refusal: string | null;
  @ApiProperty({ description: 'The source’s version (send it as If-Match)' }) version: number;
}

export class MergeResultDto {
  @ApiProperty({ type: InstitutionDto, description: 'The target, as it is now' }) target: InstitutionDto;
  @ApiProperty({ type: InstitutionCountsDto }) moved: InstitutionCountsDto;
  @ApiProperty() deduplicatedAssignments: number;
  @ApiProperty() droppedDrafts: number;
}

export class DesignateFocalPointsDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The main focal point; null: none' })
  @ValidateIf((_, v) => v !== null) @IsUUID()
  mainUserId: string | null;

  @ApiProperty({ type: [String], description: 'The alternates (any number); every other focal point becomes undesignated' })
  @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) @Type(() => String)
  alternateUserIds: string[];
}

export class MemberDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'The e-mail domain (user pickers show it)' }) emailDomain: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true, enum: FOCAL_POINT_KINDS, description: 'Focal points: the designation (one main per institution)' }) focalPointKind: string | null;
  @ApiProperty() active: boolean;
}

export class InstitutionMembersDto {
  @ApiProperty() institutionId: string;
  @ApiProperty({ type: [MemberDto] }) members: MemberDto[];
  @ApiProperty({ type: [InvitationDto], description: 'Pending invitations (coordinators and admins only; empty otherwise)' }) pendingInvitations: InvitationDto[];
}
