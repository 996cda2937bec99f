import fc from 'fast-check';
import iconv from 'iconv-lite';
import { ImportException, ImportFileError, ImportRowError } from './import.errors.js';
import { decodeText, detectDelimiter, formatFromName, readSource, scanUtf8, type ReadLimits, type SourceTable } from './source-reader.js';

const LIMITS: ReadLimits = { maxRows: 10_000, maxUncompressedBytes: 50_000_000, maxEntries: 1_000 };

/** The ImportException a synchronous call throws (fails the test when it throws nothing or something else). */
function thrown(fn: () => unknown): ImportException {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportException) return error;
    throw error;
  }
  throw new Error('expected an ImportException');
}

const readCsv = (text: string | Buffer, limits: Partial<ReadLimits> = {}, fileName = 'upload.csv') =>
  readSource(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, fileName, { ...LIMITS, ...limits });

/** Records as plain objects, to compare with expectations. */
const rowsOf = (table: SourceTable) => table.records.map((r) => Object.fromEntries(r.values));

describe('formatFromName', () => {
  it.each([
    ['recommandations.csv', 'csv'],
    ['EXPORT.TSV', 'csv'],
    ['liste.txt', 'csv'],
    ['matrice.XLSX', 'xlsx'],
    ['uhri.json', 'json'],
    ['archive.v2.json', 'json'],
  ])('maps %s to the %s reader', (name, format) => {
    expect(formatFromName(name)).toBe(format);
  });

  it.each(['report.pdf', 'book.xls', 'noextension', 'data.csv.exe', 'x.'])('refuses %s as an unsupported type (415)', (name) => {
    const e = thrown(() => formatFromName(name));
    expect(e.code).toBe(ImportFileError.UnsupportedType);
    expect(e.status).toBe(415);
  });

  it('truncates the file name it echoes in the error details to 100 characters', () => {
    const e = thrown(() => formatFromName(`${'a'.repeat(300)}.doc`));
    expect((e.details!['fileName'] as string).length).toBe(100);
  });
});

describe('scanUtf8', () => {
  it('finds no invalid byte and no multi-byte sequence in plain ASCII', () => {
    expect(scanUtf8(Buffer.from('code,text\nR1,hello\n'))).toEqual({ firstInvalid: -1, multibyte: false });
  });

  it('reports well-formed Arabic and French UTF-8 as multi-byte without error', () => {
    expect(scanUtf8(Buffer.from('توصية, élève, 🙂'))).toEqual({ firstInvalid: -1, multibyte: true });
  });

  it('gives the offset of the first byte that is not UTF-8', () => {
    const buffer = Buffer.concat([Buffer.from('ab\n'), Buffer.from([0xe9]), Buffer.from('t')]);
    expect(scanUtf8(buffer)).toEqual({ firstInvalid: 3, multibyte: false });
  });

  it.each([
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an overlong three-byte NUL', [0xe0, 0x80, 0x80]],
    ['a UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence at the end', [0xe2, 0x82]],
    ['a lone continuation byte', [0x80]],
  ])('rejects %s', (_name, bytes) => {
    expect(scanUtf8(Buffer.from([0x41, ...bytes])).firstInvalid).toBe(1);
  });

  it('starts scanning at the given offset (after a BOM)', () => {
    const buffer = Buffer.from([0xe9, 0x41, 0x42]);
    expect(scanUtf8(buffer, 1).firstInvalid).toBe(-1);
    expect(scanUtf8(buffer, 0).firstInvalid).toBe(0);
  });

  it('agrees with a strict UTF-8 decoder on arbitrary bytes (property)', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(scanUtf8(Buffer.from(bytes)).firstInvalid < 0).toBe(valid);
      }),
      { numRuns: 1000 },
    );
  });

  it('marks the UTF-8 of any string as valid, multi-byte exactly when it has a non-ASCII character (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const { firstInvalid, multibyte } = scanUtf8(Buffer.from(s, 'utf8'));
        expect(firstInvalid).toBe(-1);
        expect(multibyte).toBe(Array.from(s).some((c) => c.codePointAt(0)! > 0x7f));
      }),
    );
  });
});

describe('decodeText', () => {
  const arabic = 'الرمز,النص\nR1,توصية بشأن حقوق الإنسان\n';
  const french = 'code;texte\nR1;Réalisé à l’été\n';

  it('reads UTF-8 without BOM as utf-8', () => {
    expect(decodeText(Buffer.from(arabic, 'utf8'))).toEqual({ text: arabic, encoding: 'utf-8' });
  });

  it('strips a UTF-8 BOM and reports utf-8-bom', () => {
    const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(french, 'utf8')]);
    expect(decodeText(buffer)).toEqual({ text: french, encoding: 'utf-8-bom' });
  });

  it('reads UTF-16 LE with BOM', () => {
    const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(arabic, 'utf-16le')]);
    expect(decodeText(buffer)).toEqual({ text: arabic, encoding: 'utf-16le' });
  });

  it('reads UTF-16 BE with BOM', () => {
    const buffer = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(french, 'utf-16be')]);
    expect(decodeText(buffer)).toEqual({ text: french, encoding: 'utf-16be' });
  });

  it('refuses a UTF-16 file with an odd number of bytes as invalid encoding', () => {
    const e = thrown(() => decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])));
    expect(e.code).toBe(ImportFileError.InvalidEncoding);
  });

  it('decodes an Arabic Windows-1256 file as windows-1256', () => {
    expect(decodeText(iconv.encode(arabic, 'windows-1256'))).toEqual({ text: arabic, encoding: 'windows-1256' });
  });

  it('decodes a French Windows-1252 file as windows-1252', () => {
    expect(decodeText(iconv.encode(french, 'windows-1252'))).toEqual({ text: french, encoding: 'windows-1252' });
  });

  it('decodes a French Mac Roman file as macintosh when it yields more French letters', () => {
    const text = 'code;texte\nR1;Réalisé, élève à préciser\n';
    expect(decodeText(iconv.encode(text, 'macintosh'))).toEqual({ text, encoding: 'macintosh' });
  });

  it('refuses a file marked UTF-8 (BOM) with an invalid byte, naming its line and offset', () => {
    const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\nc,'), Buffer.from([0xe9])]);
    const e = thrown(() => decodeText(buffer));
    expect(e.code).toBe(ImportFileError.InvalidEncoding);
    expect(e.details).toEqual({ line: 2, byteOffset: 9 });
  });

  it('refuses a file that mixes UTF-8 and Windows-1252, naming the line of the first foreign byte', () => {
    const buffer = Buffer.concat([Buffer.from('a,é\nb,c\n', 'utf8'), iconv.encode('d,é\n', 'windows-1252')]);
    const e = thrown(() => decodeText(buffer));
    expect(e.code).toBe(ImportFileError.MixedEncoding);
    expect(e.details).toEqual({ line: 3, byteOffset: 11 });
  });

  it('round-trips any text through UTF-8, UTF-8 with BOM and UTF-16 with BOM (property)', () => {
    const text = fc.string({ unit: fc.constantFrom(...Array.from('aZ09 ,;\t|"\né’«»Àœبتالأإآىةؤئ٣۴🙂')) }).filter((s) => !s.startsWith('\ufeff'));
    fc.assert(
      fc.property(text, (s) => {
        expect(decodeText(Buffer.from(s, 'utf8')).text).toBe(s);
        expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]))).toEqual({ text: s, encoding: 'utf-8-bom' });
        expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(s, 'utf-16le')]))).toEqual({ text: s, encoding: 'utf-16le' });
        expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(s, 'utf-16be')]))).toEqual({ text: s, encoding: 'utf-16be' });
      }),
      { numRuns: 150 },
    );
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['comma', 'code,text\nR1,a\n', ','],
    ['semicolon', 'code;text\nR1;a\n', ';'],
    ['tab', 'code\ttext\nR1\ta\n', '\t'],
    ['vertical bar', 'code|text\nR1|a\n', '|'],
  ])('detects the %s', (_name, text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('prefers the delimiter that splits the following lines like the header over a more frequent one', () => {
    const text = 'Nom, prénom;Âge;Ville\nDupont, Jean;30;Rabat\nAlaoui;41;Fès\nBennani;25;Tanger\n';
    expect(detectDelimiter(text)).toBe(';');
  });

  it('between equally consistent delimiters, takes the one with more columns in the header', () => {
    expect(detectDelimiter('a;b,c,d\n1;2,3,4\n')).toBe(',');
  });

  it('ignores delimiters inside double quotes', () => {
    expect(detectDelimiter('"Nom, prénom";"Ville, pays"\n"A, B";"C, D"\n')).toBe(';');
  });

  it('skips blank lines before the header', () => {
    expect(detectDelimiter('\n\n  \ncode|text\n1|2\n')).toBe('|');
  });

  it('returns null when the header has none of , ; tab |', () => {
    expect(detectDelimiter('code text\nR1 a\n')).toBeNull();
    expect(detectDelimiter('')).toBeNull();
  });

  it('finds the delimiter of a header whose cells hold none of the candidates (property)', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcXYZ09 é_-بت'.split('')), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom(',', ';', '\t', '|'), fc.array(word, { minLength: 2, maxLength: 6 }), fc.nat({ max: 5 }), (d, cells, rows) => {
        const line = cells.join(d);
        const text = [line, ...Array.from({ length: rows }, () => line)].join('\n');
        expect(detectDelimiter(text)).toBe(d);
      }),
    );
  });
});

describe('readSource (CSV)', () => {
  it('reads headers (trimmed) and rows (cells untouched), numbering rows as a spreadsheet does', async () => {
    const table = await readCsv(' code , text \nR1, Hello \nR2,"a, b"\n');
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', headers: ['code', 'text'] });
    expect(rowsOf(table)).toEqual([
      { code: 'R1', text: ' Hello ' },
      { code: 'R2', text: 'a, b' },
    ]);
    expect(table.records.map((r) => r.row)).toEqual([2, 3]);
    expect(table.records.every((r) => r.issues.length === 0)).toBe(true);
  });

  it('reads a quoted cell with an embedded CRLF line break and doubled quotes', async () => {
    const table = await readCsv('a;b\r\n1;"line 1\r\nline ""2"""\r\n');
    expect(rowsOf(table)).toEqual([{ a: '1', b: 'line 1\r\nline "2"' }]);
  });

  it('reads a UTF-8 BOM file and does not keep the BOM in the first header', async () => {
    const table = await readCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('code;نص\nR1;توصية\n')]));
    expect(table.encoding).toBe('utf-8-bom');
    expect(table.headers).toEqual(['code', 'نص']);
  });

  it('reads a UTF-16 LE tab-separated file', async () => {
    const table = await readCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('code\tنص\nR1\tتوصية\n', 'utf-16le')]), {}, 'export.tsv');
    expect(table).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headers: ['code', 'نص'] });
    expect(rowsOf(table)).toEqual([{ code: 'R1', نص: 'توصية' }]);
  });

  it('reads a Windows-1256 Arabic CSV', async () => {
    const table = await readCsv(iconv.encode('الرمز,النص\nR1,توصية بشأن حقوق الإنسان\n', 'windows-1256'));
    expect(table.encoding).toBe('windows-1256');
    expect(rowsOf(table)).toEqual([{ الرمز: 'R1', النص: 'توصية بشأن حقوق الإنسان' }]);
  });

  it('reads a file with old Mac CR-only line ends', async () => {
    const table = await readCsv('a;b\r1;2\r3;4\r');
    expect(rowsOf(table)).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('keeps a short row, pads its missing cells with "" and flags it with row.column_count', async () => {
    const table = await readCsv('a,b,c\n1\n4,5,6\n');
    expect(rowsOf(table)[0]).toEqual({ a: '1', b: '', c: '' });
    expect(table.records[0]!.issues).toEqual([{ code: ImportRowError.ColumnCount, column: null, message: 'Row has 1 cells for 3 columns' }]);
    expect(table.records[1]!.issues).toEqual([]);
  });

  it('drops the extra cells of a long row and flags it with row.column_count', async () => {
    const table = await readCsv('a,b\n1,2,3\n');
    expect(rowsOf(table)).toEqual([{ a: '1', b: '2' }]);
    expect(table.records[0]!.issues.map((i) => i.code)).toEqual([ImportRowError.ColumnCount]);
  });

  it('skips blank lines (they take no row number)', async () => {
    const table = await readCsv('\na,b\n\n1,2\n\n3,4\n');
    expect(rowsOf(table)).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
    expect(table.records.map((r) => r.row)).toEqual([2, 3]);
  });

  it('uses the delimiter the mapping gives instead of detecting one', async () => {
    const table = await readCsv('a,b;c\n1,2;3\n', { delimiter: ';' });
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['a,b', 'c']);
  });

  it('accepts a single-column file when the delimiter is given', async () => {
    const table = await readCsv('text\nhello\n', { delimiter: ',' });
    expect(rowsOf(table)).toEqual([{ text: 'hello' }]);
  });

  it('refuses a header without any delimiter as delimiter_not_detected on line 1', async () => {
    await expect(readCsv('text\nhello\n')).rejects.toMatchObject({ code: ImportFileError.DelimiterNotDetected, details: { line: 1 } });
  });

  it('refuses an unclosed quote as malformed_csv with reason CSV_QUOTE_NOT_CLOSED', async () => {
    await expect(readCsv('a,b\n1,"never closed\n2,3\n')).rejects.toMatchObject({
      code: ImportFileError.MalformedCsv,
      message: expect.stringContaining('a quoted cell is never closed'),
      details: { reason: 'CSV_QUOTE_NOT_CLOSED' },
    });
  });

  it('refuses text after a closing quote as malformed_csv with reason CSV_INVALID_CLOSING_QUOTE and its line', async () => {
    await expect(readCsv('a,b\n1,"x"y\n2,3\n')).rejects.toMatchObject({
      code: ImportFileError.MalformedCsv,
      details: { line: 2, reason: 'CSV_INVALID_CLOSING_QUOTE' },
    });
  });

  it('refuses a header-only file as header_only', async () => {
    await expect(readCsv('code,text\n')).rejects.toMatchObject({ code: ImportFileError.HeaderOnly });
  });

  it('refuses an empty file and a whitespace-only file as file_empty', async () => {
    await expect(readCsv(Buffer.alloc(0))).rejects.toMatchObject({ code: ImportFileError.FileEmpty });
    await expect(readCsv(' \n\t\n')).rejects.toMatchObject({ code: ImportFileError.FileEmpty });
  });

  it('refuses two columns with the same (trimmed) name as mapping_invalid naming the column', async () => {
    await expect(readCsv('code, code \n1,2\n')).rejects.toMatchObject({ code: ImportFileError.MappingInvalid, details: { column: 'code' } });
  });

  it('refuses more data rows than maxRows as too_many_rows', async () => {
    await expect(readCsv('a,b\n1,2\n3,4\n', { maxRows: 1 })).rejects.toMatchObject({ code: ImportFileError.TooManyRows, details: { maxRows: 1 } });
    await expect(readCsv('a,b\n1,2\n', { maxRows: 1 })).resolves.toMatchObject({ headers: ['a', 'b'] });
  });

  it('refuses a .csv whose bytes are a PDF as unsupported_type naming the detected type', async () => {
    await expect(readCsv('%PDF-1.4,x\n1,2\n')).rejects.toMatchObject({ code: ImportFileError.UnsupportedType, details: { expected: 'csv', detected: 'application/pdf' } });
  });

  it('refuses a .csv that contains a NUL byte as binary', async () => {
    await expect(readCsv('a,b\n1,\u0000\n')).rejects.toMatchObject({ code: ImportFileError.UnsupportedType, details: { detected: 'application/octet-stream' } });
  });

  // Reported: file-type sniffs "BM" as a BMP image, so a CSV whose first header starts with "BM" is refused.
  it.failing('KNOWN BUG (reported): reads a CSV whose first header starts with "BM" (e.g. "BMI")', async () => {
    await expect(readCsv('BMI,age\n21,30\n')).resolves.toMatchObject({ headers: ['BMI', 'age'] });
  });

  // Reported: detectDelimiter splits raw lines, so a quoted header cell holding a line break hides the delimiter.
  it.failing('KNOWN BUG (reported): reads a header whose quoted cell holds a line break', async () => {
    await expect(readCsv('"Text\n(en)",Code\nHello,R1\n')).resolves.toMatchObject({ headers: ['Text\n(en)', 'Code'] });
  });
});

describe('readSource (CSV round trip, property)', () => {
  const cellChars = fc.constantFrom(...'aZ09 .,;|\t"’éàبتحقوقالإنسان٣'.split(''), '\n', '\r\n', '""');
  const cell = fc.array(cellChars, { maxLength: 10 }).map((parts) => parts.join(''));
  const header = fc.string({ unit: fc.constantFrom(...'acdefxyz_éبت'.split('')), minLength: 1, maxLength: 6 });
  const table = fc.uniqueArray(header, { minLength: 2, maxLength: 5 }).chain((headers) =>
    fc.record({
      headers: fc.constant(headers),
      rows: fc.array(fc.array(cell, { minLength: headers.length, maxLength: headers.length }), { minLength: 1, maxLength: 8 }),
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      eol: fc.constantFrom('\n', '\r\n'),
      finalEol: fc.boolean(),
    }),
  );
  const quoteAll = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const quoteIfNeeded = (d: string) => (s: string) => (s.includes(d) || /["\r\n]/.test(s) ? quoteAll(s) : s);

  it('reads back the rows of a CSV written with every cell quoted, detecting the delimiter', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ headers, rows, delimiter, eol, finalEol }) => {
        const text = [headers, ...rows].map((r) => r.map(quoteAll).join(delimiter)).join(eol) + (finalEol ? eol : '');
        const read = await readCsv(text);
        expect(read.delimiter).toBe(delimiter);
        expect(read.headers).toEqual(headers);
        expect(read.records.map((r) => headers.map((h) => r.values.get(h)))).toEqual(rows);
        expect(read.records.map((r) => r.row)).toEqual(rows.map((_, i) => i + 2));
        expect(read.records.flatMap((r) => r.issues)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('reads back the rows of a CSV quoted only where needed, with the delimiter given', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ headers, rows, delimiter, eol, finalEol }) => {
        const q = quoteIfNeeded(delimiter);
        const text = [headers, ...rows].map((r) => r.map(q).join(delimiter)).join(eol) + (finalEol ? eol : '');
        const read = await readCsv(text, { delimiter });
        expect(read.headers).toEqual(headers);
        expect(read.records.map((r) => headers.map((h) => r.values.get(h)))).toEqual(rows);
      }),
      { numRuns: 80 },
    );
  });

  it('reads back the same rows from UTF-16 LE and UTF-8 BOM encodings of the file', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ headers, rows, delimiter, eol }) => {
        const text = [headers, ...rows].map((r) => r.map(quoteAll).join(delimiter)).join(eol);
        const utf16 = await readCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]));
        const bom = await readCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
        expect(rowsOf(utf16)).toEqual(rowsOf(bom));
        expect(bom.headers).toEqual(headers);
      }),
      { numRuns: 50 },
    );
  });
});

describe('readSource (JSON)', () => {
  const readJson = (value: unknown, limits: Partial<ReadLimits> = {}) => readSource(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), 'uhri.json', { ...LIMITS, ...limits });

  it('reads an array of records, numbering them from 1, with the union of their keys as headers', async () => {
    const table = await readJson([{ Symbol: 'A/HRC/36/6', Text: 'T1' }, { Symbol: 'A/HRC/36/6', Body: 'UPR' }]);
    expect(table).toMatchObject({ format: 'json', delimiter: null, headers: ['Symbol', 'Text', 'Body'] });
    expect(table.records.map((r) => r.row)).toEqual([1, 2]);
    expect(rowsOf(table)).toEqual([{ Symbol: 'A/HRC/36/6', Text: 'T1' }, { Symbol: 'A/HRC/36/6', Body: 'UPR' }]);
  });

  it('reads the "data" array of a UHRI export object', async () => {
    const table = await readJson({ total: 1, data: [{ Text: 'x' }] });
    expect(rowsOf(table)).toEqual([{ Text: 'x' }]);
  });

  it('turns numbers and booleans into text, null into "" and nested labels ({Name}, {Code}) into their text', async () => {
    const table = await readJson([{ n: 3, b: true, z: null, body: { Code: 'CAT' }, country: { Name: 'Morocco', Code: 'MA' }, other: { x: 1 } }]);
    expect(rowsOf(table)).toEqual([{ n: '3', b: 'true', z: '', body: 'CAT', country: 'Morocco', other: '' }]);
  });

  it('keeps arrays as lists, dropping nulls and reading nested labels', async () => {
    const table = await readJson([{ Themes: [{ Name: 'Torture' }, 'Women', null, 7, { title: 'Children' }] }]);
    expect(table.records[0]!.values.get('Themes')).toEqual(['Torture', 'Women', '7', 'Children']);
  });

  it('flags a record that is not an object with row.column_count', async () => {
    const table = await readJson([{ a: 1 }, 'text', [1]]);
    expect(table.records.map((r) => r.issues.map((i) => i.code))).toEqual([[], [ImportRowError.ColumnCount], [ImportRowError.ColumnCount]]);
  });

  it('refuses invalid JSON as malformed_json', async () => {
    await expect(readJson('[{"a":1},')).rejects.toMatchObject({ code: ImportFileError.MalformedJson });
  });

  it('refuses JSON that is neither an array nor an object with a data array as malformed_json', async () => {
    await expect(readJson({ a: 1 })).rejects.toMatchObject({ code: ImportFileError.MalformedJson });
    await expect(readJson('"text"')).rejects.toMatchObject({ code: ImportFileError.MalformedJson });
  });

  it('refuses an empty array as header_only and more records than maxRows as too_many_rows', async () => {
    await expect(readJson([])).rejects.toMatchObject({ code: ImportFileError.HeaderOnly });
    await expect(readJson([{}, {}], { maxRows: 1 })).rejects.toMatchObject({ code: ImportFileError.TooManyRows });
  });

  it('reads a UTF-16 JSON file', async () => {
    const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(JSON.stringify([{ Text: 'توصية' }]), 'utf-16le')]);
    const table = await readSource(buffer, 'x.json', LIMITS);
    expect(table.encoding).toBe('utf-16le');
    expect(rowsOf(table)).toEqual([{ Text: 'توصية' }]);
  });

  it('reads back any array of flat string records (property)', async () => {
    const key = fc.string({ unit: fc.constantFrom(...'abcXYZ_ éب'.split('')), minLength: 1, maxLength: 5 }).filter((k) => !['__proto__'].includes(k));
    const value = fc.string({ unit: 'grapheme', maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(key, value, { maxKeys: 4 }), { minLength: 1, maxLength: 6 }), async (records) => {
        const table = await readJson(records);
        expect(rowsOf(table)).toEqual(records);
        expect(new Set(table.headers)).toEqual(new Set(records.flatMap((r) => Object.keys(r))));
      }),
      { numRuns: 100 },
    );
  });
});
