import { act, screen, waitFor } from '@testing-library/react';
import type { RecommendationSummary } from '../../../app/api-types';
import { mockFetch, renderApp, renderWithProviders } from '../../../test/render';
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
    // The second query's answer waits until the test has looked at the list in between (on a slow
    // machine an answer let go at once could land before the first look).
    let answerSecond!: () => void;
    const secondHeld = new Promise<void>((resolve) => (answerSecond = resolve));
    mockFetch(async ({ url }) => {
      if (url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
      if (url.includes('/recommendations/facets')) return { status: 200, body: {} };
      if (url.includes('/recommendations?')) {
        const q = new URL(url, 'http://x').searchParams.get('q') ?? '';
        if (q === 'egalite') await secondHeld;
        const items = answers[q] ?? [];
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

    answerSecond();
    await waitFor(() => expect(screen.getByTestId('results').getAttribute('aria-busy')).toBe('false'));
    expect(screen.getAllByTestId('result')).toHaveLength(2);
    expect(screen.getByTestId('result-count').textContent).toMatch(/2/);
  });

  it('asks for the list and its filter counts again when the page is visited again (others may have changed the catalogue)', async () => {
    const calls = mockFetch(({ url }) => {
      if (url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
      if (url.includes('/recommendations/facets')) return { status: 200, body: {} };
      if (url.includes('/recommendations?')) return { status: 200, body: { items: answers['torture'], total: 1, totalIsLowerBound: false, page: 1, pageSize: 20 } };
      return undefined;
    });
    const { router } = renderApp(
      [
        { path: '/recommendations', element: <RecommendationSearch /> },
        { path: '/elsewhere', element: <p>elsewhere</p> },
      ],
      { path: '/recommendations?q=torture' },
    );
    const asked = () => ({ list: calls.filter((c) => c.url.includes('/recommendations?')).length, facets: calls.filter((c) => c.url.includes('/recommendations/facets')).length });
    await waitFor(() => expect(screen.getByTestId('results').getAttribute('aria-busy')).toBe('false'));
    expect(asked()).toEqual({ list: 1, facets: 1 });

    await act(() => router.navigate('/elsewhere'));
    await act(() => router.navigate('/recommendations?q=torture'));
    // The answers kept from the first visit are shown at once, and asked for again.
    expect(screen.getAllByTestId('result')).toHaveLength(1);
    await waitFor(() => expect(asked()).toEqual({ list: 2, facets: 2 }));
  });
  it('names a result with no reference yet by the opening words of its text, not a dash', async () => {
    const unreferenced = { ...item('', 'Garantir à chacun le droit de respirer un air pur dans toutes les villes'), id: 'rec-hand', documentSymbol: null, paragraph: null };
    mockFetch(({ url }) => {
      if (url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
      if (url.includes('/recommendations/facets')) return { status: 200, body: {} };
      if (url.includes('/recommendations?')) return { status: 200, body: { items: [item('144.1', 'Prévenir la torture'), unreferenced], total: 2, totalIsLowerBound: false, page: 1, pageSize: 20 } };
      return undefined;
    });
    renderWithProviders(<RecommendationSearch />, { lang: 'fr', path: '/recommendations' });
    await waitFor(() => expect(screen.getAllByTestId('result')).toHaveLength(2));
    const links = screen.getAllByTestId('result-citation');
    expect(links.map((l) => l.textContent)).toEqual(['A/HRC/36/6 par. 144.1', 'Garantir à chacun le droit de…']);
    expect(links.map((l) => l.getAttribute('dir'))).toEqual(['ltr', 'auto']);
  });
});
