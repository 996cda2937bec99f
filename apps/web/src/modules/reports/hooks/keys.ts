/** Query keys of the reports, named here once; invalidations use these factories. */
export const reportKeys = {
  all: ['reports'] as const,
  list: ['reports', 'list'] as const,
  detail: (id: string) => ['reports', 'detail', id] as const,
  /** Under the report's key: refreshing a report refreshes its versions and history too. */
  versions: (id: string) => ['reports', 'detail', id, 'versions'] as const,
  history: (id: string) => ['reports', 'detail', id, 'history'] as const,
  refresh: (id: string, sectionId: string) => ['reports', 'detail', id, 'refresh', sectionId] as const,
  /** The wizard's lists of a review's items. */
  items: (query: string) => ['reports', 'items', query] as const,
};
