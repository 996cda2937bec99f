import type { UserQuery } from '../api';

/** Query keys of the users administration, named here once. */
export const usersAdminKeys = {
  all: ['users-admin'] as const,
  lists: () => ['users-admin', 'list'] as const,
  list: (query: UserQuery) => ['users-admin', 'list', query] as const,
  user: (id: string) => ['users-admin', 'user', id] as const,
  signIns: (id: string) => ['users-admin', 'sign-ins', id] as const,
  invitations: (institutionId: string | undefined) => ['users-admin', 'invitations', institutionId ?? 'all'] as const,
};
