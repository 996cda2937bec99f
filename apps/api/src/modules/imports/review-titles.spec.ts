import fc from 'fast-check';
import { uprReviewTitles } from './review-titles.js';

const MOROCCO = { nameEn: 'Morocco', nameFr: 'Maroc', nameAr: 'المغرب' };

describe('uprReviewTitles', () => {
  it('names a state\'s UPR cycle in the three languages', () => {
    expect(uprReviewTitles(MOROCCO, 3)).toEqual({
      titleEn: 'Universal Periodic Review of Morocco – cycle 3',
      titleFr: 'Examen périodique universel : Maroc – 3e cycle',
      titleAr: 'الاستعراض الدوري الشامل للمغرب – الجولة الثالثة',
    });
  });

  it('writes the French first cycle "1er" and the Arabic ordinal "الأولى"', () => {
    const t = uprReviewTitles(MOROCCO, 1);
    expect(t.titleFr).toBe('Examen périodique universel : Maroc – 1er cycle');
    expect(t.titleAr).toBe('الاستعراض الدوري الشامل للمغرب – الجولة الأولى');
  });

  it('prefixes ل to an Arabic name without the article', () => {
    expect(uprReviewTitles({ nameEn: 'Tunisia', nameAr: 'تونس' }, 4).titleAr).toBe('الاستعراض الدوري الشامل لتونس – الجولة الرابعة');
  });

  it('writes the cycle number in Arabic beyond the ninth cycle', () => {
    expect(uprReviewTitles(MOROCCO, 10).titleAr).toBe('الاستعراض الدوري الشامل للمغرب – الجولة 10');
  });

  it('falls back to the English name, then French, then Arabic, when a language is missing', () => {
    expect(uprReviewTitles({ nameEn: 'Chad' }, 2)).toEqual({
      titleEn: 'Universal Periodic Review of Chad – cycle 2',
      titleFr: 'Examen périodique universel : Chad – 2e cycle',
      titleAr: 'الاستعراض الدوري الشامل لChad – الجولة الثانية',
    });
    expect(uprReviewTitles({ nameFr: 'Tchad', nameEn: null }, 2).titleEn).toBe('Universal Periodic Review of Tchad – cycle 2');
    expect(uprReviewTitles({ nameAr: 'تشاد' }, 2).titleFr).toBe('Examen périodique universel : تشاد – 2e cycle');
  });

  it('gives three distinct titles for distinct cycles of the same state (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (a, b) => {
        fc.pre(a !== b);
        const [x, y] = [uprReviewTitles(MOROCCO, a), uprReviewTitles(MOROCCO, b)];
        expect(x.titleEn).not.toBe(y.titleEn);
        expect(x.titleFr).not.toBe(y.titleFr);
        expect(x.titleAr).not.toBe(y.titleAr);
      }),
    );
  });
});
