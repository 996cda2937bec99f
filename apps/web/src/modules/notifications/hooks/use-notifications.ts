import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notificationsApi } from '../api';
import { notificationKeys } from './keys';

export const NOTIFICATIONS_PAGE_SIZE = 20;

/** The bell's unread count, refreshed every minute. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => notificationsApi.unreadCount(signal),
    enabled,
    refetchInterval: 60_000,
  });
}

export function useNotifications(page: number, unreadOnly: boolean, pageSize = NOTIFICATIONS_PAGE_SIZE) {
  return useQuery({
    staleTime: 0,
    queryKey: notificationKeys.list(page, unreadOnly),
    queryFn: ({ signal }) => notificationsApi.list({ page, pageSize, ...(unreadOnly ? { unread: true } : {}) }, signal),
  });
}

/** Read state changed: the lists and the bell. */
function useReadChanged() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: notificationKeys.lists });
    void queryClient.invalidateQueries({ queryKey: notificationKeys.unread });
  };
}

export function useMarkAllRead() {
  const changed = useReadChanged();
  return useMutation({ mutationFn: () => notificationsApi.markAllRead(), onSuccess: changed });
}

/** Marks one notification read; a failure is ignored (opening it matters more). */
export function useMarkRead() {
  const changed = useReadChanged();
  return async (id: string) => {
    await notificationsApi.markRead(id).catch(() => undefined);
    changed();
  };
}
