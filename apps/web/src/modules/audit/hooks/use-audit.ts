import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';

export const AUDIT_PAGE_SIZE = 25;

export function useAuditEvents(page: number) {
  return useQuery({
    queryKey: ['audit', 'events', page],
    queryFn: ({ signal }) => api.auditEvents({ page, pageSize: AUDIT_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
}

/** Re-computes the hash chain on the server and compares it with the newest signed checkpoint; run on demand (it can take a while). */
export function useVerifyAudit() {
  return useMutation({ mutationKey: ['audit', 'verify'], mutationFn: () => api.verifyAudit() });
}

/** The newest signed checkpoint (its signature checked by the server), or null when there is none. */
export function useLatestCheckpoint() {
  return useQuery({
    queryKey: ['audit', 'checkpoints', 'latest'],
    queryFn: async ({ signal }) => (await api.auditCheckpoints({ page: 1, pageSize: 1 }, signal)).items[0] ?? null,
  });
}

export function useCreateCheckpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.createAuditCheckpoint(),
    onSuccess: () => client.invalidateQueries({ queryKey: ['audit', 'checkpoints'] }),
  });
}
