/**
 * Search benchmark: the real API against a minimal server running the same SQL.
 *
 *   npm run bench            (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * 1. Creates a fresh database `sidh_bench` (dropped at the end), applies the migrations and the
 *    reference + demo seed, then derives BENCH_ROWS (default 100,000) recommendations from the
 *    386 demo ones with set-based SQL in one audited transaction, and ANALYZEs.
 * 2. Measures GET /api/v1/recommendations (free text in fr/ar/en, filters, facets) on the real
 *    Nest application with autocannon, then on a bare `http` + `pg` server that calls the same
 *    RecommendationsRepository (same SQL, same row mapping) with no Nest, auth, validation or logging.
 * 3. Prints latency percentiles, requests/s and the API/minimal ratios. Figures only, no assertion.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { IMPLEMENTATION_STATUSES, PAGE_SIZE_DEFAULT } from '@sidh/domain';
import { appendAuditEvent, SYSTEM_ACTOR } from '../audit/audit.writer.js';
import { createApp } from '../bootstrap.js';
import type { AuthUser } from '../common/auth-user.js';
import { loadConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from '../database/data-source.js';
import { prepareDatabase } from '../database/prepare.js';
import type { RecommendationQueryDto } from '../modules/recommendations/dto/recommendation-query.dto.js';
import { RecommendationsRepository } from '../modules/recommendations/recommendations.repository.js';
import { RecommendationsService } from '../modules/recommendations/recommendations.service.js';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sidh_bench';
const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 15);
const WARMUP_S = 3;
const CONNECTIONS = 20;
const POOL = 20;
const STATEMENT_TIMEOUT_MS = 15_000;
/**
 * Optional planner setting for the bench database, e.g. 1.1 for SSD/in-memory data (the default 4
 * makes PostgreSQL prefer a sequential scan to the GIN index for common words). Unset: server default.
 */
const RANDOM_PAGE_COST = process.env['BENCH_RANDOM_PAGE_COST'];
/** Keep `sidh_bench` afterwards (to EXPLAIN the queries); dropped by default. */
const KEEP_DB = process.env['BENCH_KEEP_DB'] === '1';

/** The request mix: free text in the three languages, single filters, facets, paging, sorts. */
const PATHS = [
  '/api/v1/recommendations?q=torture&facets=true',
  '/api/v1/recommendations?q=%C3%A9galit%C3%A9&status=in_progress',
  `/api/v1/recommendations?q=${encodeURIComponent('المرأة')}&facets=true`,
  '/api/v1/recommendations?q=women&mechanism=UPR',
  '/api/v1/recommendations?q=enfants&theme=rights-of-the-child&facets=true',
  '/api/v1/recommendations?q=justice&response=supported',
  '/api/v1/recommendations?status=implemented&facets=true',
  '/api/v1/recommendations?theme=womens-rights&page=3',
  `/api/v1/recommendations?q=${encodeURIComponent('droits de l’homme')}&sort=-updatedAt`,
  `/api/v1/recommendations?q=${encodeURIComponent('الطفل')}&status=not_started`,
  '/api/v1/recommendations?q=education&theme=right-to-education&facets=true',
  '/api/v1/recommendations?mechanism=UPR&facets=true',
  '/api/v1/recommendations?q=disabilities&followUp=false',
  '/api/v1/recommendations?q=detention&sort=symbol&page=2',
];

const log = (line: string) => process.stdout.write(`${line}\n`);
const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * ROWS recommendations derived from the demo ones in set-based statements: another review of the
 * same body (and its symbol), another paragraph, response, status, follow-up, recommending
 * states, and a variant number appended to each text. Themes, affected persons, SDG targets,
 * axes, sub-axes and assignments are those of the source recommendation.
 */
async function seedVariants(manager: EntityManager, rows: number): Promise<Record<string, number>> {
  const insert = async (sql: string, params: unknown[] = []): Promise<number> =>
    (await manager.query(`WITH ins AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM ins`, params))[0].n;
  await manager.query(`CREATE TEMP TABLE bench_src ON COMMIT DROP AS SELECT (row_number() OVER (ORDER BY id))::int AS n, r.* FROM recommendation r`);
  const [{ sources }] = await manager.query(`SELECT count(*)::int AS sources FROM bench_src`);
  await manager.query(
    `CREATE TEMP TABLE bench_map ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, s.id AS src_id, g FROM generate_series(1, $1::int) g JOIN bench_src s ON s.n = (g - 1) % $2::int + 1`,
    [rows, sources],
  );
  await manager.query(
    `CREATE TEMP TABLE bench_review ON COMMIT DROP AS
       SELECT id, body_id, document_symbol, (row_number() OVER (PARTITION BY body_id ORDER BY code) - 1)::int AS k, (count(*) OVER (PARTITION BY body_id))::int AS cnt FROM review`,
  );
  const inserted = await insert(
    `INSERT INTO recommendation (id, mechanism, body_id, review_id, document_symbol, paragraph, external_code, text_ar, text_fr, text_en,
                                 response, follow_up, follow_up_due_date, status, created_at, updated_at)
     SELECT m.id, s.mechanism, s.body_id, coalesce(v.id, s.review_id), coalesce(v.document_symbol, s.document_symbol),
            (100 + m.g % 60) || '.' || (1 + (m.g / 7) % 300),
            'R' || (100 + m.g % 60) || '.' || (1 + (m.g / 7) % 300) || ' V' || m.g,
            s.text_ar || ' (البديل ' || m.g || ')',
            s.text_fr || ' (variante ' || m.g || ')',
            s.text_en || ' (variant ' || m.g || ')',
            CASE WHEN m.g % 9 = 0 THEN NULL ELSE (ARRAY['supported', 'supported_in_part', 'noted'])[1 + (m.g * 7) % 3] END,
            m.g % 10 = 0,
            CASE WHEN m.g % 10 = 0 THEN date '2026-01-01' + (m.g % 700) END,
            ($1::text[])[1 + (m.g * 13) % cardinality($1::text[])],
            now() - make_interval(mins => m.g), now() - make_interval(mins => m.g)
       FROM bench_map m
       JOIN bench_src s ON s.id = m.src_id
       LEFT JOIN bench_review v ON v.body_id = s.body_id AND v.k = m.g % v.cnt`,
    [IMPLEMENTATION_STATUSES],
  );
  const counts: Record<string, number> = { recommendation: inserted };
  const states = await insert(
    `INSERT INTO recommendation_state (recommendation_id, country_code)
     SELECT m.id, c.codes[1 + (m.g * 31 + j * 17) % cardinality(c.codes)]
       FROM bench_map m CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM country) c CROSS JOIN LATERAL generate_series(0, m.g % 3) j
     ON CONFLICT DO NOTHING`,
  );
  counts['recommendation_state'] = states;
  for (const [table, column] of [
    ['recommendation_theme', 'theme_code'],
    ['recommendation_affected_person', 'affected_person_code'],
    ['recommendation_sdg_target', 'sdg_target_code'],
    ['recommendation_axis', 'axis_code'],
    ['recommendation_sub_axis', 'sub_axis_code'],
  ] as const) {
    const n = await insert(`INSERT INTO ${table} (recommendation_id, ${column}) SELECT m.id, t.${column} FROM bench_map m JOIN ${table} t ON t.recommendation_id = m.src_id`);
    counts[table] = n;
  }
  const assignments = await insert(
    `INSERT INTO assignment (recommendation_id, institution_id, role, due_date) SELECT m.id, a.institution_id, a.role, a.due_date FROM bench_map m JOIN assignment a ON a.recommendation_id = m.src_id`,
  );
  counts['assignment'] = assignments;
  await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'bench.seed', entityType: 'dataset', entityId: 'bench', changes: { counts } });
  return counts;
}

interface Measure {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  requests: number;
  non2xx: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function load(label: string, url: string, headers: Record<string, string>, duration: number): Promise<Measure> {
  const latencies: number[] = [];
  const instance = autocannon({ url, connections: CONNECTIONS, duration, headers, timeout: 30, requests: PATHS.map((path) => ({ method: 'GET', path })) });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  // Let the requests autocannon abandoned at the deadline finish before anything is closed.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  latencies.sort((a, b) => a - b);
  return {
    label,
    rps: result.requests.total / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A bare HTTP server: query string → the same service/repository code → JSON. */
async function startMinimal(url: string): Promise<{ base: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: url, max: POOL, statement_timeout: STATEMENT_TIMEOUT_MS, application_name: 'sidh-bench-minimal' });
  // The repository only calls `query(sql, params)`: a pg pool fits, without TypeORM.
  const queryable = { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows };
  const repository = new RecommendationsRepository(queryable as unknown as DataSource);
  const service = new RecommendationsService(null as unknown as DataSource, repository, null as never);
  const user: AuthUser = { id: '00000000-0000-0000-0000-000000000000', email: 'bench', name: 'bench', role: 'coordinator', institutionId: null, locale: 'fr', sessionId: 'bench' };
  const server = http.createServer((req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://x');
    if (parsed.pathname !== '/api/v1/recommendations') {
      res.writeHead(404).end();
      return;
    }
    const query: Record<string, unknown> = { page: 1, pageSize: PAGE_SIZE_DEFAULT };
    for (const [key, value] of parsed.searchParams) {
      query[key] = key === 'page' || key === 'pageSize' ? Number(value) : key === 'facets' || key === 'followUp' ? value === 'true' : value;
    }
    service.list(query as unknown as RecommendationQueryDto, user).then(
      (body) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body)),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

async function main(): Promise<void> {
  const url = withDatabase(ADMIN_URL, DB_NAME);
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  try {
    // ---- data ------------------------------------------------------------------------------
    let started = Date.now();
    const setup = new DataSource(buildDataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 600_000, applicationName: 'sidh-bench-seed' }));
    await setup.initialize();
    await prepareDatabase(setup, { seedReference: true, seedDemo: true });
    log(`migrations + reference + demo seed: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    const counts = await setup.transaction((manager) => seedVariants(manager, ROWS));
    const seedSeconds = (Date.now() - started) / 1000;
    started = Date.now();
    await setup.query('ANALYZE');
    log(`bench seed (one transaction, one audit event): ${seedSeconds.toFixed(1)} s; ANALYZE ${((Date.now() - started) / 1000).toFixed(1)} s`);
    log(`  ${Object.entries(counts).map(([t, n]) => `${t}=${n}`).join(' ')}`);
    if (RANDOM_PAGE_COST) await setup.query(`ALTER DATABASE ${DB_NAME} SET random_page_cost = ${Number(RANDOM_PAGE_COST)}`);
    const [{ total }] = await setup.query(`SELECT count(*)::int AS total FROM recommendation`);
    log(`  recommendations in the database: ${total}`);
    await setup.destroy();

    // ---- the real API ----------------------------------------------------------------------
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: String(POOL),
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    });
    const app = await createApp({ config, databaseUrl: url, poolSize: POOL, bufferLogs: true });
    await app.listen(0, '127.0.0.1');
    const apiBase = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const login = await fetch(`${apiBase}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordinator@demo.sidh', password: 'demo-password' }) });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    for (const path of PATHS) {
      const res = await fetch(`${apiBase}${path}`, { headers });
      if (res.status !== 200) throw new Error(`${path} → ${res.status}`);
    }
    await load('warm-up', apiBase, headers, WARMUP_S);
    const api = await load('API (Nest, auth, validation, logging)', apiBase, headers, DURATION_S);
    await app.close();

    // ---- the minimal server ------------------------------------------------------------------
    const minimal = await startMinimal(url);
    for (const path of PATHS) {
      const res = await fetch(`${minimal.base}${path}`);
      if (res.status !== 200) throw new Error(`minimal ${path} → ${res.status}`);
    }
    await load('warm-up', minimal.base, {}, WARMUP_S);
    const bare = await load('minimal (http + pg, same SQL)', minimal.base, {}, DURATION_S);
    await minimal.close();

    // ---- report ----------------------------------------------------------------------------
    log('');
    log(`${total} recommendations, ${PATHS.length} rotating URLs, ${CONNECTIONS} connections, ${DURATION_S} s each, pool ${POOL}, random_page_cost ${RANDOM_PAGE_COST ?? 'server default'}`);
    log('| server | req/s | p50 ms | p95 ms | p99 ms | mean ms | requests | non-2xx | errors |');
    log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const m of [api, bare]) {
      log(`| ${m.label} | ${m.rps.toFixed(1)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.mean.toFixed(1)} | ${m.requests} | ${m.non2xx} | ${m.errors} |`);
    }
    log('');
    log(`API / minimal: throughput ${(api.rps / bare.rps).toFixed(2)} ×, p95 ${(api.p95 / bare.p95).toFixed(2)} ×`);
    log(`target: API p95 ≤ 50 ms → ${api.p95.toFixed(1)} ms; throughput ≥ 0.5 × minimal → ${(api.rps / bare.rps).toFixed(2)} ×`);
  } finally {
    if (!KEEP_DB) await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
