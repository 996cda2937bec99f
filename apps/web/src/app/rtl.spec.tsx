import { fireEvent, screen, waitFor } from '@testing-library/react';
import { routes } from './router';
import { session } from './session';
import { mockFetch, renderApp } from '../test/render';

const me = {
  id: 'u1',
  email: 'coordinator@demo.sidh',
  name: 'Salma Bennani',
  role: 'coordinator',
  locale: 'fr',
  institution: null,
  permissions: [],
};

describe('direction and language', () => {
  afterEach(() => {
    session.setToken(null);
    localStorage.clear();
  });

  it('renders the login page right-to-left in Arabic', async () => {
    mockFetch(({ url }) => (url.endsWith('/auth/refresh') ? { status: 401, body: { code: 'auth.unauthorized' } } : undefined));
    renderApp(routes, { lang: 'ar', path: '/login' });
    expect(await screen.findByRole('heading', { name: 'تسجيل الدخول' })).toBeTruthy();
    await waitFor(() => expect(document.documentElement.dir).toBe('rtl'));
    expect(document.documentElement.lang).toBe('ar');
  });

  it('renders the app shell in Arabic with the navigation and user role translated, and switches back to French', async () => {
    mockFetch(({ url }) => {
      if (url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'tok', expiresIn: 900, user: me } };
      if (url.includes('/recommendations/facets?')) return { status: 200, body: {} };
      if (url.includes('/recommendations?')) return { status: 200, body: { items: [], total: 0, totalIsLowerBound: false, page: 1, pageSize: 20 } };
      if (url.includes('/reference/') || url.endsWith('/institutions')) return { status: 200, body: [] };
      return undefined;
    });
    localStorage.setItem('sidh.language', 'ar');
    const { i18n } = renderApp(routes, { lang: 'ar', path: '/recommendations' });
    expect(await screen.findByText('منسق', { selector: '[data-testid=user-role]' })).toBeTruthy();
    expect(screen.getByTestId('side-nav').textContent).toContain('سجل التدقيق');
    expect(document.documentElement.dir).toBe('rtl');
    expect(await screen.findByText('لم يُعثر على أي توصية')).toBeTruthy();

    fireEvent.click(screen.getAllByTestId('lang-fr')[0]!);
    await waitFor(() => expect(document.documentElement.dir).toBe('ltr'));
    expect(i18n.language).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(localStorage.getItem('sidh.language')).toBe('fr');
    // Only the language is stored in the browser, never a token.
    const stored = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    expect(stored).not.toContain('tok');
  });

  it('follows the profile language when none was chosen on this browser', async () => {
    mockFetch(({ url }) => {
      if (url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'tok', expiresIn: 900, user: { ...me, locale: 'ar' } } };
      if (url.includes('/recommendations?')) return { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } };
      if (url.includes('/reference/') || url.endsWith('/institutions')) return { status: 200, body: [] };
      return undefined;
    });
    renderApp(routes, { lang: 'fr', path: '/recommendations' });
    await waitFor(() => expect(document.documentElement.dir).toBe('rtl'));
    expect(localStorage.getItem('sidh.language')).toBeNull();
  });

  it('hides the audit navigation from a focal point', async () => {
    mockFetch(({ url }) => {
      if (url.endsWith('/auth/refresh'))
        return { status: 200, body: { accessToken: 'tok', expiresIn: 900, user: { ...me, role: 'focal_point' } } };
      if (url.includes('/recommendations?')) return { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } };
      if (url.includes('/reference/') || url.endsWith('/institutions')) return { status: 200, body: [] };
      return undefined;
    });
    renderApp(routes, { lang: 'fr', path: '/audit' });
    // The audit route redirects to the recommendations for a role without audit:read.
    expect(await screen.findByRole('heading', { name: 'Recommandations' })).toBeTruthy();
    expect(screen.getByTestId('side-nav').textContent).not.toContain("Journal d'audit");
  });
});
