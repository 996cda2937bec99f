import { normalizeRecommendationText as normalize, sameRecommendationText } from './recommendation-text.js';

describe('normalizeRecommendationText', () => {
  it('drops the list separator a UN report ends each recommendation with', () => {
    expect(normalize('Ratify the Optional Protocol (Denmark);')).toBe('Ratify the Optional Protocol (Denmark)');
    expect(normalize('Ratify the Optional Protocol (Denmark) ; ')).toBe('Ratify the Optional Protocol (Denmark)');
    expect(normalize('مواصلة الجهود؛')).toBe('مواصلة الجهود');
  });

  it('keeps a final full stop and any semicolon inside the text', () => {
    expect(normalize('Adopt the law; and ratify the Convention.')).toBe('Adopt the law; and ratify the Convention.');
  });

  it('collapses spaces, tabs and no-break spaces into one space', () => {
    expect(normalize('  l’article\u00a019  du\tPacte\u202f ')).toBe('l’article 19 du Pacte');
  });

  it('keeps line breaks (CR LF, CR → LF), without spaces around them and at most one empty line', () => {
    expect(normalize('(a) first;\r\n  (b) second\r(c) third')).toBe('(a) first;\n(b) second\n(c) third');
    expect(normalize('one\n\n\n\ntwo')).toBe('one\n\ntwo');
  });

  it('composes letters (NFC): the same word typed two ways is one text', () => {
    expect(normalize('Re\u0301alise\u0301')).toBe('Réalisé');
    expect(normalize('\u0627\u0654')).toBe('\u0623');
  });

  it('is idempotent', () => {
    for (const s of ['a ;', ' x\r\n\r\n\r\ny ', 'Réalisé.', '\u00a0\u061b'] as const) expect(normalize(normalize(s))).toBe(normalize(s));
  });

  it('compares texts as normalised, null only with null or empty', () => {
    expect(sameRecommendationText('Text (France);', 'Text (France)')).toBe(true);
    expect(sameRecommendationText('Text', 'Other')).toBe(false);
    expect(sameRecommendationText(null, 'Text')).toBe(false);
    expect(sameRecommendationText(null, null)).toBe(true);
  });
});
