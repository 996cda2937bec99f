/** Signing in and out. The session refresh lives with the client (`app/api-client.ts`): its middleware needs it. */
import { api, unwrap } from '../../app/api-client';
import type { AuthResponse, LoginRequest } from '../../app/api-types';
import { session } from '../../app/session';

export const authApi = {
  login: async (body: LoginRequest): Promise<AuthResponse> => {
    const data = await unwrap(api.POST('/api/v1/auth/login', { body, headers: { 'X-Requested-With': 'sidh' } }));
    session.setToken(data.accessToken);
    return data;
  },
  /** Revokes the refresh cookie; the in-memory token is dropped whatever the answer. */
  logout: async (): Promise<void> => {
    try {
      await api.POST('/api/v1/auth/logout', { headers: { 'X-Requested-With': 'sidh' }, credentials: 'include' });
    } finally {
      session.setToken(null);
    }
  },
};
