import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { useLocation } from 'react-router';
import { mockFetch, renderApp, type FetchCall } from '../../../test/render';
import { RecommendationSearch, SEARCH_DEBOUNCE_MS } from '../components/RecommendationSearch';
import { INTL_LOCALE } from '../../../app/i18n';
import { useSearchState } from './use-search-state';

function Location() {
  const loc = useLocation();
  return <output data-testid="location">{loc.search}</output>;
}

function Probe() {
  const { state, setFilter, setPage, setQuery } = useSearchState();
  return (
    <>
      <Location />
      <output data-testid="state">{JSON.stringify(state)}</output>
      <button onClick={() => setPage(3)}>page3</button>
      <button onClick={() => setFilter('status', 'implemented')}>status</button>
      <button onClick={() => setQuery('torture')}>query</button>
    </>
  );
}

const emptyPage = { items: [], total: 0, totalIsLowerBound: false, page: 1, pageSize: 20 };
function api(calls?: FetchCall[], page: object = emptyPage) {
  return mockFetch((call) => {
    calls?.push(call);
    if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
    if (call.url.includes('/recommendations/facets')) return { status: 200, body: { status: [{ value: 'implemented', count: 7 }] } };
    if (call.url.includes('/recommendations?')) return { status: 200, body: page };
    return { status: 200, body: [] };
  });
}

describe('useSearchState', () => {
  it('keeps filters, query and page in the URL, and a filter change goes back to page 1', async () => {
    api();
    renderApp([{ path: '/recommendations', element: <Probe /> }], { path: '/recommendations?q=egalite&mechanism=UPR' });
    expect(JSON.parse(screen.getByTestId('state').textContent!)).toMatchObject({ q: 'egalite', filters: { mechanism: 'UPR' } });

    fireEvent.click(screen.getByText('page3'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?q=egalite&mechanism=UPR&page=3'));

    fireEvent.click(screen.getByText('status'));
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe('?q=egalite&mechanism=UPR&status=implemented'),
    );

    fireEvent.click(screen.getByText('query'));
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe('?q=torture&mechanism=UPR&status=implemented'),
    );
  });
});

describe('RecommendationSearch', () => {
  it('sends the URL state to the API and writes the typed query to the URL after the debounce', async () => {
    const calls = api();
    renderApp(
      [
        {
          path: '/recommendations',
          element: (
            <>
              <RecommendationSearch />
              <Location />
            </>
          ),
        },
      ],
      { path: '/recommendations?status=implemented&page=2&sort=symbol' },
    );
    await waitFor(() => expect(calls.some((c) => c.url.includes('/recommendations?'))).toBe(true));
    const first = new URL(calls.find((c) => c.url.includes('/recommendations?'))!.url, 'http://x');
    expect(Object.fromEntries(first.searchParams)).toMatchObject({ status: 'implemented', page: '2', sort: 'symbol' });
    expect(first.searchParams.has('facets')).toBe(false);
    // The facet counts come from their own endpoint, with the same filters and no paging or sort.
    await waitFor(() => expect(calls.some((c) => c.url.includes('/recommendations/facets'))).toBe(true));
    const facets = new URL(calls.find((c) => c.url.includes('/recommendations/facets'))!.url, 'http://x');
    expect(Object.fromEntries(facets.searchParams)).toEqual({ status: 'implemented' });

    const input = screen.getByTestId('search-input');
    fireEvent.change(input, { target: { value: 'egal' } });
    fireEvent.change(input, { target: { value: 'egalite' } });
    // Nothing is committed before the debounce delay.
    expect(screen.getByTestId('location').textContent).toBe('?status=implemented&page=2&sort=symbol');
    await act(() => new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS + 100)));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?q=egalite&status=implemented&sort=symbol'));
    // A request for the settled query (back on page 1), none for the intermediate keystroke.
    const searched = () =>
      calls.filter((c) => c.url.includes('/recommendations?')).map((c) => new URL(c.url, 'http://x').searchParams);
    await waitFor(() => expect(searched().some((p) => p.get('q') === 'egalite' && p.get('page') === '1')).toBe(true));
    expect(searched().some((p) => p.get('q') === 'egal')).toBe(false);
  });

  it('the kind switch lists questions only: kind=question in the URL, the list and the facets, counted as questions', async () => {
    const calls = api(undefined, { ...emptyPage, total: 30 });
    renderApp(
      [
        {
          path: '/recommendations',
          element: (
            <>
              <RecommendationSearch />
              <Location />
            </>
          ),
        },
      ],
      { path: '/recommendations?status=implemented&page=2' },
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Questions' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?kind=question&status=implemented'));
    const params = (path: string) => calls.filter((c) => c.url.includes(path)).map((c) => new URL(c.url, 'http://x').searchParams);
    await waitFor(() => expect(params('/recommendations?').some((p) => p.get('kind') === 'question' && p.get('page') === '1')).toBe(true));
    await waitFor(() => expect(params('/recommendations/facets').some((p) => p.get('kind') === 'question')).toBe(true));
    await waitFor(() => expect(screen.getByTestId('result-count').textContent).toBe('30 questions'));
    // The kind is shown by its switch, not repeated among the active filters.
    expect(screen.queryByText('Nature:')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'Tout' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?status=implemented'));
  });

  it('shows "10,000+" when the total is a lower bound, the number through Intl', async () => {
    const item = {
      id: 'r1', mechanism: 'UPR', body: { id: 'b', code: 'UPR', nameAr: 'UPR', nameFr: 'EPU', nameEn: 'UPR' }, review: null,
      documentSymbol: null, paragraph: null, externalCode: null, textAr: null, textFr: 'Texte', textEn: null,
      response: null, status: 'not_started', followUp: false, version: 1,
    };
    api(undefined, { items: [item], total: 10000, totalIsLowerBound: true, page: 1, pageSize: 20 });
    renderApp([{ path: '/recommendations', element: <RecommendationSearch /> }], { path: '/recommendations' });
    await waitFor(() => expect(screen.getByTestId('result-count').textContent).toBe(`${new Intl.NumberFormat(INTL_LOCALE.fr).format(10000)}+ recommandations`));
  });
});
