/** Query keys of the imports, named here once; invalidations use these factories. */
export const importKeys = {
  all: ['imports'] as const,
  presets: ['imports', 'presets'] as const,
  lists: ['imports', 'list'] as const,
  list: (page: number, pageSize: number) => ['imports', 'list', page, pageSize] as const,
  job: (id: string) => ['imports', 'job', id] as const,
};
