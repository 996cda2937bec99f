import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { EXCHANGE_HEADERS, EXCHANGE_VALUE_LABELS, type ExchangeLang } from '@sidh/domain';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { counts, upload } from './import-helpers.js';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function xlsxRows(buffer: Buffer): Promise<{ rows: string[][]; rtl: boolean; sheet: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return { rows, rtl: !!(ws.views[0] as { rightToLeft?: boolean } | undefined)?.rightToLeft, sheet: ws.name };
}

const csvRows = (body: Buffer): string[][] => parse(body.subarray(3).toString('utf8'));

/** What the export writes for the Justice ministry (MJ) and a status, per language. */
const EXPECTED: Record<ExchangeLang, { institution: string; sheet: string }> = {
  ar: { institution: 'العدل', sheet: 'التوصيات' },
  fr: { institution: 'Justice', sheet: 'Recommandations' },
  en: { institution: 'Ministry of Justice', sheet: 'Recommendations' },
};

/**
 * Exports a ministry can read (issue 10, item 8): `labels=ar|fr|en` gives headers and values in
 * that language, `codes=true` adds the code columns; either file imports back with the
 * `sidh-export` preset and changes nothing (CSV and XLSX, in the three languages).
 */
describe('export in the language of the reader, and back', () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    token = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterAll(() => ctx?.close());

  const exportFile = async (query: Record<string, string>): Promise<Buffer> => {
    const res = await request(ctx.http).get('/api/v1/recommendations/export').query(query).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };

  it.each(['ar', 'fr', 'en'] as const)('CSV with labels=%s: headers, statuses, responses, mechanisms, bodies and institutions in that language; no code column', async (lang) => {
    const rows = csvRows(await exportFile({ format: 'csv', lang: 'ar,fr,en', labels: lang }));
    const h = EXCHANGE_HEADERS[lang];
    const words = EXCHANGE_VALUE_LABELS[lang];
    expect(rows[0]).toEqual([
      h.documentSymbol, h.paragraph, h.externalCode, h.textAr, h.textFr, h.textEn, h.mechanism, h.body, h.review, h.response,
      h.recommendingStates, h.themes, h.sdgTargets, h.institutions, h.status, h.kind,
    ]);
    const col = (name: string) => rows[0]!.indexOf(name);
    const data = rows.slice(1);
    const statusLabels = new Set<string>(Object.values(words.status));
    expect(data.every((r) => statusLabels.has(r[col(h.status)]!))).toBe(true);
    expect(new Set(data.map((r) => r[col(h.mechanism)]))).toEqual(new Set([words.mechanism.UPR]));
    expect(data.some((r) => r[col(h.response)] === words.response.supported)).toBe(true);
    expect(data.some((r) => r[col(h.institutions)]!.split(' | ').includes(EXPECTED[lang].institution))).toBe(true);
    expect(data.every((r) => !/^(not_started|in_progress|implemented|continuous)$/.test(r[col(h.status)]!))).toBe(true);
    for (const code of ['status', 'body', 'institutions']) expect(rows[0]).not.toContain(code);
  });

  it('codes=true adds the code columns at the end, named as the exchange format', async () => {
    const rows = csvRows(await exportFile({ format: 'csv', lang: 'fr', labels: 'fr', codes: 'true' }));
    expect(rows[0]!.slice(-9)).toEqual(['mechanism', 'body', 'review', 'response', 'recommending_states', 'themes', 'institutions', 'status', 'kind']);
    const col = (name: string) => rows[0]!.indexOf(name);
    const justice = rows.slice(1).find((r) => r[col('institutions')]!.split(' | ').includes('MJ'))!;
    expect(justice[col(EXCHANGE_HEADERS.fr.institutions)]!.split(' | ')).toContain('Justice');
    expect(rows.slice(1).every((r) => /^[A-Z]{2}( \| [A-Z]{2})*$|^$/.test(r[col('recommending_states')]!))).toBe(true);
    expect(rows.slice(1).some((r) => r[col('recommending_states')] !== '')).toBe(true);
    expect(rows.slice(1).every((r) => r[col('body')] === 'UPR' && r[col('review')]!.startsWith('MAR-UPR-'))).toBe(true);
  });

  it('XLSX with labels=ar: Arabic headers, right-to-left sheet named in Arabic; labels=fr: left-to-right', async () => {
    const ar = await xlsxRows(await exportFile({ format: 'xlsx', lang: 'ar,fr', labels: 'ar' }));
    expect(ar.rtl).toBe(true);
    expect(ar.sheet).toBe(EXPECTED.ar.sheet);
    expect(ar.rows[0]![0]).toBe(EXCHANGE_HEADERS.ar.documentSymbol);
    const fr = await xlsxRows(await exportFile({ format: 'xlsx', lang: 'ar', labels: 'fr' }));
    expect(fr.rtl).toBe(false);
    expect(fr.sheet).toBe(EXPECTED.fr.sheet);
  });

  it('refuses an unknown labels language: 400 naming the parameter', async () => {
    const res = await request(ctx.http).get('/api/v1/recommendations/export').query({ labels: 'de' }).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('labels');
  });

  describe.each(['csv', 'xlsx'] as const)('round trip (%s)', (format) => {
    it.each([
      ['ar', false],
      ['fr', false],
      ['en', false],
      ['fr', true],
    ] as const)('export with labels=%s (codes: %s), import back with sidh-export → every recommendation recognised and unchanged', async (lang, codes) => {
      const before = await counts(ctx);
      const file = await exportFile({ format, lang: 'ar,fr,en', labels: lang, ...(codes ? { codes: 'true' } : {}) });
      const res = await upload(ctx, token, file, { mapping: { preset: 'sidh-export' }, dryRun: true, fileName: `matrix-${lang}.${format}` });
      expect(res.status).toBe(200);
      expect(res.body.report.rejections.slice(0, 3)).toEqual([]);
      expect(res.body.report.unknownLabels).toEqual([]);
      expect(res.body.report.changes.slice(0, 3)).toEqual([]);
      expect(res.body.counts).toMatchObject({ new: 0, updated: 0, rejected: 0, unchanged: before.recs });
      expect(await counts(ctx)).toEqual(before);
    });
  });
});
