import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api';
import type { Named, Titled } from '../utils/labels';

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

/** Reference lists used to label filters; they rarely change, so they are fetched once per session. */
export function useReferenceLookup(): ReferenceLookup {
  const bodies = useQuery({ queryKey: ['reference', 'bodies'], queryFn: ({ signal }) => api.bodies(signal), ...forever });
  const reviews = useQuery({ queryKey: ['reference', 'reviews'], queryFn: ({ signal }) => api.reviews(signal), ...forever });
  const institutions = useQuery({
    queryKey: ['reference', 'institutions'],
    queryFn: ({ signal }) => api.institutions(signal),
    ...forever,
  });
  const themes = useQuery({ queryKey: ['reference', 'themes'], queryFn: ({ signal }) => api.themes(signal), ...forever });
  const affected = useQuery({
    queryKey: ['reference', 'affected-persons'],
    queryFn: ({ signal }) => api.affectedPersons(signal),
    ...forever,
  });
  const sdgGoals = useQuery({ queryKey: ['reference', 'sdg-goals'], queryFn: ({ signal }) => api.sdgGoals(signal), ...forever });
  const axes = useQuery({ queryKey: ['reference', 'axes'], queryFn: ({ signal }) => api.axes(signal), ...forever });

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
    [bodies.data, reviews.data, institutions.data, themes.data, affected.data, sdgGoals.data, axes.data],
  );
}
