import { AUTO_MATCH_SCORE, NameMatcher, nameKey, nameSimilarity, nameWords } from './name-match.js';

/** Some of the reference data's mandates, bodies and countries, with their names as the seed holds them. */
const MANDATES = [
  { code: 'SP-FOOD', names: ['Rapporteur spécial sur le droit à l’alimentation', 'المقرر الخاص المعني بالحق في الغذاء', 'Special Rapporteur on the right to food'] },
  { code: 'SP-EDUCATION', names: ['Rapporteur spécial sur le droit à l’éducation', 'المقرر الخاص المعني بالحق في التعليم', 'Special Rapporteur on the right to education'] },
  { code: 'SP-WGAD', names: ['Groupe de travail sur la détention arbitraire', 'الفريق العامل المعني بالاحتجاز التعسفي', 'Working Group on Arbitrary Detention'] },
  { code: 'SP-WGEID', names: ['Groupe de travail sur les disparitions forcées ou involontaires', 'Working Group on Enforced or Involuntary Disappearances'] },
  { code: 'SP-SOLIDARITY', names: ['Expert indépendant sur les droits de l’homme et la solidarité internationale', 'Independent Expert on human rights and international solidarity'] },
  {
    code: 'SP-WG-WOMEN',
    names: ['Groupe de travail chargé de la question de la discrimination à l’égard des femmes, dans la législation et dans la pratique', 'Working Group on the issue of discrimination against women in law and in practice'],
  },
  { code: 'CAT', names: ['Committee against Torture (CAT)', 'Comité contre la torture (CAT)', 'لجنة مناهضة التعذيب (CAT)'] },
  { code: 'SPT', names: ['Subcommittee on Prevention of Torture (SPT)', 'Sous-comité pour la prévention de la torture (SPT)'] },
];
const COUNTRIES = [
  { code: 'IR', names: ['Iran (Islamic Republic of)', 'Iran (République islamique d’)', 'إيران (جمهورية - الإسلامية)'] },
  { code: 'IQ', names: ['Iraq', 'Iraq', 'العراق'] },
  { code: 'IE', names: ['Ireland', 'Irlande', 'أيرلندا'] },
];

describe('nameWords', () => {
  it('ignores case, accents, apostrophes and quotes, articles and prepositions, and French feminine titles', () => {
    expect(nameWords('la Rapporteuse SPÉCIALE sur le droit à l’alimentation')).toEqual(['rapporteur', 'special', 'droit', 'alimentation']);
    expect(nameWords("l'Experte indépendante chargée d\"étudier")).toEqual(['expert', 'independant', 'charge', 'etudier']);
    expect(nameWords('Le groupe de travail sur la détention arbitraire')).toEqual(nameWords('Groupe de travail sur la détention arbitraire'));
  });

  it('normalises Arabic: letter variants, diacritics, the article and feminine titles', () => {
    expect(nameKey('المقرّرة الخاصة المعنيّة بالحقّ في الغذاء')).toBe(nameKey('المقرر الخاص المعني بالحق في الغذاء'));
    expect(nameKey('إيران')).toBe(nameKey('ايران'));
  });
});

describe('NameMatcher', () => {
  const mandates = new NameMatcher(MANDATES);

  it.each([
    ['la Rapporteuse spéciale sur le droit à l’alimentation', 'SP-FOOD'],
    ['LA RAPPORTEUSE SPECIALE SUR LE DROIT A L\'ALIMENTATION', 'SP-FOOD'],
    ['le Rapporteur spécial sur le droit à l"éducation', 'SP-EDUCATION'],
    ['Le groupe de travail sur la détention arbitraire', 'SP-WGAD'],
    ['l’Experte indépendante sur les droits de l’homme et la solidarité internationale', 'SP-SOLIDARITY'],
    ['المقررة الخاصة المعنية بالحق في الغذاء', 'SP-FOOD'],
    ['Special Rapporteur on the Right to Food', 'SP-FOOD'],
    ['CAT', 'CAT'],
    ['spt', 'SPT'],
  ])('matches %s to %s by its key', (value, code) => {
    expect(mandates.match(value).match).toEqual(expect.objectContaining({ code, score: 1 }));
  });

  it('matches a close spelling by similarity, when one candidate is clearly ahead', () => {
    // A typo and a missing word: no key matches, the score decides.
    const result = mandates.match('Groupe de travail sur les disparitions forcées et involontaire');
    expect(result.match?.code).toBe('SP-WGEID');
    expect(result.match!.score).toBeGreaterThanOrEqual(AUTO_MATCH_SCORE);
    expect(result.match!.score).toBeLessThan(1);
  });

  it('matches a slip at the start of a word by the words in their order', () => {
    // The DIDH sheet's `لفريق` for `الفريق` moves the word in the sorted key; in their order it is one letter.
    const arabic = new NameMatcher([
      { code: 'SP-WGEID', names: ['الفريق العامل المعني بحالات الاختفاء القسري أو غير الطوعي'] },
      { code: 'SP-WG-WOMEN', names: ['الفريق العامل المعني بمسألة التمييز ضد المرأة في القانون والممارسة'] },
    ]);
    expect(arabic.match('لفريق العامل المعني بحالات الاختفاء القسري أو غير الطوعي').match?.code).toBe('SP-WGEID');
    // A first word left out is a larger change: offered, not taken.
    const truncated = arabic.match('العامل المعني بمسألة التمييز ضد المرأة في القانون والممارسة');
    expect(truncated.match).toBeNull();
    expect(truncated.candidates[0]?.code).toBe('SP-WG-WOMEN');
    expect(nameSimilarity('لفريق العامل', 'الفريق العامل')).toBeGreaterThan(nameSimilarity('لفريق العامل', 'العامل الدولي'));
  });

  it('leaves a value unmatched when no candidate is close enough, and offers the closest', () => {
    const result = mandates.match('Rapporteur spécial sur le droit au logement');
    expect(result.match).toBeNull();
    expect(result.candidates.map((c) => c.code).slice(0, 2)).toEqual(expect.arrayContaining(['SP-FOOD', 'SP-EDUCATION']));
    expect(result.candidates.every((c) => c.score < AUTO_MATCH_SCORE)).toBe(true);
    expect(mandates.match('Comité des droits de l’enfant').match).toBeNull();
  });

  it('finds countries whose words come in another order (Iran), and keeps near names apart (Iraq, Ireland)', () => {
    const countries = new NameMatcher(COUNTRIES);
    expect(countries.match('République islamique d’Iran').match?.code).toBe('IR');
    expect(countries.match('Islamic Republic of Iran').match?.code).toBe('IR');
    expect(countries.match('Iraq').match?.code).toBe('IQ');
    expect(countries.match('Irak').match).toBeNull();
    expect(countries.match('Irak').candidates[0]?.code).toBe('IQ');
  });

  it('does not take a key two candidates share as proof of either', () => {
    const matcher = new NameMatcher([
      { code: 'A', names: ['Comité des droits'] },
      { code: 'B', names: ['le comité des droits'] },
    ]);
    expect(matcher.match('Comité des droits').match).toBeNull();
    expect(matcher.match('Comité des droits').candidates.map((c) => c.code)).toEqual(['A', 'B']);
  });

  it('matches nothing for empty or function-word-only values', () => {
    expect(mandates.match('').match).toBeNull();
    expect(mandates.match('  la  ').candidates).toEqual([]);
  });

  it('scores symmetric similarity between 0 and 1', () => {
    expect(nameSimilarity('droit à l’alimentation', 'alimentation, droit')).toBe(1);
    const s = nameSimilarity('détention arbitraire', 'détention administrative');
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(1);
    expect(nameSimilarity('a', 'b')).toBe(nameSimilarity('b', 'a'));
  });
});

describe('NameMatcher for imports: words added, candidates added, exact keys', () => {
  it('offers the mandate whose words a longer name contains, without taking it', () => {
    const matcher = new NameMatcher(MANDATES);
    const result = matcher.match('Rapporteuse spéciale droit alimentation et nutrition des populations rurales');
    expect(result.match).toBeNull();
    expect(result.candidates[0]?.code).toBe('SP-FOOD');
    expect(result.candidates[0]!.score).toBeLessThan(AUTO_MATCH_SCORE);
  });

  it('finds candidates added after construction, and an exact key only when one candidate has it', () => {
    const matcher = new NameMatcher();
    expect(matcher.exact('Eau')).toBeNull();
    matcher.add({ code: 'water', names: ['Eau', 'Water'] });
    expect(matcher.exact('l’eau')).toEqual({ code: 'water', name: 'Eau', score: 1 });
    matcher.add({ code: 'other', names: ['EAU'] });
    expect(matcher.exact('eau')).toBeNull();
  });
});
