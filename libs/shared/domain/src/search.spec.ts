import fc from 'fast-check';
import {
  ARABIC_FOLD_FROM,
  ARABIC_FOLD_TO,
  ARABIC_STRIP,
  ENGLISH_IRREGULAR_PLURALS,
  LATIN_FOLD_FROM,
  LATIN_FOLD_MULTI,
  LATIN_FOLD_TO,
  expandQueryTerms,
  foldLatin,
  highlightRanges,
  normalizeArabic,
  normalizeForSearch,
  searchStem,
} from './search.js';

const slices = (text: string, query: string) => highlightRanges(text, query).map(([s, e]) => text.slice(s, e));

describe('normalizeArabic', () => {
  it('removes tashkeel, superscript alef and tatweel', () => {
    expect(normalizeArabic('الْمَرْأَةُ')).toBe('المراه');
    expect(normalizeArabic('حقـــوق')).toBe('حقوق');
    expect(normalizeArabic('هٰذا')).toBe('هذا');
  });

  it('folds hamza and alef forms, alef maqsura, ta marbuta', () => {
    expect(normalizeArabic('آأإٱ')).toBe('اااا');
    expect(normalizeArabic('مستشفى')).toBe('مستشفي');
    expect(normalizeArabic('مؤسسة')).toBe('موسسه');
    expect(normalizeArabic('هيئة')).toBe('هييه');
  });

  it('maps Arabic-Indic digits', () => {
    expect(normalizeArabic('٢٠٢٤ ۱۹۹۸')).toBe('2024 1998');
  });

  it('leaves Latin text alone', () => {
    expect(normalizeArabic('Égalité')).toBe('Égalité');
  });
});

describe('foldLatin', () => {
  it('lower-cases and removes accents', () => {
    expect(foldLatin('Égalité ÀÇÑÜ')).toBe('egalite acnu');
    expect(foldLatin('Œuvre Æther cœur')).toBe('oeuvre aether coeur');
    expect(foldLatin('àáâãäåçèéêëìíîïñòóôõöùúûüýÿ')).toBe('aaaaaaceeeeiiiinooooouuuuyy');
  });

  it('exports translate tables of equal length', () => {
    expect(LATIN_FOLD_FROM).toHaveLength(LATIN_FOLD_TO.length);
    expect(ARABIC_FOLD_FROM).toHaveLength(ARABIC_FOLD_TO.length);
    expect(ARABIC_STRIP).toHaveLength(0x065f - 0x064b + 1 + 2);
    expect(LATIN_FOLD_MULTI).toEqual([
      ['œ', 'oe'],
      ['æ', 'ae'],
    ]);
  });

  it('SQL-like translate over the exported tables gives the same result', () => {
    const translate = (s: string, from: string, to: string) =>
      Array.from(s, (c) => {
        const i = from.indexOf(c);
        return i < 0 ? c : (to[i] ?? '');
      }).join('');
    const sql = (s: string) => {
      let r = translate(s, ARABIC_FOLD_FROM + ARABIC_STRIP, ARABIC_FOLD_TO);
      r = translate(r.toLowerCase(), LATIN_FOLD_FROM, LATIN_FOLD_TO);
      for (const [f, t] of LATIN_FOLD_MULTI) r = r.split(f).join(t);
      return r;
    };
    const sample = 'L’ÉGALITÉ des sœurs — الْمَرْأَةُ في الـمؤسسة ٢٠٢٤ إلى';
    expect(sql(sample)).toBe(normalizeForSearch(sample));
  });
});

describe('normalizeForSearch', () => {
  it('combines both', () => {
    expect(normalizeForSearch('Égalité / المرأة')).toBe('egalite / المراه');
  });

  const arabicAndLatin = fc.string({
    unit: fc.constantFrom(
      ...'aAéÉœÆİΣ ا أ إ آ ى ة ؤ ئ ـ ً ٌ ٍ َ ُ ِ ّ ْ ٰ ٠ ٩ ۰ ۹ ب ت'.split(''),
      ' ',
      '\u0301',
    ),
  });

  it('is idempotent (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => normalizeForSearch(normalizeForSearch(s)) === normalizeForSearch(s)));
    fc.assert(fc.property(arabicAndLatin, (s) => normalizeForSearch(normalizeForSearch(s)) === normalizeForSearch(s)));
  });
});

describe('expandQueryTerms', () => {
  it('tokenises in any script and adds irregular plurals/singulars', () => {
    expect(expandQueryTerms('Women, children')).toEqual([
      ['women', 'woman'],
      ['children', 'child'],
    ]);
    expect(expandQueryTerms('rights of the person')).toEqual([['rights'], ['of'], ['the'], ['person', 'people']]);
    expect(expandQueryTerms("l'égalité  حقوق المرأة 2024")).toEqual([['l'], ['egalite'], ['حقوق'], ['المراه'], ['2024']]);
    expect(expandQueryTerms('  ,;  ')).toEqual([]);
  });

  it('has about fifteen lower-case pairs', () => {
    expect(ENGLISH_IRREGULAR_PLURALS.length).toBeGreaterThanOrEqual(15);
    for (const [sg, pl] of ENGLISH_IRREGULAR_PLURALS) {
      expect(sg).toBe(normalizeForSearch(sg));
      expect(pl).toBe(normalizeForSearch(pl));
    }
  });

  it('searchStem keeps max(4, n-2) characters', () => {
    expect(searchStem('egalite')).toBe('egali');
    expect(searchStem('woman')).toBe('woma');
    expect(searchStem('law')).toBe('law');
    expect(searchStem('torture')).toBe('tortu');
  });
});

describe('highlightRanges', () => {
  it('egalite finds égalité and maps back to the accented original', () => {
    const text = "Promouvoir l'Égalité entre les sexes";
    expect(slices(text, 'egalite')).toEqual(['Égalité']);
    expect(highlightRanges(text, 'egalite')).toEqual([[13, 20]]);
  });

  it('woman highlights women, and vice versa', () => {
    expect(slices('Women and a woman; womanhood', 'woman')).toEqual(['Women', 'woman', 'womanhood']);
    expect(slices('Violence against a woman', 'women')).toEqual(['woman']);
  });

  it('discrimination highlights discriminations and the reverse', () => {
    expect(slices('Toutes les discriminations', 'discrimination')).toEqual(['discriminations']);
    expect(slices('racial discrimination', 'discriminations')).toEqual(['discrimination']);
  });

  it('Arabic with diacritics, tatweel and hamza forms', () => {
    const text = 'حقوق الْمَرْأَةُ و المـــرأة والمرأه';
    expect(slices(text, 'المراه')).toEqual(['الْمَرْأَةُ', 'المـــرأة']);
    expect(slices(text, 'المرأة')).toEqual(['الْمَرْأَةُ', 'المـــرأة']);
    expect(slices('مؤسسة وطنية', 'موسسه')).toEqual(['مؤسسة']);
    expect(slices('سنة ٢٠٢٤', '2024')).toEqual(['٢٠٢٤']);
  });

  it('ranges include trailing diacritics so marks are not split from their letter', () => {
    const text = 'حقوقُ الإنسانِ';
    expect(slices(text, 'الانسان')).toEqual(['الإنسانِ']);
  });

  it('merges multiple query tokens and keeps the original surrogate pairs intact', () => {
    const text = '😀 Children’s rights 😀 and the rights of the child';
    expect(slices(text, 'child rights')).toEqual(['Children', 'rights', 'rights', 'child']);
  });

  it('returns nothing for empty query or text', () => {
    expect(highlightRanges('text', '')).toEqual([]);
    expect(highlightRanges('', 'text')).toEqual([]);
    expect(highlightRanges('nothing here', 'absent')).toEqual([]);
  });

  it('returns in-bounds, sorted, non-overlapping ranges (property)', () => {
    const unit = fc.constantFrom(...'aéÉœ المرأةُـ ٢ İ😀'.split(''), ' ', '\u0301', '\uD800');
    const str = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit }));
    fc.assert(
      fc.property(str, fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit, maxLength: 6 })), (text, q) => {
        const rs = highlightRanges(text, q);
        let prevEnd = -1;
        for (const [s, e] of rs) {
          expect(Number.isInteger(s) && Number.isInteger(e)).toBe(true);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(e).toBeLessThanOrEqual(text.length);
          expect(s).toBeLessThan(e);
          expect(s).toBeGreaterThan(prevEnd);
          prevEnd = e;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every highlighted range normalises to a word starting with a query stem (property)', () => {
    const unit = fc.constantFrom(...'abeéÉ المرأة'.split(''));
    fc.assert(
      fc.property(fc.string({ unit }), fc.string({ unit, minLength: 1, maxLength: 5 }), (text, q) => {
        const stems = expandQueryTerms(q).flat().map(searchStem);
        for (const [s, e] of highlightRanges(text, q)) {
          const n = normalizeForSearch(text.slice(s, e));
          expect(stems.some((st) => n.startsWith(st))).toBe(true);
        }
      }),
    );
  });
});
