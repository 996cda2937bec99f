import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../app/api-client';
import type { Schemas } from '../../../app/api-types';

export type AsOfList = Schemas['AuditAsOfListDto'];
export type AsOfRecommendation = Schemas['AuditAsOfRecommendationDto'];

export const AS_OF_PAGE_SIZE = 25;

export interface AsOfQuery {
  /** ISO instant. */
  at: string;
  q?: string;
  cursor?: string;
}

export const asOfKeys = {
  recommendations: (query: AsOfQuery) => ['audit', 'as-of', 'recommendations', query] as const,
};

/** One keyset page of the recommendation list as it was at `at`, rebuilt on the server from the audit events. */
export function useAsOfRecommendations(query: AsOfQuery | null) {
  return useQuery({
    queryKey: asOfKeys.recommendations(query ?? { at: '' }),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/audit/as-of/recommendations', {
          params: { query: { at: query!.at, limit: AS_OF_PAGE_SIZE, ...(query!.q ? { q: query!.q } : {}), ...(query!.cursor ? { cursor: query!.cursor } : {}) } },
          signal,
        }),
      ),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}
