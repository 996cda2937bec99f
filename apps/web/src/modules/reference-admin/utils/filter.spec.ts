import { fold, matchesFilter, nameIn } from './filter';

describe('reference administration filters', () => {
  const theme = { code: 'women-rights', active: true, nameAr: 'حُقُوق المرأة', nameFr: 'Droits des femmes', nameEn: "Women's rights" };

  it('finds a row by code or by a name in any language, ignoring case, accents and Arabic diacritics', () => {
    expect(matchesFilter(theme, 'WOMEN', 'all')).toBe(true);
    expect(matchesFilter(theme, 'droits des fémmes', 'all')).toBe(true);
    expect(matchesFilter(theme, 'حقوق', 'all')).toBe(true);
    expect(matchesFilter(theme, 'torture', 'all')).toBe(false);
  });

  it('filters by status', () => {
    expect(matchesFilter(theme, '', 'active')).toBe(true);
    expect(matchesFilter(theme, '', 'inactive')).toBe(false);
    expect(matchesFilter({ ...theme, active: false }, '', 'inactive')).toBe(true);
  });

  it('names a row in the UI language, else another, else its code', () => {
    expect(nameIn(theme, 'ar')).toBe('حُقُوق المرأة');
    expect(nameIn({ ...theme, nameEn: ' ' }, 'en')).toBe('Droits des femmes');
    expect(nameIn({ code: 'x', nameAr: '', nameFr: '', nameEn: '' }, 'fr')).toBe('x');
    expect(fold('Éàç')).toBe('eac');
  });
});
