/**
 * The SPA's ONE client of the SIDH API: an `openapi-fetch` instance made by `createSidhClient` from the
 * types generated from the API's OpenAPI document (`@sidh/api-client`). Every call goes through it, and
 * through one middleware that
 *  - adds the in-memory bearer token (`session.ts`),
 *  - on a 401, refreshes the session once (`POST /auth/refresh` with the HttpOnly cookie; concurrent
 *    callers share that one refresh) and retries the request once with the new token,
 *  - turns a network failure into an `ApiError` (`network.unreachable`).
 * Error bodies (`ErrorResponseDto`) become `ApiError`s in `unwrap()`.
 *
 * Uploads that report progress cannot use `fetch` (it has no upload progress): `uploadWithProgress()`
 * below sends them with XMLHttpRequest, but through the SAME token, refresh-once-on-401 and error code
 * (`withSession`, `retryUnauthorized`, `ApiError.from`). Downloads use the client itself (`parseAs: 'blob'`).
 */
import type { Middleware } from 'openapi-fetch';
import { createSidhClient, type SidhClient } from '@sidh/api-client';
import type { AuthResponse, ErrorResponse as ErrorBody, LastChange, StaleErrorDetails } from './api-types';
import { takeEarlyRefresh } from './boot';
import { session } from './session';

/** Codes the client gives itself: no answer at all, or an answer that is not an error body. */
export type ClientErrorCode = 'network.unreachable' | 'http.error' | 'http.invalid_response';
export type ApiErrorCode = ErrorBody['code'] | ClientErrorCode;

interface ErrorFields {
  code?: ApiErrorCode;
  message?: string;
  details?: ErrorBody['details'];
  requestId?: ErrorBody['requestId'];
}

/** Every failed call, whatever the transport: the status and the fields of the API's error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: ErrorBody['details'];
  readonly requestId: string | undefined;

  constructor(status: number, body: ErrorFields = {}) {
    super(body.message ?? body.code ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'network.unreachable' : 'http.error');
    this.details = body.details;
    this.requestId = body.requestId ?? undefined;
  }

  /** From whatever a failed response carried: an error body, or text (a proxy's error page), or nothing. */
  static from(status: number, body: unknown): ApiError {
    if (typeof body !== 'object' || body === null) return new ApiError(status);
    const b = body as Record<string, unknown>;
    return new ApiError(status, {
      code: typeof b['code'] === 'string' ? (b['code'] as ErrorBody['code']) : undefined,
      message: typeof b['message'] === 'string' ? b['message'] : undefined,
      details: typeof b['details'] === 'object' && b['details'] !== null ? (b['details'] as ErrorBody['details']) : undefined,
      requestId: typeof b['requestId'] === 'string' ? b['requestId'] : undefined,
    });
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Calls that carry no bearer token and are never retried after a refresh. */
const ANONYMOUS: ReadonlySet<string> = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/refresh',
  '/api/v1/invitations/accept',
  // Accounts (issue 13): the sign-in's code step and the forgotten-password routes.
  '/api/v1/auth/login/totp',
  '/api/v1/auth/password-reset',
  '/api/v1/auth/password-reset/confirm',
]);
/** Calls never retried after a refresh (logging out with an expired token needs no new one). */
const NO_RETRY: ReadonlySet<string> = new Set([...ANONYMOUS, '/api/v1/auth/logout']);

let refreshing: Promise<AuthResponse | null> | null = null;

/**
 * `POST /auth/refresh` with the HttpOnly cookie. Concurrent callers share one request, so a burst of
 * 401s (or React's double effects) never rotates the refresh token twice. Resolves null without a session.
 */
export function refreshSession(): Promise<AuthResponse | null> {
  refreshing ??= (async () => {
    try {
      // The first refresh of the page may have been started by public/boot.js, before the bundle.
      const early = takeEarlyRefresh();
      if (early) {
        const data = await early;
        session.setToken(data?.accessToken ?? null);
        return data;
      }
      const { data, response } = await api.POST('/api/v1/auth/refresh', {
        params: { header: { 'X-Requested-With': 'sidh' } },
        credentials: 'include',
      });
      if (!response.ok || !data) {
        session.setToken(null);
        return null;
      }
      session.setToken(data.accessToken);
      return data;
    } catch {
      session.setToken(null);
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * The one place a 401 is handled (client middleware and XHR uploads alike): refresh the session once and
 * send again with the new token; when the refresh fails, or the retry is refused too, the session expires.
 */
export async function retryUnauthorized<R extends { status: number }>(first: R, again: (token: string) => Promise<R>): Promise<R> {
  if (first.status !== 401) return first;
  const refreshed = await refreshSession();
  if (!refreshed) {
    session.expire();
    return first;
  }
  const second = await again(refreshed.accessToken);
  if (second.status === 401) session.expire();
  return second;
}

/** Sends with the current token, and once more after a refresh on a 401 (see `retryUnauthorized`). */
export async function withSession<R extends { status: number }>(attempt: (token: string | null) => Promise<R>): Promise<R> {
  return retryUnauthorized(await attempt(session.getToken()), attempt);
}

/** A copy of each authenticated request taken before it is sent: its body can be read only once. */
const pendingRetries = new WeakMap<Request, Request>();

const sessionMiddleware: Middleware = {
  onRequest({ request, schemaPath }) {
    if (ANONYMOUS.has(schemaPath)) return undefined;
    const token = session.getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    if (!NO_RETRY.has(schemaPath)) pendingRetries.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response, options }) {
    const retry = pendingRetries.get(request);
    pendingRetries.delete(request);
    if (!retry) return response;
    return retryUnauthorized(response, (token) => {
      retry.headers.set('Authorization', `Bearer ${token}`);
      return options.fetch(retry);
    });
  },
  onError({ error }) {
    if (error instanceof ApiError || (error as Error | null)?.name === 'AbortError') return undefined;
    return new ApiError(0, { code: 'network.unreachable', message: String(error) });
  },
};

/**
 * The client. `fetch` is looked up at each call (not captured once), and URLs are absolute on the
 * page's origin (the API serves the SPA; in development Vite proxies `/api`).
 */
export const api: SidhClient = createSidhClient(
  {
    baseUrl: globalThis.location?.origin ?? '',
    fetch: (request: Request) => globalThis.fetch(request),
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  },
  sessionMiddleware,
);

type CallResult<D> = { data?: D; error?: unknown; response: Response };

/** The body of a successful answer with its response (headers), or the `ApiError` of a failed one. */
export async function unwrapResponse<D>(call: Promise<CallResult<D>>): Promise<{ data: D; response: Response }> {
  let result: CallResult<D>;
  try {
    result = await call;
  } catch (e) {
    // A 2xx whose body is not the JSON it announces.
    if (e instanceof SyntaxError) throw new ApiError(200, { code: 'http.invalid_response', message: e.message });
    throw e;
  }
  const { data, error, response } = result;
  if (!response.ok) throw ApiError.from(response.status, error);
  return { data: data as D, response };
}

/** The body of a successful answer, or the `ApiError` of a failed one. */
export async function unwrap<D>(call: Promise<CallResult<D>>): Promise<D> {
  return (await unwrapResponse(call)).data;
}

/** The ETag of a versioned resource: the header when the server sends it, else its version, quoted. */
export function etagOf(headers: Headers | null, version: number): string {
  return headers?.get('ETag') ?? `"${version}"`;
}

/** A resource with the ETag to send back as `If-Match` when changing it. */
export interface Versioned<T> {
  data: T;
  etag: string;
}

/** The body of a successful answer about a versioned resource, with its ETag. */
export async function unwrapVersioned<T extends { version: number }>(call: Promise<CallResult<T>>): Promise<Versioned<T>> {
  const { data, response } = await unwrapResponse(call);
  return { data, etag: etagOf(response.headers, data.version) };
}

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort: () => void;
}

/**
 * A multipart POST with upload progress (XMLHttpRequest: `fetch` cannot report it). Same bearer token,
 * refresh-once-on-401 (`withSession`) and error envelope (`ApiError.from`) as every other call.
 * `T` is the schema type of the endpoint's success body (see the caller).
 */
export function uploadWithProgress<T>(path: string, form: () => FormData, onProgress: (fraction: number) => void): UploadHandle<T> {
  let current: XMLHttpRequest | null = null;
  const send = (token: string | null) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('POST', path);
      xhr.setRequestHeader('Accept', 'application/json');
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        let body: unknown = undefined;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new ApiError(0, { code: 'network.unreachable', message: 'upload failed' }));
      xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
      onProgress(0);
      xhr.send(form());
    });
  const promise = (async () => {
    const res = await withSession(send);
    if (res.status < 200 || res.status >= 300) throw ApiError.from(res.status, res.body);
    onProgress(1);
    return res.body as T;
  })();
  return { promise, abort: () => current?.abort() };
}

/**
 * The details of a 412 `concurrency.stale` (`StaleErrorDetailsDto`): the resource as saved now and who
 * saved it. The OpenAPI document types `current` as a free-form object ("the same shape as its GET"):
 * the caller names that shape.
 */
export function staleDetails<T>(e: unknown): { current: T; lastChange: LastChange | null } | null {
  if (!isApiError(e) || e.status !== 412 || !e.details) return null;
  const { current, lastChange } = e.details as Partial<StaleErrorDetails>;
  if (typeof current !== 'object' || current === null) return null;
  return { current: current as T, lastChange: lastChange ?? null };
}

/** The field errors of a 400 `validation.failed` (`details.fields`: field → message key), if any. */
export function fieldErrorsOf(e: unknown): Record<string, string> | null {
  if (!isApiError(e) || e.status !== 400) return null;
  const fields = e.details?.['fields'];
  if (typeof fields !== 'object' || fields === null) return null;
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** A versioned record's `If-Match` header: its `version`, quoted (412 when someone changed it meanwhile). */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
