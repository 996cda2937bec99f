import { citationHints, citationLabel, formatLocalCitation, hasCitation, openingWords, recordName } from './citation.js';
import { formatCitation } from './un.js';

const rec = (id: string, over: Partial<{ documentSymbol: string | null; paragraph: string | null; externalCode: string | null; textAr: string | null; textFr: string | null; textEn: string | null }> = {}) => ({
  id,
  documentSymbol: 'A/HRC/36/6',
  paragraph: '144.110',
  externalCode: null,
  textAr: null,
  textFr: null,
  textEn: null,
  ...over,
});

describe('formatLocalCitation', () => {
  it('writes the paragraph word in the interface language', () => {
    expect(formatLocalCitation('A/HRC/36/6', '144.44', 'en')).toBe('A/HRC/36/6 para 144.44');
    expect(formatLocalCitation('A/HRC/36/6', '144.44', 'fr')).toBe('A/HRC/36/6 par. 144.44');
    expect(formatLocalCitation(' A/HRC/36/6 ', ' 144.44 ', 'ar')).toBe('A/HRC/36/6 الفقرة 144.44');
  });

  it('keeps the English form of formatCitation (imports and existing exports cite with it)', () => {
    expect(formatLocalCitation('CAT/C/MAR/CO/4', '12(b)', 'en')).toBe(formatCitation('CAT/C/MAR/CO/4', '12(b)'));
  });
});

describe('citationLabel', () => {
  it('falls back to what the record has', () => {
    expect(citationLabel({ documentSymbol: null, paragraph: '12', externalCode: null }, 'fr')).toBe('par. 12');
    expect(citationLabel({ documentSymbol: null, paragraph: null, externalCode: 'R9P4' }, 'ar')).toBe('R9P4');
    expect(citationLabel({ documentSymbol: null, paragraph: null }, 'en')).toBe('—');
  });
});

describe('hasCitation', () => {
  it('is true with a symbol, a paragraph or an external code, false with none of them', () => {
    expect(hasCitation({ documentSymbol: 'A/HRC/36/6', paragraph: null })).toBe(true);
    expect(hasCitation({ documentSymbol: null, paragraph: '144.2' })).toBe(true);
    expect(hasCitation({ documentSymbol: null, paragraph: null, externalCode: 'R144.2' })).toBe(true);
    expect(hasCitation({ documentSymbol: null, paragraph: null, externalCode: null })).toBe(false);
    expect(hasCitation({ documentSymbol: '', paragraph: '', externalCode: '' })).toBe(false);
  });
});

describe('recordName', () => {
  const rec = { id: 'r', documentSymbol: 'A/HRC/36/6', paragraph: '144.2', externalCode: null, textAr: 'ضمان الحق في الهواء النقي للجميع', textFr: 'Garantir à chacun le droit de respirer un air pur', textEn: null };
  it('is the citation when there is one', () => {
    expect(recordName(rec, 'fr')).toBe('A/HRC/36/6 par. 144.2');
  });
  it("is the text's opening words in the UI language when there is no reference", () => {
    const byHand = { ...rec, documentSymbol: null, paragraph: null };
    expect(recordName(byHand, 'fr', 4)).toBe('Garantir à chacun le…');
    expect(recordName(byHand, 'ar', 3)).toBe('ضمان الحق في…');
  });
});

describe('citationHints', () => {
  it('tells records sharing a citation apart by their external codes when they differ', () => {
    const hints = citationHints([rec('a', { externalCode: 'R144.110 P1' }), rec('b', { externalCode: 'R144.110 P2' }), rec('c', { paragraph: '144.1' })], 'fr');
    expect([...hints]).toEqual([
      ['a', 'R144.110 P1'],
      ['b', 'R144.110 P2'],
    ]);
  });

  it('falls back to the opening words of the text in the interface language', () => {
    const hints = citationHints(
      [
        rec('a', { textFr: 'Renforcer les garanties contre la torture dans tous les lieux de détention du pays', textAr: 'تعزيز الضمانات' }),
        rec('b', { textFr: 'Adopter une loi sur la traite des personnes' }),
      ],
      'fr',
    );
    expect(hints.get('a')).toBe('Renforcer les garanties contre la torture dans tous…');
    expect(hints.get('b')).toBe('Adopter une loi sur la traite des personnes');
    expect(citationHints([rec('a', { textAr: 'تعزيز الضمانات' }), rec('b', { textFr: 'Adopter' })], 'ar').get('a')).toBe('تعزيز الضمانات');
  });

  it('gives no hint when every citation is distinct', () => {
    expect(citationHints([rec('a'), rec('b', { paragraph: '144.111' })]).size).toBe(0);
  });

  it('opens with the first words', () => {
    expect(openingWords(rec('a', { textEn: 'one two three' }), 'ar', 2)).toBe('one two…');
  });
});
