import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { takeEarlyAnswer } from '../../../app/boot';
import { recommendationsApi } from '../api';
import { toApiQuery, toFacetsQuery, type SearchState } from '../utils/search-state';
import { recommendationKeys } from './keys';

type SearchPage = Awaited<ReturnType<typeof recommendationsApi.search>>;
type Facets = Awaited<ReturnType<typeof recommendationsApi.facets>>;

/**
 * One request per distinct search. react-query passes an AbortSignal: when the search changes before the
 * response arrives, the stale request is aborted; the previous page stays visible meanwhile.
 */
export function useRecommendationSearch(state: SearchState) {
  const key = toApiQuery(state).toString();
  return useQuery({
    queryKey: recommendationKeys.search(key),
    // The first page of a cold visit may have been asked for by public/boot.js already.
    queryFn: async ({ signal }) =>
      (await takeEarlyAnswer<SearchPage>('list', `/api/v1/recommendations?${key}`)) ?? recommendationsApi.search(new URLSearchParams(key), signal),
    placeholderData: keepPreviousData,
    // Back on the list, what the page showed last is shown at once and asked for again: others may
    // have changed the catalogue meanwhile (the server answers from its cache when nothing changed).
    staleTime: 0,
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
    queryFn: async ({ signal }) =>
      (await takeEarlyAnswer<Facets>('facets', key ? `/api/v1/recommendations/facets?${key}` : '/api/v1/recommendations/facets')) ??
      recommendationsApi.facets(new URLSearchParams(key), signal),
    placeholderData: keepPreviousData,
    // As the list's: a theme or review first used by someone else is offered on the next visit.
    staleTime: 0,
  });
}

/** How many recommendations the list parameters match (one item fetched, the total read). */
export function useRecommendationCount(params: URLSearchParams, enabled = true) {
  const p = new URLSearchParams(params);
  p.set('pageSize', '1');
  const key = p.toString();
  return useQuery({
    queryKey: recommendationKeys.scopeCount(key),
    queryFn: ({ signal }) => recommendationsApi.search(new URLSearchParams(key), signal),
    enabled,
  });
}

/** The first recommendations matching a text (the campaign form's picker), from two characters. */
export function useRecommendationPicker(q: string) {
  return useQuery({
    queryKey: recommendationKeys.picker(q),
    queryFn: ({ signal }) => recommendationsApi.search(new URLSearchParams({ q, pageSize: '10' }), signal),
    enabled: q.length >= 2,
  });
}
