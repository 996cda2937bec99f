import { act, screen, waitFor } from '@testing-library/react';
import type { RecommendationSummary } from '../../../app/api-types';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { RecommendationSearch } from './RecommendationSearch';

function item(paragraph: string, textFr: string): RecommendationSummary {
  return {
    id: `rec-${paragraph}`,
    kind: 'recommendation',
    mechanism: 'UPR',
    body: { id: 'b', code: 'UPR', nameAr: 'الاستعراض الدوري الشامل', nameFr: 'Examen périodique universel', nameEn: 'Universal Periodic Review' },
    review: null,
    documentSymbol: 'A/HRC/36/6',
    paragraph,
    externalCode: null,
    textAr: null,
    textFr,
    textEn: null,
    response: 'supported',
    status: 'in_progress',
    followUp: false,
    version: 1,
  };
}

const answers: Record<string, RecommendationSummary[]> = {
  torture: [item('144.1', 'Prévenir la torture')],
  egalite: [item('144.183', "Garantir l'égalité"), item('144.184', "Promouvoir l'égalité")],
};

describe('RecommendationSearch', () => {
  it('says the list is busy until it shows the answer to the query in the URL', async () => {
    mockFetch(({ url }) => {
      if (url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
      if (url.includes('/recommendations/facets')) return { status: 200, body: {} };
      if (url.includes('/recommendations?')) {
        const items = answers[new URL(url, 'http://x').searchParams.get('q') ?? ''] ?? [];
        return { status: 200, body: { items, total: items.length, totalIsLowerBound: false, page: 1, pageSize: 20 } };
      }
      return undefined;
    });
    const { router } = renderWithProviders(<RecommendationSearch />, { path: '/recommendations?q=torture' });

    await waitFor(() => expect(screen.getByTestId('results').getAttribute('aria-busy')).toBe('false'));
    expect(screen.getAllByTestId('result')).toHaveLength(1);

    await act(() => router.navigate('/recommendations?q=egalite'));
    // The previous answer stays on screen meanwhile, marked as not yet the answer.
    expect(screen.getByTestId('results').getAttribute('aria-busy')).toBe('true');
    expect(screen.getAllByTestId('result')).toHaveLength(1);

    await waitFor(() => expect(screen.getByTestId('results').getAttribute('aria-busy')).toBe('false'));
    expect(screen.getAllByTestId('result')).toHaveLength(2);
    expect(screen.getByTestId('result-count').textContent).toMatch(/2/);
  });
});
