import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContributionAction } from '@sidh/domain';
import type { Versioned } from '../../../app/api-client';
import type { ContributionDetail, ContributionQuery } from '../../../app/api-types';
import { notificationKeys } from '../../notifications/hooks/keys';
import { contributionsApi } from '../api';
import { contributionKeys } from './keys';

/** A contribution with the ETag to send as `If-Match`. */
export type LoadedContribution = Versioned<ContributionDetail>;

export function useContribution(id: string) {
  return useQuery({
    staleTime: 0,
    queryKey: contributionKeys.detail(id),
    queryFn: ({ signal }): Promise<LoadedContribution> => contributionsApi.get(id, signal),
  });
}

export function useContributions(query: ContributionQuery) {
  return useQuery({ staleTime: 0, queryKey: contributionKeys.list(query), queryFn: ({ signal }) => contributionsApi.list(query, signal) });
}

export function useComments(id: string) {
  return useQuery({
    staleTime: 0,
    queryKey: contributionKeys.comments(id),
    queryFn: ({ signal }) => contributionsApi.comments(id, signal),
  });
}

/** The comment threads of several contributions at once (the "returned" section of my work). */
export function useCommentsOf(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      staleTime: 0,
      queryKey: contributionKeys.comments(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => contributionsApi.comments(id, signal),
    })),
  });
}

export function useAddComment(contributionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => contributionsApi.addComment(contributionId, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: contributionKeys.comments(contributionId) }),
  });
}

/** Evidence added or removed: the contribution (which lists its evidence) is fetched again. */
export function useRefreshContribution(contributionId: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: contributionKeys.detail(contributionId) });
}

export interface StepOptions {
  /** Before a step (submit): save what is unsaved; a false result cancels the step. */
  beforeAction?: (action: ContributionAction) => Promise<boolean>;
  onDone?: (next: LoadedContribution) => void;
}

/**
 * A workflow step, sent with the ETag of the version last cached (a save may have followed the one this
 * screen rendered). After it, the new version is the cached one; the thread, the lists and the bell change.
 */
export function useContributionStep(loaded: LoadedContribution, { beforeAction, onDone }: StepOptions = {}) {
  const queryClient = useQueryClient();
  const id = loaded.data.id;
  return useMutation({
    mutationFn: async ({ action, comment }: { action: ContributionAction; comment?: string }) => {
      if (beforeAction && !(await beforeAction(action))) return null;
      const current = queryClient.getQueryData<LoadedContribution>(contributionKeys.detail(id)) ?? loaded;
      return contributionsApi.transition(id, { action, ...(comment ? { comment } : {}) }, current.etag);
    },
    onSuccess: (next) => {
      if (!next) return;
      queryClient.setQueryData(contributionKeys.detail(id), next);
      void queryClient.invalidateQueries({ queryKey: contributionKeys.comments(id) });
      void queryClient.invalidateQueries({ queryKey: contributionKeys.lists });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.unread });
      onDone?.(next);
    },
  });
}
