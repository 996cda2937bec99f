/**
 * Shapes of the SIDH API (`/api/v1`). Response bodies come from the client generated from the API's
 * OpenAPI document (`@sidh/api-client`, `components['schemas'][…]`); only what the OpenAPI document
 * does not describe (error `details`, the facet key list) is written here. Every API type the SPA uses
 * is re-exported from THIS file, so the rest of the app never depends on the generator's naming.
 */
import type { Schemas } from '@sidh/api-client';
import type { Role } from '@sidh/domain';

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
  status?: number;
}

export type InstitutionRef = Schemas['InstitutionRefDto'];
export type Me = Schemas['MeDto'];
export type AuthResponse = Schemas['LoginResponseDto'];
export type LoginRequest = Schemas['LoginDto'];
/** A taxonomy entry (theme, affected person, SDG goal/target, axis, country). */
export type Ref = Schemas['RefDto'];
export type BodyRef = Schemas['BodyRefDto'];
export type ReviewRef = Schemas['ReviewRefDto'];
export type RecommendationSummary = Schemas['RecommendationSummaryDto'];
export type Assignment = Schemas['AssignmentRefDto'];
export type RecommendationDetail = Schemas['RecommendationDetailDto'];
/** The fields a coordinator may change with `PATCH /recommendations/:id` (this form uses a subset). */
export type RecommendationPatch = Pick<
  Schemas['UpdateRecommendationDto'],
  | 'textAr'
  | 'textFr'
  | 'textEn'
  | 'documentSymbol'
  | 'paragraph'
  | 'externalCode'
  | 'response'
  | 'status'
  | 'followUp'
  | 'followUpDueDate'
>;
export type RecommendationPage = Schemas['RecommendationListDto'];
export type FacetValue = Schemas['FacetBucketDto'];
export type RecommendationFacets = Schemas['RecommendationFacetsDto'];
export type HistoryEvent = Schemas['HistoryEventDto'];
export type HistoryResponse = Schemas['HistoryDto'];
export type BodyReference = Schemas['BodyDto'];
export type ReviewReference = Schemas['ReviewDto'];
export type InstitutionReference = Schemas['InstitutionDto'];
export type AuditEvent = Schemas['AuditEventDto'];
export type AuditPage = Schemas['AuditEventListDto'];
export type AuditVerification = Schemas['AuditVerifyDto'];
export type AuditCheckpoint = Schemas['AuditCheckpointDto'];
export type AuditCheckpointPage = Schemas['AuditCheckpointListDto'];

export const FACET_KEYS = [
  'mechanism',
  'body',
  'review',
  'response',
  'status',
  'institution',
  'theme',
  'affectedPerson',
  'sdgGoal',
  'axis',
  'followUp',
] as const satisfies ReadonlyArray<keyof Schemas['RecommendationFacetsDto']>;
export type FacetKey = (typeof FACET_KEYS)[number];

/** One entry of an audit event's `changes` (typed `unknown` by the OpenAPI document). */
export interface FieldChange {
  before: unknown;
  after: unknown;
}

export function isFieldChange(x: unknown): x is FieldChange {
  return typeof x === 'object' && x !== null && 'before' in x && 'after' in x;
}

export interface LastChange {
  actorName: string;
  actorRole: Role;
  occurredAt: string;
}

/** `details` of a 412 `concurrency.stale` error. */
export interface StaleDetails {
  current: RecommendationDetail;
  lastChange: LastChange | null;
}

/** `details` of a 400 `validation.failed` error: field → message key (`validation.maxLength`, …). */
export interface ValidationDetails {
  fields: Record<string, string>;
}
