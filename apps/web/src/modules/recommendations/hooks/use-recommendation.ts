import { useQuery } from '@tanstack/react-query';
import { api, etagOf } from '../../../app/api';
import type { RecommendationDetail } from '../../../app/api-types';
import { recommendationKeys } from './use-recommendation-search';

export interface LoadedRecommendation {
  recommendation: RecommendationDetail;
  /** The ETag to send as `If-Match` when saving. */
  etag: string;
}

export function useRecommendation(id: string) {
  return useQuery({
    queryKey: recommendationKeys.detail(id),
    queryFn: async ({ signal }): Promise<LoadedRecommendation> => {
      const { data, headers } = await api.getRecommendation(id, signal);
      return { recommendation: data, etag: etagOf(headers, data.version) };
    },
  });
}

export function useRecommendationHistory(id: string, enabled = true) {
  return useQuery({
    queryKey: recommendationKeys.history(id),
    queryFn: ({ signal }) => api.recommendationHistory(id, signal),
    enabled,
  });
}
