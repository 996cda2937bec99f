import { useMutation, useQueryClient } from '@tanstack/react-query';
import { recommendationsApi, type NewRecommendation } from '../api';
import { recommendationKeys } from './keys';

/** Creating a recommendation or a question: every list, facet count and scope count may change. */
export function useCreateRecommendation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRecommendation) => recommendationsApi.create(body),
    onSuccess: (created) => {
      queryClient.setQueryData(recommendationKeys.detail(created.data.id), created);
      void queryClient.invalidateQueries({ queryKey: recommendationKeys.all });
    },
  });
}
