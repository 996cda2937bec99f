import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { EXCHANGE_LANGS, IMPLEMENTATION_STATUSES, ITEM_KINDS, MECHANISMS, RECOMMENDATION_RESPONSES, type ExchangeLang, type ImplementationStatus, type ItemKind, type Mechanism, type RecommendationResponse } from '@sidh/domain';
import { PaginationQueryDto } from '../../../common/pagination.dto.js';

export const RECOMMENDATION_SORTS = ['relevance', 'updatedAt', '-updatedAt', 'symbol', '-symbol'] as const;
export type RecommendationSort = (typeof RECOMMENDATION_SORTS)[number];

const CODE = /^[A-Za-z0-9._-]{1,64}$/;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Every filter takes one value; a repeated parameter (an array) is refused as invalid. */
export class RecommendationQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Free text, in Arabic, French or English', maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ITEM_KINDS, description: 'Recommendations only, or questions of lists of issues only' }) @IsOptional() @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  @ApiPropertyOptional({ enum: MECHANISMS }) @IsOptional() @IsIn(MECHANISMS)
  mechanism?: Mechanism;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  bodyId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  reviewId?: string;

  @ApiPropertyOptional({ enum: RECOMMENDATION_RESPONSES }) @IsOptional() @IsIn(RECOMMENDATION_RESPONSES)
  response?: RecommendationResponse;

  @ApiPropertyOptional({ enum: IMPLEMENTATION_STATUSES }) @IsOptional() @IsIn(IMPLEMENTATION_STATUSES)
  status?: ImplementationStatus;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE)
  theme?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE)
  affectedPerson?: string;

  @ApiPropertyOptional({ example: '5' }) @IsOptional() @IsString() @Matches(/^\d{1,2}$/)
  sdgGoal?: string;

  @ApiPropertyOptional({ example: '5.1' }) @IsOptional() @IsString() @Matches(/^\d{1,2}\.[0-9a-z]{1,2}$/)
  sdgTarget?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE)
  axis?: string;

  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @Transform(toBoolean) @IsBoolean()
  followUp?: boolean;

  @ApiPropertyOptional({ enum: RECOMMENDATION_SORTS }) @IsOptional() @IsIn(RECOMMENDATION_SORTS)
  sort?: RecommendationSort;

  /** @deprecated Use GET /recommendations/facets, fetched in parallel with the list. */
  @ApiPropertyOptional({ type: Boolean, deprecated: true, description: 'Deprecated: use GET /recommendations/facets. Includes facet counts (served from the same cache).' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  facets?: boolean;
}

/** The filters of GET /recommendations, for GET /recommendations/facets (no paging or sort). */
export class RecommendationFacetsQueryDto extends OmitType(RecommendationQueryDto, ['page', 'pageSize', 'sort', 'facets'] as const) {}

export type RecommendationFilter = Omit<RecommendationQueryDto, 'page' | 'pageSize' | 'sort' | 'facets'>;

/** The list's filters, plus the file format and the text languages of the export. */
export class RecommendationExportQueryDto extends OmitType(RecommendationQueryDto, ['page', 'pageSize', 'sort', 'facets'] as const) {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' }) @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';

  @ApiPropertyOptional({ description: 'Text languages, in column order (comma-separated); the first also names states and themes. Arabic alone gives a right-to-left sheet.', example: 'ar,fr,en', default: 'ar,fr,en' })
  @IsOptional() @IsString() @Matches(/^(ar|fr|en)(,(ar|fr|en)){0,2}$/)
  lang?: string;

  @ApiPropertyOptional({
    enum: EXCHANGE_LANGS,
    description:
      'Language of the column headers and of the values a ministry reads: mechanism, body, review, response, recommending states, themes, institutions, status, kind ' +
      '(e.g. "Statut de mise en œuvre: En cours"). Absent: the exchange codes (headers `status`, `body`…; values `in_progress`, `CAT`…). A localised file still imports back with the `sidh-export` preset.',
  })
  @IsOptional() @IsIn(EXCHANGE_LANGS)
  labels?: ExchangeLang;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'With `labels`: also the codes, in extra columns at the end named as without `labels` (mechanism, body, review, response, recommending_states, themes, institutions, status, kind).' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  codes?: boolean;
}
