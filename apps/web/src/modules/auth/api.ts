/** Signing in and out. The session refresh lives with the client (`app/api-client.ts`): its middleware needs it. */
import { api, unwrap } from '../../app/api-client';
import type { AuthResponse, LoginRequest, Me, Schemas } from '../../app/api-types';
import { session } from '../../app/session';

export const authApi = {
  /** The session, or (202) the challenge of two-step sign-in: then no token yet (see modules/account TotpStep). */
  login: async (body: LoginRequest): Promise<AuthResponse | Schemas['TotpChallengeDto']> => {
    const data = await unwrap(api.POST('/api/v1/auth/login', { body, headers: { 'X-Requested-With': 'sidh' } }));
    if ('mfaToken' in data) return data;
    session.setToken(data.accessToken);
    return data;
  },
  me: async (): Promise<Me> => unwrap(api.GET('/api/v1/auth/me')),
  /** Revokes the refresh cookie; the in-memory token is dropped whatever the answer. */
  logout: async (): Promise<void> => {
    try {
      await api.POST('/api/v1/auth/logout', { headers: { 'X-Requested-With': 'sidh' }, credentials: 'include' });
    } finally {
      session.setToken(null);
    }
  },
};
