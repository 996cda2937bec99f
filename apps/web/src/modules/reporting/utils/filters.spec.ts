import { filterFromParams, isEmptyFilter, paramsFromFilter } from './filters';

describe('filterFromParams', () => {
  it('maps the list URL to the API filter, followUp as a boolean', () => {
    const f = filterFromParams(new URLSearchParams('q=torture&bodyId=b1&followUp=true&page=3&sort=symbol'));
    expect(f).toEqual({ q: 'torture', bodyId: 'b1', followUp: true });
    expect(paramsFromFilter(f).toString()).toBe('q=torture&bodyId=b1&followUp=true');
  });

  it('an empty list URL is an empty filter', () => {
    expect(isEmptyFilter(filterFromParams(new URLSearchParams('page=2')))).toBe(true);
  });
});
