/**
 * Shapes of the SIDH API (`/api/v1`), hand-written from the contract until the typed client generated
 * from the OpenAPI document (`@sidh/api-client`, `components['schemas'][…]`) lands. Every response type
 * the SPA uses lives in THIS file only, so swapping them for the generated ones is a one-file change.
 */
import type {
  AssignmentRole,
  ImplementationStatus,
  InstitutionType,
  Locale,
  Mechanism,
  RecommendationResponse,
  Role,
} from '@sidh/domain';

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
  status?: number;
}

export interface InstitutionRef {
  id: string;
  code: string;
  nameAr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  institution: InstitutionRef | null;
  permissions: string[];
}

export interface AuthResponse {
  accessToken: string;
  expiresIn: number;
  user: Me;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** A taxonomy entry (theme, affected person, SDG goal/target, axis, country). */
export interface Ref {
  code: string;
  nameAr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

export interface BodyRef extends InstitutionRef {}

export interface ReviewRef {
  id: string;
  code: string;
  title: string;
  year: number | null;
}

export interface RecommendationSummary {
  id: string;
  mechanism: Mechanism;
  body: BodyRef;
  review: ReviewRef | null;
  documentSymbol: string;
  paragraph: string;
  externalCode: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
  response: RecommendationResponse | null;
  status: ImplementationStatus | null;
  followUp: boolean;
  version: number;
}

export interface Assignment {
  id: string;
  institution: InstitutionRef;
  role: AssignmentRole;
  dueDate: string | null;
}

export interface RecommendationDetail extends RecommendationSummary {
  followUpDueDate: string | null;
  recommendingStates: Ref[];
  themes: Ref[];
  affectedPersons: Ref[];
  sdgTargets: Ref[];
  axes: Ref[];
  subAxes: Ref[];
  assignments: Assignment[];
  createdAt: string;
  updatedAt: string;
}

/** The fields a coordinator may change with `PATCH /recommendations/:id`. */
export interface RecommendationPatch {
  textAr?: string | null;
  textFr?: string | null;
  textEn?: string | null;
  documentSymbol?: string;
  paragraph?: string;
  externalCode?: string | null;
  response?: RecommendationResponse | null;
  status?: ImplementationStatus | null;
  followUp?: boolean;
  followUpDueDate?: string | null;
}

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
] as const;
export type FacetKey = (typeof FACET_KEYS)[number];

export interface FacetValue {
  value: string;
  count: number;
}

export interface RecommendationPage {
  items: RecommendationSummary[];
  total: number;
  page: number;
  pageSize: number;
  facets?: Partial<Record<FacetKey, FacetValue[]>>;
}

export interface FieldChange {
  before: unknown;
  after: unknown;
}

export interface HistoryEvent {
  id: string;
  occurredAt: string;
  action: string;
  actor: { id: string; name: string; role: Role } | null;
  changes: Record<string, FieldChange> | null;
}

export interface HistoryResponse {
  items: HistoryEvent[];
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

export interface BodyReference {
  id: string;
  code: string;
  mechanism: Mechanism;
  nameAr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

export interface ReviewReference {
  id: string;
  bodyId: string;
  code: string;
  title: string;
  year: number | null;
  documentSymbol: string | null;
}

export interface InstitutionReference extends InstitutionRef {
  type: InstitutionType;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: Role | null;
  actorInstitutionId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, FieldChange> | null;
  requestId: string | null;
  ip: string | null;
  hash: string;
}

export interface AuditPage {
  items: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditVerification {
  intact: boolean;
  eventsChecked: number;
  firstBrokenEventId: string | null;
}
