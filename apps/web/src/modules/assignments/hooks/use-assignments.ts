import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImplementationStatus } from '@sidh/domain';
import type { Assignment, BulkAssign, CreateAssignment, UpdateAssignment } from '../../../app/api-types';
import { campaignKeys } from '../../campaigns/hooks/keys';
import { contributionKeys } from '../../contributions/hooks/keys';
import { notificationKeys } from '../../notifications/hooks/keys';
import { recommendationsApi } from '../../recommendations/api';
import { recommendationKeys } from '../../recommendations/hooks/keys';
import type { LoadedRecommendation } from '../../recommendations/hooks/use-recommendation';
import { assignmentsApi } from '../api';
import { assignmentKeys } from './keys';

/** The institutions a recommendation is assigned to. */
export function useAssignments(recommendationId: string) {
  return useQuery({
    staleTime: 0,
    queryKey: assignmentKeys.ofRecommendation(recommendationId),
    queryFn: ({ signal }) => assignmentsApi.list({ recommendationId, pageSize: 100 }, signal),
  });
}

/** An assignment changed: its recommendation's list and detail (which lists its assignments) too. */
function useAssignmentsChanged(recommendationId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: assignmentKeys.ofRecommendation(recommendationId) });
    void queryClient.invalidateQueries({ queryKey: recommendationKeys.detail(recommendationId) });
  };
}

export function useCreateAssignment(recommendationId: string) {
  const changed = useAssignmentsChanged(recommendationId);
  return useMutation({ mutationFn: (body: CreateAssignment) => assignmentsApi.create(body), onSuccess: changed });
}

export function useUpdateAssignment(assignment: Assignment, recommendationId: string) {
  const changed = useAssignmentsChanged(recommendationId);
  return useMutation({
    mutationFn: (body: UpdateAssignment) => assignmentsApi.update(assignment.id, body, assignment.version),
    onSuccess: changed,
  });
}

export function useRemoveAssignment(assignment: Assignment, recommendationId: string) {
  const changed = useAssignmentsChanged(recommendationId);
  return useMutation({ mutationFn: () => assignmentsApi.remove(assignment.id, assignment.version), onSuccess: changed });
}

/** Assigns every recommendation a filter matches: every reporting list and the recommendations change. */
export function useBulkAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkAssign) => assignmentsApi.bulk(body),
    onSuccess: () => {
      for (const queryKey of [assignmentKeys.all, contributionKeys.all, campaignKeys.all, notificationKeys.all, recommendationKeys.all]) {
        void queryClient.invalidateQueries({ queryKey });
      }
    },
  });
}

/** The consolidated status the lead institutions' validated contributions suggest. */
export function useStatusSuggestion(recommendationId: string) {
  return useQuery({
    staleTime: 0,
    queryKey: assignmentKeys.suggestion(recommendationId),
    queryFn: ({ signal }) => assignmentsApi.statusSuggestion(recommendationId, signal),
  });
}

/** The coordinator sets the consolidated status (a PATCH of the recommendation with its ETag). */
export function useSetConsolidatedStatus(recommendationId: string, loaded: LoadedRecommendation | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: ImplementationStatus) => recommendationsApi.update(recommendationId, { status }, loaded!.etag),
    onSuccess: (next) => {
      queryClient.setQueryData(recommendationKeys.detail(recommendationId), next);
      void queryClient.invalidateQueries({ queryKey: assignmentKeys.suggestion(recommendationId) });
      void queryClient.invalidateQueries({ queryKey: recommendationKeys.history(recommendationId) });
    },
  });
}
