/** Calls of the in-app notifications. */
import { api, unwrap } from '../../app/api-client';
import type { NotificationQuery } from '../../app/api-types';

export const notificationsApi = {
  list: (query: NotificationQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/notifications', { params: { query }, signal })),
  unreadCount: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/notifications/unread-count', { signal })),
  markRead: async (id: string): Promise<void> => {
    await unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
  },
  markAllRead: () => unwrap(api.POST('/api/v1/notifications/read-all')),
};
