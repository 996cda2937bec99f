import { useQuery } from '@tanstack/react-query';
import { statsApi, type StatsDimension } from '../api';

/** Query keys of the dashboard's figures (one per endpoint and filter string). */
export const statsKeys = {
  all: ['stats'] as const,
  status: (by: string, filters: string) => ['stats', 'status', by, filters] as const,
  responses: (filters: string) => ['stats', 'responses', filters] as const,
  campaigns: (filters: string) => ['stats', 'campaigns', filters] as const,
  followUp: (filters: string) => ['stats', 'follow-up', filters] as const,
  history: (filters: string) => ['stats', 'status-history', filters] as const,
};

export function useStatusStats(by: StatsDimension, filters: URLSearchParams) {
  const key = filters.toString();
  return useQuery({ queryKey: statsKeys.status(by, key), queryFn: ({ signal }) => statsApi.status(by, filters, signal), placeholderData: (previous) => previous });
}
export function useResponseStats(filters: URLSearchParams) {
  return useQuery({ queryKey: statsKeys.responses(filters.toString()), queryFn: ({ signal }) => statsApi.responses(filters, signal) });
}
export function useCampaignStats(filters: URLSearchParams) {
  return useQuery({ queryKey: statsKeys.campaigns(filters.toString()), queryFn: ({ signal }) => statsApi.campaigns(filters, signal) });
}
export function useFollowUpStats(filters: URLSearchParams) {
  return useQuery({ queryKey: statsKeys.followUp(filters.toString()), queryFn: ({ signal }) => statsApi.followUp(filters, signal) });
}
export function useStatusHistory(filters: URLSearchParams) {
  return useQuery({ queryKey: statsKeys.history(filters.toString()), queryFn: ({ signal }) => statsApi.statusHistory(filters, signal) });
}
