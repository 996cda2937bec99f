import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { generateSigningKeyPem } from '../src/audit/checkpoint.js';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { prepareDatabase } from '../src/database/prepare.js';
import { DevMailServer } from '../src/modules/mail/dev-mail.server.js';
import { FACTORY_MAPPING, importCsv } from './factories/import.factory.js';
import { DEMO, DEMO_PASSWORD, TEST_JWT_SECRET, TestDatabase } from './harness.js';

/** One API process of the pair: its own Nest application, HTTP port, pg-boss and capture SMTP server. */
interface Instance {
  name: 'A' | 'B';
  app: NestExpressApplication;
  url: string;
  dataSource: DataSource;
}

/** Per test: generous, since the machine may be busy with other suites (a run takes ~12 s alone). */
const STEP_TIMEOUT = 30_000;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Two API processes on one database (issue "Hardening from an outside attack"): sessions, imports,
 * optimistic concurrency, the audit chain with its signed checkpoints, and the reminder sweep hold
 * when requests land on either instance. Both run the jobs (pg-boss twice on one database).
 */
const serverOnly = process.env['TEST_DATABASE_URL'] ? describe : describe.skip;
serverOnly('multi-instance: two API processes on one database (server PostgreSQL only: PGlite serves one process; skipped without TEST_DATABASE_URL)', () => {
  let db: TestDatabase;
  let anchorDir: string;
  let a: Instance;
  let b: Instance;
  const instances = () => [a, b] as const;

  const start = async (name: 'A' | 'B', env: Record<string, string>): Promise<Instance> => {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DEMO_SEED: 'false', ...env });
    const app = await createApp({ config, databaseUrl: db.url, poolSize: 6, embedded: false, bufferLogs: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return { name, app, url: `http://127.0.0.1:${port}`, dataSource: app.get(DataSource) };
  };

  const login = async (on: Instance, email: string): Promise<string> => {
    const res = await request(on.url).post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${email} on ${on.name}: ${res.status}`);
    return res.body.accessToken as string;
  };
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => a.dataSource.query(sql, params);

  beforeAll(async () => {
    db = await TestDatabase.create();
    anchorDir = mkdtempSync(join(tmpdir(), 'sidh-multi-anchors-'));
    const env = {
      JOBS_ENABLED: 'true',
      DEV_SMTP_PORT: '0',
      AUDIT_ANCHOR_ENABLED: 'true',
      AUDIT_ANCHOR_DIR: anchorDir,
      AUDIT_SIGNING_KEY: generateSigningKeyPem(),
      // The demo campaign's deadline is 30 days away: with 40 days' notice every open contribution is due.
      REMINDER_DAYS_BEFORE: '40',
    };
    a = await start('A', env);
    await prepareDatabase(a.dataSource, { seedReference: true, seedDemo: true });
    b = await start('B', env);
  }, 120_000);

  afterAll(async () => {
    for (const instance of [a, b]) await instance?.app.close().catch(() => undefined);
    await db?.drop();
    if (anchorDir) rmSync(anchorDir, { recursive: true, force: true });
  }, 60_000);

  describe('sessions', () => {
    it('a token issued by A works on B; logout on A refuses it on B at once', async () => {
      const token = await login(a, DEMO.coordinator);
      expect((await request(b.url).get('/api/v1/auth/me').set(auth(token))).status).toBe(200);
      expect((await request(a.url).post('/api/v1/auth/logout').set(auth(token))).status).toBe(204);
      expect((await request(b.url).get('/api/v1/auth/me').set(auth(token))).status).toBe(401);
      expect((await request(b.url).get('/api/v1/recommendations').set(auth(token))).status).toBe(401);
    }, STEP_TIMEOUT);
  });

  describe('import', () => {
    it('dry run and commit started on A; progress read on B until done; the recommendations are visible on B', async () => {
      const coordA = await login(a, DEMO.coordinator);
      const coordB = await login(b, DEMO.coordinator);
      const rows = Array.from({ length: 5 }, (_, i) => ({ code: `MI-${i + 1}`, textFr: `Recommandation multi-instance ${i + 1}`, textAr: `توصية ${i + 1}`, response: 'Accepted' }));
      const csv = importCsv(rows);
      const send = (dryRun: boolean) =>
        request(a.url).post('/api/v1/imports').set(auth(coordA)).attach('file', csv, 'multi.csv').field('mapping', JSON.stringify(FACTORY_MAPPING)).field('dryRun', String(dryRun));
      const totalOnB = async () => (await request(b.url).get('/api/v1/recommendations').query({ pageSize: '1' }).set(auth(coordB))).body.total as number;
      const before = await totalOnB();

      const dry = await send(true);
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ status: 'succeeded', dryRun: true, counts: { new: 5 } });
      expect(await totalOnB()).toBe(before);

      const commit = await send(false);
      expect(commit.status).toBe(202);
      const started = Date.now();
      let job: { status: string; counts: Record<string, number> };
      for (;;) {
        const res = await request(b.url).get(`/api/v1/imports/${commit.body.id}`).set(auth(coordB));
        expect(res.status).toBe(200);
        job = res.body;
        if (job.status !== 'running') break;
        if (Date.now() - started > 30_000) throw new Error('import still running on B after 30 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(job).toMatchObject({ status: 'succeeded', counts: { new: 5 } });
      expect(await totalOnB()).toBe(before + 5);
      const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM recommendation WHERE external_code LIKE 'MI-%'`);
      expect(n).toBe(5);
    }, STEP_TIMEOUT);
  });

  describe('reporting', () => {
    let fpA: string;
    let fpB: string;
    let contributionId: string;

    beforeAll(async () => {
      fpA = await login(a, DEMO.focalJustice);
      fpB = await login(b, DEMO.focalJustice);
      const [row] = await query<{ id: string }>(
        `SELECT c.id FROM contribution c JOIN institution i ON i.id = c.institution_id WHERE i.code = 'MJ' AND c.status = 'draft' ORDER BY c.id LIMIT 1`,
      );
      contributionId = row!.id;
    }, STEP_TIMEOUT);

    it('concurrent PATCHes of one draft from A and B with the same If-Match: exactly one 200, the other 412 concurrency.stale', async () => {
      const current = await request(a.url).get(`/api/v1/contributions/${contributionId}`).set(auth(fpA));
      expect(current.status).toBe(200);
      const etag = current.headers['etag']!;
      const patch = (on: Instance, token: string, measures: string) =>
        request(on.url).patch(`/api/v1/contributions/${contributionId}`).set(auth(token)).set('If-Match', etag).send({ measures });
      const results = await Promise.all([patch(a, fpA, 'Depuis A.'), patch(b, fpB, 'Depuis B.')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const stale = results.find((r) => r.status === 412)!;
      expect(stale.body.code).toBe('concurrency.stale');
      const winner = results.find((r) => r.status === 200)!;
      const seen = await request(b.url).get(`/api/v1/contributions/${contributionId}`).set(auth(fpB));
      expect(seen.body.measures).toBe(winner.body.measures);
      expect(seen.headers['etag']).toBe(winner.headers['etag']);
    }, STEP_TIMEOUT);

    it('a save on A, then the submit transition on B', async () => {
      const current = await request(a.url).get(`/api/v1/contributions/${contributionId}`).set(auth(fpA));
      const saved = await request(a.url)
        .patch(`/api/v1/contributions/${contributionId}`)
        .set(auth(fpA))
        .set('If-Match', current.headers['etag']!)
        .send({ implementationStatus: 'in_progress', measures: 'Mesures prises.' });
      expect(saved.status).toBe(200);
      const submitted = await request(b.url).post(`/api/v1/contributions/${contributionId}/transitions`).set(auth(fpB)).send({ action: 'submit' });
      expect(submitted.status).toBe(200);
      expect(submitted.body.status).not.toBe('draft');
      const seen = await request(a.url).get(`/api/v1/contributions/${contributionId}`).set(auth(fpA));
      expect(seen.body.status).toBe(submitted.body.status);
    }, STEP_TIMEOUT);
  });

  describe('audit', () => {
    let auditorA: string;
    let auditorB: string;

    beforeAll(async () => {
      auditorA = await login(a, DEMO.auditor);
      auditorB = await login(b, DEMO.auditor);
    }, STEP_TIMEOUT);

    it('20 writes on each instance, interleaved: the chain is intact on both, ids gap-free, one event per successful write', async () => {
      const coord = { A: await login(a, DEMO.coordinator), B: await login(b, DEMO.coordinator) };
      const ids = (await query<{ id: string }>(`SELECT id FROM recommendation ORDER BY id LIMIT 40`)).map((r) => r.id);
      expect(ids).toHaveLength(40);
      const [{ max: before }] = await query<{ max: string }>(`SELECT coalesce(max(id), 0)::text AS max FROM audit_event`);

      const write = async (on: Instance, id: string, n: number) => {
        const current = await request(on.url).get(`/api/v1/recommendations/${id}`).set(auth(coord[on.name]));
        return request(on.url)
          .patch(`/api/v1/recommendations/${id}`)
          .set(auth(coord[on.name]))
          .set('If-Match', current.headers['etag']!)
          .send({ textEn: `Multi-instance write ${n}` });
      };
      const results = await Promise.all(ids.map((id, n) => write(n % 2 === 0 ? a : b, id, n)));
      const ok = results.filter((r) => r.status === 200).length;
      expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));

      const events = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_event WHERE id > $1 AND entity_type = 'recommendation' AND entity_id = ANY($2::text[])`,
        [before, ids],
      );
      expect(events[0]!.n).toBe(ok);
      const [gaps] = await query<{ min: string; max: string; n: string }>(`SELECT min(id)::text AS min, max(id)::text AS max, count(*)::text AS n FROM audit_event`);
      expect(gaps!.min).toBe('1');
      expect(gaps!.n).toBe(gaps!.max);

      for (const [on, token] of [[a, auditorA], [b, auditorB]] as const) {
        const verify = await request(on.url).get('/api/v1/audit/verify').set(auth(token));
        expect(verify.status).toBe(200);
        expect(verify.body).toMatchObject({ intact: true, firstBrokenEventId: null });
      }
    }, STEP_TIMEOUT);

    it('a checkpoint signed on A matches when verified on B', async () => {
      const coordA = await login(a, DEMO.coordinator);
      const signed = await request(a.url).post('/api/v1/audit/checkpoints').set(auth(coordA)).send({});
      expect(signed.status).toBe(201);
      const verify = await request(b.url).get('/api/v1/audit/verify').set(auth(auditorB));
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ intact: true, matchesCheckpoint: true, checkpoint: { signatureValid: true } });
      const list = await request(b.url).get('/api/v1/audit/checkpoints').set(auth(auditorB));
      expect(list.status).toBe(200);
      expect(list.body.items.every((c: { signatureValid: boolean }) => c.signatureValid)).toBe(true);
    }, STEP_TIMEOUT);
  });

  describe('reminders', () => {
    it('the sweep run on both instances at once sends nothing twice', async () => {
      const admin = { A: await login(a, DEMO.admin), B: await login(b, DEMO.admin) };
      const [{ n: open }] = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id WHERE cp.status = 'open' AND c.status IN ('draft', 'returned')`,
      );
      expect(open).toBeGreaterThan(0);
      const [{ n: outboxBefore }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox`);
      const run = (on: Instance) => request(on.url).post('/api/v1/dev/reminders/run').set(auth(admin[on.name])).send({});
      const [ra, rb] = await Promise.all([run(a), run(b)]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      // A job on either instance may also have swept meanwhile; together, every open contribution is reminded once.
      const [{ n: reminders }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM reminder WHERE kind = 'due_soon'`);
      expect(reminders).toBe(open);
      expect(ra.body.reminders + rb.body.reminders).toBeLessThanOrEqual(open);
      const [dupes] = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT recipient, body FROM mail_outbox GROUP BY recipient, body HAVING count(*) > 1) d`,
      );
      expect(dupes!.n).toBe(0);
      const [{ n: outboxAfter }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox`);
      const queued = outboxAfter - outboxBefore;
      expect(queued).toBeGreaterThan(0);

      // Both instances drain the shared outbox: every mail reaches exactly one capture server, once.
      const started = Date.now();
      for (;;) {
        const [{ n: pending }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE status <> 'sent'`);
        if (pending === 0) break;
        if (Date.now() - started > 20_000) throw new Error(`${pending} mails still unsent after 20 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const [{ n: sent }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'sent'`);
      const mails = instances().flatMap((i) => i.app.get(DevMailServer).messages());
      expect(mails.length).toBe(sent);
      const keys = mails.map((m) => `${m.to.join(',')}|${m.subject}|${m.text}`);
      expect(new Set(keys).size).toBe(keys.length);
    }, STEP_TIMEOUT);
  });
});
