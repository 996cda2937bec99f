import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../app/api-client';
import { referenceKeys } from '../../recommendations/hooks/keys';
import { peopleKeys } from '../../people/hooks/keys';
import { institutionsAdminApi, type CreateInstitution, type Designation, type InstitutionQuery, type UpdateInstitution } from '../api';
import { institutionsAdminKeys } from './keys';

export function useInstitutionList(query: InstitutionQuery) {
  return useQuery({ queryKey: institutionsAdminKeys.list(query), queryFn: ({ signal }) => institutionsAdminApi.list(query, signal), placeholderData: keepPreviousData });
}

export function useInstitutionDetail(id: string | null) {
  return useQuery({ queryKey: institutionsAdminKeys.detail(id ?? ''), queryFn: ({ signal }) => institutionsAdminApi.get(id!, signal), enabled: !!id });
}

export function useMergePreview(id: string, targetId: string | null) {
  return useQuery({ queryKey: institutionsAdminKeys.preview(id, targetId ?? ''), queryFn: ({ signal }) => institutionsAdminApi.mergePreview(id, targetId!, signal), enabled: !!targetId });
}

/** After any change: the administration's lists and details, the app's institution pickers, the people page. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: institutionsAdminKeys.all }),
      queryClient.invalidateQueries({ queryKey: referenceKeys.institutions }),
      queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
    ]);
}

/** Every write of this page; a 412 (someone else changed it) reloads the institution so the next try starts from it. */
function useWrite<A, R>(fn: (args: A) => Promise<R>) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void invalidate(),
    onError: (error) => {
      if (isApiError(error) && error.code === 'concurrency.stale') void invalidate();
    },
  });
}

export const useCreateInstitution = () => useWrite((body: CreateInstitution) => institutionsAdminApi.create(body));
export const useUpdateInstitution = (id: string) => useWrite(({ version, body }: { version: number; body: UpdateInstitution }) => institutionsAdminApi.update(id, version, body));
export const useSetActive = (id: string) =>
  useWrite(({ version, active }: { version: number; active: boolean }) => (active ? institutionsAdminApi.reactivate(id, version) : institutionsAdminApi.deactivate(id, version)));
export const useMerge = (id: string) => useWrite(({ version, targetId }: { version: number; targetId: string }) => institutionsAdminApi.merge(id, version, targetId));
export const useDesignate = (id: string) => useWrite(({ version, body }: { version: number; body: Designation }) => institutionsAdminApi.designate(id, version, body));
