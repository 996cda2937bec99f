import { useQueryClient } from '@tanstack/react-query';
import type { Versioned } from '../../../app/api-client';
import type { RecommendationDetail } from '../../../app/api-types';
import { useVersionedEditor } from '../../../app/versioned/use-versioned-editor';
import { recommendationsApi } from '../api';
import { conflictingFields, diffPatch, reapply, valuesFrom } from '../utils/edit';
import { recommendationKeys } from './keys';
import type { LoadedRecommendation } from './use-recommendation';

/**
 * The coordinator's edit session (saved on request): the shared versioned editor with the
 * recommendation's form values, PATCH body and conflict rules.
 */
export function useRecommendationEditor(loaded: LoadedRecommendation, onSaved?: (rec: RecommendationDetail) => void) {
  const queryClient = useQueryClient();
  const id = loaded.data.id;
  return useVersionedEditor({
    loaded,
    valuesOf: valuesFrom,
    diff: diffPatch,
    save: (patch, etag) => recommendationsApi.update(id, patch, etag),
    conflicts: ({ patch, current }) => conflictingFields(patch, current),
    reapply: ({ patch, current }) => reapply(current, patch),
    remember: (next: Versioned<RecommendationDetail>) => {
      queryClient.setQueryData(recommendationKeys.detail(id), next);
      void queryClient.invalidateQueries({ queryKey: recommendationKeys.history(id) });
      void queryClient.invalidateQueries({ queryKey: recommendationKeys.searches });
    },
    onSaved,
  });
}
