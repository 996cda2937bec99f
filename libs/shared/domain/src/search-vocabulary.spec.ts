import { arabicBase, conceptsFromLabels, CORE_CONCEPTS, SearchVocabulary, type ExpandedQuery } from './search-vocabulary.js';
import { normalizeForSearch } from './search.js';

const vocabulary = new SearchVocabulary();
/** Every alternative word of the group's terms in `lang`. */
const words = (e: ExpandedQuery, group: number, lang: 'ar' | 'fr' | 'en' | null) =>
  e.groups[group]!.terms.filter((t) => t.lang === lang).map((t) => t.tokens.map((alternatives) => alternatives[0]).join(' '));

describe('SearchVocabulary.expand', () => {
  it('expands an English concept to its French and Arabic terms', () => {
    const e = vocabulary.expand('torture');
    expect(e.expanded).toBe(true);
    expect(e.groups).toHaveLength(1);
    expect(e.groups[0]!.terms[0]).toEqual({ lang: null, tokens: [['torture']] });
    expect(words(e, 0, 'fr')).toContain('torture');
    expect(e.groups[0]!.terms.find((t) => t.lang === 'ar')!.tokens[0]).toEqual(expect.arrayContaining(['تعذيب', 'التعذيب', 'بالتعذيب', 'للتعذيب']));
    expect(e.queryLanguages).toEqual(['fr', 'en']);
  });

  it('recognises an Arabic query with its article, clitics and spelling variants', () => {
    for (const q of ['التعذيب', 'والتعذيب', 'تعذيب', 'التَّعْذِيب']) {
      const e = vocabulary.expand(q);
      expect(e.groups[0]!.conceptId).toBe('torture');
      expect(e.queryLanguages).toEqual(['ar']);
      expect(words(e, 0, 'en')).toEqual(['torture']);
    }
    expect(vocabulary.expand('المرأة').groups[0]!.conceptId).toBe('women');
    expect(vocabulary.expand('المراة').groups[0]!.conceptId).toBe('women');
    expect(vocabulary.expand('الاعاقة').groups[0]!.conceptId).toBe('disability');
  });

  it('matches multi-word terms over stop words and apostrophes, longest first', () => {
    const e = vocabulary.expand('peine de mort');
    expect(e.groups).toHaveLength(1);
    expect(e.groups[0]!.conceptId).toBe('death-penalty');
    expect(words(e, 0, 'en')).toEqual(expect.arrayContaining(['death penalty']));
    expect(words(e, 0, 'ar')).toEqual(expect.arrayContaining(['عقوبه اعدام']));
    expect(vocabulary.expand("Liberté d’expression").groups[0]!.conceptId).toBe('freedom-of-expression');
    expect(vocabulary.expand('violence against women').groups.map((g) => g.conceptId)).toEqual(['violence-against-women']);
    expect(vocabulary.expand('human rights defenders').groups.map((g) => g.conceptId)).toEqual(['human-rights-defenders']);
  });

  it('matches singular and plural forms', () => {
    expect(vocabulary.expand('femme').groups[0]!.conceptId).toBe('women');
    expect(vocabulary.expand('woman').groups[0]!.conceptId).toBe('women');
    expect(vocabulary.expand('child').groups[0]!.conceptId).toBe('children');
    expect(vocabulary.expand('handicapées').groups[0]!.conceptId).toBe('disability');
  });

  it('keeps words outside the vocabulary as plain free text, in order', () => {
    const e = vocabulary.expand('torture Tazmamart');
    expect(e.groups.map((g) => g.conceptId)).toEqual(['torture', null]);
    expect(e.groups[1]!.terms).toEqual([{ lang: null, tokens: [['tazmamart']] }]);
    const plain = vocabulary.expand('Tazmamart');
    expect(plain.expanded).toBe(false);
    expect(plain.queryLanguages).toEqual([]);
  });

  it('does not mistake a longer word for a vocabulary term', () => {
    expect(vocabulary.expand('médiation').expanded).toBe(false);
    expect(vocabulary.expand('tortoise').expanded).toBe(false);
  });

  it('merges concepts that tie, such as a core term and a reference label', () => {
    const v = new SearchVocabulary([...CORE_CONCEPTS, ...conceptsFromLabels('theme', [{ code: 'migrants', nameEn: 'Migrants', nameFr: 'Migrants', nameAr: 'المهاجرون' }])]);
    const e = v.expand('migrants');
    expect(words(e, 0, 'ar')).toEqual(expect.arrayContaining(['مهاجرين', 'مهاجرون']));
  });

  it('every core concept has a term in each language', () => {
    for (const c of CORE_CONCEPTS) {
      expect([c.id, c.ar.length > 0, c.fr.length > 0, c.en.length > 0]).toEqual([c.id, true, true, true]);
    }
  });
});

describe('arabicBase', () => {
  it('removes the conjunction, preposition and article', () => {
    expect(['التعذيب', 'والتعذيب', 'بالتعذيب', 'للتعذيب', 'تعذيب'].map((w) => arabicBase(normalizeForSearch(w)))).toEqual(Array(5).fill('تعذيب'));
  });
});
