import { screen } from '@testing-library/react';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { OrgBrand } from './OrgBrand';

const NAME = { ar: 'المندوبية الوزارية المكلفة بحقوق الإنسان', fr: 'Délégation interministérielle aux droits de l’homme', en: '' };

function setup(body: unknown, lang: 'ar' | 'fr' | 'en') {
  mockFetch((call) => (call.url.endsWith('/settings/public') ? { status: 200, body } : call.url.endsWith('/auth/refresh') ? { status: 401, body: { code: 'auth.unauthorized' } } : undefined));
  renderWithProviders(<OrgBrand />, { lang });
}

describe('OrgBrand (login page)', () => {
  it('shows the name in the UI language and the logo with its reserved height', async () => {
    setup({ organisationName: NAME, logoUrl: '/api/v1/settings/logo?v=abc', logoWidth: 128, logoHeight: 64 }, 'ar');
    expect((await screen.findByTestId('org-name')).textContent).toBe(NAME.ar);
    const logo = screen.getByTestId('org-logo');
    expect(logo.getAttribute('src')).toBe('/api/v1/settings/logo?v=abc');
    expect(logo.getAttribute('height')).toBe('48');
    expect(logo.getAttribute('width')).toBe('96');
    expect(logo.getAttribute('alt')).toBe('');
  });

  it('falls back to another language when the UI language has no name', async () => {
    setup({ organisationName: NAME, logoUrl: null, logoWidth: null, logoHeight: null }, 'en');
    expect((await screen.findByTestId('org-name')).textContent).toBe(NAME.fr);
    expect(screen.queryByTestId('org-logo')).toBeNull();
  });

  it('keeps its box (and shows nothing) when nothing is set', async () => {
    setup({ organisationName: null, logoUrl: null, logoWidth: null, logoHeight: null }, 'fr');
    expect(screen.getByTestId('org-brand')).toBeTruthy();
    expect(screen.queryByTestId('org-name')).toBeNull();
  });
});
