import { countWords } from './un.js';
import { WORD_LIMIT_WARNING_RATIO, countReportDocumentWords, countReportWords, wordLimitState } from './report-words.js';

describe('countReportWords', () => {
  it('counts an English section: headings count, markers do not', () => {
    const source = '# Introduction\n\nThe State **has adopted** Law No. 43-20.\n\n- first measure\n1. second\n> quoted *text*';
    // Introduction | The State has adopted Law No. 43-20. | first measure | second | quoted text
    expect(countReportWords(source)).toBe(1 + 7 + 2 + 1 + 2);
  });

  it('counts a French section', () => {
    const source = "## Mesures prises\n\nL'État a adopté la loi n° 43-20 relative aux *peines alternatives*.\n12) Formation de 1 200 agents.";
    // Mesures prises | L'État a adopté la loi n° 43-20 relative aux peines alternatives. | Formation de 1 200 agents.
    expect(countReportWords(source)).toBe(2 + 11 + 5);
  });

  it('counts an Arabic section', () => {
    const source = '## التدابير المتخذة\n\nاعتمدت الحكومة **القانون رقم 43.20** المتعلق بالعقوبات البديلة.\n\n- تكوين 1200 موظف';
    // التدابير المتخذة | اعتمدت الحكومة القانون رقم 43.20 المتعلق بالعقوبات البديلة. | تكوين 1200 موظف
    expect(countReportWords(source)).toBe(2 + 8 + 3);
  });

  it('does not count markers, even a numbered item number', () => {
    expect(countReportWords('- \n* \n1. \n12) \n# \n> \n**\n***\n_')).toBe(0);
    expect(countReportWords('1. Item')).toBe(1);
    expect(countWords('1. Item')).toBe(2);
    expect(countReportWords('- **a** _b_')).toBe(2);
  });

  it('counts a word with a literal marker glued to it once, as it prints', () => {
    expect(countReportWords('**unclosed word')).toBe(2);
    expect(countReportWords('bold**ly** said')).toBe(2);
  });

  it('joins the lines of a paragraph without gluing words together', () => {
    expect(countReportWords('one\ntwo\r\nthree')).toBe(3);
  });

  it('equals countWords over the text as printed', () => {
    const source = '### A/HRC/36/6, para. 144.44\n\n**Measures taken**\n\n> [To translate — text in Arabic]\n\nاعتمد القانون.';
    expect(countReportWords(source)).toBe(countWords('A/HRC/36/6, para. 144.44 Measures taken [To translate — text in Arabic] اعتمد القانون.'));
  });

  it('counts 5 MB of * as no word', () => {
    expect(countReportWords('*'.repeat(5 * 1024 * 1024))).toBe(0);
  }, 30_000);
});

describe('countReportDocumentWords', () => {
  it('adds every section heading and text', () => {
    expect(
      countReportDocumentWords([
        { heading: 'I. Methodology and consultation process', body: 'Two **words**' },
        { heading: 'Reply to paragraph 2 of the list of issues', body: '' },
      ]),
    ).toBe(5 + 2 + 9);
  });
});

describe('wordLimitState', () => {
  it('warns from 90 % of the limit inclusive and is over above it', () => {
    expect(WORD_LIMIT_WARNING_RATIO).toBe(0.9);
    expect(wordLimitState(0, 10_700)).toBe('ok');
    expect(wordLimitState(9_629, 10_700)).toBe('ok');
    expect(wordLimitState(9_630, 10_700)).toBe('warning');
    expect(wordLimitState(10_700, 10_700)).toBe('warning');
    expect(wordLimitState(10_701, 10_700)).toBe('over');
    expect(wordLimitState(19_079, 21_200)).toBe('ok');
    expect(wordLimitState(19_080, 21_200)).toBe('warning');
    expect(wordLimitState(3_149, 3_500)).toBe('ok');
    expect(wordLimitState(3_150, 3_500)).toBe('warning');
  });

  it('warns at exactly 90 % for every limit, whatever the rounding', () => {
    const wrong: number[] = [];
    for (let limit = 10; limit <= 50_000; limit += 10) {
      const ninetyPercent = (limit / 10) * 9;
      if (wordLimitState(ninetyPercent - 1, limit) !== 'ok' || wordLimitState(ninetyPercent, limit) !== 'warning') wrong.push(limit);
    }
    expect(wrong).toEqual([]);
  });

  it('is always ok without a limit', () => {
    expect(wordLimitState(1_000_000, null)).toBe('ok');
  });
});
