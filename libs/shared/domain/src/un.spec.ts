import {
  DEFAULT_FOLLOW_UP_MONTHS,
  TREATY_BODY_CODES,
  UPR_BODY_CODE,
  countWords,
  formatCitation,
  isTreatyBodyCode,
  normalizeParagraph,
  toAsciiDigits,
} from './un.js';

describe('UN constants', () => {
  it('lists the ten treaty bodies', () => {
    expect(TREATY_BODY_CODES).toEqual(['CERD', 'CCPR', 'CESCR', 'CEDAW', 'CAT', 'SPT', 'CRC', 'CMW', 'CRPD', 'CED']);
    expect(isTreatyBodyCode('CAT')).toBe(true);
    expect(isTreatyBodyCode('UPR')).toBe(false);
    expect(UPR_BODY_CODE).toBe('UPR');
  });

  it('has default follow-up delays', () => {
    expect(DEFAULT_FOLLOW_UP_MONTHS).toEqual({ CCPR: 12, CAT: 12, CERD: 12, CED: 12, CEDAW: 24, CMW: 24 });
    expect(DEFAULT_FOLLOW_UP_MONTHS.CRC).toBeUndefined();
  });
});

describe('formatCitation', () => {
  it('formats symbol and paragraph', () => {
    expect(formatCitation('A/HRC/36/6', '144.44')).toBe('A/HRC/36/6 para 144.44');
    expect(formatCitation(' CAT/C/MAR/CO/4 ', '12(b)')).toBe('CAT/C/MAR/CO/4 para 12(b)');
  });
});

describe('normalizeParagraph', () => {
  it.each([
    ['R144.44P1', '144.44', 'P1'],
    ['R144.110 P2', '144.110', 'P2'],
    ['P1R 144.111', '144.111', 'P1'],
    ['144.161', '144.161', null],
    ['R9P4P5', '9', 'P4P5'],
    ['R١٤٤.٤٤P١', '144.44', 'P1'],
    ['۱۴۴٫۱۶۱', '144.161', null],
    [' r144.2 p3 ', '144.2', 'P3'],
    ['12(b)', '12(b)', null],
  ])('%s → %s / %s', (raw, paragraph, part) => {
    expect(normalizeParagraph(raw)).toEqual({ paragraph, part });
  });

  it.each(['', 'R', 'abc', '  '])('returns null for %j', (raw) => {
    expect(normalizeParagraph(raw)).toBeNull();
  });

  it('toAsciiDigits', () => {
    expect(toAsciiDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
  });
});

describe('countWords', () => {
  it('counts whitespace-separated tokens with a letter or digit', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('   ')).toBe(0);
    expect(countWords('The State party should – in 2024 – adopt a law.')).toBe(9);
    expect(countWords('• item one\n\t- 2')).toBe(3);
  });

  it('works for Arabic and French', () => {
    expect(countWords('توصي اللجنة الدولة الطرف بأن تعتمد قانوناً')).toBe(7);
    expect(countWords("l'égalité entre les femmes et les hommes")).toBe(7);
    expect(countWords('المادة ١٢ ، الفقرة ٣')).toBe(4);
  });
});
