import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditQuery } from '../../../app/api-types';
import { auditApi, type AuditHistoryType, type AuditLogExportQuery } from '../api';
import { auditKeys } from './keys';

export const AUDIT_PAGE_SIZE = 25;

/** One keyset page of the log: `cursor` is the previous page's `nextCursor` (none: the newest events). */
export function useAuditEvents(query: AuditQuery) {
  return useQuery({
    queryKey: auditKeys.events(query),
    queryFn: ({ signal }) => auditApi.events({ pageSize: AUDIT_PAGE_SIZE, ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAuditEvent(id: string | null) {
  return useQuery({
    queryKey: auditKeys.event(id ?? ''),
    queryFn: ({ signal }) => auditApi.event(id!, signal),
    enabled: id !== null,
  });
}

/** A record rebuilt from its events at an instant (an ISO string). */
export function useEntityAt(target: { type: AuditHistoryType; id: string; at: string } | null) {
  return useQuery({
    queryKey: auditKeys.entityAt(target?.type ?? '', target?.id ?? '', target?.at ?? ''),
    queryFn: ({ signal }) => auditApi.entityAt(target!.type, target!.id, target!.at, signal),
    enabled: target !== null,
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

export function useExportLog() {
  return useMutation({ mutationFn: (query: AuditLogExportQuery) => auditApi.exportLog(query) });
}

export function useExportBundle() {
  return useMutation({ mutationFn: () => auditApi.exportBundle() });
}
