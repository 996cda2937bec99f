import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { execute, one } from '../src/database/sql.js';
import { ImportsRepository } from '../src/modules/imports/imports.repository.js';
import { ImportsService, JOB_IMPORT_COMMIT } from '../src/modules/imports/imports.service.js';
import { JobsService } from '../src/modules/jobs/jobs.service.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { addUser, counts, FIXTURES, upload, waitForImport } from './import-helpers.js';

/**
 * Commits as pg-boss jobs (issue 11): with the scheduler running, `POST /imports` answers 202 and
 * queues the commit (queue `import-commit`); a worker claims the import record, commits, and writes
 * progress and outcome there, so any instance reports it. A worker on another instance (without the
 * plan) reads the stored file again (SHA-256 checked) and plans it again. A record already claimed,
 * finished or failed by the start-up sweep is left alone: nothing is written twice, nothing half.
 */
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
const csv = (prefix: string, n: number) =>
  Buffer.from(['code;text_fr;response', ...Array.from({ length: n }, (_, i) => `${prefix}-${i + 1};Recommandation ${prefix} numéro ${i + 1};Accepted`)].join('\n'));

describe('import commits through pg-boss', () => {
  let ctx: TestContext;
  let token: string;
  let jobs: JobsService;
  let actor: { userId: string; role: string; institutionId: null; requestId: null; ip: null };

  const jobState = async (id: string) => {
    const started = Date.now();
    for (;;) {
      const row = await one<{ state: string } | undefined>(ctx.dataSource, `SELECT (SELECT state FROM pgboss.job WHERE id = $1) AS state`, [id]);
      if (row?.state === 'completed' || row?.state === 'failed') return row.state;
      if (Date.now() - started > 30_000) throw new Error(`pg-boss job ${id}: ${row?.state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** An import record as the instance that queued a commit leaves it: `running`, unclaimed (no lease owner), copied from a dry run. */
  const queuedLike = async (dryRunId: string, heartbeat = 'now()') =>
    one<{ id: string }>(
      ctx.dataSource,
      `INSERT INTO import_job (created_by_id, file_name, stored_name, sha256, size_bytes, format, encoding, delimiter, mapping, dry_run, status, total_rows, processed_rows, counts, report, heartbeat_at)
       SELECT created_by_id, file_name, stored_name, sha256, size_bytes, format, encoding, delimiter, mapping, false, 'running', total_rows, 0, counts, report, ${heartbeat}
         FROM import_job WHERE id = $1 RETURNING id`,
      [dryRunId],
    ).then((r) => r.id);
  const previewAndDryRun = async (bytes: Buffer, name: string) => {
    const p = await request(ctx.http).post('/api/v1/imports/preview').set('Authorization', `Bearer ${token}`).attach('file', bytes, name);
    expect(p.status).toBe(200);
    const dry = await request(ctx.http).post('/api/v1/imports').set('Authorization', `Bearer ${token}`).field('uploadId', p.body.uploadId).field('mapping', JSON.stringify(MAPPING)).field('dryRun', 'true');
    expect(dry.status).toBe(200);
    return { uploadId: p.body.uploadId as string, dry: dry.body };
  };

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    await addUser(ctx, DEMO.coordinator, 'coordinator');
    token = await ctx.login(DEMO.coordinator);
    const { id } = await one<{ id: string }>(ctx.dataSource, `SELECT id FROM app_user WHERE email = $1`, [DEMO.coordinator]);
    actor = { userId: id, role: 'coordinator', institutionId: null, requestId: null, ip: null };
    jobs = ctx.app.get(JobsService);
    await jobs.start();
  }, 120_000);
  afterAll(async () => {
    await jobs?.stop();
    await ctx?.close();
  });

  it('a commit is queued (202) and run by a worker: the pg-boss job completed, the import record succeeded with its progress and its worker as lease owner', async () => {
    expect(jobs.running).toBe(true);
    const before = await counts(ctx);
    const res = await upload(ctx, token, csv('PB', 30), { fileName: 'pgboss.csv', mapping: MAPPING, dryRun: false });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('running');
    const done = await waitForImport(ctx, token, res.body.id);
    expect(done).toMatchObject({ status: 'succeeded', processedRows: 30, totalRows: 30, counts: { new: 30, rejected: 0 } });
    const job = await one<{ state: string; n: number }>(ctx.dataSource, `SELECT state, count(*) OVER ()::int AS n FROM pgboss.job WHERE name = $1 AND data->>'importId' = $2`, [JOB_IMPORT_COMMIT, res.body.id]);
    expect(job).toEqual({ state: 'completed', n: 1 });
    const record = await one<{ leaseOwner: string; processedRows: number }>(ctx.dataSource, `SELECT lease_owner, processed_rows FROM import_job WHERE id = $1`, [res.body.id]);
    expect(record).toEqual({ leaseOwner: ctx.app.get(ImportsService).instanceId, processedRows: 30 });
    expect((await counts(ctx)).recs).toBe(before.recs + 30);
  });

  it('the commit of a plan made elsewhere: the worker reads the stored file (by uploadId) and plans it again, same counts as the dry run', async () => {
    const { uploadId, dry } = await previewAndDryRun(csv('AW', 12), 'ailleurs.csv');
    const importId = await queuedLike(dry.id);
    const before = await counts(ctx);
    const sent = await jobs.send(JOB_IMPORT_COMMIT, { importId, uploadId, actor });
    expect(await jobState(sent!)).toBe('completed');
    const done = await waitForImport(ctx, token, importId);
    expect(done).toMatchObject({ status: 'succeeded', processedRows: 12, counts: { new: 12, rejected: 0 } });
    expect(done.counts).toEqual(dry.counts);
    const after = await counts(ctx);
    expect(after.recs).toBe(before.recs + 12);
    expect(after.links).toBe(before.links + 12);
    const audited = await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM audit_event WHERE actor_id = $1 AND changes #>> '{importId,after}' = $2`, [actor.userId, importId]);
    expect(audited.n).toBe(12);

    // Delivered again (a duplicate job): the record is no longer unclaimed, nothing is written twice.
    const again = await jobs.send(JOB_IMPORT_COMMIT, { importId, uploadId, actor });
    expect(await jobState(again!)).toBe('completed');
    expect(await counts(ctx)).toEqual(after);
    expect((await waitForImport(ctx, token, importId)).status).toBe('succeeded');
  });

  it('a stored file changed since it was planned: the queued commit fails naming the conflict, nothing written', async () => {
    const { uploadId, dry } = await previewAndDryRun(csv('TA', 5), 'altere.csv');
    await execute(ctx.dataSource, `UPDATE import_upload SET content = overlay(content placing '\\x58'::bytea from 1 for 1) WHERE id = $1 RETURNING id`, [uploadId]);
    const importId = await queuedLike(dry.id);
    const before = await counts(ctx);
    expect(await jobState((await jobs.send(JOB_IMPORT_COMMIT, { importId, uploadId, actor }))!)).toBe('completed');
    const done = await waitForImport(ctx, token, importId);
    expect(done).toMatchObject({ status: 'failed', processedRows: 0, error: { code: 'common.conflict' } });
    expect(await counts(ctx)).toEqual(before);
  });

  it('a queued commit whose lease expired (its instance stopped) is failed by the start-up sweep, and its job then writes nothing', async () => {
    const { uploadId, dry } = await previewAndDryRun(csv('KI', 4), 'interrompu.csv');
    const importId = await queuedLike(dry.id, `now() - interval '1 hour'`);
    expect(await ctx.app.get(ImportsRepository).failInterrupted(ctx.config.IMPORT_LEASE_SECONDS)).toBe(1);
    const before = await counts(ctx);
    expect(await jobState((await jobs.send(JOB_IMPORT_COMMIT, { importId, uploadId, actor }))!)).toBe('completed');
    const done = await waitForImport(ctx, token, importId);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'import.interrupted' } });
    expect(await counts(ctx)).toEqual(before);
  });

  it('without the scheduler (JOBS_ENABLED=false, the CLI) the commit runs in the process that planned it, as before', async () => {
    await jobs.stop();
    try {
      const res = await upload(ctx, token, readFileSync(path.join(FIXTURES, 'ok/utf8-semicolon.csv')), { mapping: MAPPING, dryRun: false });
      expect(res.status).toBe(202);
      const done = await waitForImport(ctx, token, res.body.id);
      expect(done.status).toBe('succeeded');
      const queued = await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'importId' = $1`, [res.body.id]);
      expect(queued.n).toBe(0);
    } finally {
      await jobs.start();
    }
  });
});
