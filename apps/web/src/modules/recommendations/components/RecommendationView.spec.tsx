import { screen, waitFor } from '@testing-library/react';
import type { RecommendationDetail } from '../../../app/api-types';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { recommendationDetail } from '../test-fixtures';
import { RecommendationView } from './RecommendationView';

const detail = recommendationDetail({ textAr: null, textFr: 'Garantir à chacun le droit de respirer un air pur dans toutes les villes du Royaume, sans exception aucune' });

function show(rec: RecommendationDetail, lang: 'fr' | 'ar') {
  mockFetch(({ url }) => {
    if (url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
    if (url.endsWith(`/recommendations/${rec.id}`)) return { status: 200, body: rec, headers: { ETag: `"${rec.version}"` } };
    return undefined;
  });
  renderWithProviders(<RecommendationView id={rec.id} />, { lang, path: `/recommendations/${rec.id}` });
}

describe('RecommendationView', () => {
  it('is titled by its citation in the UI language', async () => {
    show(detail, 'fr');
    await waitFor(() => expect(screen.getByTestId('recommendation-title').textContent).toBe('A/HRC/36/6 par. 144.44'));
  });

  it('is titled by the opening words of its text, not a dash, when it has no reference yet (created by hand)', async () => {
    show({ ...detail, documentSymbol: null, paragraph: null, externalCode: null }, 'ar');
    const title = await screen.findByTestId('recommendation-title');
    await waitFor(() => expect(title.textContent).toBe('Garantir à chacun le droit de respirer un air pur dans toutes…'));
    // The French words keep their own direction in the Arabic page.
    expect(title.querySelector('bdi')?.getAttribute('dir')).toBe('auto');
    expect(screen.queryByText('—', { selector: 'h1 *' })).toBeNull();
  });
});
