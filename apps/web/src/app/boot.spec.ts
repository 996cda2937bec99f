import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_SEARCH, toApiQuery } from '../modules/recommendations/utils/search-state';
import { mockFetch } from '../test/render';
import { refreshSession } from './api-client';
import { takeEarlyAnswer, takeEarlyRefresh } from './boot';
import { session } from './session';

// public/boot.js starts the session refresh and a cold /recommendations' first requests before the
// bundle; the application takes each answer once (app/boot.ts) and never refreshes twice.
const BOOT = readFileSync(join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../public/boot.js'), 'utf8');
const runBoot = (source = BOOT) => new Function(source)() as void;
const holder = globalThis as { __sidhBoot?: unknown };
const me = { id: 'u', email: 'e', name: 'N', role: 'coordinator', locale: 'fr', institution: null, permissions: [] };
const page = { items: [], total: 0, page: 1, pageSize: 20 };

afterEach(() => {
  delete holder.__sidhBoot;
  session.setToken(null);
  window.history.replaceState(null, '', '/');
  document.head.querySelectorAll('link[rel=modulepreload], link[rel=preload]').forEach((l) => l.remove());
  localStorage.clear();
});

it('asks for the first page of an empty search exactly as the list does', () => {
  expect(BOOT).toContain(`'/api/v1/recommendations?${toApiQuery(EMPTY_SEARCH).toString()}'`);
});

it('on /recommendations: one refresh, then the list and facets with its token, each answer taken once', async () => {
  window.history.replaceState(null, '', '/recommendations');
  const calls = mockFetch((c) => {
    if (c.url === '/api/v1/auth/refresh') return { status: 200, body: { accessToken: 'early', user: me } };
    if (c.url.startsWith('/api/v1/recommendations/facets')) return { status: 200, body: { facets: {} } };
    if (c.url.startsWith('/api/v1/recommendations')) return { status: 200, body: page };
    return undefined;
  });
  runBoot();
  const signedIn = await refreshSession();
  expect(signedIn?.user.name).toBe('N');
  expect(session.getToken()).toBe('early');
  // Another URL than boot.js asked for: not its answer.
  await expect(takeEarlyAnswer('list', '/api/v1/recommendations?sort=title&page=1&pageSize=20')).resolves.toBeUndefined();
  await expect(takeEarlyAnswer('list', `/api/v1/recommendations?${toApiQuery(EMPTY_SEARCH).toString()}`)).resolves.toEqual(page);
  await expect(takeEarlyAnswer('list', `/api/v1/recommendations?${toApiQuery(EMPTY_SEARCH).toString()}`)).resolves.toBeUndefined();
  await expect(takeEarlyAnswer('facets', '/api/v1/recommendations/facets')).resolves.toEqual({ facets: {} });
  expect(calls.filter((c) => c.url === '/api/v1/auth/refresh')).toHaveLength(1);
  const list = calls.find((c) => c.url.startsWith('/api/v1/recommendations?'));
  expect(list?.headers['authorization']).toBe('Bearer early');
  expect(list?.headers['x-requested-with']).toBeUndefined();
  expect(calls.find((c) => c.url === '/api/v1/auth/refresh')?.headers['x-requested-with']).toBe('sidh');
});

it('without a session: no list request, and the refresh says anonymous', async () => {
  window.history.replaceState(null, '', '/recommendations');
  const calls = mockFetch((c) => (c.url === '/api/v1/auth/refresh' ? { status: 401, body: { code: 'auth.refresh_invalid' } } : undefined));
  runBoot();
  await expect(refreshSession()).resolves.toBeNull();
  await expect(takeEarlyAnswer('list', `/api/v1/recommendations?${toApiQuery(EMPTY_SEARCH).toString()}`)).resolves.toBeUndefined();
  expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh']);
});

it('on another page, or with a search in the URL: only the refresh', async () => {
  window.history.replaceState(null, '', '/recommendations?q=eau');
  const calls = mockFetch((c) => (c.url === '/api/v1/auth/refresh' ? { status: 200, body: { accessToken: 't', user: me } } : undefined));
  runBoot();
  await refreshSession();
  expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh']);
});

it('once the application has started, boot.js sends nothing (the refresh token is rotated once)', async () => {
  const calls = mockFetch((c) => (c.url === '/api/v1/auth/refresh' ? { status: 200, body: { accessToken: 't', user: me } } : undefined));
  expect(takeEarlyRefresh()).toBeUndefined();
  await refreshSession();
  runBoot();
  await new Promise((r) => setTimeout(r, 10));
  expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh']);
});

it("preloads the chunks the build wrote in for the address's page, and only there", () => {
  const marker = '{} /* sidh:route-chunks */';
  expect(BOOT).toContain(marker);
  const built = BOOT.replace(marker, JSON.stringify({ '/recommendations': ['/assets/AppLayout-x.js', '/assets/RecommendationsPage-y.js'] }));
  mockFetch(() => ({ status: 401, body: {} }));
  window.history.replaceState(null, '', '/recommendations');
  runBoot(built);
  const links = [...document.head.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')];
  expect(links.map((l) => [l.getAttribute('href'), l.getAttribute('crossorigin')])).toEqual([
    ['/assets/AppLayout-x.js', ''],
    ['/assets/RecommendationsPage-y.js', ''],
  ]);
  delete holder.__sidhBoot;
  links.forEach((l) => l.remove());
  window.history.replaceState(null, '', '/login');
  runBoot(built);
  expect(document.head.querySelectorAll('link[rel=modulepreload]')).toHaveLength(0);
});

describe("the likely language's start-up strings and font", () => {
  const marker = '{} /* sidh:start-assets */';
  const assets = {
    ar: { strings: '/assets/strings-ar-a.js', font: '/assets/arabic-a.woff2' },
    fr: { strings: '/assets/strings-fr-f.js', font: '/assets/latin-l.woff2' },
    en: { strings: '/assets/strings-en-e.js', font: '/assets/latin-l.woff2' },
  };
  const built = () => BOOT.replace(marker, JSON.stringify(assets));
  const preloaded = () =>
    [...document.head.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload], link[rel=preload]')].map((l) => [l.rel, l.getAttribute('href'), l.getAttribute('as'), l.getAttribute('crossorigin')]);
  const browserLanguages = (languages: string[]) => Object.defineProperty(window.navigator, 'languages', { value: languages, configurable: true });
  const languagesBefore = window.navigator.languages;

  beforeEach(() => mockFetch(() => ({ status: 401, body: {} })));
  afterAll(() => browserLanguages([...languagesBefore]));

  it('are written in by the build', () => {
    expect(BOOT).toContain(marker);
  });

  it.each([
    ['the stored choice', 'en', ['fr-FR'], 'en'],
    ["the browser's first supported language", null, ['de-DE', 'fr-MA', 'en'], 'fr'],
    ['Arabic when the browser has none of the three', null, ['de-DE'], 'ar'],
    ['the browser when the stored value is not a language', 'xx', ['en-GB'], 'en'],
  ] as const)('are those of %s', (_case, stored, languages, expected) => {
    if (stored) localStorage.setItem('sidh.language', stored);
    browserLanguages([...languages]);
    window.history.replaceState(null, '', '/login');
    runBoot(built());
    expect(preloaded()).toEqual([
      ['modulepreload', assets[expected].strings, null, ''],
      ['preload', assets[expected].font, 'font', ''],
    ]);
  });

  it('the language chosen is the one the application starts in (app/i18n.ts)', async () => {
    const { initialLanguage } = await import('./i18n');
    for (const [stored, languages] of [[null, ['de-DE', 'fr-MA']], ['en', ['fr']], [null, ['ar-MA']], [null, ['de']]] as const) {
      localStorage.clear();
      if (stored) localStorage.setItem('sidh.language', stored);
      browserLanguages([...languages]);
      document.head.querySelectorAll('link').forEach((l) => l.remove());
      delete holder.__sidhBoot;
      runBoot(built());
      const strings = document.head.querySelector('link[rel=modulepreload]')?.getAttribute('href');
      expect(strings).toBe(assets[initialLanguage()].strings);
    }
  });
});

it("on /login: the login page's brand asked at once, its answer taken once", async () => {
  window.history.replaceState(null, '', '/login');
  const brand = { organisationName: { ar: 'م', fr: 'O', en: 'O' }, logoUrl: null };
  const calls = mockFetch((c) => {
    if (c.url === '/api/v1/auth/refresh') return { status: 401, body: { code: 'auth.refresh_invalid' } };
    if (c.url === '/api/v1/settings/public') return { status: 200, body: brand };
    return undefined;
  });
  runBoot();
  await expect(takeEarlyAnswer('publicSettings', '/api/v1/settings/public')).resolves.toEqual(brand);
  await expect(takeEarlyAnswer('publicSettings', '/api/v1/settings/public')).resolves.toBeUndefined();
  expect(calls.map((c) => c.url).sort()).toEqual(['/api/v1/auth/refresh', '/api/v1/settings/public']);
  expect(calls.find((c) => c.url === '/api/v1/settings/public')?.headers['authorization']).toBeUndefined();
});
