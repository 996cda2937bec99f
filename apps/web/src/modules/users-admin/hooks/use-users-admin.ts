import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usersAdminApi, type UserPatch, type UserQuery } from '../api';
import { usersAdminKeys } from './keys';

export function useUsers(query: UserQuery) {
  return useQuery({ queryKey: usersAdminKeys.list(query), queryFn: ({ signal }) => usersAdminApi.list(query, signal), placeholderData: keepPreviousData });
}

export function useUser(id: string | null) {
  return useQuery({ queryKey: usersAdminKeys.user(id ?? ''), queryFn: ({ signal }) => usersAdminApi.get(id!, signal), enabled: !!id });
}

/** An account's sign-in attempts, newest first, page after page (`nextCursor`). */
export function useSignIns(id: string | null) {
  return useInfiniteQuery({
    queryKey: usersAdminKeys.signIns(id ?? ''),
    queryFn: ({ pageParam, signal }) => usersAdminApi.signIns(id!, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!id,
    retry: false,
  });
}

export type UserChange = { kind: 'update'; patch: UserPatch } | { kind: 'deactivate' } | { kind: 'reactivate' };

/** Any change of one account: the list and the account are read again after it (success or refusal). */
export function useChangeUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, change }: { version: number; change: UserChange }) =>
      change.kind === 'update'
        ? usersAdminApi.update(id, version, change.patch)
        : change.kind === 'deactivate'
          ? usersAdminApi.deactivate(id, version)
          : usersAdminApi.reactivate(id, version),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: usersAdminKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: usersAdminKeys.user(id) });
    },
  });
}

/** Lost device: remove the account's two-factor sign-in (the administrator's; audited, sessions end). */
export function useResetTotp(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => usersAdminApi.resetTotp(id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: usersAdminKeys.user(id) }),
  });
}

export function useInvitations(institutionId: string | undefined) {
  return useQuery({ queryKey: usersAdminKeys.invitations(institutionId), queryFn: ({ signal }) => usersAdminApi.invitations(institutionId, signal) });
}

export function useInvitationAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'resend' | 'revoke' }) =>
      action === 'resend' ? usersAdminApi.resendInvitation(id).then(() => undefined) : usersAdminApi.revokeInvitation(id).then(() => undefined),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['users-admin', 'invitations'] }),
  });
}
