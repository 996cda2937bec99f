/** Query keys of the assignments and the consolidated status, named here once. */
export const assignmentKeys = {
  all: ['assignments'] as const,
  ofRecommendation: (recommendationId: string) => ['assignments', 'recommendation', recommendationId] as const,
  suggestion: (recommendationId: string) => ['assignments', 'suggestion', recommendationId] as const,
};
