/**
 * Friendly names for the SIDH API's shapes, ALL derived from the client generated from the API's OpenAPI
 * document (`@sidh/api-client`: `components['schemas'][…]`, `paths[…]`); none is written by hand. The
 * rest of the SPA imports them from here, so it never depends on the generator's naming.
 */
import type { components, paths, Schemas } from '@sidh/api-client';

export type { Schemas };

/** The query object of a GET endpoint. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

// Session and people
export type Me = Schemas['MeDto'];
export type AuthResponse = Schemas['LoginResponseDto'];
export type LoginRequest = Schemas['LoginDto'];
export type InstitutionRef = Schemas['InstitutionRefDto'];
export type Members = Schemas['InstitutionMembersDto'];
export type Member = Schemas['MemberDto'];
export type Invitation = Schemas['InvitationDto'];
export type CreateInvitation = Schemas['CreateInvitationDto'];
export type AcceptedInvitation = Schemas['AcceptedInvitationDto'];

// Reference data
/** A taxonomy entry (theme, affected person, SDG goal/target, axis, country). */
export type Ref = Schemas['RefDto'];
export type BodyRef = Schemas['BodyRefDto'];
export type ReviewRef = Schemas['ReviewRefDto'];
export type BodyReference = Schemas['BodyDto'];
export type ReviewReference = Schemas['ReviewDto'];
export type InstitutionReference = Schemas['InstitutionDto'];

// Recommendations
/** A list item (the summary; `matchedVia` only on free-text search results found through another language). */
export type RecommendationSummary = Schemas['RecommendationSearchItemDto'];
export type RecommendationDetail = Schemas['RecommendationDetailDto'];
export type RecommendationAssignment = Schemas['AssignmentRefDto'];
/** The fields a coordinator may change with `PATCH /recommendations/:id` (the edit form uses a subset). */
export type RecommendationPatch = Pick<
  Schemas['UpdateRecommendationDto'],
  'textAr' | 'textFr' | 'textEn' | 'documentSymbol' | 'paragraph' | 'externalCode' | 'response' | 'status' | 'followUp' | 'followUpDueDate'
>;
export type RecommendationPage = Schemas['RecommendationListDto'];
export type RecommendationQuery = QueryOf<'/api/v1/recommendations'>;
export type RecommendationFacetsQuery = QueryOf<'/api/v1/recommendations/facets'>;
export type RecommendationExportQuery = QueryOf<'/api/v1/recommendations/export'>;
export type FacetValue = Schemas['FacetBucketDto'];
export type RecommendationFacets = Schemas['RecommendationFacetsDto'];
export type HistoryEvent = Schemas['HistoryEventDto'];
export type HistoryResponse = Schemas['HistoryDto'];
export type RecommendationFilter = Schemas['RecommendationFilterDto'];

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

// Audit
export type AuditEvent = Schemas['AuditEventDto'];
export type AuditPage = Schemas['AuditEventListDto'];
export type AuditQuery = QueryOf<'/api/v1/audit/events'>;
export type AuditVerification = Schemas['AuditVerifyDto'];
export type AuditCheckpoint = Schemas['AuditCheckpointDto'];
export type AuditCheckpointPage = Schemas['AuditCheckpointListDto'];

// Assignments
export type Assignment = Schemas['AssignmentDto'];
export type AssignmentList = Schemas['AssignmentListDto'];
export type AssignmentQuery = QueryOf<'/api/v1/assignments'>;
export type CreateAssignment = Schemas['CreateAssignmentDto'];
export type UpdateAssignment = Schemas['UpdateAssignmentDto'];
export type BulkAssign = Schemas['BulkAssignDto'];
export type BulkAssignResult = Schemas['BulkAssignResultDto'];
export type StatusSuggestion = Schemas['StatusSuggestionDto'];

// Contributions
export type ContributionSummary = Schemas['ContributionSummaryDto'];
export type ContributionDetail = Schemas['ContributionDetailDto'];
export type ContributionList = Schemas['ContributionListDto'];
export type ContributionQuery = QueryOf<'/api/v1/contributions'>;
export type ContributionPatch = Schemas['UpdateContributionDto'];
export type Indicator = Schemas['IndicatorDto'];
export type Evidence = Schemas['EvidenceDto'];
export type EvidenceUpload = Schemas['EvidenceUploadDto'];
export type Comment = Schemas['CommentDto'];
export type CommentList = Schemas['CommentListDto'];
export type Transition = Schemas['TransitionDto'];

// Campaigns
export type Campaign = Schemas['CampaignSummaryDto'];
export type CampaignDetail = Schemas['CampaignDetailDto'];
export type CampaignList = Schemas['CampaignListDto'];
export type CampaignQuery = QueryOf<'/api/v1/campaigns'>;
export type CreateCampaign = Schemas['CreateCampaignDto'];
export type Progress = Schemas['ProgressDto'];
export type InstitutionProgress = Schemas['InstitutionProgressDto'];
export type CampaignInstitution = Schemas['CampaignInstitutionDto'];

// Notifications
export type Notification = Schemas['NotificationDto'];
export type NotificationList = Schemas['NotificationListDto'];
export type NotificationQuery = QueryOf<'/api/v1/notifications'>;
export type UnreadCount = Schemas['UnreadCountDto'];

// Imports
export type ImportMapping = Schemas['ImportMappingDto'];
export type FieldMapping = Schemas['FieldMappingDto'];
export type ImportPreset = Schemas['ImportPresetDto'];
export type ImportPresetList = Schemas['ImportPresetListDto'];
export type ImportJob = Schemas['ImportJobDto'];
export type ImportJobDetail = Schemas['ImportJobDetailDto'];
export type ImportJobList = Schemas['ImportJobListDto'];
export type ImportCounts = Schemas['ImportCountsDto'];
export type ImportRejection = Schemas['ImportRejectionDto'];
export type ImportReport = Schemas['ImportReportDto'];
export type ImportUpload = Schemas['ImportUploadDto'];
export type UnknownLabel = Schemas['UnknownLabelDto'];
export type ImportStatus = ImportJob['status'];

// Errors
export type ErrorResponse = components['schemas']['ErrorResponseDto'];
export type StaleErrorDetails = components['schemas']['StaleErrorDetailsDto'];
export type LastChange = components['schemas']['LastChangeDto'];
