import { countReportDocumentWords } from '@sidh/domain';
import { liveDocumentWords, sectionWords, wordBar } from './words';

describe('wordBar', () => {
  it('is ok below 90 % of the limit, amber from exactly 90 %, red only above the limit', () => {
    expect(wordBar(899, 1000)).toMatchObject({ state: 'ok', percent: 89, left: 101, over: 0 });
    expect(wordBar(900, 1000)).toMatchObject({ state: 'warning', percent: 90, left: 100, over: 0 });
    expect(wordBar(1000, 1000)).toMatchObject({ state: 'warning', percent: 100, left: 0, over: 0 });
    expect(wordBar(1001, 1000)).toMatchObject({ state: 'over', percent: 100, left: 0, over: 1 });
  });

  it('warns at 90 % of a limit that 0.9 does not divide exactly', () => {
    // 0.9 × 10,700 = 9,630 exactly; 0.9 × 7 = 6.3: 6 words is below, 7 is the limit itself.
    expect(wordBar(9629, 10_700).state).toBe('ok');
    expect(wordBar(9630, 10_700).state).toBe('warning');
    expect(wordBar(6, 7).state).toBe('ok');
    expect(wordBar(7, 7).state).toBe('warning');
  });

  it('has no bar and is never over without a limit', () => {
    expect(wordBar(50_000, null)).toEqual({ words: 50_000, limit: null, state: 'ok', percent: null, over: 0, left: null });
  });
});

describe('live word count', () => {
  const sections = [
    { id: 'a', heading: 'Introduction', body: 'Le Maroc a adopté **trois** lois.', words: 7 },
    { id: 'b', heading: 'Mesures', body: '- Formation des magistrats\n- Loi 38.15', words: 6 },
  ];

  it('counts a section like the whole report counts it: heading and text, markup excluded', () => {
    expect(sectionWords({ heading: 'Mesures', body: '# Titre\n\n- un **deux** _trois_\n> quatre' })).toBe(6);
    expect(sections.map(sectionWords)).toEqual(sections.map((s) => countReportDocumentWords([s])));
  });

  it('is the saved counts, with the live count of the sections being edited instead of theirs', () => {
    expect(liveDocumentWords(sections, new Map())).toBe(13);
    const edited = sectionWords({ heading: 'Introduction', body: 'Le Maroc a adopté **trois** lois en 2023 et 2024.' });
    expect(liveDocumentWords(sections, new Map([['a', edited]]))).toBe(edited + 6);
    expect(liveDocumentWords(sections, new Map([['a', edited]]))).toBe(
      countReportDocumentWords([{ heading: 'Introduction', body: 'Le Maroc a adopté **trois** lois en 2023 et 2024.' }, sections[1]!]),
    );
  });
});
