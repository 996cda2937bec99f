/**
 * Shapes of the reporting API (assignments, campaigns, contributions, notifications, people), all from
 * the client generated from the API's OpenAPI document. The reporting modules import them from here.
 */
import type { Schemas } from '@sidh/api-client';

export type Assignment = Schemas['AssignmentDto'];
export type AssignmentList = Schemas['AssignmentListDto'];
export type CreateAssignment = Schemas['CreateAssignmentDto'];
export type UpdateAssignment = Schemas['UpdateAssignmentDto'];
export type BulkAssign = Schemas['BulkAssignDto'];
export type BulkAssignResult = Schemas['BulkAssignResultDto'];
export type RecommendationFilter = Schemas['RecommendationFilterDto'];

export type ContributionSummary = Schemas['ContributionSummaryDto'];
export type ContributionDetail = Schemas['ContributionDetailDto'];
export type ContributionList = Schemas['ContributionListDto'];
export type ContributionPatch = Schemas['UpdateContributionDto'];
export type Indicator = Schemas['IndicatorDto'];
export type Evidence = Schemas['EvidenceDto'];
export type Comment = Schemas['CommentDto'];
export type CommentList = Schemas['CommentListDto'];
export type Transition = Schemas['TransitionDto'];
export type StatusSuggestion = Schemas['StatusSuggestionDto'];

export type Campaign = Schemas['CampaignSummaryDto'];
export type CampaignDetail = Schemas['CampaignDetailDto'];
export type CampaignList = Schemas['CampaignListDto'];
export type CreateCampaign = Schemas['CreateCampaignDto'];
export type Progress = Schemas['ProgressDto'];
export type InstitutionProgress = Schemas['InstitutionProgressDto'];
export type CampaignInstitution = Schemas['CampaignInstitutionDto'];

export type Notification = Schemas['NotificationDto'];
export type NotificationList = Schemas['NotificationListDto'];

export type Members = Schemas['InstitutionMembersDto'];
export type Member = Schemas['MemberDto'];
export type Invitation = Schemas['InvitationDto'];
export type CreateInvitation = Schemas['CreateInvitationDto'];

/** The query of `GET /contributions`. */
export interface ContributionQuery {
  page?: number;
  pageSize?: number;
  campaignId?: string;
  status?: ContributionSummary['status'];
  institutionId?: string;
  recommendationId?: string;
  mine?: boolean;
  overdue?: boolean;
}

/** `details` of a 412 on a contribution: the saved version and who saved it. */
export interface ContributionStaleDetails {
  current: ContributionDetail;
  lastChange: { actorName: string | null; actorRole: string | null; occurredAt: string } | null;
}

export function isContributionStale(d: unknown): d is ContributionStaleDetails {
  return typeof d === 'object' && d !== null && 'current' in d && typeof (d as ContributionStaleDetails).current === 'object';
}
