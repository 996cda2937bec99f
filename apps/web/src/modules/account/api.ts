/** The account routes (issue 13): password change and reset, two-step sign-in, sign-in history. */
import { api, unwrap } from '../../app/api-client';
import type { AuthResponse, Schemas } from '../../app/api-types';
import { session } from '../../app/session';

export type AccountSecurity = Schemas['AccountSecurityDto'];
export type TotpEnrolment = Schemas['TotpEnrolmentDto'];
export type RecoveryCodes = Schemas['RecoveryCodesDto'];
export type SignInPage = Schemas['SignInPageDto'];
export type SignIn = Schemas['SignInDto'];
export type TotpChallenge = Schemas['TotpChallengeDto'];

const csrf = { 'X-Requested-With': 'sidh' };

export const accountApi = {
  security: async (signal?: AbortSignal): Promise<AccountSecurity> => unwrap(api.GET('/api/v1/auth/account', { signal })),
  changePassword: async (currentPassword: string, newPassword: string): Promise<void> => {
    await unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }));
  },
  requestReset: async (email: string): Promise<void> => {
    await unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } }));
  },
  confirmReset: async (token: string, password: string): Promise<void> => {
    await unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));
  },
  enrol: async (): Promise<TotpEnrolment> => unwrap(api.POST('/api/v1/auth/totp/enrol')),
  confirmTotp: async (code: string): Promise<RecoveryCodes> => unwrap(api.POST('/api/v1/auth/totp/confirm', { body: { code } })),
  disableTotp: async (password: string, code: string): Promise<void> => {
    await unwrap(api.POST('/api/v1/auth/totp/disable', { body: { password, code } }));
  },
  signIns: async (cursor: string | null, signal?: AbortSignal): Promise<SignInPage> =>
    unwrap(api.GET('/api/v1/auth/sign-ins', { params: { query: { limit: 10, ...(cursor ? { cursor } : {}) } }, signal })),
  /** The sign-in's second step: the session, as a password sign-in gives it. */
  loginTotp: async (mfaToken: string, code: string): Promise<AuthResponse> => {
    const data = await unwrap(api.POST('/api/v1/auth/login/totp', { body: { mfaToken, code }, headers: csrf }));
    session.setToken(data.accessToken);
    return data;
  },
};
