/**
 * The access token lives in this module's memory only: never in localStorage, sessionStorage or a
 * readable cookie, so a script injected into the page cannot lift it from storage. A reload loses it and
 * the app gets a new one from the HttpOnly refresh cookie (`POST /auth/refresh`).
 */
let accessToken: string | null = null;
const listeners = new Set<() => void>();

export const session = {
  getToken(): string | null {
    return accessToken;
  },
  setToken(token: string | null): void {
    accessToken = token;
  },
  /** Called when the server no longer accepts the session (refresh failed after a 401). */
  onExpired(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  expire(): void {
    accessToken = null;
    for (const l of listeners) l();
  },
};
