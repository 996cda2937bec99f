import { randomUUID } from 'node:crypto';
import { createApp } from '../src/bootstrap.js';
import { execute, one } from '../src/database/sql.js';
import { ImportsRepository } from '../src/modules/imports/imports.repository.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { counts, upload } from './import-helpers.js';
import { deflatedRun, lyingXlsx } from './xlsx-builder.js';

const MAPPING = { preset: 'custom', fields: { externalCode: { column: 'code' }, 'text.fr': { column: 'text_fr' } }, defaults: { mechanism: 'UPR' } };
const MB = 1024 * 1024;

/** Hardening of imports against an outside attacker (hostile archives, floods, a second instance). */
describe('import hardening: an XLSX whose entries lie about their size cannot exhaust memory', () => {
  let ctx: TestContext;
  let token: string;
  let run: { bytes: Buffer; crc: number };

  beforeAll(async () => {
    ctx = await createTestApp({ env: { UPLOAD_DIR: `tmp/uploads-hardening-${process.pid}` } });
    token = await ctx.login(DEMO.coordinator);
    // 1.5 GB of XML inflated from ~1.5 MB, never held inflated here.
    run = await deflatedRun('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>', 1_500_000_000);
  }, 120_000);
  afterAll(() => ctx?.close());

  it('the honest workbook (same builder) imports', async () => {
    const res = await upload(ctx, token, lyingXlsx('xl/sharedStrings.xml'), { mapping: MAPPING, dryRun: true, fileName: 'honest.xlsx' });
    expect(res.status).toBe(200);
    expect(res.body.counts).toMatchObject({ new: 1, rejected: 0 });
  });

  it.each(['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml'] as const)(
    '%s declares 2,000 bytes (both headers) but inflates to 1.5 GB → 422 import.archive_rejected naming it; memory stays bounded',
    async (entry) => {
      const file = lyingXlsx(entry, run, 2000);
      expect(file.length).toBeLessThan(2 * MB);
      const before = { ...(await counts(ctx)), jobs: (await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM import_job`)).n };
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
      let res;
      try {
        // Three at once: before the fix, this alone exhausted the heap.
        res = await Promise.all([0, 1, 2].map(() => upload(ctx, token, file, { mapping: MAPPING, dryRun: true, fileName: 'lying.xlsx' })));
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      expect({ rssGrowthMb: Math.round((peak - rss0) / MB), under200: peak - rss0 < 200 * MB }).toMatchObject({ under200: true });
      for (const r of res) {
        if (r.status === 503) continue; // the parse limit (IMPORT_MAX_CONCURRENT_PARSES=2) may refuse the third
        expect({ status: r.status, code: r.body.code, entry: r.body.details?.entry }).toEqual({ status: 422, code: 'import.archive_rejected', entry });
      }
      expect(res.filter((r) => r.status === 422).length).toBeGreaterThanOrEqual(2);
      expect({ ...(await counts(ctx)), jobs: (await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM import_job`)).n }).toEqual(before);
    },
    120_000,
  );
});

describe('import hardening: at most IMPORT_MAX_CONCURRENT_PARSES files are read at once', () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { UPLOAD_DIR: `tmp/uploads-parses-${process.pid}`, IMPORT_MAX_CONCURRENT_PARSES: '1' } });
    token = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterAll(() => ctx?.close());

  const csv = (rows: number) => Buffer.from('code,text_fr\n' + Array.from({ length: rows }, (_, i) => `H${i},Texte de la recommandation ${i}`).join('\n') + '\n');

  it('concurrent uploads beyond the limit → 503 common.service_unavailable with Retry-After; the slots are freed (also by a refused file)', async () => {
    const file = csv(40_000);
    const res = await Promise.all([0, 1, 2, 3].map(() => upload(ctx, token, file, { mapping: MAPPING, dryRun: true, fileName: 'many.csv' })));
    const refused = res.filter((r) => r.status === 503);
    expect(res.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(r.body.code).toBe('common.service_unavailable');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    // A file refused by the reader (422) frees its slot too: with one slot, the next upload is read.
    for (let i = 0; i < 3; i++) expect((await upload(ctx, token, Buffer.from('code;text_fr\n'), { mapping: MAPPING, dryRun: true, fileName: 'bad.csv' })).status).toBe(422);
    expect((await upload(ctx, token, csv(10), { mapping: MAPPING, dryRun: true, fileName: 'ok.csv' })).status).toBe(200);
  }, 120_000);
});

describe('import hardening: a second instance starting during an import does not mark it failed', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { UPLOAD_DIR: `tmp/uploads-lease-${process.pid}` }, seedDemo: false });
  }, 120_000);
  afterAll(() => ctx?.close());

  /** A job as a live (fresh heartbeat) or dead (stale heartbeat) instance leaves it. */
  async function runningJob(heartbeatAgeSeconds: number | null): Promise<string> {
    const row = await one<{ id: string }>(
      ctx.dataSource,
      `INSERT INTO import_job (file_name, stored_name, sha256, size_bytes, format, mapping, dry_run, status, heartbeat_at, lease_owner)
       VALUES ('x.csv', $1, repeat('0', 64), 1, 'csv', '{}'::jsonb, false, 'running', CASE WHEN $2::int IS NULL THEN NULL ELSE now() - make_interval(secs => $2::int) END, $3)
       RETURNING id`,
      [`${randomUUID()}.csv`, heartbeatAgeSeconds, randomUUID()],
    );
    return row.id;
  }
  const statusOf = async (id: string) => (await one<{ status: string; code: string | null }>(ctx.dataSource, `SELECT status, error->>'code' AS code FROM import_job WHERE id = $1`, [id]));

  it('the start-up sweep marks failed only the jobs whose lease expired', async () => {
    const fresh = await runningJob(2);
    const stale = await runningJob(ctx.config.IMPORT_LEASE_SECONDS + 30);
    const legacy = await runningJob(null);
    const n = await ctx.app.get(ImportsRepository).failInterrupted(ctx.config.IMPORT_LEASE_SECONDS);
    expect(n).toBe(2);
    expect(await statusOf(fresh)).toEqual({ status: 'running', code: null });
    expect(await statusOf(stale)).toEqual({ status: 'failed', code: 'import.interrupted' });
    expect(await statusOf(legacy)).toEqual({ status: 'failed', code: 'import.interrupted' });
    await execute(ctx.dataSource, `UPDATE import_job SET status = 'succeeded', finished_at = now() WHERE id = $1 RETURNING id`, [fresh]);
  });

  const serverOnly = process.env['TEST_DATABASE_URL'] ? it : it.skip;
  serverOnly('a second API instance starting on the same database (server engine) leaves a live job running, fails a dead one', async () => {
    const live = await runningJob(1);
    const dead = await runningJob(ctx.config.IMPORT_LEASE_SECONDS * 2);
    const url = (ctx.dataSource.options as { url: string }).url;
    const second = await createApp({ config: ctx.config, databaseUrl: url, poolSize: 2, embedded: false, bufferLogs: false });
    try {
      await second.init();
      expect(await statusOf(live)).toEqual({ status: 'running', code: null });
      expect(await statusOf(dead)).toEqual({ status: 'failed', code: 'import.interrupted' });
    } finally {
      await second.close();
    }
  });

  serverOnly('a heartbeat renews an expired lease: the job is no longer swept', async () => {
    const repo = ctx.app.get(ImportsRepository);
    const id = await runningJob(ctx.config.IMPORT_LEASE_SECONDS * 2);
    const owner = randomUUID();
    await repo.heartbeat(id, owner);
    expect(await repo.failInterrupted(ctx.config.IMPORT_LEASE_SECONDS)).toBe(0);
    expect((await one<{ leaseOwner: string }>(ctx.dataSource, `SELECT lease_owner FROM import_job WHERE id = $1`, [id])).leaseOwner).toBe(owner);
  });
});
