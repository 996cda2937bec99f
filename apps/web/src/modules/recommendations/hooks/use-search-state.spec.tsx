import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { useLocation } from 'react-router';
import { mockFetch, renderApp, type FetchCall } from '../../../test/render';
import { RecommendationSearch, SEARCH_DEBOUNCE_MS } from '../components/RecommendationSearch';
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

const emptyPage = { items: [], total: 0, page: 1, pageSize: 20, facets: {} };
function api(calls?: FetchCall[]) {
  return mockFetch((call) => {
    calls?.push(call);
    if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
    if (call.url.includes('/recommendations?')) return { status: 200, body: emptyPage };
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
    expect(Object.fromEntries(first.searchParams)).toMatchObject({ status: 'implemented', page: '2', sort: 'symbol', facets: 'true' });

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
});
