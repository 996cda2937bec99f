import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api';

export const AUDIT_PAGE_SIZE = 25;

export function useAuditEvents(page: number) {
  return useQuery({
    queryKey: ['audit', 'events', page],
    queryFn: ({ signal }) => api.auditEvents({ page, pageSize: AUDIT_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
}

/** Re-computes the hash chain on the server; a read, but run on demand (it can take a while). */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.verifyAudit() });
}
