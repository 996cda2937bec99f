import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { hasPermission, type Permission } from '@sidh/domain';
import { authApi } from '../modules/auth/api';
import { refreshSession } from './api-client';
import type { AuthResponse, Me, Schemas } from './api-types';

type TotpChallenge = Schemas['TotpChallengeDto'];
import { storedLanguage } from './i18n';
import { useLocale } from './locale';
import { session } from './session';

type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

interface AuthContextValue {
  status: AuthStatus;
  user: Me | null;
  /** The signed-in user, or the second step's challenge when two-step sign-in is on (then nothing changes yet). */
  login: (email: string, password: string) => Promise<Me | TotpChallenge>;
  /** Adopts a session obtained otherwise (the two-step sign-in's code step). */
  completeLogin: (res: AuthResponse) => void;
  /** Reads the profile again (after a change of two-step sign-in). */
  reloadUser: () => Promise<void>;
  logout: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/**
 * Session state in memory only. On start the refresh cookie (HttpOnly, set by the API) is exchanged for
 * an access token; when the API rejects the session later, the user is sent back to the login page.
 */
export function AuthProvider({ children, initialSession }: { children: ReactNode; initialSession?: Promise<AuthResponse | null> }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<Me | null>(null);
  const [status, setStatus] = useState<AuthStatus>('loading');
  const { setLocale } = useLocale();
  /** Without a language chosen on this browser, the UI follows the user's profile language. */
  const adoptProfileLocale = useCallback(
    (me: Me) => {
      if (!storedLanguage()) setLocale(me.locale, { remember: false });
    },
    [setLocale],
  );

  // The refresh main.tsx started before the first render (to render at once in the profile's
  // language) stands for the first one only: a later run of the effect asks again.
  const pendingInitial = useRef(initialSession);

  useEffect(() => {
    let active = true;
    const restored = pendingInitial.current ?? refreshSession();
    pendingInitial.current = undefined;
    void restored.then((res) => {
      if (!active) return;
      setUser(res?.user ?? null);
      if (res) adoptProfileLocale(res.user);
      setStatus(res ? 'authenticated' : 'anonymous');
    });
    const off = session.onExpired(() => {
      setUser(null);
      setStatus('anonymous');
      queryClient.clear();
    });
    return () => {
      active = false;
      off();
    };
  }, [queryClient, adoptProfileLocale]);

  const completeLogin = useCallback(
    (res: AuthResponse) => {
      queryClient.clear();
      setUser(res.user);
      adoptProfileLocale(res.user);
      setStatus('authenticated');
    },
    [queryClient, adoptProfileLocale],
  );

  const login = useCallback(
    async (email: string, password: string) => {
      const res = await authApi.login({ email, password });
      if ('mfaToken' in res) return res;
      completeLogin(res);
      return res.user;
    },
    [completeLogin],
  );

  const reloadUser = useCallback(async () => {
    setUser(await authApi.me());
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      session.setToken(null);
      void queryClient.cancelQueries();
      queryClient.clear();
      setUser(null);
      setStatus('anonymous');
    }
  }, [queryClient]);

  const can = useCallback((p: Permission) => (user ? hasPermission(user.role, p) : false), [user]);

  const value = useMemo(() => ({ status, user, login, completeLogin, reloadUser, logout, can }), [status, user, login, completeLogin, reloadUser, logout, can]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}
