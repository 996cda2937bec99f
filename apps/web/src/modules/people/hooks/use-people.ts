import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateInvitation } from '../../../app/api-types';
import { peopleApi } from '../api';
import { peopleKeys } from './keys';

/** An institution's members and pending invitations (none without an institution chosen). */
export function useMembers(institutionId: string | null) {
  return useQuery({
    queryKey: peopleKeys.members(institutionId ?? ''),
    queryFn: ({ signal }) => peopleApi.members(institutionId!, signal),
    enabled: !!institutionId,
  });
}

export function useInvite(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitation) => peopleApi.invite(body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: peopleKeys.members(institutionId) }),
  });
}

/** The invitee sets a password (anonymous: the token proves the invitation). */
export function useAcceptInvitation() {
  return useMutation({ mutationFn: ({ token, password }: { token: string; password: string }) => peopleApi.accept(token, password) });
}
