import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { toApiQuery, type SearchState } from '../utils/search-state';

export const recommendationKeys = {
  all: ['recommendations'] as const,
  search: (query: string) => ['recommendations', 'search', query] as const,
  detail: (id: string) => ['recommendations', 'detail', id] as const,
  history: (id: string) => ['recommendations', 'history', id] as const,
};

/**
 * One request per distinct search. react-query passes an AbortSignal: when the search changes before the
 * response arrives, the stale request is aborted; the previous page stays visible meanwhile.
 */
export function useRecommendationSearch(state: SearchState) {
  const query = toApiQuery(state);
  const key = query.toString();
  return useQuery({
    queryKey: recommendationKeys.search(key),
    queryFn: ({ signal }) => api.searchRecommendations(new URLSearchParams(key), signal),
    placeholderData: keepPreviousData,
  });
}
