import { useCallback, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, etagOf, isApiError, type ApiError } from '../../../app/api';
import type {
  RecommendationDetail,
  RecommendationPatch,
  StaleDetails,
  ValidationDetails,
} from '../../../app/api-types';
import { conflictingFields, diffPatch, reapply, valuesFrom, type EditValues, type FieldConflict } from '../utils/edit';
import type { LoadedRecommendation } from './use-recommendation';
import { recommendationKeys } from './use-recommendation-search';

export interface Conflict {
  current: RecommendationDetail;
  lastChange: StaleDetails['lastChange'];
  patch: RecommendationPatch;
  fields: FieldConflict[];
}

function isStaleDetails(d: unknown): d is StaleDetails {
  return typeof d === 'object' && d !== null && 'current' in d && typeof (d as StaleDetails).current === 'object';
}

function isValidationDetails(d: unknown): d is ValidationDetails {
  return typeof d === 'object' && d !== null && typeof (d as ValidationDetails).fields === 'object';
}

/**
 * The coordinator's edit session: form values, the version they were loaded from (its ETag is sent as
 * If-Match), field errors from the API and, after a 412, the conflict to resolve.
 */
export function useRecommendationEditor(loaded: LoadedRecommendation, onSaved?: (rec: RecommendationDetail) => void) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(loaded);
  const [values, setValues] = useState<EditValues>(() => valuesFrom(loaded.recommendation));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [nothingToSave, setNothingToSave] = useState(false);
  const id = loaded.recommendation.id;

  const remember = useCallback(
    (next: LoadedRecommendation) => {
      queryClient.setQueryData(recommendationKeys.detail(id), next);
      void queryClient.invalidateQueries({ queryKey: recommendationKeys.history(id) });
      void queryClient.invalidateQueries({ queryKey: ['recommendations', 'search'] });
    },
    [queryClient, id],
  );

  const mutation = useMutation({
    mutationFn: ({ patch, etag }: { patch: RecommendationPatch; etag: string }) =>
      api.updateRecommendation(id, patch, etag),
    onMutate: () => {
      setError(null);
      setFieldErrors({});
      setNothingToSave(false);
    },
    onSuccess: ({ data, headers }) => {
      const next = { recommendation: data, etag: etagOf(headers, data.version) };
      setBase(next);
      setValues(valuesFrom(data));
      setConflict(null);
      remember(next);
      onSaved?.(data);
    },
    onError: (e, { patch }) => {
      if (isApiError(e) && e.status === 412 && isStaleDetails(e.details)) {
        const { current, lastChange } = e.details;
        setConflict({ current, lastChange, patch, fields: conflictingFields(patch, current) });
        return;
      }
      if (isApiError(e) && e.status === 400 && isValidationDetails(e.details)) {
        setFieldErrors(e.details.fields);
        return;
      }
      setError(isApiError(e) ? e : null);
    },
  });

  const save = useCallback(() => {
    const patch = diffPatch(base.recommendation, values);
    if (Object.keys(patch).length === 0) {
      setNothingToSave(true);
      return;
    }
    mutation.mutate({ patch, etag: base.etag });
  }, [base, values, mutation]);

  /** Discard my changes and load the version saved by the other person. */
  const reload = useCallback(() => {
    if (!conflict) return;
    const next = { recommendation: conflict.current, etag: etagOf(null, conflict.current.version) };
    setBase(next);
    setValues(valuesFrom(conflict.current));
    setFieldErrors({});
    setConflict(null);
    remember(next);
  }, [conflict, remember]);

  /** Send my changes again, on top of their version (the new ETag). */
  const reapplyMine = useCallback(() => {
    if (!conflict) return;
    const next = { recommendation: conflict.current, etag: etagOf(null, conflict.current.version) };
    setBase(next);
    setValues(reapply(conflict.current, conflict.patch));
    setConflict(null);
    mutation.mutate({ patch: conflict.patch, etag: next.etag });
  }, [conflict, mutation]);

  const setField = useCallback(<K extends keyof EditValues>(field: K, value: EditValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setFieldErrors((errs) => {
      if (!(field in errs)) return errs;
      const { [field]: _removed, ...rest } = errs;
      return rest;
    });
  }, []);

  const reset = useCallback(() => {
    setValues(valuesFrom(base.recommendation));
    setFieldErrors({});
    setError(null);
  }, [base]);

  return {
    values,
    setField,
    save,
    reset,
    saving: mutation.isPending,
    fieldErrors,
    error,
    nothingToSave,
    conflict,
    reload,
    reapplyMine,
    dismissConflict: () => setConflict(null),
    dirty: Object.keys(diffPatch(base.recommendation, values)).length > 0,
  };
}
