import { useQuery } from '@tanstack/react-query';
import { etagOf } from '../../../app/api';
import { reportingApi, reportingKeys } from '../../reporting/api';
import type { ContributionDetail } from '../../reporting/types';

export interface LoadedContribution {
  contribution: ContributionDetail;
  /** The ETag to send as `If-Match`. */
  etag: string;
}

export function useContribution(id: string) {
  return useQuery({
    staleTime: 0, queryKey: reportingKeys.contribution(id),
    queryFn: async ({ signal }): Promise<LoadedContribution> => {
      const { data, headers } = await reportingApi.contribution(id, signal);
      return { contribution: data, etag: etagOf(headers, data.version) };
    },
  });
}

export function useComments(id: string) {
  return useQuery({
    staleTime: 0, queryKey: reportingKeys.comments(id),
    queryFn: ({ signal }) => reportingApi.comments(id, signal),
  });
}
