import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { counts, FIXTURES, upload } from './import-helpers.js';
import { xlsx, xlsxRows } from './xlsx-builder.js';

const CUSTOM = {
  preset: 'custom',
  fields: {
    externalCode: { column: 'code' },
    'text.fr': { column: 'text_fr' },
    'text.ar': { column: 'text_ar', optional: true },
    response: { column: 'response', optional: true },
    themes: { column: 'themes', separator: ',', optional: true },
  },
  defaults: { mechanism: 'UPR' },
};
const fixture = (name: string) => path.join(FIXTURES, name);

/**
 * Bad input (docs/security.md#e-files-imports-and-exports): every malformed file gets a clear 4xx naming
 * the problem, never a 5xx, and nothing is written — no recommendation, no audit event, and for
 * refused files no job and no stored file. Good files in every supported encoding import.
 */
describe('import: bad input is refused clearly and writes nothing', () => {
  let ctx: TestContext;
  let token: string;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = path.join('tmp', `uploads-${process.pid}-${Date.now()}`);
    ctx = await createTestApp({ env: { UPLOAD_DIR: uploadDir } });
    token = await ctx.login(DEMO.coordinator);
  });
  afterAll(() => ctx?.close());

  const storedFiles = () => (existsSync(path.join(uploadDir, 'imports')) ? readdirSync(path.join(uploadDir, 'imports')).length : 0);
  const jobs = async () => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM import_job`))[0].n as number;

  async function expectRefused(content: Buffer | string, status: number, code: string, options: { mapping?: unknown; fileName?: string } = {}) {
    const before = { ...(await counts(ctx)), jobs: await jobs(), files: storedFiles() };
    const res = await upload(ctx, token, content, { mapping: options.mapping ?? CUSTOM, dryRun: false, ...(options.fileName ? { fileName: options.fileName } : {}) });
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(typeof res.body.message).toBe('string');
    expect({ ...(await counts(ctx)), jobs: await jobs(), files: storedFiles() }).toEqual(before);
    return res;
  }

  it.each([
    ['empty.csv', 422, 'import.file_empty'],
    ['header-only.csv', 422, 'import.header_only'],
    ['wrong-delimiter.csv', 422, 'import.delimiter_not_detected'],
    ['unclosed-quote.csv', 422, 'import.malformed_csv'],
    ['invalid-utf8.csv', 422, 'import.invalid_encoding'],
    ['mixed-encodings.csv', 422, 'import.mixed_encoding'],
    ['png-renamed.csv', 415, 'import.unsupported_type'],
  ])('not-ok/%s → %i %s', async (name, status, code) => {
    const res = await expectRefused(fixture(`not-ok/${name}`), status, code);
    if (code === 'import.invalid_encoding') expect(res.body.details.line).toBe(2);
    if (code === 'import.mixed_encoding') expect(res.body.details.line).toBe(3);
  });

  it('a missing required column of a preset → 422 import.missing_required_column naming it', async () => {
    const res = await expectRefused(fixture('not-ok/missing-required-column.csv'), 422, 'import.missing_required_column', { mapping: { preset: 'un-report-csv' } });
    expect(res.body.details).toMatchObject({ field: 'text.en', column: 'text' });
  });

  it('a mapping naming a column that is not in the file → 422 import.mapping_unknown_column', async () => {
    const mapping = { ...CUSTOM, fields: { ...CUSTOM.fields, 'text.en': { column: 'texte_anglais' } } };
    const res = await expectRefused(fixture('ok/utf8-bom.csv'), 422, 'import.mapping_unknown_column', { mapping });
    expect(res.body.details).toMatchObject({ field: 'text.en', column: 'texte_anglais' });
  });

  it.each([
    ['not JSON', '{not json'],
    ['an unknown field', { preset: 'custom', fields: { textFrench: { column: 'text_fr' } } }],
    ['a __proto__ key', '{"preset":"custom","__proto__":{"polluted":1}}'],
  ])('an invalid mapping (%s) → 400 import.mapping_invalid', async (_, mapping) => {
    await expectRefused(fixture('ok/utf8-bom.csv'), 400, 'import.mapping_invalid', { mapping });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  const REJECTING = [
    ['ragged-rows.csv', 'row.column_count', [3, 4]],
    ['duplicate-codes.csv', 'row.duplicate', [4]],
    ['unknown-labels.csv', 'label.unknown', [2]],
    ['formula-cells.xlsx', 'cell.formula', [3]],
  ] as const;

  it.each(REJECTING)('not-ok/%s: the dry run lists the rejected rows (%s)', async (name, code, rows) => {
    const dry = await upload(ctx, token, fixture(`not-ok/${name}`), { mapping: CUSTOM, dryRun: true });
    expect(dry.status).toBe(200);
    const rejected = dry.body.report.rejections.filter((r: { code: string }) => r.code === code);
    expect(rejected.map((r: { row: number }) => r.row)).toEqual(rows);
    expect(rejected.every((r: { message: string }) => r.message.length > 0)).toBe(true);
  });

  it.each(REJECTING)('not-ok/%s: the commit is refused whole (422 import.rows_rejected), no data written', async (name) => {
    // The refused commit keeps its job record (status `rejected`) and its file; no data is written.
    const before = await counts(ctx);
    const commit = await upload(ctx, token, fixture(`not-ok/${name}`), { mapping: CUSTOM, dryRun: false });
    expect(commit.status).toBe(422);
    expect(commit.body.code).toBe('import.rows_rejected');
    expect(commit.body.details.report.rejections.length).toBeGreaterThan(0);
    expect(await counts(ctx)).toEqual(before);
  });

  it('the unknown labels can be created on request (createUnknown)', async () => {
    const res = await upload(ctx, token, fixture('not-ok/unknown-labels.csv'), { mapping: { ...CUSTOM, createUnknown: ['themes'] }, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.report.rejections).toEqual([]);
    expect(res.body.report.createdLabels).toEqual([{ field: 'themes', code: 'theme-inconnu-de-test', label: 'Thème inconnu de test' }]);
  });

  it('an XLSX zip bomb is refused before expansion (422 import.archive_rejected)', async () => {
    const bomb = xlsx(Buffer.alloc(300 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const res = await expectRefused(bomb, 422, 'import.archive_rejected', { fileName: 'bomb.xlsx' });
    expect(res.body.message).toMatch(/expands|compressed/);
  });

  it('an XLSX with a million rows is refused by the row limit (422 import.too_many_rows)', async () => {
    const million = xlsxRows(1_000_000);
    const res = await expectRefused(million, 422, 'import.too_many_rows', { fileName: 'million.xlsx', mapping: { preset: 'custom', fields: { externalCode: { column: 'code' }, 'text.fr': { column: 'text_fr' } }, defaults: { mechanism: 'UPR' } } });
    expect(res.body.details.maxRows).toBe(200000);
  }, 120_000);

  it('no file → 400 import.file_missing', async () => {
    const request = (await import('supertest')).default;
    const res = await request(ctx.http).post('/api/v1/imports').set('Authorization', `Bearer ${token}`).field('mapping', JSON.stringify(CUSTOM));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'import.file_missing' });
  });

  it('an extension that is not accepted (.exe) → 415 import.unsupported_type', async () => {
    await expectRefused(Buffer.from('MZ\x90\x00'), 415, 'import.unsupported_type', { fileName: 'evil.exe' });
  });

  it('a CSV renamed .xlsx → 415 import.unsupported_type', async () => {
    await expectRefused(fixture('ok/utf8-bom.csv'), 415, 'import.unsupported_type', { fileName: 'renamed.xlsx' });
  });

  it.each([
    ['utf8-bom.csv', 'utf-8-bom', ','],
    ['utf8-semicolon.csv', 'utf-8', ';'],
    ['utf8-tab.tsv', 'utf-8', '\t'],
    ['utf8-pipe.csv', 'utf-8', '|'],
    ['utf16le-bom.csv', 'utf-16le', ','],
    ['utf16be-bom.csv', 'utf-16be', ','],
    ['windows-1256-arabic.csv', 'windows-1256', ','],
    ['windows-1252-latin.csv', 'windows-1252', ','],
    ['mac-roman-latin.csv', 'macintosh', ','],
    ['simple.xlsx', null, null],
  ])('ok/%s: encoding %s and delimiter detected, the texts read back exactly', async (name, encoding, delimiter) => {
    const mapping = name.includes('arabic')
      ? { preset: 'custom', fields: { externalCode: { column: 'code' }, 'text.ar': { column: 'text_ar' }, response: { column: 'response' } }, defaults: { mechanism: 'UPR' } }
      : CUSTOM;
    const res = await upload(ctx, token, fixture(`ok/${name}`), { mapping, dryRun: true });
    expect(res.status).toBe(200);
    expect({ encoding: res.body.encoding, delimiter: res.body.delimiter }).toEqual({ encoding, delimiter });
    expect(res.body.report.rejections).toEqual([]);
    expect(res.body.counts).toMatchObject({ new: 2, rejected: 0 });
  });

  it('ok/uhri.json (uhri preset): body "- Committee against Torture" and "CAT" are the same body; symbol and paragraph split', async () => {
    const res = await upload(ctx, token, fixture('ok/uhri.json'), { mapping: { preset: 'uhri', createUnknown: ['affectedPersons', 'themes'] }, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.report.rejections).toEqual([]);
    expect(res.body.counts).toMatchObject({ new: 2 });
    expect(res.body.report.changes.map((c: { citation: string }) => c.citation)).toEqual(['CAT/C/MAR/CO/4 para 12', 'CAT/C/MAR/CO/4 para 13']);
  });
});

describe('import: the size limit', () => {
  it('over IMPORT_MAX_BYTES → 413 while streaming, nothing stored', async () => {
    const small = await createTestApp({ env: { IMPORT_MAX_BYTES: '1000', UPLOAD_DIR: `tmp/uploads-small-${process.pid}` } });
    try {
      const t = await small.login(DEMO.coordinator);
      const big = Buffer.from('code,text_fr\n' + 'X,'.padEnd(2000, 'a') + '\n');
      const res = await upload(small, t, big, { mapping: CUSTOM, fileName: 'big.csv' });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('request.payload_too_large');
      expect(existsSync(`tmp/uploads-small-${process.pid}`)).toBe(false);
      expect((await small.dataSource.query(`SELECT count(*)::int AS n FROM import_job`))[0].n).toBe(0);
    } finally {
      await small.close();
    }
  });

});
