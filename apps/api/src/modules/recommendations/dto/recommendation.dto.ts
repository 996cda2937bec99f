import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import {
  ASSIGNMENT_ROLES,
  IMPLEMENTATION_STATUSES,
  ITEM_KINDS,
  MECHANISMS,
  RECOMMENDATION_RESPONSES,
  TEXT_MAX_LENGTH,
  type AssignmentRole,
  type ImplementationStatus,
  type ItemKind,
  type Mechanism,
  type RecommendationResponse,
} from '@sidh/domain';
import { InstitutionRefDto } from '../../../auth/dto/auth.dto.js';
import { RefDto } from '../../reference/dto/reference.dto.js';

export class BodyRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class ReviewRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() titleAr: string;
  @ApiProperty() titleFr: string;
  @ApiProperty() titleEn: string;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
}

export class RecommendationSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ITEM_KINDS, description: '`recommendation`, or `question`: a paragraph of a list of issues (prior to reporting), cited by its symbol and paragraph and answered like a recommendation' })
  kind: ItemKind;
  @ApiProperty({ enum: MECHANISMS }) mechanism: Mechanism;
  @ApiProperty({ type: BodyRefDto }) body: BodyRefDto;
  @ApiProperty({ type: ReviewRefDto, nullable: true }) review: ReviewRefDto | null;
  @ApiProperty({ type: String, nullable: true }) documentSymbol: string | null;
  @ApiProperty({ type: String, nullable: true }) paragraph: string | null;
  @ApiProperty({ type: String, nullable: true }) externalCode: string | null;
  @ApiProperty({ type: String, nullable: true }) textAr: string | null;
  @ApiProperty({ type: String, nullable: true }) textFr: string | null;
  @ApiProperty({ type: String, nullable: true }) textEn: string | null;
  @ApiProperty({ enum: RECOMMENDATION_RESPONSES, nullable: true }) response: RecommendationResponse | null;
  @ApiProperty({ enum: IMPLEMENTATION_STATUSES }) status: ImplementationStatus;
  @ApiProperty() followUp: boolean;
  @ApiProperty() version: number;
}

export class AssignmentRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: InstitutionRefDto }) institution: InstitutionRefDto;
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role: AssignmentRole;
  @ApiProperty({ type: String, nullable: true }) dueDate: string | null;
}

export class RecommendationDetailDto extends RecommendationSummaryDto {
  @ApiProperty({ type: String, nullable: true, format: 'date' }) followUpDueDate: string | null;
  @ApiProperty({ type: [RefDto] }) recommendingStates: RefDto[];
  @ApiProperty({ type: [RefDto] }) themes: RefDto[];
  @ApiProperty({ type: [RefDto] }) affectedPersons: RefDto[];
  @ApiProperty({ type: [RefDto] }) sdgTargets: RefDto[];
  @ApiProperty({ type: [RefDto] }) axes: RefDto[];
  @ApiProperty({ type: [RefDto] }) subAxes: RefDto[];
  @ApiProperty({ type: [AssignmentRefDto] }) assignments: AssignmentRefDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FacetBucketDto {
  @ApiProperty() value: string;
  @ApiProperty() count: number;
}

export class RecommendationFacetsDto {
  @ApiProperty({ type: [FacetBucketDto], description: 'Recommendations and questions' }) kind: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) mechanism: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) body: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) review: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) response: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) status: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) followUp: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) institution: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) theme: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) affectedPerson: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) sdgGoal: FacetBucketDto[];
  @ApiProperty({ type: [FacetBucketDto] }) axis: FacetBucketDto[];
}

/** A list item: the summary and, for a free-text search, how it matched. */
export class RecommendationSearchItemDto extends RecommendationSummaryDto {
  @ApiPropertyOptional({
    enum: ['ar', 'fr', 'en'],
    isArray: true,
    description:
      'Set when the record matched only through the cross-language vocabulary, in other languages than the query\'s: the languages of its texts the expanded query matched (e.g. an Arabic query finding an English-only recommendation gives ["en"]).',
  })
  matchedVia?: Array<'ar' | 'fr' | 'en'>;
}

export class RecommendationListDto {
  @ApiProperty({ type: [RecommendationSearchItemDto] }) items: RecommendationSearchItemDto[];
  @ApiProperty({ description: 'Exact number of matches up to 10,000; beyond, 10,000 with totalIsLowerBound' }) total: number;
  @ApiProperty({ description: 'True when there are more matches than total (the count stops at 10,000)' }) totalIsLowerBound: boolean;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiPropertyOptional({ type: RecommendationFacetsDto, deprecated: true, description: 'Only with the deprecated facets=true: use GET /recommendations/facets' })
  facets?: RecommendationFacetsDto;
}

const CODE = /^[A-Za-z0-9._-]{1,64}$/;
const nullable = (_: object, value: unknown) => value !== null;

/** Fields a coordinator may change; absent → unchanged, `null` → cleared. */
export class UpdateRecommendationDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT_MAX_LENGTH }) @IsOptional() @ValidateIf(nullable) @IsString() @MaxLength(TEXT_MAX_LENGTH)
  textAr?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT_MAX_LENGTH }) @IsOptional() @ValidateIf(nullable) @IsString() @MaxLength(TEXT_MAX_LENGTH)
  textFr?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT_MAX_LENGTH }) @IsOptional() @ValidateIf(nullable) @IsString() @MaxLength(TEXT_MAX_LENGTH)
  textEn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'A/HRC/36/6' }) @IsOptional() @ValidateIf(nullable) @IsString() @MaxLength(64)
  documentSymbol?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '144.44' }) @IsOptional() @ValidateIf(nullable) @IsString() @MaxLength(32)
  paragraph?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf(nullable) @IsString() @MaxLength(64)
  externalCode?: string | null;

  @ApiPropertyOptional({ enum: RECOMMENDATION_RESPONSES, nullable: true, description: "The state's response (UPR). A question has none: a response on a question is refused (400 naming `response`)." })
  @IsOptional() @ValidateIf(nullable) @IsIn(RECOMMENDATION_RESPONSES)
  response?: RecommendationResponse | null;

  /** Validated when present, null included (null is no kind): 400 `validation.enum` naming `kind`. */
  @ApiPropertyOptional({ enum: ITEM_KINDS, description: 'What the item is; on creation `recommendation` when absent. Making it a question needs its response cleared (`"response": null`).' })
  @ValidateIf((_: object, value: unknown) => value !== undefined) @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  @ApiPropertyOptional({ enum: IMPLEMENTATION_STATUSES }) @IsOptional() @IsIn(IMPLEMENTATION_STATUSES)
  status?: ImplementationStatus;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  followUp?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) @IsOptional() @ValidateIf(nullable) @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date' })
  followUpDueDate?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'ISO 3166-1 alpha-2 codes' }) @IsOptional() @IsArray() @ArrayMaxSize(200) @Matches(/^[A-Z]{2}$/, { each: true })
  recommendingStateCodes?: string[];

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(CODE, { each: true })
  themeCodes?: string[];

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(CODE, { each: true })
  affectedPersonCodes?: string[];

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(169) @Matches(/^\d{1,2}\.[0-9a-z]{1,2}$/, { each: true })
  sdgTargetCodes?: string[];

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(CODE, { each: true })
  axisCodes?: string[];

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @Matches(CODE, { each: true })
  subAxisCodes?: string[];
}

export class CreateRecommendationDto extends UpdateRecommendationDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  bodyId: string;

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true }) @IsOptional() @ValidateIf(nullable) @IsUUID()
  reviewId?: string | null;
}

export class HistoryActorDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
}

export class HistoryEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() action: string;
  @ApiProperty({ type: HistoryActorDto, nullable: true }) actor: HistoryActorDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) changes: Record<string, unknown>;
}

export class HistoryDto {
  @ApiProperty({ type: [HistoryEventDto] }) items: HistoryEventDto[];
}

export class StaleRecommendationDetailsDto {
  @ApiProperty({ type: RecommendationDetailDto }) current: RecommendationDetailDto;
  @ApiProperty({ nullable: true, type: 'object', properties: { actorName: { type: 'string', nullable: true }, actorRole: { type: 'string', nullable: true }, occurredAt: { type: 'string' } } })
  lastChange: { actorName: string | null; actorRole: string | null; occurredAt: string } | null;
}

