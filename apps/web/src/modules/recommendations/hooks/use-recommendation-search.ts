import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { toApiQuery, toFacetsQuery, type SearchState } from '../utils/search-state';

export const recommendationKeys = {
  all: ['recommendations'] as const,
  search: (query: string) => ['recommendations', 'search', query] as const,
  facets: (query: string) => ['recommendations', 'facets', query] as const,
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

/**
 * The facet counts of the same search, fetched in parallel with the list from their own endpoint
 * (cached by the server). Keyed without page or sort: paging does not refetch them. Stale requests
 * are aborted like the list's.
 */
export function useRecommendationFacets(state: SearchState) {
  const key = toFacetsQuery(state).toString();
  return useQuery({
    queryKey: recommendationKeys.facets(key),
    queryFn: ({ signal }) => api.recommendationFacets(new URLSearchParams(key), signal),
    placeholderData: keepPreviousData,
  });
}
