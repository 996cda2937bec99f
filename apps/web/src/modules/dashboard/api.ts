/** Calls of the dashboard: the aggregate endpoints (GET /stats/*), with the list's filters. */
import { api, unwrap } from '../../app/api-client';
import type { QueryOf, Schemas } from '../../app/api-types';
import { facetsQueryOf } from '../recommendations/api';

export type StatsDimension = QueryOf<'/api/v1/stats/status'>['by'];
export type StatusStats = Schemas['StatusStatsDto'];
export type ResponseStats = Schemas['ResponseStatsDto'];
export type CampaignStats = Schemas['CampaignStatsDto'];
export type FollowUpStats = Schemas['FollowUpStatsDto'];
export type StatusHistory = Schemas['StatusHistoryDto'];
export type StatusCounts = Schemas['StatusCountsDto'];
export type StatsLabel = Schemas['StatsLabelDto'];

export const statsApi = {
  status: (by: StatsDimension, filters: URLSearchParams, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/stats/status', { params: { query: { ...facetsQueryOf(filters), by } }, signal })),
  responses: (filters: URLSearchParams, signal?: AbortSignal) => unwrap(api.GET('/api/v1/stats/responses', { params: { query: facetsQueryOf(filters) }, signal })),
  campaigns: (filters: URLSearchParams, signal?: AbortSignal) => unwrap(api.GET('/api/v1/stats/campaigns', { params: { query: facetsQueryOf(filters) }, signal })),
  followUp: (filters: URLSearchParams, signal?: AbortSignal) => unwrap(api.GET('/api/v1/stats/follow-up', { params: { query: facetsQueryOf(filters) }, signal })),
  statusHistory: (filters: URLSearchParams, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/stats/status-history', { params: { query: { ...facetsQueryOf(filters), interval: 'month' } }, signal })),
};
