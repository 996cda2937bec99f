import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { hasTriggerAtLineStart, linesOf, neutralizeCell } from '../src/modules/recommendations/export-cells.js';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { counts, upload } from './import-helpers.js';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\0'];
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function xlsxCells(buffer: Buffer): Promise<{ rows: string[][]; rtl: boolean; frozen: boolean }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '')))));
  const view = ws.views[0] as { rightToLeft?: boolean; state?: string } | undefined;
  return { rows, rtl: !!view?.rightToLeft, frozen: view?.state === 'frozen' };
}

/**
 * The matrix export: list filters and institution scope, formula-injection neutralisation in CSV
 * and XLSX (property test), round trip through the `sidh-export` import preset, access.
 */
describe('export of the recommendation matrix', () => {
  let ctx: TestContext;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    for (const [k, email] of Object.entries({ coordinator: DEMO.coordinator, focal: DEMO.focalJustice, validator: DEMO.validatorJustice, auditor: DEMO.auditor })) tokens[k] = await ctx.login(email);
  });
  afterAll(() => ctx?.close());

  const exportFile = (who: string, query: Record<string, string>) =>
    request(ctx.http).get('/api/v1/recommendations/export').query(query).set('Authorization', `Bearer ${tokens[who]}`).buffer(true).parse(binary);

  it('CSV: UTF-8 with BOM, one row per recommendation, the list filters applied', async () => {
    const res = await exportFile('coordinator', { format: 'csv', lang: 'fr,ar', mechanism: 'UPR' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sidh-recommendations-\d{8}\.csv"$/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(body.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['symbol', 'paragraph', 'external_code', 'text_fr', 'text_ar', 'mechanism', 'body', 'review', 'response', 'recommending_states', 'themes', 'sdg_targets', 'institutions', 'status', 'kind']);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation WHERE mechanism = 'UPR'`);
    expect(rows.length - 1).toBe(n);
  });

  it('XLSX in Arabic: frozen header, right-to-left', async () => {
    const ar = await xlsxCells((await exportFile('coordinator', { format: 'xlsx', lang: 'ar' })).body);
    expect(ar.frozen).toBe(true);
    expect(ar.rtl).toBe(true);
    expect(ar.rows[0]).toContain('text_ar');
  });

  it('XLSX in French and English: left-to-right', async () => {
    const fr = await xlsxCells((await exportFile('coordinator', { format: 'xlsx', lang: 'fr,en' })).body);
    expect(fr.rtl).toBe(false);
  });

  it('a focal point exports only their institution\'s recommendations', async () => {
    const [{ id: mj }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MJ'`);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(DISTINCT recommendation_id)::int AS n FROM assignment WHERE institution_id = $1`, [mj]);
    const rows: string[][] = parse((await exportFile('focal', { format: 'csv', lang: 'fr' })).body.subarray(3).toString('utf8'));
    expect(rows.length - 1).toBe(n);
    expect(rows.slice(1).every((r) => r[rows[0]!.indexOf('institutions')]!.split(' | ').includes('MJ'))).toBe(true);
  });

  it.each(['csv', 'xlsx'])('round trip: export (%s) then import with the sidh-export preset → everything unchanged', async (format) => {
    const before = await counts(ctx);
    const file = (await exportFile('coordinator', { format, lang: 'ar,fr,en' })).body as Buffer;
    const res = await upload(ctx, tokens['coordinator']!, file, { mapping: { preset: 'sidh-export' }, dryRun: false, fileName: `matrix.${format}` });
    expect({ status: res.status, body: res.status === 202 ? null : res.body }).toEqual({ status: 202, body: null });
    let job = res.body;
    while (job.status === 'running') job = (await request(ctx.http).get(`/api/v1/imports/${job.id}`).set('Authorization', `Bearer ${tokens['coordinator']}`)).body;
    expect(job.report.rejections).toEqual([]);
    expect(job.report.changes).toEqual([]);
    expect(job.counts).toMatchObject({ new: 0, updated: 0, rejected: 0, unchanged: before.recs });
    expect(await counts(ctx)).toEqual(before);
  });

  it('property: for arbitrary texts no exported cell (CSV or XLSX) starts with = + - @ tab CR NUL, and the round trip gives the texts back', async () => {
    const factory = recommendationFactory(ctx);
    const bodyId = await factory.bodyId('CAT');
    const texts = fc.sample(
      fc.tuple(fc.constantFrom('', ...TRIGGERS), fc.string({ minLength: 1, maxLength: 40 })).map(([t, s]) => (t + s).replace(/\0/g, '')).filter((s) => s.trim().length > 0 && s.trim() === s || TRIGGERS.includes(s[0]!)),
      30,
    );
    const golden = ['=HYPERLINK("http://evil.example","x")', '@SUM(1+1)', "+cmd|' /C calc'!A0", '-2+3', '\tcell', '\rcell'];
    for (const [i, text] of [...golden, ...texts].entries()) {
      await factory.newRecommendation({ bodyId, textFr: undefined, textEn: text, externalCode: `=PROP-${i}`, documentSymbol: 'CAT/C/PROP/1', paragraph: String(i + 1) });
    }
    const bodyFilter = { bodyId };
    const csv: string[][] = parse((await exportFile('coordinator', { ...bodyFilter, format: 'csv', lang: 'en' })).body.subarray(3).toString('utf8'), { relax_quotes: true });
    const xl = await xlsxCells((await exportFile('coordinator', { ...bodyFilter, format: 'xlsx', lang: 'en' })).body);
    for (const cell of [...csv.flat(), ...xl.rows.flat()]) expect(TRIGGERS.includes(cell[0] ?? '')).toBe(false);
    for (const cell of [...csv.flat(), ...xl.rows.flat()]) expect(hasTriggerAtLineStart(cell)).toBe(false);
    expect(csv.length - 1).toBe(golden.length + texts.length);
    const dry = await upload(ctx, tokens['coordinator']!, (await exportFile('coordinator', { ...bodyFilter, format: 'xlsx', lang: 'en' })).body, {
      mapping: { preset: 'sidh-export' },
      dryRun: true,
      fileName: 'prop.xlsx',
    });
    expect(dry.body.report.rejections.filter((r: { code: string }) => r.code !== 'row.text_missing')).toEqual([]);
    expect(dry.body.report.changes.filter((c: { action: string }) => c.action === 'new')).toEqual([]);
    expect(dry.body.report.changes).toEqual([]);
    expect(dry.body.counts.updated).toBe(0);
    expect(dry.body.counts.new).toBe(0);
  });

  describe('formula injection through a line break', () => {
    /** A reader that splits rows on CR, LF or CRLF inside a cell would start a row at each of these lines. */
    const payloads = [
      'Ensure access to justice\r=2+3',
      'Protect defenders\n@SUM(1+1)',
      "Two lines\r\n-2+3\r\n+cmd|' /C calc'!A0",
      'Tabbed\n\tcell',
      '=first\n=second',
      'Blank line\r\n\r\n=HYPERLINK("http://evil.example","x")',
      'Bare CR then LF\n\r=1+1',
    ];
    let bodyId: string;

    beforeAll(async () => {
      const factory = recommendationFactory(ctx);
      bodyId = await factory.bodyId('CED');
      for (const [i, text] of payloads.entries()) {
        await factory.newRecommendation({ bodyId, textFr: `Recommandation ${i}\n=${i}+1`, textEn: text, documentSymbol: 'CED/C/LINES/1', paragraph: String(i + 1) });
      }
    });

    it('CSV: every cell holding a line break is quoted, no cell and no line starts with a trigger, one row per recommendation', async () => {
      const body = (await exportFile('coordinator', { bodyId, format: 'csv', lang: 'en,fr' })).body as Buffer;
      const text = body.subarray(3).toString('utf8');
      // A real CSV reader, strict quoting: as many records as recommendations, none starting with a trigger.
      const rows: string[][] = parse(text);
      expect(rows.length - 1).toBe(payloads.length);
      expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
      for (const cell of rows.flat()) expect(hasTriggerAtLineStart(cell)).toBe(false);
      const en = rows[0]!.indexOf('text_en');
      expect(rows.slice(1).map((r) => r[en]).sort()).toEqual(payloads.map(neutralizeCell).sort());
      // A naive reader (a new row at every CR or LF, quotes ignored) never starts a line with a trigger either.
      for (const line of linesOf(text)) expect(TRIGGERS.includes(line[0] ?? '')).toBe(false);
      // Every field holding a CR or LF is quoted: outside quotes, only the CRLF record delimiters remain.
      expect(text.replace(/"(?:[^"]|"")*"/g, '""').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    });

    it('XLSX: no cell and no line inside a cell starts with a trigger', async () => {
      const xl = await xlsxCells((await exportFile('coordinator', { bodyId, format: 'xlsx', lang: 'en,fr' })).body);
      expect(xl.rows.length - 1).toBe(payloads.length);
      for (const cell of xl.rows.flat()) expect(hasTriggerAtLineStart(cell)).toBe(false);
    });

    it.each(['csv', 'xlsx'])('round trip (%s): the sidh-export preset reads the multi-line texts back unchanged', async (format) => {
      const file = (await exportFile('coordinator', { bodyId, format, lang: 'en,fr' })).body as Buffer;
      const dry = await upload(ctx, tokens['coordinator']!, file, { mapping: { preset: 'sidh-export' }, dryRun: true, fileName: `lines.${format}` });
      expect(dry.status).toBe(200);
      expect(dry.body.report.rejections).toEqual([]);
      expect(dry.body.report.changes).toEqual([]);
      expect(dry.body.counts).toMatchObject({ new: 0, updated: 0, rejected: 0, unchanged: payloads.length });
    });

    // The export now escapes a line that itself starts with `'` and a trigger (`''=x`); the import's
    // unescape (planner.ts, ESCAPE_AT_LINE_START) still drops a `'` only when a trigger follows it.
    // Flip to `it.each` once it drops one before `'*` and a trigger (or uses `restoreCell`).
    describe('texts whose lines themselves start with an apostrophe and a trigger', () => {
      let quotes: string;

      beforeAll(async () => {
        const factory = recommendationFactory(ctx);
        quotes = await factory.bodyId('CMW');
        await factory.newRecommendation({ bodyId: quotes, textFr: "'=déjà échappé\n'-aussi", textEn: "'+quoted", documentSymbol: 'CMW/C/QUOTES/1', paragraph: '1' });
      });

      it.each(['csv', 'xlsx'])('round trip (%s) gives them back', async (format) => {
        const file = (await exportFile('coordinator', { bodyId: quotes, format, lang: 'en,fr' })).body as Buffer;
        const dry = await upload(ctx, tokens['coordinator']!, file, { mapping: { preset: 'sidh-export' }, dryRun: true, fileName: `quotes.${format}` });
        expect(dry.body.report.changes).toEqual([]);
        expect(dry.body.counts).toMatchObject({ new: 0, updated: 0, rejected: 0, unchanged: 1 });
      });
    });
  });

  it.each(['focal', 'validator', 'auditor'])('%s cannot import (403)', async (who) => {
    const res = await upload(ctx, tokens[who]!, Buffer.from('a,b\n1,2\n'), { mapping: { preset: 'didh' }, dryRun: true });
    expect(res.status).toBe(403);
    expect((await request(ctx.http).get('/api/v1/imports').set('Authorization', `Bearer ${tokens[who]}`)).status).toBe(403);
  });

  it.each(['focal', 'validator', 'auditor'])('%s can export', async (who) => {
    expect((await exportFile(who, { format: 'csv' })).status).toBe(200);
  });
});
