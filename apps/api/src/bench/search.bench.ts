/**
 * Search benchmark: the real API against a minimal server running the same SQL.
 *
 *   npm run bench            (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * 1. Creates a fresh database `sidh_bench` (dropped at the end), applies the migrations and the
 *    reference + demo seed, then derives BENCH_ROWS (default 100,000) recommendations from the
 *    386 demo ones with set-based SQL in one audited transaction, and ANALYZEs.
 * 2. Measures, with autocannon at 20 connections, on the real Nest application and then on a bare
 *    `http` + `pg` server that calls the same RecommendationsService/Repository (same SQL — checked
 *    statement by statement —, same row mapping, same facet cache, same pool and planner options)
 *    with no Nest, auth, validation or logging:
 *      - list: GET /api/v1/recommendations, search with filters (the headline figure);
 *      - facets, warm: GET /api/v1/recommendations/facets with the list's filters, cache on;
 *      - facets, cold: the same with the cache off (every request computes the counts).
 * 3. Repeats BENCH_RUNS times (default 3) and prints the median of each figure, and the ratios.
 *    Figures only, no assertion.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PAGE_SIZE_DEFAULT } from '@sidh/domain';
import { AccessService } from '../access/index.js';
import { createApp } from '../bootstrap.js';
import type { AuthUser } from '../common/auth-user.js';
import { loadConfig } from '../config/app-config.js';
import { buildDataSourceOptions, SERVER_PLANNER_OPTIONS } from '../database/data-source.js';
import { prepareDatabase } from '../database/prepare.js';
import type { RecommendationFilter, RecommendationQueryDto } from '../modules/recommendations/dto/recommendation-query.dto.js';
import { RecommendationFacetsCache } from '../modules/recommendations/recommendation-facets.cache.js';
import { RecommendationsRepository } from '../modules/recommendations/recommendations.repository.js';
import { RecommendationsService } from '../modules/recommendations/recommendations.service.js';
import { seedVariants } from './seed-variants.js';
import { BENCH_FACET_PATHS, BENCH_LIST_PATHS } from './search.paths.js';
import { adminQuery } from './bench-db.js';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sidh_bench';
const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 10);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const WARMUP_S = 3;
const CONNECTIONS = 20;
const POOL = 20;
const STATEMENT_TIMEOUT_MS = 15_000;
/** Keep `sidh_bench` afterwards (to EXPLAIN the queries with tools/explain-search.ts); dropped by default. */
const KEEP_DB = process.env['BENCH_KEEP_DB'] === '1';

const log = (line: string) => process.stdout.write(`${line}\n`);
const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

const admin = (sql: string) => adminQuery(ADMIN_URL, sql);

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

async function load(label: string, url: string, headers: Record<string, string>, paths: readonly string[], duration: number): Promise<Measure> {
  const latencies: number[] = [];
  const instance = autocannon({ url, connections: CONNECTIONS, duration, headers, timeout: 30, requests: paths.map((path) => ({ method: 'GET', path })) });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  // Let the requests autocannon abandoned at the deadline finish before anything else starts.
  await new Promise((resolve) => setTimeout(resolve, 2000));
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

/** Every SQL text a server ran, to check that both run the same statements. */
type Recorder = Set<string>;
const record = (recorder: Recorder | null, sql: string) => recorder?.add(sql.replace(/\s+/g, ' ').trim());

function parseQuery(search: URLSearchParams): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of search) {
    query[key] = key === 'page' || key === 'pageSize' ? Number(value) : key === 'facets' || key === 'followUp' ? value === 'true' : value;
  }
  return query;
}

interface Server {
  base: string;
  headers: Record<string, string>;
  cache: RecommendationFacetsCache;
  recorder: { current: Recorder | null };
  close: () => Promise<void>;
}

/** A bare HTTP server: query string → the same service/repository code (and facet cache) → JSON. */
async function startMinimal(url: string): Promise<Server> {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: 'sidh-bench-minimal',
    // The API's pool settings for a server (buildDataSourceOptions): the same planner options.
    options: SERVER_PLANNER_OPTIONS,
  });
  const recorder: Server['recorder'] = { current: null };
  // The repository only calls `query(sql, params)`: a pg pool fits, without TypeORM.
  const queryable = {
    query: async (sql: string, params?: unknown[]) => {
      record(recorder.current, sql);
      return (await pool.query(sql, params)).rows;
    },
  };
  const repository = new RecommendationsRepository(queryable as unknown as DataSource);
  const cache = new RecommendationFacetsCache();
  // List and facets need no transaction, audit or versioned write; the access service only scopes the caller.
  const service = new RecommendationsService(null as unknown as DataSource, repository, null as never, cache, new AccessService(null as unknown as DataSource), null as never, null as never);
  const user: AuthUser = { id: '00000000-0000-0000-0000-000000000000', email: 'bench', name: 'bench', role: 'coordinator', institutionId: null, locale: 'fr', sessionId: 'bench' };
  const server = http.createServer((req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://x');
    const query = parseQuery(parsed.searchParams);
    let body: Promise<unknown>;
    if (parsed.pathname === '/api/v1/recommendations') {
      body = service.list({ page: 1, pageSize: PAGE_SIZE_DEFAULT, ...query } as unknown as RecommendationQueryDto, user);
    } else if (parsed.pathname === '/api/v1/recommendations/facets') {
      body = service.facets(query as RecommendationFilter, user);
    } else {
      res.writeHead(404).end();
      return;
    }
    body.then(
      (result) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(result)),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    headers: {},
    cache,
    recorder,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

/** The real application (production settings), signed in as the demo coordinator. */
async function startApi(url: string): Promise<Server> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: String(POOL),
    DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    AUDIT_ANCHOR_ENABLED: 'false',
    // The bench signs in as the demo coordinator with a password only.
    AUTH_TOTP_REQUIRED_ROLES: 'none',
  });
  const app = await createApp({ config, databaseUrl: url, poolSize: POOL, bufferLogs: true });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordinator@demo.sidh', password: 'demo-password' }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  // Record the SQL the application sends through TypeORM (the search runs on DataSource.query).
  const recorder: Server['recorder'] = { current: null };
  const dataSource = app.get(DataSource);
  const query = dataSource.query.bind(dataSource);
  dataSource.query = ((sql: string, params?: unknown[], runner?: never) => {
    record(recorder.current, sql);
    return query(sql, params, runner);
  }) as typeof dataSource.query;
  return { base, headers: { authorization: `Bearer ${accessToken}` }, cache: app.get(RecommendationFacetsCache), recorder, close: () => app.close() };
}

/** The response bodies of every benchmark URL, and the SQL statements they ran (facets computed, not cached). */
async function probe(server: Server): Promise<{ bodies: string[]; sql: string[] }> {
  const sql: Recorder = new Set();
  server.recorder.current = sql;
  server.cache.clear();
  const bodies: string[] = [];
  for (const path of [...BENCH_LIST_PATHS, ...BENCH_FACET_PATHS]) {
    const res = await fetch(`${server.base}${path}`, { headers: server.headers });
    if (res.status !== 200) throw new Error(`${server.base}${path} → ${res.status}`);
    bodies.push(await res.text());
  }
  server.recorder.current = null;
  return { bodies, sql: [...sql].sort() };
}

type Scenario = 'list' | 'facets (warm cache)' | 'facets (cold: cache off)';
const SCENARIOS: Array<{ name: Scenario; paths: readonly string[]; capacity: number }> = [
  { name: 'list', paths: BENCH_LIST_PATHS, capacity: 1000 },
  { name: 'facets (warm cache)', paths: BENCH_FACET_PATHS, capacity: 1000 },
  { name: 'facets (cold: cache off)', paths: BENCH_FACET_PATHS, capacity: 0 },
];

async function measure(server: Server, label: string): Promise<Map<Scenario, Measure>> {
  const out = new Map<Scenario, Measure>();
  for (const scenario of SCENARIOS) {
    server.cache.capacity = scenario.capacity;
    server.cache.clear();
    await load('warm-up', server.base, server.headers, scenario.paths, WARMUP_S);
    out.set(scenario.name, await load(label, server.base, server.headers, scenario.paths, DURATION_S));
  }
  server.cache.capacity = 1000;
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function medianOf(runs: Measure[]): Measure {
  const m = (k: keyof Measure) => median(runs.map((r) => r[k] as number));
  return { label: runs[0]!.label, rps: m('rps'), p50: m('p50'), p95: m('p95'), p99: m('p99'), mean: m('mean'), requests: m('requests'), non2xx: m('non2xx'), errors: m('errors') };
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
    const [{ total }] = await setup.query(`SELECT count(*)::int AS total FROM recommendation`);
    const [{ random_page_cost: randomPageCost }] = await setup.query(`SHOW random_page_cost`);
    log(`  recommendations in the database: ${total}; random_page_cost on the pools: ${randomPageCost}`);
    await setup.destroy();

    // ---- same SQL, same answers ----------------------------------------------------------------
    const results = new Map<string, Map<Scenario, Measure[]>>();
    const api = await startApi(url);
    const minimal = await startMinimal(url);
    const [apiProbe, minimalProbe] = [await probe(api), await probe(minimal)];
    // The API also runs its per-request session check (auth); every search statement must be the same.
    const apiOnly = apiProbe.sql.filter((q) => !minimalProbe.sql.includes(q));
    const minimalOnly = minimalProbe.sql.filter((q) => !apiProbe.sql.includes(q));
    const sameSql = minimalOnly.length === 0 && apiOnly.every((q) => !/\brecommendation\b|catalogue_stamp/.test(q));
    const sameBodies = JSON.stringify(apiProbe.bodies) === JSON.stringify(minimalProbe.bodies);
    log(`  SQL: ${minimalProbe.sql.length} distinct search statements, identical on both servers: ${sameSql ? 'yes' : 'NO'}; identical responses: ${sameBodies ? 'yes' : 'NO'}`);
    for (const q of apiOnly) log(`  API only (not search): ${q.slice(0, 160)}`);
    for (const q of minimalOnly) log(`  minimal only: ${q.slice(0, 160)}`);
    if (!sameSql || !sameBodies) throw new Error('the minimal server does not run the same SQL as the API');

    // ---- load, alternating servers, RUNS times -------------------------------------------------------
    const servers: Array<[string, Server]> = [
      ['API (Nest, auth, validation, logging)', api],
      ['minimal (http + pg, same SQL)', minimal],
    ];
    for (let run = 1; run <= RUNS; run += 1) {
      for (const [label, server] of servers) {
        const measured = await measure(server, label);
        const byScenario = results.get(label) ?? new Map<Scenario, Measure[]>();
        for (const [scenario, m] of measured) byScenario.set(scenario, [...(byScenario.get(scenario) ?? []), m]);
        results.set(label, byScenario);
        log(`  run ${run}/${RUNS} ${label}: ${[...measured].map(([s, m]) => `${s} ${m.rps.toFixed(0)} req/s p95 ${m.p95.toFixed(0)} ms`).join('; ')}`);
      }
    }
    await api.close();
    await minimal.close();

    // ---- report ----------------------------------------------------------------------------
    log('');
    log(`${total} recommendations, ${CONNECTIONS} connections, ${DURATION_S} s per measure, median of ${RUNS} run(s), pool ${POOL}, random_page_cost ${randomPageCost}`);
    for (const { name, paths } of SCENARIOS) {
      const [apiM, bareM] = servers.map(([label]) => medianOf(results.get(label)!.get(name)!)) as [Measure, Measure];
      log('');
      log(`### ${name} (${paths.length} rotating URLs)`);
      log('| server | req/s | p50 ms | p95 ms | p99 ms | mean ms | requests | non-2xx | errors |');
      log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
      for (const m of [apiM, bareM]) {
        log(`| ${m.label} | ${m.rps.toFixed(1)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.mean.toFixed(1)} | ${m.requests} | ${m.non2xx} | ${m.errors} |`);
      }
      log(`API / minimal: throughput ${(apiM.rps / bareM.rps).toFixed(2)} ×, p95 ${(apiM.p95 / bareM.p95).toFixed(2)} ×`);
      if (name === 'list') log(`target (list): API p95 ≤ 50 ms → ${apiM.p95.toFixed(1)} ms; throughput ≥ 0.5 × minimal → ${(apiM.rps / bareM.rps).toFixed(2)} ×`);
    }
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
