import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IMPLEMENTATION_STATUSES, ITEM_KINDS, RECOMMENDATION_RESPONSES, type AssignmentRole, type ImplementationStatus, type ItemKind, type RecommendationResponse } from '@sidh/domain';

export const AS_OF_LIMIT_DEFAULT = 25;
export const AS_OF_LIMIT_MAX = 100;

/** `GET /audit/as-of/recommendations`: the list at an instant, a keyset page of it. */
export class AuditAsOfQueryDto {
  @ApiProperty({ format: 'date-time', description: 'The instant (not in the future)', example: '2026-11-01T09:00:00Z' })
  @IsDefined() @IsISO8601({ strict: true })
  at!: string;

  @ApiPropertyOptional({ description: 'Words that the symbol, paragraph, code or texts held at the instant all contain' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Keyset: the `nextCursor` of the previous page' })
  @IsOptional() @IsUUID()
  cursor?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: AS_OF_LIMIT_MAX, default: AS_OF_LIMIT_DEFAULT })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(AS_OF_LIMIT_MAX)
  limit: number = AS_OF_LIMIT_DEFAULT;
}

export class AuditAsOfInstitutionDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) code: string | null;
  @ApiProperty({ type: String, nullable: true }) nameAr: string | null;
  @ApiProperty({ type: String, nullable: true }) nameFr: string | null;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  @ApiProperty({ enum: ['lead', 'contributor'], type: String, nullable: true }) role: AssignmentRole | null;
}

/** One recommendation as it was at the instant, rebuilt from its audit events (and its assignments' events). */
export class AuditAsOfRecommendationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ITEM_KINDS }) kind: ItemKind;
  @ApiProperty({ type: String, nullable: true, description: "The body's code (today's reference data)" }) bodyCode: string | null;
  @ApiProperty({ type: String, nullable: true }) documentSymbol: string | null;
  @ApiProperty({ type: String, nullable: true }) paragraph: string | null;
  @ApiProperty({ type: String, nullable: true }) externalCode: string | null;
  @ApiProperty({ type: String, nullable: true }) textAr: string | null;
  @ApiProperty({ type: String, nullable: true }) textFr: string | null;
  @ApiProperty({ type: String, nullable: true }) textEn: string | null;
  @ApiProperty({ enum: IMPLEMENTATION_STATUSES, type: String, nullable: true, description: 'Consolidated status' }) status: ImplementationStatus | null;
  @ApiProperty({ enum: RECOMMENDATION_RESPONSES, type: String, nullable: true }) response: RecommendationResponse | null;
  @ApiProperty({ type: [AuditAsOfInstitutionDto], description: 'Institutions assigned at the instant, lead first' }) institutions: AuditAsOfInstitutionDto[];
  @ApiProperty({ description: 'Events of the recommendation at or before the instant' }) eventsApplied: number;
  @ApiProperty({ type: String, nullable: true }) lastEventId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the recommendation last changed before the instant' }) lastEventAt: string | null;
}

export class AuditAsOfListDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: [AuditAsOfRecommendationDto] }) items: AuditAsOfRecommendationDto[];
  @ApiProperty() limit: number;
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

/** One audit event of a record, as the rebuild reads it (`rebuildAt`). */
export interface AsOfEventRow {
  entityId: string;
  id: string;
  occurredAt: string;
  action: string;
  changes: Record<string, unknown>;
}

/** A recommendation's row today: the values of fields no event ever recorded (they never changed). */
export interface AsOfCurrentRecommendationRow {
  id: string;
  kind: ItemKind;
  bodyId: string;
  documentSymbol: string | null;
  paragraph: string | null;
  externalCode: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
  status: ImplementationStatus;
  response: RecommendationResponse | null;
}

/** An assignment tied to a recommendation, by its row today or by an event naming the recommendation. */
export interface AsOfAssignmentLinkRow {
  id: string;
  recommendationId: string;
  /** Null when the row is gone (deleted). */
  institutionId: string | null;
  role: AssignmentRole | null;
  /** Whether today's row was there for others at the instant: created at or before it, and its transaction's event committed by then (compared in SQL, to the microsecond); null for a row that is gone. */
  createdByThen: boolean | null;
}

export interface AsOfInstitutionRow {
  id: string;
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

/** The rebuilt values of one recommendation, as the mapper reads them. */
export interface AsOfRecommendationState {
  id: string;
  fields: Record<string, unknown>;
  bodyCode: string | null;
  institutions: AuditAsOfInstitutionDto[];
  eventsApplied: number;
  lastEventId: string | null;
  lastEventAt: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function toAuditAsOfRecommendationDto(state: AsOfRecommendationState): AuditAsOfRecommendationDto {
  const f = state.fields;
  return {
    id: state.id,
    kind: f['kind'] === 'question' ? 'question' : 'recommendation',
    bodyCode: state.bodyCode,
    documentSymbol: str(f['documentSymbol']),
    paragraph: str(f['paragraph']),
    externalCode: str(f['externalCode']),
    textAr: str(f['textAr']),
    textFr: str(f['textFr']),
    textEn: str(f['textEn']),
    status: str(f['status']) as ImplementationStatus | null,
    response: str(f['response']) as RecommendationResponse | null,
    institutions: state.institutions,
    eventsApplied: state.eventsApplied,
    lastEventId: state.lastEventId,
    lastEventAt: state.lastEventAt,
  };
}
