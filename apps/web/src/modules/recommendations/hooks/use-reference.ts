import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { referenceApi } from '../api';
import type { Named, Titled } from '../utils/labels';
import { referenceKeys } from './keys';

const forever = { staleTime: Infinity, gcTime: Infinity, retry: 1 } as const;

export interface ReferenceLookup {
  /** Localisable names by id AND by code (facets may report either). */
  bodies: Map<string, Named & { code: string }>;
  reviews: Map<string, Titled & { code: string; year: number | null }>;
  institutions: Map<string, Named & { code: string }>;
  themes: Map<string, Named>;
  affectedPersons: Map<string, Named>;
  sdgGoals: Map<string, Named>;
  axes: Map<string, Named>;
}

function index<T extends { code: string; id?: string }>(rows: T[] | undefined): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of rows ?? []) {
    m.set(r.code, r);
    if (r.id) m.set(r.id, r);
  }
  return m;
}

/** Every body (UPR, treaty bodies, special procedures), with its mechanism. */
export function useBodies(enabled = true) {
  return useQuery({ queryKey: referenceKeys.bodies, queryFn: ({ signal }) => referenceApi.bodies(signal), ...forever, enabled });
}

/** Every institution (filters, assignments, campaigns, people all share this cached list). */
export function useInstitutions(enabled = true) {
  return useQuery({ queryKey: referenceKeys.institutions, queryFn: ({ signal }) => referenceApi.institutions(signal), ...forever, enabled });
}

/**
 * Reference lists used to label filters; they rarely change, so they are fetched once per session.
 * `enabled: false` fetches nothing yet (the search page asks only once a label is to be shown).
 */
export function useReferenceLookup(enabled = true): ReferenceLookup {
  const bodies = useBodies(enabled);
  const reviews = useQuery({ queryKey: referenceKeys.reviews, queryFn: ({ signal }) => referenceApi.reviews(signal), ...forever, enabled });
  const institutions = useInstitutions(enabled);
  const themes = useQuery({ queryKey: referenceKeys.themes, queryFn: ({ signal }) => referenceApi.themes(signal), ...forever, enabled });
  const affected = useQuery({
    queryKey: referenceKeys.affectedPersons,
    queryFn: ({ signal }) => referenceApi.affectedPersons(signal),
    ...forever,
    enabled,
  });
  const sdgGoals = useQuery({ queryKey: referenceKeys.sdgGoals, queryFn: ({ signal }) => referenceApi.sdgGoals(signal), ...forever, enabled });
  const axes = useQuery({ queryKey: referenceKeys.axes, queryFn: ({ signal }) => referenceApi.axes(signal), ...forever, enabled });

  // One lookup once every list has answered (or failed), not a new one per arrival: each new lookup
  // renders every label again (the search page's filters), seven times in a row otherwise.
  const settled = [bodies, reviews, institutions, themes, affected, sdgGoals, axes].every((q) => !q.isPending);
  return useMemo(
    () => ({
      bodies: index(bodies.data),
      reviews: index(reviews.data),
      institutions: index(institutions.data),
      themes: index(themes.data),
      affectedPersons: index(affected.data),
      sdgGoals: index(sdgGoals.data),
      axes: index(axes.data),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the data is read only once all have settled
    [settled && bodies.data, settled && reviews.data, settled && institutions.data, settled && themes.data, settled && affected.data, settled && sdgGoals.data, settled && axes.data],
  );
}
