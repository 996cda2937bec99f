import { jest } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import request from 'supertest';
import { one } from '../src/database/sql.js';
import { ImportParser, importWorkerScript, useImportWorkerScript } from '../src/modules/imports/import-parser.js';
import { ImportException } from '../src/modules/imports/import.errors.js';
import { readSource, type ReadLimits, type SourceTable } from '../src/modules/imports/source-reader.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { counts, FIXTURES, upload } from './import-helpers.js';

const MAPPING = {
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
const LIMITS: ReadLimits = { maxRows: 200_000, maxUncompressedBytes: 250 * 1024 * 1024, maxEntries: 1000 };
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

/** 4 MB of CSV that becomes 2,000,000 cells (a Map entry each) once read: far beyond a 32 MB heap. */
const wideCsv = () => Buffer.from(Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',') + '\n' + ('1,'.repeat(999) + '1\n').repeat(2000));
/** 12 MB that is not UTF-8, with no delimiter: encoding detection (chardet over every byte, twice) takes seconds, in little memory. */
const slowCsv = () => Buffer.alloc(12 * 1024 * 1024, 0xd7);

/** The table as plain data (Maps as entry lists), comparable whatever realm built it. */
const plain = (table: SourceTable): unknown => JSON.parse(JSON.stringify({ ...table, records: table.records.map((r) => ({ ...r, values: [...r.values] })) }));
const refusalOf = (error: unknown) => (error instanceof ImportException ? { status: error.status, code: error.code, message: error.message, details: error.details } : { notAnImportException: String(error) });

/** The worker threads that were given a file (each read posts the file to one). */
const postedTo = jest.spyOn(Worker.prototype, 'postMessage');
const lastReader = () => postedTo.mock.contexts.at(-1) as Worker;
afterAll(() => postedTo.mockRestore());

/**
 * Import files are read in a worker thread with its own heap limit and timeout: a file that
 * exhausts the heap or runs too long ends that worker only (422 import.file_too_complex, nothing
 * written) and the API keeps serving; a refusal raised in the worker arrives exactly as an
 * in-process read raises it. Everything here runs the real worker (the harness bundles it from the
 * sources), never an in-process read.
 */
describe('import worker: the worker reads exactly what an in-process read gives', () => {
  let parser: ImportParser;

  beforeAll(() => {
    parser = new ImportParser({ script: importWorkerScript(), maxHeapMb: 512, timeoutSeconds: 60 });
  });
  afterAll(() => parser.close());

  it.each(['utf8-bom.csv', 'utf8-semicolon.csv', 'utf8-tab.tsv', 'utf16le-bom.csv', 'windows-1256-arabic.csv', 'mac-roman-latin.csv', 'simple.xlsx', 'uhri.json'])(
    'ok/%s: the same table (headers, cells, row numbers, issues, encoding, delimiter)',
    async (name) => {
      const bytes = fixture(`ok/${name}`);
      const files = () => postedTo.mock.calls.filter(([message]) => typeof message === 'object' && message !== null && 'bytes' in message).length;
      const calls = files();
      const table = await parser.read(bytes, name, LIMITS);
      // One file posted to a worker (the other messages acknowledge chunks of records).
      expect(files()).toBe(calls + 1);
      expect(plain(table)).toEqual(plain(await readSource(bytes, name, LIMITS)));
    },
    60_000,
  );

  it('a table of more records than one message holds arrives whole and in order, chunk by acknowledged chunk', async () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `A/HRC/36/6,144.${i + 1},Text number ${i + 1}`);
    const bytes = Buffer.from(['symbol,paragraph,text', ...rows].join('\n'), 'utf8');
    const acknowledgements = () => postedTo.mock.calls.filter(([message]) => typeof message === 'object' && message !== null && (message as { type?: string }).type === 'more').length;
    const before = acknowledgements();
    const table = await parser.read(bytes, 'many.csv', LIMITS);
    expect(acknowledgements() - before).toBe(3); // 2,000 + 2,000 + 1,001 records
    expect(table.records).toHaveLength(5001);
    expect(plain(table)).toEqual(plain(await readSource(bytes, 'many.csv', LIMITS)));
  }, 60_000);

  it.each(['empty.csv', 'header-only.csv', 'wrong-delimiter.csv', 'unclosed-quote.csv', 'invalid-utf8.csv', 'mixed-encodings.csv', 'png-renamed.csv'])(
    'not-ok/%s: the same ImportException (status, code, message, details), rebuilt as one',
    async (name) => {
      const bytes = fixture(`not-ok/${name}`);
      const inWorker = await parser.read(bytes, name, LIMITS).then(() => null, (error: unknown) => error);
      const inProcess = await readSource(bytes, name, LIMITS).then(() => null, (error: unknown) => error);
      expect(inWorker).toBeInstanceOf(ImportException);
      expect(refusalOf(inWorker)).toEqual(refusalOf(inProcess));
    },
    60_000,
  );
});

describe('import worker: no worker script, no API', () => {
  it('a missing worker script stops the start (the service asks for it when built), instead of reading files in the API thread', () => {
    const bundled = importWorkerScript();
    useImportWorkerScript(new URL('./no-such-dir/source-reader.worker.js', bundled));
    try {
      expect(() => importWorkerScript()).toThrow(/does not exist/);
    } finally {
      useImportWorkerScript(bundled);
    }
  });
});

describe('import worker: through the API, with a 32 MB worker heap and one parse slot', () => {
  let ctx: TestContext;
  let token: string;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = path.join('tmp', `uploads-worker-${process.pid}-${Date.now()}`);
    ctx = await createTestApp({ env: { UPLOAD_DIR: uploadDir, IMPORT_PARSE_MAX_HEAP_MB: '32', IMPORT_MAX_CONCURRENT_PARSES: '1' } });
    token = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterAll(() => ctx?.close());

  const written = async () => ({
    ...(await counts(ctx)),
    jobs: (await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM import_job`)).n,
    files: existsSync(path.join(uploadDir, 'imports')) ? readdirSync(path.join(uploadDir, 'imports')).length : 0,
  });
  const dryRun = (bytes: Buffer, fileName: string) => upload(ctx, token, bytes, { mapping: MAPPING, dryRun: true, fileName });

  it.each(['ok/utf8-bom.csv', 'ok/simple.xlsx'])('%s: the dry run reports as before (2 new, nothing rejected)', async (name) => {
    const res = await dryRun(fixture(name), path.basename(name));
    expect(res.status).toBe(200);
    expect(res.body.report.rejections).toEqual([]);
    expect(res.body.counts).toMatchObject({ new: 2, rejected: 0 });
  }, 60_000);

  it('a file whose parsed form exhausts the worker heap → 422 import.file_too_complex, nothing written, the worker ended, the API answers on', async () => {
    const before = await written();
    const res = await dryRun(wideCsv(), 'wide.csv');
    expect({ status: res.status, code: res.body.code, details: res.body.details }).toEqual({ status: 422, code: 'import.file_too_complex', details: { limit: 'memory', maxHeapMb: 32 } });
    expect(res.body.message).toMatch(/32 MB/);
    expect(lastReader().threadId).toBe(-1);
    expect(await written()).toEqual(before);
    expect((await request(ctx.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    // The one parse slot was released: the next file is read (by a new worker).
    expect((await dryRun(fixture('ok/utf8-bom.csv'), 'after-oom.csv')).status).toBe(200);
  }, 120_000);

  it.each([
    ['not-ok/empty.csv', 422, 'import.file_empty'],
    ['not-ok/invalid-utf8.csv', 422, 'import.invalid_encoding'],
    ['not-ok/png-renamed.csv', 415, 'import.unsupported_type'],
  ])('%s: the refusal raised in the worker arrives as an in-process read raises it (%i %s); the slot is released', async (name, status, code) => {
    const bytes = fixture(name);
    const expected = refusalOf(await readSource(bytes, path.basename(name), LIMITS).then(() => null, (error: unknown) => error));
    const before = await written();
    const res = await dryRun(bytes, path.basename(name));
    expect({ status: res.status, code: res.body.code, message: res.body.message, details: res.body.details }).toEqual(expected);
    expect(expected).toMatchObject({ status, code });
    expect(await written()).toEqual(before);
    expect((await dryRun(fixture('ok/utf8-bom.csv'), 'after-refusal.csv')).status).toBe(200);
  }, 60_000);
});

describe('import worker: a file read for longer than IMPORT_PARSE_TIMEOUT_SECONDS', () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { UPLOAD_DIR: `tmp/uploads-worker-timeout-${process.pid}`, IMPORT_PARSE_TIMEOUT_SECONDS: '1', IMPORT_MAX_CONCURRENT_PARSES: '1' } });
    token = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterAll(() => ctx?.close());

  it('→ 422 import.file_too_complex naming the limit, its worker terminated, no job; the slot is released and the API answers on', async () => {
    const jobs = async () => (await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM import_job`)).n;
    const before = await jobs();
    const res = await upload(ctx, token, slowCsv(), { mapping: MAPPING, dryRun: true, fileName: 'slow.csv' });
    expect({ status: res.status, code: res.body.code, details: res.body.details }).toEqual({ status: 422, code: 'import.file_too_complex', details: { limit: 'time', timeoutSeconds: 1 } });
    expect(lastReader().threadId).toBe(-1);
    expect(await jobs()).toBe(before);
    expect((await request(ctx.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await upload(ctx, token, fixture('ok/utf8-bom.csv'), { mapping: MAPPING, dryRun: true, fileName: 'after-timeout.csv' })).status).toBe(200);
  }, 120_000);
});
