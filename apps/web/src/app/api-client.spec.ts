import { authApi } from '../modules/auth/api';
import { contributionsApi } from '../modules/contributions/api';
import { mockFetch } from '../test/render';
import { api, ApiError, unwrap, uploadWithProgress } from './api-client';
import { session } from './session';

const me = { id: 'u', email: 'e', name: 'N', role: 'coordinator', locale: 'fr', institution: null, permissions: [] };

/** A stand-in for XMLHttpRequest: answers each send with the next reply, recording the headers. */
function fakeXhr(replies: Array<(headers: Record<string, string>) => { status: number; body: unknown }>) {
  const sent: Array<Record<string, string>> = [];
  class FakeXhr {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private headers: Record<string, string> = {};
    open(): void {
      /* the URL does not matter here */
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
    }
    send() {
      sent.push(this.headers);
      const reply = replies[sent.length - 1]!(this.headers);
      setTimeout(() => {
        this.status = reply.status;
        this.responseText = JSON.stringify(reply.body);
        this.onload?.();
      }, 0);
    }
    abort(): void {
      this.onabort?.();
    }
  }
  const original = globalThis.XMLHttpRequest;
  globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
  return { sent, restore: () => (globalThis.XMLHttpRequest = original) };
}

describe('api client', () => {
  afterEach(() => session.setToken(null));

  it('keeps the access token in memory only and sends it as a bearer token', async () => {
    const calls = mockFetch(({ url }) => {
      if (url.endsWith('/auth/login')) return { status: 200, body: { accessToken: 'abc', expiresIn: 900, user: me } };
      return { status: 200, body: me };
    });
    await authApi.login({ email: 'e', password: 'p' });
    expect(calls[0]!.headers['authorization']).toBeUndefined();
    expect(calls[0]!.headers['x-requested-with']).toBe('sidh');
    await unwrap(api.GET('/api/v1/auth/me'));
    expect(calls[1]!.url).toBe('/api/v1/auth/me');
    expect(calls[1]!.headers['authorization']).toBe('Bearer abc');
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain('abc');
    expect(document.cookie).not.toContain('abc');
  });

  it('on 401 refreshes once (X-Requested-With, cookie) and retries with the new token', async () => {
    session.setToken('old');
    const calls = mockFetch(({ url, headers }) => {
      if (url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'new', expiresIn: 900, user: me } };
      return headers['authorization'] === 'Bearer new' ? { status: 200, body: { unread: 1 } } : { status: 401, body: { code: 'auth.unauthenticated' } };
    });
    const [a, b] = await Promise.all([unwrap(api.GET('/api/v1/notifications/unread-count')), unwrap(api.GET('/api/v1/auth/me'))]);
    expect(a).toEqual({ unread: 1 });
    expect(b).toEqual({ unread: 1 });
    const refreshes = calls.filter((c) => c.url.endsWith('/auth/refresh'));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.headers['x-requested-with']).toBe('sidh');
    expect(refreshes[0]!.headers['authorization']).toBeUndefined();
    expect(session.getToken()).toBe('new');
  });

  it('retries a request with a body as it was sent (method, body, If-Match)', async () => {
    session.setToken('old');
    const calls = mockFetch(({ url, headers }) => {
      if (url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'new', expiresIn: 900, user: me } };
      if (headers['authorization'] !== 'Bearer new') return { status: 401, body: { code: 'auth.unauthenticated' } };
      return { status: 200, body: { id: 'c-1', version: 4 }, headers: { ETag: '"4"' } };
    });
    const saved = await contributionsApi.update('c-1', { measures: 'Mesures' }, '"3"');
    expect(saved.etag).toBe('"4"');
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(patches[1]!.body).toEqual({ measures: 'Mesures' });
    expect(patches[1]!.headers['if-match']).toBe('"3"');
    expect(patches[1]!.headers['authorization']).toBe('Bearer new');
  });

  it('expires the session when the refresh fails', async () => {
    session.setToken('old');
    let expired = 0;
    const off = session.onExpired(() => expired++);
    mockFetch(() => ({ status: 401, body: { code: 'auth.unauthenticated', message: 'no' } }));
    const err = await unwrap(api.GET('/api/v1/auth/me')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'auth.unauthenticated' });
    expect(expired).toBe(1);
    expect(session.getToken()).toBeNull();
    off();
  });

  it('turns error bodies into ApiError with code, details and request id', async () => {
    mockFetch(() => ({ status: 429, body: { code: 'auth.too_many_attempts', message: 'slow down', requestId: 'r-1', status: 429 } }));
    const err = await authApi.login({ email: 'e', password: 'p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, code: 'auth.too_many_attempts', requestId: 'r-1' });
  });

  it('turns a failed connection into network.unreachable, and an error page into http.error', async () => {
    globalThis.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    await expect(unwrap(api.GET('/api/v1/auth/me'))).rejects.toMatchObject({ status: 0, code: 'network.unreachable' });
    globalThis.fetch = (async () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } })) as typeof fetch;
    await expect(unwrap(api.GET('/api/v1/auth/me'))).rejects.toMatchObject({ status: 502, code: 'http.error' });
  });

  it('uploads with progress through the same token, refresh and errors', async () => {
    session.setToken('old');
    const fetched = mockFetch(({ url }) =>
      url.endsWith('/auth/refresh') ? { status: 200, body: { accessToken: 'new', expiresIn: 900, user: me } } : undefined,
    );
    const xhr = fakeXhr([
      () => ({ status: 401, body: { code: 'auth.unauthenticated' } }),
      (h) => (h['authorization'] === 'Bearer new' ? { status: 201, body: { id: 'ev-1' } } : { status: 401, body: {} }),
      () => ({ status: 415, body: { code: 'evidence.unsupported_type', message: 'no', requestId: 'r-9' } }),
    ]);
    try {
      const progress: number[] = [];
      const ok = await uploadWithProgress<{ id: string }>('/api/v1/contributions/c-1/evidence', () => new FormData(), (f) => progress.push(f)).promise;
      expect(ok).toEqual({ id: 'ev-1' });
      expect(xhr.sent.map((h) => h['authorization'])).toEqual(['Bearer old', 'Bearer new']);
      expect(fetched.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
      expect(progress[progress.length - 1]).toBe(1);
      const refused = await uploadWithProgress('/api/v1/contributions/c-1/evidence', () => new FormData(), () => undefined).promise.catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ApiError);
      expect(refused).toMatchObject({ status: 415, code: 'evidence.unsupported_type', requestId: 'r-9' });
    } finally {
      xhr.restore();
    }
  });
});
