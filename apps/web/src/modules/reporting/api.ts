/** Calls of the reporting API, over the app's typed `request` (bearer token, refresh, error envelope). */
import { api, request } from '../../app/api';
import type {
  Assignment,
  AssignmentList,
  BulkAssign,
  BulkAssignResult,
  CampaignDetail,
  CampaignInstitution,
  CampaignList,
  Comment,
  CommentList,
  ContributionDetail,
  ContributionList,
  ContributionPatch,
  ContributionQuery,
  CreateAssignment,
  CreateCampaign,
  CreateInvitation,
  Evidence,
  Invitation,
  Members,
  NotificationList,
  StatusSuggestion,
  Transition,
  UpdateAssignment,
} from './types';

const enc = encodeURIComponent;

export const reportingApi = {
  contributions: async (query: ContributionQuery, signal?: AbortSignal) =>
    (await request<ContributionList>('/contributions', { query: { ...query }, signal })).data,
  contribution: (id: string, signal?: AbortSignal) => request<ContributionDetail>(`/contributions/${enc(id)}`, { signal }),
  updateContribution: (id: string, patch: ContributionPatch, etag: string) =>
    request<ContributionDetail>(`/contributions/${enc(id)}`, { method: 'PATCH', body: patch, headers: { 'If-Match': etag } }),
  transition: (id: string, body: Transition, etag?: string) =>
    request<ContributionDetail>(`/contributions/${enc(id)}/transitions`, {
      method: 'POST',
      body,
      headers: etag ? { 'If-Match': etag } : undefined,
    }),
  comments: async (id: string, signal?: AbortSignal) => (await request<CommentList>(`/contributions/${enc(id)}/comments`, { signal })).data,
  addComment: async (id: string, body: string) =>
    (await request<Comment>(`/contributions/${enc(id)}/comments`, { method: 'POST', body: { body } })).data,
  addLink: async (id: string, link: { url: string; title: string; confidentiality: Evidence['confidentiality'] }) =>
    (await request<Evidence>(`/contributions/${enc(id)}/evidence`, { method: 'POST', body: link })).data,
  removeEvidence: async (id: string) => {
    await request<void>(`/evidence/${enc(id)}`, { method: 'DELETE' });
  },
  statusSuggestion: async (recommendationId: string, signal?: AbortSignal) =>
    (await request<StatusSuggestion>(`/recommendations/${enc(recommendationId)}/status-suggestion`, { signal })).data,

  assignments: async (query: { recommendationId?: string; institutionId?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    (await request<AssignmentList>('/assignments', { query: { ...query }, signal })).data,
  createAssignment: async (body: CreateAssignment) => (await request<Assignment>('/assignments', { method: 'POST', body })).data,
  updateAssignment: async (id: string, body: UpdateAssignment, version: number) =>
    (await request<Assignment>(`/assignments/${enc(id)}`, { method: 'PATCH', body, headers: { 'If-Match': `"${version}"` } })).data,
  removeAssignment: async (id: string, version: number) => {
    await request<void>(`/assignments/${enc(id)}`, { method: 'DELETE', headers: { 'If-Match': `"${version}"` } });
  },
  bulkAssign: async (body: BulkAssign) => (await request<BulkAssignResult>('/assignments/bulk', { method: 'POST', body })).data,

  campaigns: async (query: { page?: number; pageSize?: number; status?: 'open' | 'closed' }, signal?: AbortSignal) =>
    (await request<CampaignList>('/campaigns', { query: { ...query }, signal })).data,
  campaign: async (id: string, signal?: AbortSignal) => (await request<CampaignDetail>(`/campaigns/${enc(id)}`, { signal })).data,
  createCampaign: async (body: CreateCampaign) => (await request<CampaignDetail>('/campaigns', { method: 'POST', body })).data,
  campaignInstitution: async (id: string, institutionId: string, signal?: AbortSignal) =>
    (await request<CampaignInstitution>(`/campaigns/${enc(id)}/institutions/${enc(institutionId)}`, { signal })).data,

  notifications: async (query: { page?: number; pageSize?: number; unread?: boolean }, signal?: AbortSignal) =>
    (await request<NotificationList>('/notifications', { query: { ...query }, signal })).data,
  unreadCount: async (signal?: AbortSignal) => (await request<{ unread: number }>('/notifications/unread-count', { signal })).data,
  markRead: async (id: string) => {
    await request<void>(`/notifications/${enc(id)}/read`, { method: 'POST' });
  },
  markAllRead: async () => (await request<{ updated: number }>('/notifications/read-all', { method: 'POST' })).data,

  members: async (institutionId: string, signal?: AbortSignal) =>
    (await request<Members>(`/institutions/${enc(institutionId)}/members`, { signal })).data,
  invite: async (body: CreateInvitation) => (await request<Invitation>('/invitations', { method: 'POST', body })).data,

  institutions: (signal?: AbortSignal) => api.institutions(signal),
  updateRecommendationStatus: (id: string, status: StatusSuggestion['suggestion'] & string, etag: string) =>
    api.updateRecommendation(id, { status }, etag),
};

/** Query keys of the reporting data; invalidating `reportingKeys.all` refreshes every list. */
export const reportingKeys = {
  all: ['reporting'] as const,
  contributions: (q: ContributionQuery) => ['reporting', 'contributions', q] as const,
  contribution: (id: string) => ['reporting', 'contribution', id] as const,
  comments: (id: string) => ['reporting', 'comments', id] as const,
  assignments: (recommendationId: string) => ['reporting', 'assignments', recommendationId] as const,
  suggestion: (recommendationId: string) => ['reporting', 'suggestion', recommendationId] as const,
  campaigns: ['reporting', 'campaigns'] as const,
  campaign: (id: string) => ['reporting', 'campaign', id] as const,
  campaignInstitution: (id: string, institutionId: string) => ['reporting', 'campaign', id, institutionId] as const,
  unread: ['reporting', 'unread'] as const,
  notifications: (page: number, unread: boolean) => ['reporting', 'notifications', page, unread] as const,
  members: (institutionId: string) => ['reporting', 'members', institutionId] as const,
  institutions: ['reference', 'institutions'] as const,
};
