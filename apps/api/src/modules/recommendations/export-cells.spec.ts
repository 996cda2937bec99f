import fc from 'fast-check';
import { hasTriggerAtLineStart, linesOf, neutralizeCell, restoreCell, startsWithTrigger } from './export-cells.js';

/** Texts of several lines (CR, LF and CRLF breaks), lines often starting with a trigger. */
const multiLine = fc
  .array(fc.tuple(fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', '\0', "'", "'="), fc.string({ unit: 'binary', maxLength: 12 })), { minLength: 1, maxLength: 6 })
  .chain((lines) => fc.tuple(fc.constant(lines), fc.array(fc.constantFrom('\r\n', '\n', '\r'), { minLength: lines.length, maxLength: lines.length })))
  .map(([lines, breaks]) => lines.map(([start, rest], i) => start + rest + (i < lines.length - 1 ? breaks[i] : '')).join(''));

describe('neutralizeCell', () => {
  it('prefixes the golden payloads', () => {
    expect(neutralizeCell('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(neutralizeCell('@SUM(1+1)')).toBe(`'@SUM(1+1)`);
    expect(neutralizeCell("+cmd|' /C calc'!A0")).toBe(`'+cmd|' /C calc'!A0`);
    expect(neutralizeCell('\rx')).toBe(`'\rx`);
    expect(neutralizeCell('Texte')).toBe('Texte');
    expect(neutralizeCell(null)).toBe('');
  });

  it('prefixes every line that starts with a trigger, whatever the line break', () => {
    expect(neutralizeCell('Ensure access to justice\r=2+3')).toBe("Ensure access to justice\r'=2+3");
    expect(neutralizeCell('a\n@SUM(1)\r\n-1\r\n\tx')).toBe("a\n'@SUM(1)\r\n'-1\r\n'\tx");
    expect(neutralizeCell('=1\n+2')).toBe("'=1\n'+2");
    expect(neutralizeCell('a\n\r=1')).toBe("a\n'\r'=1");
    expect(neutralizeCell('first\r\nsecond\n\nthird, a - b = c')).toBe('first\r\nsecond\n\nthird, a - b = c');
  });

  it("escapes a line that starts with apostrophes and a trigger once more, and leaves other apostrophes alone", () => {
    expect(neutralizeCell("'=x")).toBe("''=x");
    expect(neutralizeCell("a\n''-1")).toBe("a\n'''-1");
    expect(neutralizeCell("'\nx")).toBe("''\nx");
    expect(neutralizeCell("'Tis\nl'=x")).toBe("'Tis\nl'=x");
  });

  it('never returns a cell starting with a trigger character, and keeps the text recoverable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = neutralizeCell(s);
        expect(startsWithTrigger(out)).toBe(false);
        expect(/[\r\n]/.test(s) || out === s || out === `'${s}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never returns a line (split on CR, LF or CRLF) starting with a trigger, only adds apostrophes, and restores the text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(multiLine, fc.string({ unit: fc.constantFrom('a', ' ', '=', '+', '-', '@', '\t', '\r', '\n', '\0', "'") })), (s) => {
        const out = neutralizeCell(s);
        expect(hasTriggerAtLineStart(out)).toBe(false);
        for (const line of linesOf(out)) expect(startsWithTrigger(line)).toBe(false);
        expect(out.replace(/'/g, '')).toBe(s.replace(/'/g, ''));
        expect(restoreCell(out)).toBe(s);
        // An XLSX reader gives CR back as LF (and has no NUL): the restored text differs by line ends only.
        if (!s.includes('\0')) expect(restoreCell(out.replace(/\r\n?/g, '\n'))).toBe(s.replace(/\r\n?/g, '\n'));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('restoreCell', () => {
  it('drops the apostrophes the export added, and only those', () => {
    expect(restoreCell("Ensure access to justice\r'=2+3")).toBe('Ensure access to justice\r=2+3');
    expect(restoreCell("'\r'=1")).toBe('\r=1');
    expect(restoreCell("a\n'\n'=1")).toBe('a\n\n=1');
    expect(restoreCell("l'=x\nit's")).toBe("l'=x\nit's");
    expect(restoreCell("''=x")).toBe("'=x");
    expect(restoreCell("'Tis")).toBe("'Tis");
  });

  it('gives back any text, apostrophes included (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', "'", '=', '-', '\t', '\r', '\n', '\0') }), (s) => {
        expect(restoreCell(neutralizeCell(s))).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });
});
