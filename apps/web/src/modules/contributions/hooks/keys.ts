import type { ContributionQuery } from '../../../app/api-types';

/** Query keys of the contributions, named here once; invalidations use these factories. */
export const contributionKeys = {
  all: ['contributions'] as const,
  lists: ['contributions', 'list'] as const,
  list: (query: ContributionQuery) => ['contributions', 'list', query] as const,
  detail: (id: string) => ['contributions', 'detail', id] as const,
  comments: (id: string) => ['contributions', 'comments', id] as const,
};
