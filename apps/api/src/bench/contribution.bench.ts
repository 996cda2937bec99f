/**
 * Contribution save benchmark: N concurrent focal points each saving their own draft
 * (GET once for the ETag, then PATCH with If-Match in a loop), on server PostgreSQL in a fresh
 * database. Prints p50/p95/p99 latency and writes/s, and checks that every acknowledged save has
 * exactly one audit event.
 *   npm run bench:contributions   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *                                  BENCH_WRITERS=20, BENCH_SECONDS=15)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../bootstrap.js';
import { loadConfig } from '../config/app-config.js';
import { prepareDatabase } from '../database/prepare.js';

const SERVER = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WRITERS = Number(process.env['BENCH_WRITERS'] ?? 20);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const out = (line: string) => process.stdout.write(line + '\n');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

async function main(): Promise<void> {
  const name = `sidh_bench_contrib_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('hex'), JOBS_ENABLED: 'false' });
  const app = await createApp({ config, databaseUrl: url.toString(), poolSize: 20, bufferLogs: false });
  await app.init();
  const dataSource = app.get(DataSource);
  try {
    await prepareDatabase(dataSource, { seedReference: true, seedDemo: true });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    // One focal point per writer, each with its own draft of the demo campaign.
    const drafts: Array<{ id: string; institution_id: string }> = await dataSource.query(
      `SELECT c.id, c.institution_id FROM contribution c WHERE c.status = 'draft' ORDER BY c.id LIMIT $1`,
      [WRITERS],
    );
    if (drafts.length < WRITERS) throw new Error(`only ${drafts.length} drafts for ${WRITERS} writers`);
    await dataSource.transaction(async (m) => {
      for (let i = 0; i < WRITERS; i += 1) {
        await m.query(
          `INSERT INTO app_user (email, name, role, institution_id, locale, password_hash) SELECT $1, $2, 'focal_point', $3, 'fr', password_hash FROM app_user WHERE email = 'focal.justice@demo.sidh'`,
          [`bench${i}@demo.sidh`, `Bench ${i}`, drafts[i]!.institution_id],
        );
      }
      await m.query(`INSERT INTO audit_event (action, entity_type, changes) VALUES ('bench.setup', 'dataset', $1::jsonb)`, [JSON.stringify({ writers: WRITERS })]);
    });
    const tokens = await Promise.all(
      drafts.map(async (_, i) => {
        const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `bench${i}@demo.sidh`, password: 'demo-password' }) });
        return ((await res.json()) as { accessToken: string }).accessToken;
      }),
    );
    const latencies: number[] = [];
    let failures = 0;
    const deadline = Date.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      drafts.map(async (draft, i) => {
        const headers = { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' };
        let etag = (await fetch(`${base}/contributions/${draft.id}`, { headers })).headers.get('etag')!;
        let n = 0;
        while (Date.now() < deadline) {
          n += 1;
          const t0 = performance.now();
          const res = await fetch(`${base}/contributions/${draft.id}`, {
            method: 'PATCH',
            headers: { ...headers, 'if-match': etag },
            body: JSON.stringify({ implementationStatus: 'in_progress', measures: `Autosave ${n} — mesures prises / التدابير المتخذة`, nextSteps: `step ${n}` }),
          });
          latencies.push(performance.now() - t0);
          if (res.status !== 200) {
            failures += 1;
            etag = (await fetch(`${base}/contributions/${draft.id}`, { headers })).headers.get('etag')!;
          } else {
            etag = res.headers.get('etag')!;
            await res.arrayBuffer();
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const saves = latencies.length - failures;
    latencies.sort((a, b) => a - b);
    const [{ events }] = await dataSource.query(`SELECT count(*)::int AS events FROM audit_event WHERE action = 'contribution.update' AND entity_id = ANY($1::text[])`, [drafts.map((d) => d.id)]);
    const [{ versions }] = await dataSource.query(`SELECT coalesce(sum(version - 1), 0)::int AS versions FROM contribution WHERE id = ANY($1::uuid[])`, [drafts.map((d) => d.id)]);
    out(`contribution saves: ${WRITERS} concurrent focal points, ${SECONDS}s, server PostgreSQL (fresh database ${name})`);
    out(`  saves acknowledged: ${saves}   non-200: ${failures}   writes/s: ${(saves / elapsed).toFixed(1)}`);
    out(`  latency ms  p50 ${percentile(latencies, 50).toFixed(1)}   p95 ${percentile(latencies, 95).toFixed(1)}   p99 ${percentile(latencies, 99).toFixed(1)}   max ${latencies.at(-1)!.toFixed(1)}`);
    out(`  audit check: ${events} contribution.update events for ${saves} acknowledged saves, version delta ${versions} → ${events === saves && versions === saves ? 'OK (one event per save)' : 'MISMATCH'}`);
    if (events !== saves || versions !== saves) process.exitCode = 1;
  } finally {
    await app.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
