import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateCampaign } from '../../../app/api-types';
import { assignmentKeys } from '../../assignments/hooks/keys';
import { contributionKeys } from '../../contributions/hooks/keys';
import { notificationKeys } from '../../notifications/hooks/keys';
import { campaignsApi, type CampaignPatch } from '../api';
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

/** Institutions with no active validator: the campaign form warns when one is chosen. */
export function useInstitutionsWithoutValidator(enabled = true) {
  return useQuery({ enabled, staleTime: 60_000, queryKey: campaignKeys.withoutValidator, queryFn: ({ signal }) => campaignsApi.institutionsWithoutValidator(signal) });
}

/** Close, reopen or extend (If-Match: the version shown). A closed campaign's drafts leave "My work": refresh it too. */
export function useUpdateCampaign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, patch }: { version: number; patch: CampaignPatch }) => campaignsApi.update(id, version, patch),
    onSuccess: (data) => {
      queryClient.setQueryData(campaignKeys.detail(id), data);
      for (const queryKey of [campaignKeys.all, contributionKeys.all]) void queryClient.invalidateQueries({ queryKey });
    },
  });
}

/** "Send a reminder now". */
export function useRemindCampaign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => campaignsApi.remind(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** Downloads the progress table. */
export function useExportCampaign(id: string) {
  return useMutation({ mutationFn: (lang: Parameters<typeof campaignsApi.exportProgress>[1]) => campaignsApi.exportProgress(id, lang) });
}
