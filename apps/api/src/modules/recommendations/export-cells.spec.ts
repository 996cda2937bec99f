import fc from 'fast-check';
import { neutralizeCell, startsWithTrigger } from './export-cells.js';

describe('neutralizeCell', () => {
  it('prefixes the golden payloads', () => {
    expect(neutralizeCell('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(neutralizeCell('@SUM(1+1)')).toBe(`'@SUM(1+1)`);
    expect(neutralizeCell("+cmd|' /C calc'!A0")).toBe(`'+cmd|' /C calc'!A0`);
    expect(neutralizeCell('\rx')).toBe(`'\rx`);
    expect(neutralizeCell('Texte')).toBe('Texte');
    expect(neutralizeCell(null)).toBe('');
  });

  it('never returns a cell starting with a trigger character, and keeps the text recoverable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = neutralizeCell(s);
        expect(startsWithTrigger(out)).toBe(false);
        expect(out === s || out === `'${s}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
