import type { AuditQuery } from '../../../app/api-types';

/** Query keys of the audit workspace, named here once; invalidations use these factories. */
export const auditKeys = {
  all: ['audit'] as const,
  events: (query: AuditQuery) => ['audit', 'events', query] as const,
  event: (id: string) => ['audit', 'event', id] as const,
  entityAt: (type: string, id: string, at: string) => ['audit', 'entity', type, id, at] as const,
  verify: ['audit', 'verify'] as const,
  checkpoints: ['audit', 'checkpoints'] as const,
  latestCheckpoint: ['audit', 'checkpoints', 'latest'] as const,
};
