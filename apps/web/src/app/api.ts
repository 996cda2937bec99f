/**
 * A small typed wrapper around `fetch` for `/api/v1`. It adds the in-memory bearer token, refreshes it
 * once on a 401 (one refresh in flight at a time, shared by every caller) and turns error bodies
 * (`{ code, message, details?, requestId }`) into `ApiError`s. Types come from `api-types.ts` only.
 */
import type {
  ApiErrorBody,
  AuditCheckpoint,
  AuditCheckpointPage,
  AuditPage,
  AuditVerification,
  AuthResponse,
  BodyReference,
  HistoryResponse,
  InstitutionReference,
  LoginRequest,
  Me,
  RecommendationDetail,
  RecommendationFacets,
  RecommendationPage,
  RecommendationPatch,
  Ref,
  ReviewReference,
} from './api-types';
import { session } from './session';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, body: Partial<ApiErrorBody>) {
    super(body.message ?? body.code ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'network.unreachable' : 'http.error');
    this.details = body.details;
    this.requestId = body.requestId;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  query?: URLSearchParams | Record<string, string | number | boolean | undefined | null>;
  /** Send the bearer token and retry once after refreshing on 401 (default true). */
  auth?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  let qs = '';
  if (query instanceof URLSearchParams) qs = query.toString();
  else if (query) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
    qs = p.toString();
  }
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function send(path: string, opts: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers['Authorization'] = `Bearer ${token}`;
  try {
    return await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'network.unreachable', message: String(e) });
  }
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, { code: 'http.invalid_response', message: text.slice(0, 200) });
  }
}

async function toError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await parse<Partial<ApiErrorBody>>(res)) ?? {};
  } catch {
    /* non-JSON error page (proxy, gateway): keep the status only */
  }
  return new ApiError(res.status, body);
}

let refreshing: Promise<AuthResponse | null> | null = null;

/**
 * `POST /auth/refresh` with the HttpOnly cookie. Concurrent callers share one request, so a burst of
 * 401s (or React's double effects) never rotates the refresh token twice. Resolves null without a session.
 */
export function refreshSession(): Promise<AuthResponse | null> {
  refreshing ??= (async () => {
    try {
      const res = await fetch(`${API_BASE}/auth/refresh`, {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-Requested-With': 'sidh' },
        credentials: 'include',
      });
      if (!res.ok) {
        session.setToken(null);
        return null;
      }
      const data = await parse<AuthResponse>(res);
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

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const useAuth = opts.auth !== false;
  let res = await send(path, opts, useAuth ? session.getToken() : null);
  if (res.status === 401 && useAuth) {
    const refreshed = await refreshSession();
    if (!refreshed) {
      session.expire();
      throw await toError(res);
    }
    res = await send(path, opts, refreshed.accessToken);
    if (res.status === 401) session.expire();
  }
  if (!res.ok) throw await toError(res);
  return { data: await parse<T>(res), headers: res.headers };
}

async function json<T>(path: string, opts?: RequestOptions): Promise<T> {
  return (await request<T>(path, opts)).data;
}

/** The ETag of a recommendation: the header when the server sends it, else its version, quoted. */
export function etagOf(headers: Headers | null, version: number): string {
  return headers?.get('ETag') ?? `"${version}"`;
}

export const api = {
  login: async (body: LoginRequest): Promise<AuthResponse> => {
    const res = await send('/auth/login', { method: 'POST', body, headers: { 'X-Requested-With': 'sidh' } }, null);
    if (!res.ok) throw await toError(res);
    const data = await parse<AuthResponse>(res);
    session.setToken(data.accessToken);
    return data;
  },
  logout: async (): Promise<void> => {
    try {
      await fetch(`${API_BASE}/auth/logout`, {
        method: 'POST',
        headers: {
          'X-Requested-With': 'sidh',
          ...(session.getToken() ? { Authorization: `Bearer ${session.getToken()}` } : {}),
        },
        credentials: 'include',
      });
    } finally {
      session.setToken(null);
    }
  },
  me: (signal?: AbortSignal) => json<Me>('/auth/me', { signal }),

  searchRecommendations: (query: URLSearchParams, signal?: AbortSignal) =>
    json<RecommendationPage>('/recommendations', { query, signal }),
  recommendationFacets: (query: URLSearchParams, signal?: AbortSignal) =>
    json<RecommendationFacets>('/recommendations/facets', { query, signal }),
  getRecommendation: (id: string, signal?: AbortSignal) =>
    request<RecommendationDetail>(`/recommendations/${encodeURIComponent(id)}`, { signal }),
  updateRecommendation: (id: string, patch: RecommendationPatch, etag: string) =>
    request<RecommendationDetail>(`/recommendations/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: patch,
      headers: { 'If-Match': etag },
    }),
  recommendationHistory: (id: string, signal?: AbortSignal) =>
    json<HistoryResponse>(`/recommendations/${encodeURIComponent(id)}/history`, { signal }),

  bodies: (signal?: AbortSignal) => json<BodyReference[]>('/reference/bodies', { signal }),
  reviews: (signal?: AbortSignal) => json<ReviewReference[]>('/reference/reviews', { signal }),
  themes: (signal?: AbortSignal) => json<Ref[]>('/reference/themes', { signal }),
  affectedPersons: (signal?: AbortSignal) => json<Ref[]>('/reference/affected-persons', { signal }),
  sdgGoals: (signal?: AbortSignal) => json<Ref[]>('/reference/sdg-goals', { signal }),
  axes: (signal?: AbortSignal) => json<Ref[]>('/reference/axes', { signal }),
  countries: (signal?: AbortSignal) => json<Ref[]>('/reference/countries', { signal }),
  institutions: (signal?: AbortSignal) => json<InstitutionReference[]>('/institutions', { signal }),

  auditEvents: (
    query: { entityType?: string; entityId?: string; page?: number; pageSize?: number },
    signal?: AbortSignal,
  ) => json<AuditPage>('/audit/events', { query: { ...query }, signal }),
  verifyAudit: (signal?: AbortSignal) => json<AuditVerification>('/audit/verify', { signal }),
  auditCheckpoints: (query: { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    json<AuditCheckpointPage>('/audit/checkpoints', { query: { ...query }, signal }),
  createAuditCheckpoint: () => json<AuditCheckpoint>('/audit/checkpoints', { method: 'POST' }),
};
