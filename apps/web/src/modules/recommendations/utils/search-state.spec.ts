import {
  effectiveSort,
  readSearchState,
  toApiQuery,
  toFacetsQuery,
  withFilter,
  withPage,
  withQuery,
  withSort,
  writeSearchState,
} from './search-state';

describe('search state in the URL', () => {
  it('reads every filter, the query, the page and the sort from the URL', () => {
    const s = readSearchState(
      new URLSearchParams(
        'q=torture&mechanism=TREATY_BODY&bodyId=b1&reviewId=r1&response=noted&status=in_progress&institutionId=i1' +
          '&theme=B31&affectedPerson=women&sdgGoal=5&sdgTarget=5.1&axis=A3&followUp=true&page=3&sort=symbol',
      ),
    );
    expect(s).toEqual({
      q: 'torture',
      filters: {
        mechanism: 'TREATY_BODY',
        body: 'b1',
        review: 'r1',
        response: 'noted',
        status: 'in_progress',
        institution: 'i1',
        theme: 'B31',
        affectedPerson: 'women',
        sdgGoal: '5',
        sdgTarget: '5.1',
        axis: 'A3',
        followUp: 'true',
      },
      page: 3,
      sort: 'symbol',
    });
  });

  it('round-trips: writing what was read gives the same URL', () => {
    const url = 'q=%C3%A9galit%C3%A9&mechanism=UPR&bodyId=b1&status=implemented&followUp=false&sort=-updatedAt&page=2';
    expect(writeSearchState(readSearchState(new URLSearchParams(url))).toString()).toBe(url);
  });

  it('reads the kind (recommendations or questions), sends it to the API and keeps it in the URL', () => {
    const s = readSearchState(new URLSearchParams('kind=question&bodyId=b1'));
    expect(s.filters).toEqual({ kind: 'question', body: 'b1' });
    expect(toApiQuery(s).get('kind')).toBe('question');
    expect(toFacetsQuery(s).get('kind')).toBe('question');
    expect(writeSearchState(s).toString()).toBe('kind=question&bodyId=b1');
    expect(withFilter(s, 'kind', null).filters).toEqual({ body: 'b1' });
  });

  it('ignores an unknown kind', () => {
    expect(readSearchState(new URLSearchParams('kind=questions')).filters).toEqual({});
  });

  it('ignores invalid page, sort and follow-up values', () => {
    const s = readSearchState(new URLSearchParams('page=-4&sort=DROP&followUp=maybe&status='));
    expect(s).toEqual({ q: '', filters: {}, page: 1, sort: null });
  });

  it('leaves defaults out of the URL', () => {
    expect(writeSearchState({ q: '  ', filters: {}, page: 1, sort: null }).toString()).toBe('');
  });

  it('goes back to page 1 when the query, a filter or the sort changes, but not when the page changes', () => {
    const s = { q: 'x', filters: { status: 'implemented' as const }, page: 4, sort: null };
    expect(withQuery(s, 'y').page).toBe(1);
    expect(withFilter(s, 'mechanism', 'UPR').page).toBe(1);
    expect(withFilter(s, 'status', null).filters).toEqual({});
    expect(withSort(s, 'symbol').page).toBe(1);
    expect(withPage(s, 5).page).toBe(5);
  });

  it('sorts by relevance only when there is a query', () => {
    expect(effectiveSort({ q: 'torture', filters: {}, page: 1, sort: null })).toBe('relevance');
    expect(effectiveSort({ q: '', filters: {}, page: 1, sort: null })).toBe('-updatedAt');
    expect(effectiveSort({ q: '', filters: {}, page: 1, sort: 'relevance' })).toBe('-updatedAt');
    expect(effectiveSort({ q: '', filters: {}, page: 1, sort: 'symbol' })).toBe('symbol');
  });

  it('builds the API query with the filter parameter names and paging', () => {
    const q = toApiQuery({ q: 'المراة', filters: { body: 'b1', institution: 'i9', followUp: 'true' }, page: 2, sort: null });
    expect(Object.fromEntries(q)).toEqual({
      q: 'المراة',
      bodyId: 'b1',
      institutionId: 'i9',
      followUp: 'true',
      sort: 'relevance',
      page: '2',
      pageSize: '20',
    });
  });

  it('builds the facets query with the same filters and text, without paging or sort', () => {
    const state = { q: ' المراة ', filters: { body: 'b1', followUp: 'true' as const }, page: 3, sort: 'symbol' as const };
    expect(Object.fromEntries(toFacetsQuery(state))).toEqual({ q: 'المراة', bodyId: 'b1', followUp: 'true' });
    // Paging or sorting does not change the facets request (its cache key).
    expect(toFacetsQuery({ ...state, page: 1, sort: null }).toString()).toBe(toFacetsQuery(state).toString());
  });
});
