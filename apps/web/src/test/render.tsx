import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import type { Locale } from '@sidh/domain';
import { createI18n } from '../app/i18n';
import { Providers } from '../app/providers';
import { createQueryClient } from '../app/query-client';

export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (call: FetchCall) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

/** Replaces `fetch` with a router over `handler`; unanswered calls get 404. Returns the calls made. */
export function mockFetch(handler: Handler): FetchCall[] {
  const calls: FetchCall[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const call: FetchCall = {
      url,
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    if (init?.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    const res = handler(call) ?? { status: 404, body: { code: 'not_found', message: 'not found' } };
    return new Response(res.status === 204 || res.body === undefined ? null : JSON.stringify(res.body), {
      status: res.status,
      headers: { 'Content-Type': 'application/json', ...res.headers },
    });
  }) as typeof fetch;
  return calls;
}

export function renderApp(
  routes: RouteObject[],
  { lang = 'fr', path = '/' }: { lang?: Locale; path?: string } = {},
) {
  const i18n = createI18n(lang);
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: 0 }, mutations: { retry: false } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const utils = render(
    <Providers i18n={i18n} queryClient={queryClient} env="test">
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...utils, router, queryClient, i18n };
}

export function renderWithProviders(ui: ReactElement, opts: { lang?: Locale; path?: string } = {}) {
  return renderApp([{ path: '*', element: ui }], opts);
}
