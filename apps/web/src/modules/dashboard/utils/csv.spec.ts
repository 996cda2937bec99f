import { neutralise, toCsv } from './csv';
import { listLink } from './links';

describe('dashboard CSV', () => {
  it('starts with a BOM, quotes per RFC 4180 and ends lines with CRLF', () => {
    expect(toCsv(['Organe', 'Total'], [['Comité, "CAT"', 3], ['لجنة', 0]])).toBe('\uFEFFOrgane,Total\r\n"Comité, ""CAT""",3\r\nلجنة,0\r\n');
  });

  it.each(['=1+1', '+33', '-2', '@SUM(A1)', '\tx', '\rx'])('makes a cell starting with a formula character inert: %j', (value) => {
    expect(neutralise(value).startsWith("'")).toBe(true);
    expect(toCsv([value], [])).toContain("'");
  });

  it('makes every line inside a cell inert, and leaves ordinary text alone', () => {
    expect(neutralise('ok\n=cmd|calc')).toBe("ok\n'=cmd|calc");
    expect(neutralise('Ministère de la Justice')).toBe('Ministère de la Justice');
  });

  it('writes counts as numbers and neutralises negative ones like text', () => {
    expect(toCsv([1, -1], [])).toBe("\uFEFF1,'-1\r\n");
  });
});

describe('dashboard links', () => {
  it('lead to the list with the dashboard’s filters and the bar’s own, without paging', () => {
    const link = listLink(new URLSearchParams('mechanism=UPR&page=3&q=femmes'), { status: 'implemented', theme: undefined });
    const url = new URL(link, 'http://x');
    expect(url.pathname).toBe('/recommendations');
    expect(Object.fromEntries(url.searchParams)).toEqual({ mechanism: 'UPR', q: 'femmes', status: 'implemented' });
  });
});
