import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  readSearchState,
  withFilter,
  withPage,
  withQuery,
  withSort,
  writeSearchState,
  EMPTY_SEARCH,
  type FilterKey,
  type SearchState,
  type Sort,
} from '../utils/search-state';

/** The search state read from and written to the URL's search params. */
export function useSearchState() {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useMemo(() => readSearchState(params), [key]);

  const commit = useCallback(
    (next: (s: SearchState) => SearchState, replace = false) =>
      setParams((prev) => writeSearchState(next(readSearchState(prev))), { replace }),
    [setParams],
  );

  return {
    state,
    /** Typing replaces the history entry instead of stacking one per debounced keystroke. */
    setQuery: useCallback((q: string) => commit((s) => withQuery(s, q), true), [commit]),
    setFilter: useCallback((k: FilterKey, v: string | null) => commit((s) => withFilter(s, k, v)), [commit]),
    setSort: useCallback((sort: Sort | null) => commit((s) => withSort(s, sort)), [commit]),
    setPage: useCallback((page: number) => commit((s) => withPage(s, page)), [commit]),
    clearFilters: useCallback(() => commit((s) => ({ ...EMPTY_SEARCH, q: s.q, sort: s.sort })), [commit]),
  };
}
