import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportJobDetail } from '../../../app/api-types';
import { importsApi, type PreviewInput, type UploadInput } from '../api';
import { importKeys } from './keys';

/** How often a running commit is polled for its progress. */
export const PROGRESS_POLL_MS = 400;

export function usePresets() {
  return useQuery({ queryKey: importKeys.presets, queryFn: ({ signal }) => importsApi.presets(signal), staleTime: Infinity });
}

export function useImportList(page: number, pageSize: number) {
  return useQuery({
    queryKey: importKeys.list(page, pageSize),
    queryFn: ({ signal }) => importsApi.list(page, pageSize, signal),
    placeholderData: keepPreviousData,
    // A commit still running in the list refreshes it until it ends.
    refetchInterval: (q) => (q.state.data?.items.some((j) => j.status === 'running') ? 2000 : false),
  });
}

/** One import, polled while its commit runs (`processedRows` / `totalRows`). */
export function useImportJob(id: string | null, initial?: ImportJobDetail) {
  return useQuery({
    queryKey: importKeys.job(id ?? ''),
    queryFn: ({ signal }) => importsApi.get(id!, signal),
    enabled: !!id,
    ...(initial && initial.id === id ? { initialData: initial, initialDataUpdatedAt: 0 } : {}),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? PROGRESS_POLL_MS : false),
  });
}

/** `POST /imports/preview`: what the file holds, and the id of the stored original. */
export function usePreview() {
  return useMutation({ mutationFn: (input: PreviewInput) => importsApi.preview(input) });
}

export function useUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UploadInput) => importsApi.upload(input),
    onSuccess: (job) => {
      queryClient.setQueryData(importKeys.job(job.id), job);
      void queryClient.invalidateQueries({ queryKey: importKeys.lists });
    },
  });
}
