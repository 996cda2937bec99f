import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateCampaign } from '../../../app/api-types';
import { assignmentKeys } from '../../assignments/hooks/keys';
import { contributionKeys } from '../../contributions/hooks/keys';
import { notificationKeys } from '../../notifications/hooks/keys';
import { campaignsApi } from '../api';
import { campaignKeys } from './keys';

export function useCampaigns() {
  return useQuery({ staleTime: 0, queryKey: campaignKeys.list, queryFn: ({ signal }) => campaignsApi.list({ pageSize: 100 }, signal) });
}

export function useCampaign(id: string) {
  return useQuery({ staleTime: 0, queryKey: campaignKeys.detail(id), queryFn: ({ signal }) => campaignsApi.get(id, signal) });
}

/** One institution's contributions in a campaign. */
export function useCampaignInstitution(campaignId: string, institutionId: string) {
  return useQuery({
    staleTime: 0,
    queryKey: campaignKeys.institution(campaignId, institutionId),
    queryFn: ({ signal }) => campaignsApi.institution(campaignId, institutionId, signal),
  });
}

/** Opening a campaign creates assignments and contributions: every reporting list changes. */
export function useCreateCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCampaign) => campaignsApi.create(body),
    onSuccess: () => {
      for (const queryKey of [campaignKeys.all, assignmentKeys.all, contributionKeys.all, notificationKeys.all]) {
        void queryClient.invalidateQueries({ queryKey });
      }
    },
  });
}
