import { api, ApiError, request } from './api';
import { session } from './session';
import { mockFetch } from '../test/render';

const me = { id: 'u', email: 'e', name: 'N', role: 'coordinator', locale: 'fr', institution: null, permissions: [] };

describe('api client', () => {
  afterEach(() => session.setToken(null));

  it('keeps the access token in memory only and sends it as a bearer token', async () => {
    const calls = mockFetch(({ url }) => {
      if (url.endsWith('/auth/login')) return { status: 200, body: { accessToken: 'abc', expiresIn: 900, user: me } };
      return { status: 200, body: { ok: true } };
    });
    await api.login({ email: 'e', password: 'p' });
    await request('/auth/me');
    expect(calls[1]!.headers['authorization']).toBe('Bearer abc');
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain('abc');
    expect(document.cookie).not.toContain('abc');
  });

  it('on 401 refreshes once (X-Requested-With, cookie) and retries with the new token', async () => {
    session.setToken('old');
    const calls = mockFetch(({ url, headers }) => {
      if (url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'new', expiresIn: 900, user: me } };
      return headers['authorization'] === 'Bearer new' ? { status: 200, body: { ok: 1 } } : { status: 401, body: { code: 'auth.unauthorized' } };
    });
    const [a, b] = await Promise.all([request('/x'), request('/y')]);
    expect(a.data).toEqual({ ok: 1 });
    expect(b.data).toEqual({ ok: 1 });
    const refreshes = calls.filter((c) => c.url.endsWith('/auth/refresh'));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.headers['x-requested-with']).toBe('sidh');
    expect(session.getToken()).toBe('new');
  });

  it('expires the session when the refresh fails', async () => {
    session.setToken('old');
    let expired = 0;
    const off = session.onExpired(() => expired++);
    mockFetch(() => ({ status: 401, body: { code: 'auth.unauthorized', message: 'no' } }));
    await expect(request('/x')).rejects.toBeInstanceOf(ApiError);
    expect(expired).toBe(1);
    expect(session.getToken()).toBeNull();
    off();
  });

  it('turns error bodies into ApiError with code, details and request id', async () => {
    mockFetch(() => ({ status: 429, body: { code: 'auth.too_many_attempts', message: 'slow down', requestId: 'r-1', status: 429 } }));
    const err = await api.login({ email: 'e', password: 'p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, code: 'auth.too_many_attempts', requestId: 'r-1' });
  });
});
