/** Query keys of the campaigns, named here once; invalidations use these factories. */
export const campaignKeys = {
  all: ['campaigns'] as const,
  list: ['campaigns', 'list'] as const,
  detail: (id: string) => ['campaigns', 'detail', id] as const,
  /** Under the campaign's key: refreshing a campaign refreshes its institutions' lists too. */
  institution: (id: string, institutionId: string) => ['campaigns', 'detail', id, 'institution', institutionId] as const,
  withoutValidator: ['campaigns', 'institutions-without-validator'] as const,
};
