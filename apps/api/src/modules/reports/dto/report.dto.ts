import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { LOCALES, REPORT_STATUSES, REPORT_TYPES, type Locale, type ReportStatus, type ReportType, type WordLimitState } from '@sidh/domain';
import { PaginationQueryDto } from '../../../common/pagination.dto.js';
import { RecommendationFilterDto } from '../../assignments/dto/assignment.dto.js';
import { BodyRefDto, ReviewRefDto } from '../../recommendations/dto/recommendation.dto.js';

/** The most items one report may cover (hand-picked or matched by a filter). */
export const REPORT_ITEMS_MAX = 5000;
/** The longest section text accepted (characters); the JSON body limit may refuse a long text first (413). */
export const SECTION_BODY_MAX = 200_000;
/** A word limit above any UN limit (the common core document's is 42,400). */
export const WORD_LIMIT_MAX = 1_000_000;
export const REPORT_GROUP_BY = ['theme', 'axis'] as const;
export type ReportGroupBy = (typeof REPORT_GROUP_BY)[number];
export const WORD_LIMIT_STATES = ['ok', 'warning', 'over'] as const;
export const SOURCE_CHANGE_STATUSES = ['new', 'updated', 'removed'] as const;

const nullable = (_: object, value: unknown) => value !== null;

export class ReportQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: REPORT_TYPES }) @IsOptional() @IsIn(REPORT_TYPES)
  type?: ReportType;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  bodyId?: string;

  @ApiPropertyOptional({ enum: REPORT_STATUSES }) @IsOptional() @IsIn(REPORT_STATUSES)
  status?: ReportStatus;
}

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_TYPES }) @IsIn(REPORT_TYPES)
  type: ReportType;

  @ApiProperty({ format: 'uuid', description: 'The treaty body or the UPR the report goes to; every item must belong to it' }) @IsUUID()
  bodyId: string;

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true, description: 'The review or list of issues the report answers (of the same body)' })
  @IsOptional() @ValidateIf(nullable) @IsUUID()
  reviewId?: string | null;

  @ApiProperty({ enum: LOCALES, description: 'The language the report is written in' }) @IsIn(LOCALES)
  language: Locale;

  @ApiProperty({ maxLength: 300 }) @IsString() @MinLength(1) @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) @IsOptional() @ValidateIf(nullable) @IsISO8601({ strict: true })
  dueDate?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: WORD_LIMIT_MAX,
    description: 'Words of the body (headings and text; annexes not counted). Absent: the type’s default (GA res. 68/268); null: no limit',
  })
  @IsOptional() @ValidateIf(nullable) @Min(1) @Max(WORD_LIMIT_MAX) @IsInt()
  wordLimit?: number | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: REPORT_ITEMS_MAX, description: 'Hand-picked recommendations or questions (or give `filter`)' })
  @IsOptional() @IsArray() @ArrayMaxSize(REPORT_ITEMS_MAX) @IsUUID('all', { each: true })
  itemIds?: string[];

  @ApiPropertyOptional({ type: RecommendationFilterDto, description: 'Or every item matching the filters of GET /recommendations, within the report’s body' })
  @IsOptional() @ValidateNested() @Type(() => RecommendationFilterDto)
  filter?: RecommendationFilterDto;

  @ApiPropertyOptional({ enum: REPORT_GROUP_BY, description: 'UPR national report: group section III by theme (default) or national axis' })
  @IsOptional() @IsIn(REPORT_GROUP_BY)
  groupBy?: ReportGroupBy;
}

export class UpdateReportDto {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) @IsOptional() @ValidateIf(nullable) @IsISO8601({ strict: true })
  dueDate?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: WORD_LIMIT_MAX, description: 'null: no limit' })
  @IsOptional() @ValidateIf(nullable) @Min(1) @Max(WORD_LIMIT_MAX) @IsInt()
  wordLimit?: number | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Every section id of the report, in the new order' })
  @IsOptional() @IsArray() @ArrayMaxSize(REPORT_ITEMS_MAX + 10) @IsUUID('all', { each: true })
  sectionOrder?: string[];
}

export class UpdateReportSectionDto {
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(500)
  heading?: string;

  @ApiPropertyOptional({ maxLength: SECTION_BODY_MAX, description: 'Markdown subset (report-markdown.ts), stored as typed and never rendered as HTML' })
  @IsOptional() @IsString() @MaxLength(SECTION_BODY_MAX)
  body?: string;
}

export class FinaliseReportDto {
  @ApiPropertyOptional({ description: 'Required (true) when the report is over its word limit' }) @IsOptional() @IsBoolean()
  confirmOverLimit?: boolean;
}

export class UserRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class ReportSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: REPORT_TYPES }) type: ReportType;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LOCALES }) language: Locale;
  @ApiProperty({ type: BodyRefDto }) body: BodyRefDto;
  @ApiProperty({ type: ReviewRefDto, nullable: true }) review: ReviewRefDto | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dueDate: string | null;
  @ApiProperty({ enum: REPORT_STATUSES }) status: ReportStatus;
  @ApiProperty({ description: 'Words of every section’s heading and text (countReportDocumentWords)' }) words: number;
  @ApiProperty({ type: Number, nullable: true }) wordLimit: number | null;
  @ApiProperty({ enum: WORD_LIMIT_STATES, description: 'warning from 90 % of the limit' }) limitState: WordLimitState;
  @ApiProperty({ description: 'Finalised versions' }) versionCount: number;
  @ApiProperty({ description: 'The ETag: any change to the report or one of its sections moves it' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ReportListDto {
  @ApiProperty({ type: [ReportSummaryDto] }) items: ReportSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ReportSectionDto {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty({ example: 'item:…' }) key: string;
  @ApiProperty() heading: string;
  @ApiProperty({ description: 'As typed (Markdown subset), never HTML' }) body: string;
  @ApiProperty({ type: [String] }) itemIds: string[];
  @ApiProperty({ type: [String] }) citations: string[];
  @ApiProperty({ description: 'The section’s ETag (If-Match of its PATCH)' }) version: number;
  @ApiProperty({ description: 'Words of heading and text' }) words: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) updatedBy: UserRefDto | null;
}

export class ReportVersionDto {
  @ApiProperty() number: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the stored .docx bytes' }) sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() words: number;
  @ApiProperty({ type: Number, nullable: true }) wordLimit: number | null;
  @ApiProperty() overLimit: boolean;
  @ApiProperty() overLimitConfirmed: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) createdBy: UserRefDto | null;
}

export class ReportVersionListDto {
  @ApiProperty({ type: [ReportVersionDto] }) items: ReportVersionDto[];
}

/** A finalised version and the report's new version (its ETag). */
export class FinalisedReportDto extends ReportVersionDto {
  @ApiProperty({ description: 'The report’s version after finalising (its new ETag)' }) reportVersion: number;
}

export class ReportDetailDto extends ReportSummaryDto {
  @ApiProperty({ enum: REPORT_GROUP_BY, nullable: true }) groupBy: ReportGroupBy | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) createdBy: UserRefDto | null;
  @ApiProperty({ type: [ReportSectionDto], description: 'In order' }) sections: ReportSectionDto[];
  @ApiProperty({ type: [ReportVersionDto], description: 'Finalised versions, newest first' }) versions: ReportVersionDto[];
}

export class InstitutionNamesDto {
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class SourceChangeDto {
  @ApiProperty() contributionId: string;
  @ApiProperty({ type: InstitutionNamesDto }) institution: InstitutionNamesDto;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) validatedAt: string | null;
  @ApiProperty({ enum: SOURCE_CHANGE_STATUSES }) status: (typeof SOURCE_CHANGE_STATUSES)[number];
}

export class SectionRefreshDto {
  @ApiProperty({ description: 'The section’s text now' }) current: string;
  @ApiProperty({ description: 'The text drawn again from the validated contributions of its items (PATCH it to adopt it)' }) proposed: string;
  @ApiProperty({ description: 'The section’s version, for the If-Match of that PATCH' }) sectionVersion: number;
  @ApiProperty({ type: [SourceChangeDto] }) changed: SourceChangeDto[];
}
