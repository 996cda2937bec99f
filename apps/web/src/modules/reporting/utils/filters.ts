import { FILTER_KEYS, FILTER_PARAMS, readSearchState } from '../../recommendations/utils/search-state';
import type { RecommendationFilter } from '../../../app/api-types';

/** The recommendation list's filters (from its URL) as the API's `RecommendationFilterDto`. */
export function filterFromParams(params: URLSearchParams): RecommendationFilter {
  const state = readSearchState(params);
  const out: Record<string, unknown> = {};
  if (state.q.trim()) out['q'] = state.q.trim();
  for (const key of FILTER_KEYS) {
    const v = state.filters[key];
    if (!v) continue;
    out[FILTER_PARAMS[key]] = key === 'followUp' ? v === 'true' : v;
  }
  return out as RecommendationFilter;
}

/** The same filters as URL parameters, for `GET /recommendations` (to count what they match). */
export function paramsFromFilter(filter: RecommendationFilter): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return p;
}

export function isEmptyFilter(filter: RecommendationFilter): boolean {
  return Object.keys(filter).length === 0;
}
