import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { LOCALES, type Locale } from '@sidh/domain';
import { RecommendationFilterDto } from '../../assignments/dto/assignment.dto.js';
import { ContributionSummaryDto } from '../../contributions/dto/contribution.dto.js';
import { PaginationQueryDto } from '../../../common/pagination.dto.js';

export const CAMPAIGN_STATUSES = ['open', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export class CampaignScopeDto {
  @ApiPropertyOptional({ type: RecommendationFilterDto, description: 'A saved filter: the filters of GET /recommendations' })
  @IsOptional() @ValidateNested() @Type(() => RecommendationFilterDto)
  filter?: RecommendationFilterDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 5000, description: 'Or hand-picked recommendations' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000) @IsUUID('all', { each: true })
  recommendationIds?: string[];
}

export class CreateCampaignDto {
  @ApiProperty({ maxLength: 300 }) @IsString() @MinLength(1) @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000)
  description?: string;

  @ApiProperty({ format: 'date' }) @IsISO8601({ strict: true })
  deadline: string;

  @ApiProperty({ type: CampaignScopeDto }) @ValidateNested() @Type(() => CampaignScopeDto)
  scope: CampaignScopeDto;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Institutions concerned' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true })
  institutionIds: string[];
}

export class UpdateCampaignDto {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601({ strict: true })
  deadline?: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES }) @IsOptional() @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class CampaignQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES }) @IsOptional() @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class ProgressDto {
  @ApiProperty({ description: 'Contributions expected' }) expected: number;
  @ApiProperty() draft: number;
  @ApiProperty() submitted: number;
  @ApiProperty() approved: number;
  @ApiProperty() validated: number;
  @ApiProperty() returned: number;
  @ApiProperty({ description: 'Draft or returned after the deadline' }) overdue: number;
}

export class InstitutionProgressDto extends ProgressDto {
  @ApiProperty() institutionId: string;
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ description: 'The institution has an active validator; without one the coordinator validates its submitted contributions in one step' })
  hasValidator: boolean;
}

export class CampaignSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date' }) deadline: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: CampaignStatus;
  @ApiProperty({ type: ProgressDto, description: 'Over the institutions the caller may see' }) progress: ProgressDto;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}

export class CampaignScopeResponseDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) filter?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String] }) recommendationIds?: string[];
}

export class CampaignDetailDto extends CampaignSummaryDto {
  @ApiProperty({ type: CampaignScopeResponseDto }) scope: CampaignScopeResponseDto;
  @ApiProperty({ type: [InstitutionProgressDto], description: 'One row per institution concerned (only the caller’s own for focal points and validators)' })
  institutions: InstitutionProgressDto[];
}

export class CampaignListDto {
  @ApiProperty({ type: [CampaignSummaryDto] }) items: CampaignSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CampaignInstitutionDto {
  @ApiProperty({ type: InstitutionProgressDto }) progress: InstitutionProgressDto;
  @ApiProperty({ type: [ContributionSummaryDto] }) contributions: ContributionSummaryDto[];
}

export class CampaignReminderResultDto {
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty({ description: 'Contributions reminded (not yet submitted, not already reminded today)' }) reminders: number;
  @ApiProperty({ description: 'Notifications (and mails) sent to focal points' }) notifications: number;
}

export const CAMPAIGN_EXPORT_FORMATS = ['csv'] as const;

export class CampaignExportQueryDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_EXPORT_FORMATS, default: 'csv' }) @IsOptional() @IsIn(CAMPAIGN_EXPORT_FORMATS)
  format?: (typeof CAMPAIGN_EXPORT_FORMATS)[number];

  @ApiPropertyOptional({ enum: LOCALES, default: 'fr', description: 'Language of the headers and institution names' }) @IsOptional() @IsIn(LOCALES)
  lang?: Locale;
}

export class InstitutionWithoutValidatorDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class InstitutionsWithoutValidatorDto {
  @ApiProperty({ type: [InstitutionWithoutValidatorDto], description: 'Institutions with no active validator: the coordinator reviews their contributions' })
  items: InstitutionWithoutValidatorDto[];
}
