import type { InstitutionQuery } from '../api';

/** Query keys of the institutions administration, named here once. */
export const institutionsAdminKeys = {
  all: ['institutions-admin'] as const,
  list: (query: InstitutionQuery) => ['institutions-admin', 'list', query] as const,
  detail: (id: string) => ['institutions-admin', 'detail', id] as const,
  preview: (id: string, targetId: string) => ['institutions-admin', 'merge-preview', id, targetId] as const,
};
