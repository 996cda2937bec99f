import { useQuery } from '@tanstack/react-query';
import { reportingApi, reportingKeys } from '../api';

/** Every institution (the same cached list as the recommendation filters). */
export function useInstitutions() {
  return useQuery({
    queryKey: reportingKeys.institutions,
    queryFn: ({ signal }) => reportingApi.institutions(signal),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 1,
  });
}
