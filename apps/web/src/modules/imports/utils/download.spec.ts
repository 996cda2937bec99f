import { fileNameFromDisposition, shortHash } from './download';
import { exportQuery } from './export';

describe('fileNameFromDisposition', () => {
  it('prefers the UTF-8 name (RFC 5987) to the ASCII fallback', () => {
    expect(fileNameFromDisposition(`attachment; filename="_____.csv"; filename*=UTF-8''%D8%AA%D9%88%D8%B5%D9%8A%D8%A7%D8%AA.csv`)).toBe('توصيات.csv');
  });

  it('reads a quoted or bare ASCII name', () => {
    expect(fileNameFromDisposition('attachment; filename="sidh-2026-11-23.xlsx"')).toBe('sidh-2026-11-23.xlsx');
    expect(fileNameFromDisposition('attachment; filename=export.csv')).toBe('export.csv');
  });

  it('never returns a path or nothing usable', () => {
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFromDisposition(null)).toBeNull();
    expect(fileNameFromDisposition('inline')).toBeNull();
  });

  it('shortens a SHA-256 to 12 digits', () => {
    expect(shortHash('a3f1c2d4e5b6a7980112233445566778')).toBe('a3f1c2d4e5b6');
  });
});

describe('exportQuery', () => {
  it('keeps exactly the list filters and search, drops the page and the sort, adds format and languages in catalogue order', () => {
    const list = new URLSearchParams('q=torture&status=in_progress&bodyId=b1&page=3&sort=symbol&unknown=x');
    const q = exportQuery(list, { format: 'csv', languages: ['en', 'ar'] });
    expect(Object.fromEntries(q)).toEqual({ q: 'torture', bodyId: 'b1', status: 'in_progress', format: 'csv', lang: 'ar,en' });
  });

  it('sends only format and languages without filters', () => {
    expect(exportQuery(new URLSearchParams(), { format: 'xlsx', languages: ['fr'] }).toString()).toBe('format=xlsx&lang=fr');
  });

  it('asks for headers and values in the chosen language, and for the codes only when ticked', () => {
    expect(exportQuery(new URLSearchParams(), { format: 'xlsx', languages: ['fr'], labels: 'ar', codes: false }).toString()).toBe('format=xlsx&lang=fr&labels=ar');
    expect(exportQuery(new URLSearchParams(), { format: 'csv', languages: ['fr'], labels: 'fr', codes: true }).toString()).toBe('format=csv&lang=fr&labels=fr&codes=true');
  });
});
