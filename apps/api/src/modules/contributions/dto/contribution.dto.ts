import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import {
  ASSIGNMENT_ROLES,
  CONFIDENTIALITY,
  CONTRIBUTION_ACTIONS,
  CONTRIBUTION_REQUIRED_FIELDS,
  CONTRIBUTION_STATUSES,
  IMPLEMENTATION_STATUSES,
  INDICATOR_TYPES,
  ITEM_KINDS,
  type AssignmentRole,
  type Confidentiality,
  type ContributionAction,
  type ContributionRequiredField,
  type ContributionStatus,
  type ImplementationStatus,
  type ItemKind,
  type IndicatorType,
} from '@sidh/domain';
import { PaginationQueryDto } from '../../../common/pagination.dto.js';

/** Length caps of the narrative fields (characters; Markdown, any language). */
export const MEASURES_MAX_LENGTH = 20000;
export const NARRATIVE_MAX_LENGTH = 10000;
export const COMMENT_MAX_LENGTH = 5000;
export const INDICATORS_MAX = 50;

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class IndicatorDto {
  @ApiProperty({ maxLength: 300 }) @IsString() @MinLength(1) @MaxLength(300)
  name: string;

  @ApiProperty({ enum: INDICATOR_TYPES }) @IsIn(INDICATOR_TYPES)
  type: IndicatorType;

  @ApiProperty({ type: String, nullable: true, maxLength: 50 }) @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(50)
  unit: string | null;

  @ApiProperty({ type: Number, nullable: true }) @ValidateIf((_, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false })
  baseline: number | null;

  @ApiProperty({ type: Number, nullable: true }) @ValidateIf((_, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false })
  target: number | null;

  @ApiProperty({ type: Number, nullable: true }) @ValidateIf((_, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number | null;

  @ApiProperty({ type: String, nullable: true, format: 'date' }) @ValidateIf((_, v) => v !== null) @IsISO8601({ strict: true })
  date: string | null;
}

export class UpdateContributionDto {
  @ApiPropertyOptional({ enum: IMPLEMENTATION_STATUSES, nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(IMPLEMENTATION_STATUSES)
  implementationStatus?: ImplementationStatus | null;

  @ApiPropertyOptional({ description: 'Measures taken (Markdown)', maxLength: MEASURES_MAX_LENGTH })
  @IsOptional() @IsString() @MaxLength(MEASURES_MAX_LENGTH)
  measures?: string;

  @ApiPropertyOptional({ maxLength: NARRATIVE_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(NARRATIVE_MAX_LENGTH)
  challenges?: string;

  @ApiPropertyOptional({ maxLength: NARRATIVE_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(NARRATIVE_MAX_LENGTH)
  nextSteps?: string;

  @ApiPropertyOptional({ type: [IndicatorDto], maxItems: INDICATORS_MAX })
  @IsOptional() @IsArray() @ArrayMaxSize(INDICATORS_MAX) @ValidateNested({ each: true }) @Type(() => IndicatorDto)
  indicators?: IndicatorDto[];
}

export class TransitionDto {
  @ApiProperty({ enum: CONTRIBUTION_ACTIONS }) @IsIn(CONTRIBUTION_ACTIONS)
  action: ContributionAction;

  @ApiPropertyOptional({ maxLength: COMMENT_MAX_LENGTH, description: 'Required for `return`' })
  @IsOptional() @IsString() @MaxLength(COMMENT_MAX_LENGTH)
  comment?: string;
}

export class CreateCommentDto {
  @ApiProperty({ maxLength: COMMENT_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(COMMENT_MAX_LENGTH)
  body: string;
}

export class ContributionQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ enum: CONTRIBUTION_STATUSES }) @IsOptional() @IsIn(CONTRIBUTION_STATUSES)
  status?: ContributionStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Ignored for focal points and validators (always their institution)' })
  @IsOptional() @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  recommendationId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only contributions awaiting an action of the caller (focal point: drafts and returned of open campaigns, not superseded; validator: submitted; coordinator: approved, and submitted of institutions without an active validator)' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'Only contributions not yet submitted whose campaign deadline has passed' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  overdue?: boolean;
}

export class NamedRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class InstitutionRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class ContributionCampaignRefDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) deadline: string;
}

export class ContributionAssignmentRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role: AssignmentRole;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dueDate: string | null;
}

export class ContributionRecommendationRefDto {
  @ApiProperty() id: string;
  @ApiProperty() mechanism: string;
  @ApiProperty({ enum: ITEM_KINDS, description: 'A recommendation, or a question of a list of issues' }) kind: ItemKind;
  @ApiProperty() bodyCode: string;
  @ApiProperty({ type: String, nullable: true }) documentSymbol: string | null;
  @ApiProperty({ type: String, nullable: true }) paragraph: string | null;
  @ApiProperty({ type: String, nullable: true }) textAr: string | null;
  @ApiProperty({ type: String, nullable: true }) textFr: string | null;
  @ApiProperty({ type: String, nullable: true }) textEn: string | null;
}

export class EvidenceDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['file', 'link'] }) kind: 'file' | 'link';
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, description: 'Sanitised file name' }) fileName: string | null;
  @ApiProperty({ type: String, nullable: true }) mediaType: string | null;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Links only (http/https; never fetched by the server)' }) url: string | null;
  @ApiProperty({ enum: CONFIDENTIALITY }) confidentiality: Confidentiality;
  @ApiProperty({ type: String, nullable: true, description: 'Files only: GET this path to download' }) downloadPath: string | null;
  @ApiProperty({ type: NamedRefDto, nullable: true }) createdBy: NamedRefDto | null;
  @ApiProperty() createdAt: string;
}

export class ContributionSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: ContributionCampaignRefDto }) campaign: ContributionCampaignRefDto;
  @ApiProperty({ type: ContributionAssignmentRefDto }) assignment: ContributionAssignmentRefDto;
  @ApiProperty({ type: InstitutionRefDto }) institution: InstitutionRefDto;
  @ApiProperty({ type: ContributionRecommendationRefDto }) recommendation: ContributionRecommendationRefDto;
  @ApiProperty({ enum: CONTRIBUTION_STATUSES }) status: ContributionStatus;
  @ApiProperty({ enum: IMPLEMENTATION_STATUSES, nullable: true }) implementationStatus: ImplementationStatus | null;
  @ApiProperty({ description: 'Not yet submitted and the campaign deadline has passed' }) overdue: boolean;
  @ApiProperty({ type: String, nullable: true }) supersedesId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A later contribution for the same assignment' }) supersededById: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) validatedAt: string | null;
  @ApiProperty({ enum: CONTRIBUTION_ACTIONS, isArray: true, description: 'Workflow actions the caller may take now (from the shared state machine)' })
  availableActions: ContributionAction[];
  @ApiProperty({ description: 'The caller may edit the content now (PATCH)' }) canEdit: boolean;
  @ApiProperty({
    enum: ['validator', 'coordinator'],
    description: 'Who reviews it once submitted: the institution’s validator, or the coordinator (approve and validate in one step) when the institution has no active validator',
  })
  reviewer: 'validator' | 'coordinator';
  @ApiProperty({ type: NamedRefDto, nullable: true }) updatedBy: NamedRefDto | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ContributionDetailDto extends ContributionSummaryDto {
  @ApiProperty() measures: string;
  @ApiProperty() challenges: string;
  @ApiProperty() nextSteps: string;
  @ApiProperty({ type: [IndicatorDto] }) indicators: IndicatorDto[];
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
  @ApiPropertyOptional({
    enum: CONTRIBUTION_REQUIRED_FIELDS,
    isArray: true,
    description: 'Fields still to fill before `submit` (empty when none is missing, or when submit is not a step from the current status)',
  })
  missingForSubmit?: ContributionRequiredField[];
}

export class ContributionListDto {
  @ApiProperty({ type: [ContributionSummaryDto] }) items: ContributionSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CommentDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: NamedRefDto, nullable: true }) author: NamedRefDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Role of the author' }) authorRole: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The workflow action this comment came with (return, …)' }) action: string | null;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;
}

export class CommentListDto {
  @ApiProperty({ type: [CommentDto] }) items: CommentDto[];
}

export class StatusSuggestionBasisDto {
  @ApiProperty() contributionId: string;
  @ApiProperty({ type: InstitutionRefDto }) institution: InstitutionRefDto;
  @ApiProperty({ enum: IMPLEMENTATION_STATUSES }) implementationStatus: ImplementationStatus;
  @ApiProperty() campaignTitle: string;
  @ApiProperty() validatedAt: string;
}

export class StatusSuggestionDto {
  @ApiProperty({ enum: IMPLEMENTATION_STATUSES, nullable: true, description: 'From the latest validated contribution of each lead institution; null when there is none' })
  suggestion: ImplementationStatus | null;
  @ApiProperty({ enum: IMPLEMENTATION_STATUSES, nullable: true, description: 'The consolidated status the coordinator set (PATCH /recommendations/:id)' })
  currentStatus: ImplementationStatus | null;
  @ApiProperty({ type: [StatusSuggestionBasisDto] }) basis: StatusSuggestionBasisDto[];
  @ApiProperty({ description: 'Lead institutions without a validated contribution yet' }) leadsWithoutValidated: number;
}

export class CreateLinkEvidenceDto {
  @ApiPropertyOptional({ description: 'A link (http/https only) instead of a file', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ enum: CONFIDENTIALITY, default: 'internal' }) @IsOptional() @IsIn(CONFIDENTIALITY)
  confidentiality?: Confidentiality;
}

/** The OpenAPI shape of the upload (multipart); validation is CreateLinkEvidenceDto plus the file checks. */
export class EvidenceUploadDto {
  @ApiPropertyOptional({ type: 'string', format: 'binary', description: 'PDF, DOCX, XLSX, ODT, PNG or JPEG; type checked by content' })
  file?: unknown;
  @ApiPropertyOptional({ description: 'A link (http/https) instead of a file' }) url?: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional({ enum: CONFIDENTIALITY, default: 'internal' }) confidentiality?: Confidentiality;
}
