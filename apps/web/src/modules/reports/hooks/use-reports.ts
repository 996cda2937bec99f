import { useCallback } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { staleDetails, type Versioned } from '../../../app/api-client';
import { recommendationsApi, referenceApi } from '../../recommendations/api';
import { referenceKeys } from '../../recommendations/hooks/keys';
import { reportsApi } from '../api';
import type { CreateReport, ReportDetail, UpdateReport } from '../types';
import { reportKeys } from './keys';

export function useReports() {
  return useQuery({ staleTime: 0, queryKey: reportKeys.list, queryFn: ({ signal }) => reportsApi.list({ pageSize: 100 }, signal) });
}

/** The report with its sections, and its ETag (the `If-Match` of its changes and of finalising). */
export function useReport(id: string) {
  return useQuery({ staleTime: 0, queryKey: reportKeys.detail(id), queryFn: ({ signal }) => reportsApi.get(id, signal) });
}

export function useReportVersions(id: string) {
  return useQuery({ staleTime: 0, queryKey: reportKeys.versions(id), queryFn: ({ signal }) => reportsApi.versions(id, signal) });
}

export function useReportHistory(id: string) {
  return useQuery({ staleTime: 0, queryKey: reportKeys.history(id), queryFn: ({ signal }) => reportsApi.history(id, signal) });
}

/** The text of a section drawn again from the contributions: asked for when the user opens the proposal. */
export function useSectionRefresh(id: string, sectionId: string, enabled: boolean) {
  return useQuery({
    staleTime: 0,
    gcTime: 0,
    queryKey: reportKeys.refresh(id, sectionId),
    queryFn: ({ signal }) => reportsApi.refresh(id, sectionId, signal),
    enabled,
  });
}

/** A page of the items a report may cover (the wizard's hand-picking list). */
export function useReportItems(params: URLSearchParams, enabled: boolean) {
  const key = params.toString();
  return useQuery({
    queryKey: reportKeys.items(key),
    queryFn: ({ signal }) => recommendationsApi.search(new URLSearchParams(key), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateReport) => reportsApi.create(body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reportKeys.list }),
  });
}

/** Keeps the report and the list in step after a change made elsewhere (a section saved, a version stored). */
export function useReportChanged(id: string) {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: reportKeys.detail(id) });
    void queryClient.invalidateQueries({ queryKey: reportKeys.list });
  }, [queryClient, id]);
}

/** Title, due date, word limit or section order (If-Match of the report); the answer is the report now. */
export function useUpdateReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: UpdateReport; etag: string }) => reportsApi.update(id, patch, etag),
    onSuccess: (next: Versioned<ReportDetail>) => {
      queryClient.setQueryData(reportKeys.detail(id), next);
      void queryClient.invalidateQueries({ queryKey: reportKeys.history(id) });
      void queryClient.invalidateQueries({ queryKey: reportKeys.list });
    },
    onError: (e) => {
      if (staleDetails(e)) void queryClient.invalidateQueries({ queryKey: reportKeys.detail(id) });
    },
  });
}

export function useFinaliseReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ confirmOverLimit, etag }: { confirmOverLimit: boolean; etag: string }) => reportsApi.finalise(id, confirmOverLimit, etag),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: reportKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: reportKeys.list });
    },
    // 412: someone changed the report meanwhile; load their version (and its ETag).
    onError: (e) => {
      if (staleDetails(e)) void queryClient.invalidateQueries({ queryKey: reportKeys.detail(id) });
    },
  });
}

/** The bodies and reviews the wizard offers (the reference lists every screen shares, fetched once). */
export function useReferenceLists() {
  const forever = { staleTime: Infinity, gcTime: Infinity, retry: 1 } as const;
  const bodies = useQuery({ queryKey: referenceKeys.bodies, queryFn: ({ signal }) => referenceApi.bodies(signal), ...forever });
  const reviews = useQuery({ queryKey: referenceKeys.reviews, queryFn: ({ signal }) => referenceApi.reviews(signal), ...forever });
  return { bodies, reviews };
}
