/** Query keys of the audit log, named here once; invalidations use these factories. */
export const auditKeys = {
  all: ['audit'] as const,
  events: (page: number) => ['audit', 'events', page] as const,
  verify: ['audit', 'verify'] as const,
  checkpoints: ['audit', 'checkpoints'] as const,
  latestCheckpoint: ['audit', 'checkpoints', 'latest'] as const,
};
