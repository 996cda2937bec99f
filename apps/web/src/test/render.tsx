import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import type { Locale } from '@sidh/domain';
import { createI18n } from '../app/i18n';
import { catalogs } from '../locales/catalogs';
import { Providers } from '../app/providers';
import { createQueryClient } from '../app/query-client';

export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type MockAnswer = { status: number; body?: unknown; headers?: Record<string, string> } | undefined;
/** The answer to a call; a promise holds it back until the test lets it go (a state in between to check). */
type Handler = (call: FetchCall) => MockAnswer | Promise<MockAnswer>;

/** The path and query of a URL on the page's origin (the client sends absolute URLs). */
function pathOf(url: string): string {
  const origin = globalThis.location?.origin;
  return origin && url.startsWith(origin) ? url.slice(origin.length) : url;
}

async function bodyOf(request: Request): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const text = await request.clone().text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Replaces `fetch` with a router over `handler`; unanswered calls get 404. Returns the calls made. */
export function mockFetch(handler: Handler): FetchCall[] {
  const calls: FetchCall[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request =
      input instanceof Request ? (init === undefined ? input : new Request(input, init)) : new Request(new URL(String(input), globalThis.location?.origin), init);
    const call: FetchCall = {
      url: pathOf(request.url),
      method: request.method,
      headers: Object.fromEntries(request.headers.entries()),
      body: undefined,
    };
    calls.push(call);
    call.body = await bodyOf(request);
    // Answer on a later task, as a network would: a test that does not wait for the answer lets it
    // land in the act() of the clean-up (test/settle.ts) rather than between the test and its hooks.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (request.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    const res = (await handler(call)) ?? { status: 404, body: { code: 'not_found', message: 'not found' } };
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
  const i18n = createI18n(lang, catalogs);
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
