/** Calls of the audit log: events, chain verification, signed checkpoints. */
import { api, unwrap } from '../../app/api-client';
import type { AuditQuery } from '../../app/api-types';

export const auditApi = {
  events: (query: AuditQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/audit/events', { params: { query }, signal })),
  verify: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/audit/verify', { signal })),
  checkpoints: (query: { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/audit/checkpoints', { params: { query }, signal })),
  createCheckpoint: () => unwrap(api.POST('/api/v1/audit/checkpoints')),
};
