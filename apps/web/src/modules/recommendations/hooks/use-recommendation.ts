import { useQuery } from '@tanstack/react-query';
import type { Versioned } from '../../../app/api-client';
import type { RecommendationDetail } from '../../../app/api-types';
import { recommendationsApi } from '../api';
import { recommendationKeys } from './keys';

/** A recommendation with the ETag to send as `If-Match` when saving. */
export type LoadedRecommendation = Versioned<RecommendationDetail>;

export function useRecommendation(id: string) {
  return useQuery({
    queryKey: recommendationKeys.detail(id),
    queryFn: ({ signal }): Promise<LoadedRecommendation> => recommendationsApi.get(id, signal),
  });
}

export function useRecommendationHistory(id: string, enabled = true) {
  return useQuery({
    queryKey: recommendationKeys.history(id),
    queryFn: ({ signal }) => recommendationsApi.history(id, signal),
    enabled,
  });
}
