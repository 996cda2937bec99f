import { parseReferenceQuery } from './search-reference.js';

describe('parseReferenceQuery', () => {
  it.each([
    ['A/HRC/36/6', { symbol: 'A/HRC/36/6', paragraph: null }],
    ['CAT/C/MAR/CO/4', { symbol: 'CAT/C/MAR/CO/4', paragraph: null }],
    ['e/c.12/mar/co/4', { symbol: 'E/C.12/MAR/CO/4', paragraph: null }],
    ['CRC/C/MAR/CO/3-4', { symbol: 'CRC/C/MAR/CO/3-4', paragraph: null }],
  ])('reads a symbol alone: %s', (q, expected) => {
    expect(parseReferenceQuery(q)).toEqual(expected);
  });

  it.each([
    ['144.97', '144.97'],
    ['R144.97', '144.97'],
    ['r 144.97', '144.97'],
    ['R144.110 P2', '144.110'],
    ['para 144.97', '144.97'],
    ['para. 144.97', '144.97'],
    ['paragraph 12', '12'],
    ['par. 144.97', '144.97'],
    ['paragraphe 12', '12'],
    ['§ 12', '12'],
    ['§12(b)', '12(b)'],
    ['12 (B)', '12(b)'],
    ['الفقرة 144.97', '144.97'],
    ['الفقرة ١٤٤٫٩٧', '144.97'],
  ])('reads a paragraph alone: %s', (q, paragraph) => {
    expect(parseReferenceQuery(q)).toEqual({ symbol: null, paragraph });
  });

  it.each([
    ['A/HRC/36/6 para 144.97', 'A/HRC/36/6', '144.97'],
    ['A/HRC/36/6, par. 144.97', 'A/HRC/36/6', '144.97'],
    ['A/HRC/36/6 144.97', 'A/HRC/36/6', '144.97'],
    ['A/HRC/36/6، الفقرة 144.97', 'A/HRC/36/6', '144.97'],
    ['CAT/C/MAR/CO/4 § 12', 'CAT/C/MAR/CO/4', '12'],
    ['  cat/c/mar/co/4   para 12(a) ', 'CAT/C/MAR/CO/4', '12(a)'],
    ['\u2068A/HRC/36/6\u2069 para 144.97', 'A/HRC/36/6', '144.97'],
  ])('reads a symbol and a paragraph: %s', (q, symbol, paragraph) => {
    expect(parseReferenceQuery(q)).toEqual({ symbol, paragraph });
  });

  it.each(['torture', 'التعذيب', '2030', '12', 'Agenda 2030', 'HIV/AIDS', 'and/or', 'para', 'R', 'women 144.97', 'peine de mort', '', '   '])(
    'leaves free text alone: %j',
    (q) => {
      expect(parseReferenceQuery(q)).toBeNull();
    },
  );
});
