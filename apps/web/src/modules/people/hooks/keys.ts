/** Query keys of the institutions' people, named here once. */
export const peopleKeys = {
  all: ['people'] as const,
  members: (institutionId: string) => ['people', 'members', institutionId] as const,
};
