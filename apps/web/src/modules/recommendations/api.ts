/** Calls of the recommendation screens (search, facets, detail, creation, edit, history) and the reference lists. */
import { api, unwrap, unwrapVersioned } from '../../app/api-client';
import type { RecommendationFacetsQuery, RecommendationPatch, RecommendationQuery, Schemas } from '../../app/api-types';

/**
 * The body of `POST /recommendations`. `kind` is named here only until the client is regenerated
 * from the API document that declares it (then this intersection adds nothing).
 */
export type NewRecommendation = Schemas['CreateRecommendationDto'];

type StringParams<Q> = { [K in keyof Q]?: string };

/**
 * The search's URL parameters as the endpoint's query object: numbers and booleans parsed, the other
 * values (free text, ids, codes) sent as they are for the API to validate.
 */
export function listQueryOf(params: URLSearchParams): RecommendationQuery {
  const { page, pageSize, followUp, facets: _facets, ...rest } = Object.fromEntries(params) as StringParams<RecommendationQuery>;
  return {
    ...(rest as Omit<RecommendationQuery, 'page' | 'pageSize' | 'followUp' | 'facets'>),
    ...(page ? { page: Number(page) } : {}),
    ...(pageSize ? { pageSize: Number(pageSize) } : {}),
    ...(followUp ? { followUp: followUp === 'true' } : {}),
  };
}

/** The facet counts' query (no paging, no sort), from the same URL parameters. */
export function facetsQueryOf(params: URLSearchParams): RecommendationFacetsQuery {
  const { page: _page, pageSize: _pageSize, sort: _sort, facets: _facets, ...rest } = listQueryOf(params);
  return rest;
}

export const recommendationsApi = {
  search: (params: URLSearchParams, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/recommendations', { params: { query: listQueryOf(params) }, signal })),
  facets: (params: URLSearchParams, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/recommendations/facets', { params: { query: facetsQueryOf(params) }, signal })),
  get: (id: string, signal?: AbortSignal) => unwrapVersioned(api.GET('/api/v1/recommendations/{id}', { params: { path: { id } }, signal })),
  create: (body: NewRecommendation) => unwrapVersioned(api.POST('/api/v1/recommendations', { body })),
  update: (id: string, patch: RecommendationPatch, etag: string) =>
    unwrapVersioned(api.PATCH('/api/v1/recommendations/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch })),
  history: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/recommendations/{id}/history', { params: { path: { id } }, signal })),
};

/** Reference lists (labels of filters, pickers); they rarely change. */
export const referenceApi = {
  bodies: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/reference/bodies', { signal })),
  reviews: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/reference/reviews', { signal })),
  themes: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/reference/themes', { signal })),
  affectedPersons: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/reference/affected-persons', { signal })),
  sdgGoals: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/reference/sdg-goals', { signal })),
  axes: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/reference/axes', { signal })),
  institutions: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/institutions', { signal })),
};
