import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { auditApi } from '../api';
import { auditKeys } from './keys';

export const AUDIT_PAGE_SIZE = 25;

export function useAuditEvents(page: number) {
  return useQuery({
    queryKey: auditKeys.events(page),
    queryFn: ({ signal }) => auditApi.events({ page, pageSize: AUDIT_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
}

/** Re-computes the hash chain on the server and compares it with the newest signed checkpoint; run on demand (it can take a while). */
export function useVerifyAudit() {
  return useMutation({ mutationKey: auditKeys.verify, mutationFn: () => auditApi.verify() });
}

/** The newest signed checkpoint (its signature checked by the server), or null when there is none. */
export function useLatestCheckpoint() {
  return useQuery({
    queryKey: auditKeys.latestCheckpoint,
    queryFn: async ({ signal }) => (await auditApi.checkpoints({ page: 1, pageSize: 1 }, signal)).items[0] ?? null,
  });
}

export function useCreateCheckpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => auditApi.createCheckpoint(),
    onSuccess: () => client.invalidateQueries({ queryKey: auditKeys.checkpoints }),
  });
}
