/**
 * The recommendation search lives in the URL (`?q=…&status=…&page=2&sort=symbol`), so a search can be
 * bookmarked, shared and navigated with the browser's back button. These pure functions convert between
 * the URL, a typed state and the API query.
 */
import { isItemKind, PAGE_SIZE_DEFAULT } from '@sidh/domain';
import type { FacetKey } from '../../../app/api-types';

/**
 * Filter → URL/API parameter. Facets are reported by key (`body`) but filtered by id (`bodyId`).
 * `kind` (recommendations or questions) is chosen with its own switch above the list.
 */
export const FILTER_PARAMS = {
  kind: 'kind',
  mechanism: 'mechanism',
  body: 'bodyId',
  review: 'reviewId',
  response: 'response',
  status: 'status',
  institution: 'institutionId',
  theme: 'theme',
  affectedPerson: 'affectedPerson',
  sdgGoal: 'sdgGoal',
  sdgTarget: 'sdgTarget',
  axis: 'axis',
  followUp: 'followUp',
} as const satisfies Record<FacetKey | 'sdgTarget' | 'kind', string>;

export type FilterKey = keyof typeof FILTER_PARAMS;
export const FILTER_KEYS = Object.keys(FILTER_PARAMS) as FilterKey[];

export const SORTS = ['relevance', '-updatedAt', 'updatedAt', 'symbol', '-symbol'] as const;
export type Sort = (typeof SORTS)[number];
function isSort(x: unknown): x is Sort {
  return typeof x === 'string' && (SORTS as readonly string[]).includes(x);
}

export interface SearchState {
  q: string;
  filters: Partial<Record<FilterKey, string>>;
  page: number;
  /** Null: the default (relevance with a query, most recently updated without). */
  sort: Sort | null;
}

export const EMPTY_SEARCH: SearchState = { q: '', filters: {}, page: 1, sort: null };

export function readSearchState(params: URLSearchParams): SearchState {
  const filters: SearchState['filters'] = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(FILTER_PARAMS[key])?.trim();
    if (v) filters[key] = v;
  }
  if (filters.followUp && filters.followUp !== 'true' && filters.followUp !== 'false') delete filters.followUp;
  if (filters.kind && !isItemKind(filters.kind)) delete filters.kind;
  const page = Number.parseInt(params.get('page') ?? '', 10);
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    filters,
    page: Number.isFinite(page) && page > 0 ? page : 1,
    sort: isSort(sort) ? sort : null,
  };
}

/** Only what differs from the defaults, in a stable order, so equal searches give equal URLs. */
export function writeSearchState(state: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  const q = state.q.trim();
  if (q) p.set('q', q);
  for (const key of FILTER_KEYS) {
    const v = state.filters[key];
    if (v) p.set(FILTER_PARAMS[key], v);
  }
  if (state.sort) p.set('sort', state.sort);
  if (state.page > 1) p.set('page', String(state.page));
  return p;
}

/** Relevance only means something with a query. */
export function effectiveSort(state: SearchState): Sort {
  const hasQuery = state.q.trim() !== '';
  if (!state.sort) return hasQuery ? 'relevance' : '-updatedAt';
  if (state.sort === 'relevance' && !hasQuery) return '-updatedAt';
  return state.sort;
}

export function toApiQuery(state: SearchState, pageSize: number = PAGE_SIZE_DEFAULT): URLSearchParams {
  const p = new URLSearchParams();
  const q = state.q.trim();
  if (q) p.set('q', q);
  for (const key of FILTER_KEYS) {
    const v = state.filters[key];
    if (v) p.set(FILTER_PARAMS[key], v);
  }
  p.set('sort', effectiveSort(state));
  p.set('page', String(state.page));
  p.set('pageSize', String(pageSize));
  return p;
}

/** The facet counts' query: the same filters and text, no paging or sort (facets do not depend on them). */
export function toFacetsQuery(state: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  const q = state.q.trim();
  if (q) p.set('q', q);
  for (const key of FILTER_KEYS) {
    const v = state.filters[key];
    if (v) p.set(FILTER_PARAMS[key], v);
  }
  return p;
}

/** Changing the query, a filter or the sort goes back to the first page. */
export function withQuery(state: SearchState, q: string): SearchState {
  return { ...state, q, page: 1 };
}

export function withFilter(state: SearchState, key: FilterKey, value: string | null): SearchState {
  const filters = { ...state.filters };
  if (value) filters[key] = value;
  else delete filters[key];
  return { ...state, filters, page: 1 };
}

export function withSort(state: SearchState, sort: Sort | null): SearchState {
  return { ...state, sort, page: 1 };
}

export function withPage(state: SearchState, page: number): SearchState {
  return { ...state, page: Math.max(1, Math.floor(page)) };
}

export function activeFilterCount(state: SearchState): number {
  return Object.values(state.filters).filter(Boolean).length;
}
