import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { ImportException, ImportFileError, ImportRowError } from './import.errors.js';
import { inspectZip, readSource, type ReadLimits, type SourceTable, type ZipEntry } from './source-reader.js';

const LIMITS: ReadLimits = { maxRows: 10_000, maxUncompressedBytes: 50_000_000, maxEntries: 1_000 };
const ZIP_LIMITS = { maxUncompressedBytes: 10_000_000, maxEntries: 10 };

interface FakeEntry {
  name: string;
  compressed: number;
  size: number;
  method?: number;
}

/**
 * A ZIP made of its central directory and end record only (inspectZip reads nothing else):
 * `declaredCount` and `cdOffset` override the end record's fields.
 */
function fakeZip(entries: FakeEntry[], override: { declaredCount?: number; cdOffset?: number; signature?: number } = {}): Buffer {
  const prefix = Buffer.from('local file data would be here');
  const records = entries.map((e, i) => {
    const name = Buffer.from(e.name, 'utf8');
    const r = Buffer.alloc(46);
    r.writeUInt32LE(override.signature ?? 0x02014b50, 0);
    r.writeUInt16LE(e.method ?? 8, 10);
    r.writeUInt32LE(e.compressed, 20);
    r.writeUInt32LE(e.size, 24);
    r.writeUInt16LE(name.length, 28);
    r.writeUInt32LE(i * 100, 42);
    return Buffer.concat([r, name]);
  });
  const cd = Buffer.concat(records);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(override.declaredCount ?? entries.length, 8);
  eocd.writeUInt16LE(override.declaredCount ?? entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(override.cdOffset ?? prefix.length, 16);
  return Buffer.concat([prefix, cd, eocd]);
}

function rejection(fn: () => unknown): ImportException {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportException) return error;
    throw error;
  }
  throw new Error('expected an ImportException');
}

describe('inspectZip', () => {
  it('counts the entries and their declared uncompressed size, listing names and offsets in order', () => {
    const names: string[] = [];
    const entries: ZipEntry[] = [];
    const zip = fakeZip(
      [
        { name: '[Content_Types].xml', compressed: 100, size: 400 },
        { name: 'xl/worksheets/sheet1.xml', compressed: 1000, size: 9000, method: 0 },
      ],
      {},
    );
    expect(inspectZip(zip, ZIP_LIMITS, names, entries)).toEqual({ entries: 2, uncompressed: 9400 });
    expect(names).toEqual(['[Content_Types].xml', 'xl/worksheets/sheet1.xml']);
    expect(entries).toEqual([
      { name: '[Content_Types].xml', offset: 0, compressed: 100, size: 400, method: 8 },
      { name: 'xl/worksheets/sheet1.xml', offset: 100, compressed: 1000, size: 9000, method: 0 },
    ]);
  });

  it('refuses bytes without a ZIP end record as archive_rejected', () => {
    expect(rejection(() => inspectZip(Buffer.from('not a zip at all, just some text bytes'), ZIP_LIMITS)).code).toBe(ImportFileError.ArchiveRejected);
    expect(rejection(() => inspectZip(Buffer.alloc(5), ZIP_LIMITS)).code).toBe(ImportFileError.ArchiveRejected);
  });

  it('refuses more entries than maxEntries, reporting the count', () => {
    const zip = fakeZip(Array.from({ length: 11 }, (_, i) => ({ name: `e${i}`, compressed: 1, size: 1 })));
    const e = rejection(() => inspectZip(zip, ZIP_LIMITS));
    expect(e.code).toBe(ImportFileError.ArchiveRejected);
    expect(e.details).toEqual({ entries: 11 });
  });

  it('refuses a total declared size above maxUncompressedBytes, even when each entry is small', () => {
    const zip = fakeZip(Array.from({ length: 3 }, (_, i) => ({ name: `e${i}`, compressed: 900_000, size: 4_000_000 })));
    const e = rejection(() => inspectZip(zip, ZIP_LIMITS));
    expect(e.message).toContain('expands to more than 10000000 bytes');
  });

  it('refuses an entry of more than 1 MB compressed more than 200:1 (zip bomb)', () => {
    const e = rejection(() => inspectZip(fakeZip([{ name: 'xl/worksheets/sheet1.xml', compressed: 5_000, size: 2_000_000 }]), ZIP_LIMITS));
    expect(e.details).toEqual({ ratio: 400 });
  });

  it('accepts a high ratio on entries up to 1 MB and a 100:1 ratio on a large entry', () => {
    expect(inspectZip(fakeZip([{ name: 'a', compressed: 1, size: 1_000_000 }]), ZIP_LIMITS).entries).toBe(1);
    expect(inspectZip(fakeZip([{ name: 'b', compressed: 20_000, size: 2_000_000 }]), ZIP_LIMITS).entries).toBe(1);
  });

  it('refuses ZIP64 markers in the entry count or an entry size', () => {
    expect(rejection(() => inspectZip(fakeZip([], { declaredCount: 0xffff }), { maxEntries: 100_000, maxUncompressedBytes: 1 })).message).toContain('ZIP64');
    expect(rejection(() => inspectZip(fakeZip([{ name: 'a', compressed: 0xffffffff, size: 10 }]), ZIP_LIMITS)).message).toContain('ZIP64');
  });

  it('refuses a central directory that runs past the end of the file or has a bad signature', () => {
    expect(rejection(() => inspectZip(fakeZip([{ name: 'a', compressed: 1, size: 1 }], { cdOffset: 10_000 }), ZIP_LIMITS)).message).toContain('truncated');
    expect(rejection(() => inspectZip(fakeZip([{ name: 'a', compressed: 1, size: 1 }], { signature: 0x12345678 }), ZIP_LIMITS)).message).toContain('corrupt');
  });

  it('returns the sum of the declared sizes of any directory within the limits (property)', () => {
    const entry = fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), compressed: fc.integer({ min: 1, max: 100_000 }), size: fc.integer({ min: 0, max: 1_000_000 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), (list) => {
        const names: string[] = [];
        expect(inspectZip(fakeZip(list), ZIP_LIMITS, names)).toEqual({ entries: list.length, uncompressed: list.reduce((n, e) => n + e.size, 0) });
        expect(names).toEqual(list.map((e) => e.name));
      }),
    );
  });
});

describe('readSource (XLSX)', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const rowsOf = (table: SourceTable) => table.records.map((r) => Object.fromEntries(r.values));

  it('reads the first sheet: trimmed headers, text/number/date/rich-text cells, sheet row numbers, empty rows skipped', async () => {
    const buffer = await workbook((wb) => {
      const ws = wb.addWorksheet('Recommandations');
      ws.addRow([' code ', 'text_ar', 'n', 'date', 'rich']);
      ws.addRow(['R144.110 P2', 'توصية بشأن حقوق الإنسان', 42, new Date(Date.UTC(2024, 4, 17)), { richText: [{ text: 'Ré' }, { text: 'alisé', font: { bold: true } }] }]);
      ws.addRow([]);
      ws.addRow(['R2', 'نص', 1.5, null, 'x']);
      wb.addWorksheet('Other').addRow(['z', 'y']);
    });
    const table = await readSource(buffer, 'matrice.xlsx', LIMITS);
    expect(table).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null, headers: ['code', 'text_ar', 'n', 'date', 'rich'] });
    expect(rowsOf(table)).toEqual([
      { code: 'R144.110 P2', text_ar: 'توصية بشأن حقوق الإنسان', n: '42', date: '2024-05-17', rich: 'Réalisé' },
      { code: 'R2', text_ar: 'نص', n: '1.5', date: '', rich: 'x' },
    ]);
    expect(table.records.map((r) => r.row)).toEqual([2, 4]);
  });

  it('reads the sheet the mapping names', async () => {
    const buffer = await workbook((wb) => {
      wb.addWorksheet('First').addRows([['a', 'b'], ['1', '2']]);
      wb.addWorksheet('Second').addRows([['c', 'd'], ['3', '4']]);
    });
    expect(rowsOf(await readSource(buffer, 'x.xlsx', { ...LIMITS, sheet: 'Second' }))).toEqual([{ c: '3', d: '4' }]);
  });

  it('refuses a sheet name the workbook does not have as mapping_invalid', async () => {
    const buffer = await workbook((wb) => wb.addWorksheet('First').addRows([['a', 'b'], ['1', '2']]));
    await expect(readSource(buffer, 'x.xlsx', { ...LIMITS, sheet: 'Missing' })).rejects.toMatchObject({ code: ImportFileError.MappingInvalid, message: expect.stringContaining('Missing') });
  });

  it('flags a formula cell with cell.formula naming its column and address, and does not import its cached result', async () => {
    const buffer = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['code', 'total']);
      ws.addRow(['R1', { formula: 'HYPERLINK("http://x","y")', result: 'y' }]);
    });
    const table = await readSource(buffer, 'x.xlsx', LIMITS);
    expect(rowsOf(table)).toEqual([{ code: 'R1', total: '' }]);
    expect(table.records[0]!.issues).toEqual([{ code: ImportRowError.FormulaCell, column: 'total', message: 'Cell B2 holds a formula; formulas are not imported' }]);
  });

  it('flags a non-empty cell to the right of the header columns with row.column_count naming its column letter', async () => {
    const buffer = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['code', 'text']);
      ws.addRow(['R1', 't', '', 'stray']);
    });
    const table = await readSource(buffer, 'x.xlsx', LIMITS);
    expect(table.records[0]!.issues).toEqual([{ code: ImportRowError.ColumnCount, column: 'D', message: 'Cell D2 is outside the header\'s columns' }]);
  });

  it('refuses a sheet with a header row only as header_only', async () => {
    const buffer = await workbook((wb) => wb.addWorksheet('S').addRow(['code', 'text']));
    await expect(readSource(buffer, 'x.xlsx', LIMITS)).rejects.toMatchObject({ code: ImportFileError.HeaderOnly });
  });

  it('refuses duplicate header names as mapping_invalid', async () => {
    const buffer = await workbook((wb) => wb.addWorksheet('S').addRows([['code', 'code'], ['1', '2']]));
    await expect(readSource(buffer, 'x.xlsx', LIMITS)).rejects.toMatchObject({ code: ImportFileError.MappingInvalid, details: { column: 'code' } });
  });

  it('refuses a sheet with more data rows than maxRows as too_many_rows, and accepts exactly maxRows', async () => {
    const buffer = await workbook((wb) => wb.addWorksheet('S').addRows([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]));
    await expect(readSource(buffer, 'x.xlsx', { ...LIMITS, maxRows: 2 })).rejects.toMatchObject({ code: ImportFileError.TooManyRows, details: { maxRows: 2 } });
    await expect(readSource(buffer, 'x.xlsx', { ...LIMITS, maxRows: 3 })).resolves.toMatchObject({ headers: ['a', 'b'] });
  });

  it('refuses a workbook whose archive expands beyond maxUncompressedBytes as archive_rejected', async () => {
    const buffer = await workbook((wb) => wb.addWorksheet('S').addRows([['a', 'b'], ['1', '2']]));
    await expect(readSource(buffer, 'x.xlsx', { ...LIMITS, maxUncompressedBytes: 1_000 })).rejects.toMatchObject({ code: ImportFileError.ArchiveRejected });
  });

  it('refuses a .xlsx whose bytes are CSV text as unsupported_type', async () => {
    await expect(readSource(Buffer.from('a,b\n1,2\n'), 'x.xlsx', LIMITS)).rejects.toMatchObject({ code: ImportFileError.UnsupportedType, details: { expected: 'xlsx' } });
  });

  it('refuses a workbook sent as .csv (binary content) as unsupported_type', async () => {
    const buffer = await workbook((wb) => wb.addWorksheet('S').addRows([['a', 'b'], ['1', '2']]));
    await expect(readSource(buffer, 'x.csv', LIMITS)).rejects.toMatchObject({ code: ImportFileError.UnsupportedType, details: { expected: 'csv' } });
  });
});
