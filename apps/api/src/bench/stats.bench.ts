/**
 * Dashboard statistics benchmark: every GET /stats endpoint of the real API, cold (cache off) and
 * warm (cache on), beside the same SQL statements run bare on a `pg` client.
 *
 *   npm run bench:stats   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *                          BENCH_ROWS=300000, BENCH_ITERATIONS=10, BENCH_KEEP_DB=1 to keep `sidh_bench_stats`)
 *
 * 1. A fresh database: migrations, reference + demo seed, then BENCH_ROWS recommendations derived
 *    from the demo ones (`seedVariants`, as the search benchmark seeds them, one audited
 *    transaction), then a recorded status change for one recommendation in ten (an UPDATE and one
 *    `recommendation.update` audit event each, so the status history has history to rebuild), ANALYZE.
 * 2. For each URL (a few filters per endpoint, as the coordinator — everything — and as the Justice
 *    focal point — one institution's share), records the SQL the API runs for it, then times
 *    BENCH_ITERATIONS sequential requests with the cache off (cold), the same with the cache on
 *    (warm: every request after the first is a hit), and the recorded statements replayed in order
 *    on a plain `pg` client (bare: no Nest, auth, validation, mapping, JSON).
 * 3. Prints p50 / p95 per endpoint and mode, in ms. Figures only, no assertion.
 */
import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { appendAuditEvent, SYSTEM_ACTOR } from '../audit/audit.writer.js';
import { buildDataSourceOptions, SERVER_PLANNER_OPTIONS } from '../database/data-source.js';
import { prepareDatabase } from '../database/prepare.js';
import { StatsCache } from '../modules/stats/stats.cache.js';
import { seedVariants } from './seed-variants.js';
import { adminQuery, listenBenchApi, runBench } from './bench-db.js';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sidh_bench_stats';
const ROWS = Number(process.env['BENCH_ROWS'] ?? 300_000);
const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 10);
const POOL = 10;
const STATEMENT_TIMEOUT_MS = 60_000;
const KEEP_DB = process.env['BENCH_KEEP_DB'] === '1';

const log = (line: string) => process.stdout.write(`${line}\n`);
const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

/** Each endpoint with a few filters (the dashboard's own requests: unfiltered first). */
const ENDPOINTS: Record<string, string[]> = {
  status: ['by=mechanism', 'by=body&mechanism=TREATY_BODY', 'by=institution', 'by=theme&response=supported', 'by=sdgGoal', 'by=axis&status=in_progress'],
  responses: ['', 'mechanism=UPR', 'theme=womens-rights'],
  campaigns: ['', 'mechanism=UPR'],
  'follow-up': ['', 'mechanism=TREATY_BODY'],
  'status-history': ['interval=month', 'interval=month&status=implemented', 'interval=quarter&mechanism=UPR'],
};

const admin = (sql: string) => adminQuery(ADMIN_URL, sql);

/** One recommendation in ten changes status, each change with its audit event (set-based; the chain trigger hashes each event). */
async function seedStatusChanges(dataSource: DataSource): Promise<number> {
  return dataSource.transaction(async (manager) => {
    await manager.query(
      `CREATE TEMP TABLE bench_change ON COMMIT DROP AS
         SELECT id, status AS before, CASE status WHEN 'implemented' THEN 'in_progress' WHEN 'in_progress' THEN 'implemented' ELSE 'in_progress' END AS after
           FROM recommendation WHERE abs(hashtext(id::text)) % 10 = 0`,
    );
    await manager.query(`UPDATE recommendation r SET status = c.after, version = r.version + 1, updated_at = now() FROM bench_change c WHERE c.id = r.id`);
    const [{ n }] = await manager.query(
      `WITH ins AS (INSERT INTO audit_event (actor_role, action, entity_type, entity_id, changes)
                    SELECT 'system', 'recommendation.update', 'recommendation', c.id::text, jsonb_build_object('status', jsonb_build_object('before', c.before, 'after', c.after))
                      FROM bench_change c ORDER BY c.id RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
    );
    await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'bench.seed', entityType: 'dataset', entityId: 'stats-bench-status', changes: { statusChanges: n } });
    return n as number;
  });
}

interface Recorded {
  sql: string;
  params: unknown[];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
};

async function main(): Promise<void> {
  const url = withDatabase(ADMIN_URL, DB_NAME);
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  try {
    // ---- data ------------------------------------------------------------------------------
    let started = Date.now();
    const setup = new DataSource(buildDataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 1_800_000, applicationName: 'sidh-bench-seed' }));
    await setup.initialize();
    await prepareDatabase(setup, { seedReference: true, seedDemo: true });
    log(`migrations + reference + demo seed: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    const counts = await setup.transaction((manager) => seedVariants(manager, ROWS));
    const changes = await seedStatusChanges(setup);
    await setup.query('ANALYZE');
    log(`bench seed + ${changes} audited status changes + ANALYZE: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    log(`  ${Object.entries(counts).map(([t, n]) => `${t}=${n}`).join(' ')}`);
    const [{ total, contributions, events }] = await setup.query(
      `SELECT (SELECT count(*) FROM recommendation)::int AS total, (SELECT count(*) FROM contribution)::int AS contributions, (SELECT count(*) FROM audit_event)::int AS events`,
    );
    log(`  recommendations: ${total}; contributions: ${contributions}; audit events: ${events}`);
    await setup.destroy();

    // ---- the API, and what it runs ---------------------------------------------------------
    const { app, base } = await listenBenchApi(url, POOL, STATEMENT_TIMEOUT_MS);
    const token = async (email: string) => {
      const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo-password' }) });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const users: Array<[string, string]> = [
      ['coordinator', await token('coordinator@demo.sidh')],
      ['focal point (MJ)', await token('focal.justice@demo.sidh')],
    ];
    const cache = app.get(StatsCache);
    const dataSource = app.get(DataSource);
    let recording: Recorded[] | null = null;
    const query = dataSource.query.bind(dataSource);
    dataSource.query = ((sql: string, params?: unknown[], runner?: never) => {
      if (recording && !/\bapp_user\b|\bsession\b|refresh_token/.test(sql)) recording.push({ sql, params: params ?? [] });
      return query(sql, params, runner);
    }) as typeof dataSource.query;
    const bare = new pg.Pool({ connectionString: url, max: 2, statement_timeout: STATEMENT_TIMEOUT_MS, options: SERVER_PLANNER_OPTIONS, application_name: 'sidh-bench-bare' });

    const call = async (path: string, bearer: string): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} → ${res.status}`);
      return performance.now() - t0;
    };

    log('');
    log(`${total} recommendations; ${ITERATIONS} sequential requests per URL and mode; ms`);
    log('| endpoint | URLs | API cold p50 | API cold p95 | API warm p50 | API warm p95 | bare SQL p50 | bare SQL p95 | statements |');
    log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [endpoint, queries] of Object.entries(ENDPOINTS)) {
      const cold: number[] = [];
      const warm: number[] = [];
      const bareTimes: number[] = [];
      let statements = 0;
      for (const [, bearer] of users) {
        for (const q of queries) {
          const path = `/api/v1/stats/${endpoint}${q ? `?${q}` : ''}`;
          // The statements of one computation, for the bare replay.
          cache.clear();
          cache.capacity = 0;
          recording = [];
          await call(path, bearer);
          const recorded = recording;
          recording = null;
          statements = Math.max(statements, recorded.length);
          for (let i = 0; i < ITERATIONS; i += 1) cold.push(await call(path, bearer));
          cache.capacity = 1000;
          cache.clear();
          await call(path, bearer);
          for (let i = 0; i < ITERATIONS; i += 1) warm.push(await call(path, bearer));
          const client = await bare.connect();
          try {
            for (let i = 0; i < ITERATIONS; i += 1) {
              const t0 = performance.now();
              for (const r of recorded) await client.query(r.sql, r.params);
              bareTimes.push(performance.now() - t0);
            }
          } finally {
            client.release();
          }
        }
      }
      const [c, w, b] = [summary(cold), summary(warm), summary(bareTimes)];
      log(`| ${endpoint} | ${queries.length * users.length} | ${c.p50.toFixed(1)} | ${c.p95.toFixed(1)} | ${w.p50.toFixed(1)} | ${w.p95.toFixed(1)} | ${b.p50.toFixed(1)} | ${b.p95.toFixed(1)} | ${statements} |`);
    }
    log('');
    log('cold: cache off, every request computes; warm: cache on, hits after the first request; bare: the statements the API ran for the URL (stamps included), one after another on one pg client.');
    await bare.end();
    await app.close();
  } finally {
    if (!KEEP_DB) await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

runBench(main);
