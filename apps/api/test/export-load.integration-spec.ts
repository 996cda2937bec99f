import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import request from 'supertest';
import { AuditWriter, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import type { AuthUser } from '../src/common/auth-user.js';
import { one } from '../src/database/sql.js';
import { RecommendationsExportService, sheetSink } from '../src/modules/recommendations/recommendations-export.service.js';
import { RecommendationsRepository } from '../src/modules/recommendations/recommendations.repository.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

const BATCH = 500;

/** Holds every export at its next batch until `open()`; counts the batches asked for. */
function gateExportBatches(ctx: TestContext) {
  const repo = ctx.app.get(RecommendationsRepository);
  const original = repo.exportBatch;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const gate = { calls: 0, open: () => open(), restore: () => void (repo.exportBatch = original) };
  repo.exportBatch = async function (this: RecommendationsRepository, ...args: Parameters<RecommendationsRepository['exportBatch']>) {
    gate.calls++;
    await opened;
    return original.apply(this, args);
  };
  return gate;
}

/** A client that stops reading: accepts up to its buffer, then holds every write until `resume()`. */
class StalledDestination extends Writable {
  readonly headers: Record<string, string> = {};
  readonly chunks: Buffer[] = [];
  private held: (() => void) | null = null;
  private flowing = false;

  constructor() {
    super({ highWaterMark: 16 * 1024 });
  }

  setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  get headersSent(): boolean {
    return this.chunks.length > 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk);
    if (this.flowing) callback();
    else this.held = callback;
  }

  resume(): void {
    this.flowing = true;
    this.held?.();
    this.held = null;
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until `count()` has not moved for `quietMs`. */
async function settled(count: () => number, quietMs = 1500): Promise<number> {
  let last = count();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    if (count() === last) return last;
    last = count();
  }
}

/**
 * Heavy exports: at most EXPORT_MAX_CONCURRENT per user (429) and EXPORT_MAX_CONCURRENT_TOTAL per
 * process (503), both with Retry-After; an abandoned download frees its slot at once; a client that
 * stops reading stops the export (bounded memory) instead of letting the file pile up in the server.
 */
describe('export under load', () => {
  let ctx: TestContext;
  let exporter: RecommendationsExportService;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    // Listening once for the whole file: supertest and the raw client below share the port.
    await new Promise<void>((resolve) => ctx.http.listen(0, '127.0.0.1', () => resolve()));
    exporter = ctx.app.get(RecommendationsExportService);
    for (const [k, email] of Object.entries({ coordinator: DEMO.coordinator, focal: DEMO.focalJustice, validator: DEMO.validatorJustice })) tokens[k] = await ctx.login(email);
  });
  afterAll(() => ctx?.close());
  afterEach(() => until(() => exporter.running === 0, 'every export to end'));

  const exportFile = (who: string, format = 'csv') =>
    request(ctx.http).get('/api/v1/recommendations/export').query({ format }).set('Authorization', `Bearer ${tokens[who]}`).buffer(true);

  it('a user starting a third export while two run gets 429 with Retry-After; the two others complete', async () => {
    const gate = gateExportBatches(ctx);
    try {
      const three = [0, 1, 2].map(() => exportFile('coordinator').then((res) => res));
      const first = await Promise.race(three);
      expect(first.status).toBe(429);
      expect(first.headers['retry-after']).toBe('5');
      expect(first.body).toMatchObject({ status: 429, code: 'common.too_many_requests', details: { retryAfterSeconds: 5 } });
      expect(first.headers['content-disposition']).toBeUndefined();
      expect(exporter.running).toBe(2);
      gate.open();
      const statuses = (await Promise.all(three)).map((res) => res.status).sort();
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      gate.restore();
    }
  });

  it('beyond EXPORT_MAX_CONCURRENT_TOTAL exports in the process, another user gets 503 with Retry-After', async () => {
    const gate = gateExportBatches(ctx);
    try {
      const running = ['coordinator', 'coordinator', 'focal', 'focal'].map((who) => exportFile(who).then((res) => res));
      await until(() => exporter.running === 4, 'four exports to run');
      const refused = await exportFile('validator');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body).toMatchObject({ status: 503, code: 'common.service_unavailable' });
      gate.open();
      expect((await Promise.all(running)).map((res) => res.status)).toEqual([200, 200, 200, 200]);
      expect((await exportFile('validator')).status).toBe(200);
    } finally {
      gate.restore();
    }
  });

  it.each(['csv', 'xlsx'])('a client that aborts a %s download mid-way frees its slot at once', async (format) => {
    const gate = gateExportBatches(ctx);
    try {
      const other = exportFile('coordinator', format).then((res) => res);
      await until(() => exporter.running === 1, 'the first export to run');
      const { port } = ctx.http.address() as AddressInfo;
      // The headers and the first bytes arrive (the file has started), then the client goes away.
      const aborted = new Promise<number>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: `/api/v1/recommendations/export?format=${format}`, headers: { Authorization: `Bearer ${tokens['coordinator']}` } }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve(res.statusCode!);
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      });
      expect(await aborted).toBe(200);
      await until(() => exporter.running === 1, 'the aborted export to free its slot');
      // Both slots of the user are free again but one: a new export is accepted while the first still runs.
      const again = exportFile('coordinator', format).then((res) => res);
      await until(() => exporter.running === 2, 'the new export to run');
      gate.open();
      expect((await Promise.all([other, again])).map((res) => res.status)).toEqual([200, 200]);
    } finally {
      gate.restore();
    }
  });

  it("finds the XLSX writer's internal buffer, so that an export also waits for the compression (guards an exceljs upgrade)", () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Recommendations');
    sheet.getRow(1).commit();
    const sink = sheetSink(sheet);
    expect(sink).toBeDefined();
    expect(sink!._writableState.needDrain).toBe(false);
  });

  describe('with more recommendations than a few batches', () => {
    let coordinator: AuthUser;
    let total: number;

    beforeAll(async () => {
      // Copies of the demo recommendations, in one audited statement, so that the export takes many batches.
      await ctx.dataSource.transaction(async (manager) => {
        await ctx.app.get(AuditWriter).append(manager, SYSTEM_ACTOR, { action: 'test.bulk_insert', entityType: 'dataset', entityId: 'export-load', changes: {} });
        await manager.query(
          `INSERT INTO recommendation (mechanism, body_id, review_id, document_symbol, paragraph, external_code, text_ar, text_fr, text_en, response, status)
           SELECT r.mechanism, r.body_id, r.review_id, 'LOAD/' || g, r.paragraph, r.external_code, r.text_ar, r.text_fr, r.text_en, r.response, r.status
             FROM generate_series(1, 25) g CROSS JOIN recommendation r`,
        );
      });
      total = (await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM recommendation`)).n;
      const row = await one<{ id: string; email: string; name: string; role: AuthUser['role']; institutionId: string | null; locale: AuthUser['locale'] }>(
        ctx.dataSource,
        `SELECT id, email, name, role, institution_id, locale FROM app_user WHERE email = $1`,
        [DEMO.coordinator],
      );
      coordinator = { ...row, sessionId: 'test' };
    });

    it.each(['csv', 'xlsx'])('%s: a client that stops reading stops the export after a batch or two, and it resumes when the client reads', async (format) => {
      expect(total).toBeGreaterThan(20 * BATCH);
      const repo = ctx.app.get(RecommendationsRepository);
      const original = repo.exportBatch;
      let batches = 0;
      repo.exportBatch = function (this: RecommendationsRepository, ...args: Parameters<RecommendationsRepository['exportBatch']>) {
        batches++;
        return original.apply(this, args);
      };
      const out = new StalledDestination();
      try {
        const done = exporter.export({ format: format as 'csv' | 'xlsx', lang: 'ar,fr,en' }, coordinator, out);
        // Without back-pressure every batch would be rendered into memory while the client waits.
        expect(await settled(() => batches)).toBeLessThanOrEqual(6);
        out.resume();
        await done;
        expect(batches).toBe(Math.floor(total / BATCH) + 1);
        const file = Buffer.concat(out.chunks);
        if (format === 'csv') {
          expect(parse(file.subarray(3).toString('utf8')).length - 1).toBe(total);
        } else {
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load(file as unknown as ArrayBuffer);
          expect(workbook.worksheets[0]!.rowCount - 1).toBe(total);
        }
      } finally {
        repo.exportBatch = original;
        if (!out.writableFinished) out.destroy();
      }
    });

    it.each(['csv', 'xlsx'])('%s: a stalled client that goes away ends the export and frees the slot', async (format) => {
      const out = new StalledDestination();
      const done = exporter.export({ format: format as 'csv' | 'xlsx' }, coordinator, out);
      await until(() => out.chunks.length > 0, 'the first bytes');
      out.destroy();
      await done;
      expect(exporter.running).toBe(0);
    });
  });
});
