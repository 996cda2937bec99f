/** Query keys of the recommendation data, named here once; invalidations use these factories. */
export const recommendationKeys = {
  all: ['recommendations'] as const,
  searches: ['recommendations', 'search'] as const,
  search: (query: string) => ['recommendations', 'search', query] as const,
  facets: (query: string) => ['recommendations', 'facets', query] as const,
  detail: (id: string) => ['recommendations', 'detail', id] as const,
  history: (id: string) => ['recommendations', 'history', id] as const,
  /** How many recommendations a reporting scope (a list filter) covers. */
  scopeCount: (query: string) => ['recommendations', 'scope-count', query] as const,
  /** The campaign form's recommendation picker. */
  picker: (q: string) => ['recommendations', 'picker', q] as const,
};

/** Reference lists, shared by every screen that labels or picks them. */
export const referenceKeys = {
  all: ['reference'] as const,
  bodies: ['reference', 'bodies'] as const,
  reviews: ['reference', 'reviews'] as const,
  themes: ['reference', 'themes'] as const,
  affectedPersons: ['reference', 'affected-persons'] as const,
  sdgGoals: ['reference', 'sdg-goals'] as const,
  axes: ['reference', 'axes'] as const,
  institutions: ['reference', 'institutions'] as const,
};
