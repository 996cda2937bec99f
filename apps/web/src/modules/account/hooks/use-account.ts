import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../../../app/auth';
import { accountApi } from '../api';

export const accountKeys = {
  all: ['account'] as const,
  security: () => [...accountKeys.all, 'security'] as const,
  signIns: () => [...accountKeys.all, 'sign-ins'] as const,
};

export function useAccountSecurity() {
  return useQuery({ queryKey: accountKeys.security(), queryFn: ({ signal }) => accountApi.security(signal) });
}

export function useSignIns() {
  return useInfiniteQuery({
    queryKey: accountKeys.signIns(),
    queryFn: ({ pageParam, signal }) => accountApi.signIns(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) => accountApi.changePassword(currentPassword, newPassword) });
}

export function useEnrolTotp() {
  return useMutation({ mutationFn: () => accountApi.enrol() });
}

/** Confirming turns TOTP on: the profile (and the enrolment-only limit) is read again. */
export function useConfirmTotp() {
  const queryClient = useQueryClient();
  const { reloadUser } = useAuth();
  return useMutation({
    mutationFn: (code: string) => accountApi.confirmTotp(code),
    onSuccess: async () => {
      await reloadUser();
      void queryClient.invalidateQueries({ queryKey: accountKeys.all });
    },
  });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  const { reloadUser } = useAuth();
  return useMutation({
    mutationFn: ({ password, code }: { password: string; code: string }) => accountApi.disableTotp(password, code),
    onSuccess: async () => {
      await reloadUser();
      void queryClient.invalidateQueries({ queryKey: accountKeys.all });
    },
  });
}
