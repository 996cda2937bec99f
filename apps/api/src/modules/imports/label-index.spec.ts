import fc from 'fast-check';
import { COUNTRY_ALIASES, LabelIndex, labelKey, type Labelled } from './label-index.js';

describe('labelKey', () => {
  it.each([
    ['lower-cases', 'TORTURE', 'torture'],
    ['folds French accents and ligatures', 'Égalité des Œuvres, Ære', 'egalite des oeuvres, aere'],
    ['folds Arabic hamza forms, ta marbuta and alef maqsura', 'الأطفال إلى المرأة', 'الاطفال الي المراه'],
    ['removes Arabic diacritics and tatweel', 'حُقُوق الـإنسان', 'حقوق الانسان'],
    ['turns Arabic-Indic digits into ASCII', 'الهدف ١٦ و۱۷', 'الهدف 16 و17'],
    ['keeps the Arabic decimal separator (٥٫١ is not 5.1)', '٥٫١', '5\u066b1'],
    ['drops a leading "- " list marker', ' - CAT', 'cat'],
    ['unifies typographic apostrophes', 'Droits de l’enfant', "droits de l'enfant"],
    ['spells & as "and" and collapses whitespace', 'Women  &\u00a0Girls', 'women and girls'],
    ['trims', '  x  ', 'x'],
  ])('%s', (_name, input, key) => {
    expect(labelKey(input)).toBe(key);
  });

  it('keeps a hyphen that is not a leading list marker, and other punctuation', () => {
    expect(labelKey('Non-discrimination')).toBe('non-discrimination');
    expect(labelKey('-CAT')).toBe('-cat');
    expect(labelKey('Asylum-seekers - refugees')).not.toBe(labelKey('Asylum seekers refugees'));
  });

  const pairs: Array<[string, string]> = [
    ['é', 'e'], ['è', 'e'], ['ê', 'e'], ['à', 'a'], ['â', 'a'], ['ç', 'c'], ['î', 'i'], ['ï', 'i'], ['ô', 'o'], ['ù', 'u'], ['û', 'u'], ['ü', 'u'], ['ÿ', 'y'],
    ['œ', 'oe'], ['æ', 'ae'], ['a', 'a'], ['b', 'b'], ['n', 'n'], [' ', ' '], ['أ', 'ا'], ['إ', 'ا'], ['آ', 'ا'], ['ة', 'ه'], ['ى', 'ي'], ['ب', 'ب'],
  ];

  it('matches a label whatever its case and accents (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pairs), { minLength: 1, maxLength: 20 }), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), (chars, upper) => {
        const accented = chars.map(([a], i) => (upper[i] ? a.toUpperCase() : a)).join('');
        const plain = chars.map(([, p]) => p).join('');
        expect(labelKey(accented)).toBe(labelKey(plain));
      }),
    );
  });

  it('has no surrounding or doubled whitespace (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...Array.from('aB é-&’ \t\n\u00a0ب')) }), (s) => {
        const key = labelKey(s);
        expect(key).toBe(key.trim());
        expect(key).not.toMatch(/\s\s|[\t\n\u00a0’]/);
      }),
    );
  });
});

describe('LabelIndex', () => {
  const countries: Labelled[] = [
    { code: 'MA', nameEn: 'Morocco', nameFr: 'Maroc', nameAr: 'المغرب', aliases: ['MAR'] },
    { code: 'IR', nameEn: 'Iran (Islamic Republic of)', nameFr: "Iran (République islamique d')", nameAr: 'إيران (جمهورية - الإسلامية)' },
    { code: 'CG', nameEn: 'Congo (Republic of the)' },
    { code: 'CD', nameEn: 'Congo (Democratic Republic of the)' },
    { code: 'GB', nameEn: 'United Kingdom of Great Britain and Northern Ireland', nameFr: 'Royaume-Uni' },
  ];
  const index = new LabelIndex(countries);
  const codeOf = (label: string) => index.find(label)?.code;

  it('finds an item by its code, case-insensitively', () => {
    expect(codeOf('ma')).toBe('MA');
    expect(codeOf('GB')).toBe('GB');
  });

  it('finds an item by its name in English, French or Arabic, ignoring case and accents', () => {
    expect(codeOf('MOROCCO')).toBe('MA');
    expect(codeOf('maroc')).toBe('MA');
    expect(codeOf('المغرب')).toBe('MA');
    expect(codeOf('royaume-uni')).toBe('GB');
  });

  it('finds an item by one of its aliases', () => {
    expect(codeOf('mar')).toBe('MA');
  });

  it('finds a name without its parenthesised suffix when only one item has that short name', () => {
    expect(codeOf('Iran')).toBe('IR');
    expect(codeOf('إيران')).toBe('IR');
  });

  it('does not guess between items that share a short name', () => {
    expect(codeOf('Congo')).toBeUndefined();
    expect(codeOf('Congo (Republic of the)')).toBe('CG');
  });

  it('finds a label with a parenthesised suffix by the exact short name of an item', () => {
    expect(codeOf('Morocco (Kingdom of)')).toBe('MA');
  });

  it('finds nothing for an empty or blank label, or an unknown one', () => {
    expect(codeOf('')).toBeUndefined();
    expect(codeOf('  ')).toBeUndefined();
    expect(codeOf('Atlantis')).toBeUndefined();
  });

  it('keeps the first item for a name two items share', () => {
    const idx = new LabelIndex([
      { code: 'A', nameEn: 'Justice' },
      { code: 'B', nameFr: 'JUSTICE' },
    ]);
    expect(idx.find('justice')?.code).toBe('A');
    expect(idx.find('B')?.code).toBe('B');
  });

  it('finds items added after construction, without changing the items list', () => {
    const items: Labelled[] = [{ code: 'X1', nameEn: 'One' }];
    const idx = new LabelIndex(items);
    idx.add({ code: 'X2', nameEn: 'Two', nameAr: 'اثنان' });
    expect(idx.find('two')?.code).toBe('X2');
    expect(idx.find('اثنان')?.code).toBe('X2');
    expect(items).toHaveLength(1);
  });

  it('ignores blank names instead of indexing them', () => {
    const idx = new LabelIndex([{ code: 'E', nameEn: '  ', nameFr: null, nameAr: '' }]);
    expect(idx.find(' ')).toBeUndefined();
    expect(idx.find('e')?.code).toBe('E');
  });

  it('finds every item by its code and by each of its names when all are distinct (property)', () => {
    const name = fc.string({ unit: fc.constantFrom(...Array.from('abcdéèàçxyz بتثجحأ')), minLength: 1, maxLength: 12 }).filter((s) => labelKey(s) !== '');
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, name, name), { maxLength: 8, selector: (t) => t.map(labelKey).join('|') }), (triples) => {
        const keys = triples.flat().map(labelKey);
        fc.pre(new Set(keys).size === keys.length);
        const items = triples.map(([en, fr, ar], i) => ({ code: `C${i}`, nameEn: en, nameFr: fr, nameAr: ar }));
        const idx = new LabelIndex(items);
        for (const item of items) {
          expect(idx.find(item.code.toLowerCase())).toBe(item);
          for (const n of [item.nameEn, item.nameFr, item.nameAr]) expect(idx.find(n.toUpperCase())).toBe(item);
        }
      }),
    );
  });
});

describe('COUNTRY_ALIASES', () => {
  it('maps common short names to ISO alpha-2 codes', () => {
    expect(COUNTRY_ALIASES['United Kingdom']).toBe('GB');
    expect(COUNTRY_ALIASES['Turquie']).toBeUndefined(); // a former name (country-aliases.json), not listed here
    expect(COUNTRY_ALIASES['Viet Nam']).toBe('VN');
  });

  it('only holds two-letter upper-case codes, under keys that are distinct once normalised', () => {
    for (const code of Object.values(COUNTRY_ALIASES)) expect(code).toMatch(/^[A-Z]{2}$/);
    const keys = Object.keys(COUNTRY_ALIASES).map(labelKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
