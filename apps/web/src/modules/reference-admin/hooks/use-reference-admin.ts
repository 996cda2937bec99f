import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { referenceAdminApi, type ListKind } from '../api';

/** The same keys as the recommendation screens' lists: a change here refreshes their pickers and filters at once. */
export const adminKeys = {
  all: ['reference'] as const,
  bodies: ['reference', 'bodies'] as const,
  reviews: ['reference', 'reviews'] as const,
  list: (kind: ListKind) => ['reference', kind] as const,
};

export function useBodiesAdmin() {
  return useQuery({ queryKey: adminKeys.bodies, queryFn: ({ signal }) => referenceAdminApi.bodies(signal) });
}

export function useReviewsAdmin() {
  return useQuery({ queryKey: adminKeys.reviews, queryFn: ({ signal }) => referenceAdminApi.reviews(signal) });
}

export function useListAdmin(kind: ListKind, enabled = true) {
  return useQuery({ queryKey: adminKeys.list(kind), queryFn: ({ signal }) => referenceAdminApi.list(kind, signal), enabled });
}

/** A write of the administration: every reference list, and the facet counts, are read again afterwards (pickers, filters, labels). */
export function useReferenceWrite<V, R>(write: (vars: V) => Promise<R>, onDone?: (result: R) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: async (result) => {
      // The lists, and the recommendation screens' facets (a deactivated entry is offered no more).
      await Promise.all([client.invalidateQueries({ queryKey: adminKeys.all }), client.invalidateQueries({ queryKey: ['recommendations'] })]);
      onDone?.(result);
    },
    onError: async (error: unknown) => {
      // Changed by someone else: show the rows as they are now.
      if ((error as { status?: number }).status === 412) await client.invalidateQueries({ queryKey: adminKeys.all });
    },
  });
}
