/**
 * Search benchmark: the real API against a minimal server running the same SQL.
 *
 *   npm run bench            (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * 1. Creates a fresh database `sidh_bench` (dropped at the end), applies the migrations and the
 *    reference + demo seed, then derives BENCH_ROWS (default 100,000) recommendations from the
 *    386 demo ones with set-based SQL in one audited transaction, and VACUUMs (ANALYZE).
 * 2. Builds the request mix (search.paths.ts `buildSearchMix`): at least 1,000 distinct list URLs
 *    drawn from the recommendations' own vocabulary in ar, fr and en — single words by frequency
 *    band (very common such as women / femmes / المرأة, mid, rare), 2–3 word phrases, references —
 *    with filters, sorts and later pages; seeded, so every run sends the same mix in the same order.
 * 3. Measures, with autocannon (one instance per connection, each starting at its own place in the
 *    mix, so that the 20 or 50 connections do not send the same URL at the same time), on the real
 *    Nest application and then on a bare `http` + `pg` server that calls the same
 *    RecommendationsService/Repository (same SQL — checked statement by statement —, same row
 *    mapping, same caches, same pool and planner options) with no Nest, auth, validation or logging:
 *      - list at 20 and at 50 connections: GET /api/v1/recommendations (the headline figures);
 *      - facets, warm: GET /api/v1/recommendations/facets with the list's filters, cache on;
 *      - facets, cold: the same with the cache off (every request computes the counts).
 *    BENCH_FACETS=0 leaves the facet scenarios out. The API signs in again before each measure.
 * 4. Repeats BENCH_RUNS times (default 3) and prints the median of each figure, the ratios, the
 *    load average, and the slowest query shapes: under load (API, 20 connections) and alone (each
 *    URL of the mix once, one at a time, on the bare server), with an example URL each, for
 *    tools/explain-search.ts. Figures only, no assertion.
 *
 * Seeding 300,000 rows takes minutes: BENCH_DB_NAME names the database (default sidh_bench),
 * BENCH_KEEP_DB=1 keeps it afterwards, BENCH_REUSE_DB=1 reuses it when it holds BENCH_ROWS derived
 * recommendations (pending migrations are applied and the tables ANALYZEd) and keeps it.
 */
import 'reflect-metadata';
import http from 'node:http';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PAGE_SIZE_DEFAULT } from '@sidh/domain';
import { AccessService } from '../access/index.js';
import type { AuthUser } from '../common/auth-user.js';
import { buildDataSourceOptions, SERVER_PLANNER_OPTIONS } from '../database/data-source.js';
import { prepareDatabase } from '../database/prepare.js';
import type { RecommendationFilter, RecommendationQueryDto } from '../modules/recommendations/dto/recommendation-query.dto.js';
import { RecommendationFacetsCache, RecommendationSearchCache } from '../modules/recommendations/recommendation-facets.cache.js';
import { RecommendationsRepository } from '../modules/recommendations/recommendations.repository.js';
import { RecommendationsService } from '../modules/recommendations/recommendations.service.js';
import { seedVariants } from './seed-variants.js';
import { buildSearchMix, demoVocabulary, facetPathsOf, type MixPath, type MixSource } from './search.paths.js';
import { adminQuery, listenBenchApi, runBench } from './bench-db.js';
import { load, median, medianOf, percentile, type Measure } from './rotating-load.js';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = process.env['BENCH_DB_NAME'] ?? 'sidh_bench';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DB_NAME)) throw new Error('BENCH_DB_NAME: a lower-case identifier');
const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 10);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const WARMUP_S = 3;
const CONNECTION_LEVELS = [20, 50] as const;
const MIX_SIZE = Number(process.env['BENCH_MIX'] ?? 1200);
const FACETS = process.env['BENCH_FACETS'] !== '0';
// BENCH_SERIAL=0 skips timing each URL alone (minutes at 300,000 rows).
const SEARCH_CACHE_CAPACITY = new RecommendationSearchCache().capacity;
const WARM_URLS = 200;
const POOL = 20;
const STATEMENT_TIMEOUT_MS = 15_000;
/** Reuse the database when it holds the rows asked for (and keep it). */
const REUSE_DB = process.env['BENCH_REUSE_DB'] === '1';
/** Keep the database afterwards (to EXPLAIN the queries with tools/explain-search.ts); dropped by default. */
const KEEP_DB = REUSE_DB || process.env['BENCH_KEEP_DB'] === '1';

const log = (line: string) => process.stdout.write(`${line}\n`);
const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

const admin = (sql: string) => adminQuery(ADMIN_URL, sql);

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
  searchCache: RecommendationSearchCache;
  recorder: { current: Recorder | null };
  /** Signs in again (an access token lives at most 15 minutes; the bench runs longer). */
  relogin?: () => Promise<void>;
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
  const searchCache = new RecommendationSearchCache();
  // List and facets need no transaction, audit or versioned write; the access service only scopes the caller.
  const service = new RecommendationsService(null as unknown as DataSource, repository, null as never, cache, new AccessService(null as unknown as DataSource), null as never, null as never, searchCache);
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
    searchCache,
    recorder,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

/** The real application (production settings), signed in as the demo coordinator. */
async function startApi(url: string): Promise<Server> {
  const { app, base } = await listenBenchApi(url, POOL, STATEMENT_TIMEOUT_MS);
  const headers: Record<string, string> = {};
  const relogin = async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordinator@demo.sidh', password: 'demo-password' }) });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    headers['authorization'] = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
  };
  await relogin();
  // Record the SQL the application sends through TypeORM (the search runs on DataSource.query).
  const recorder: Server['recorder'] = { current: null };
  const dataSource = app.get(DataSource);
  const query = dataSource.query.bind(dataSource);
  dataSource.query = ((sql: string, params?: unknown[], runner?: never) => {
    record(recorder.current, sql);
    return query(sql, params, runner);
  }) as typeof dataSource.query;
  return { base, headers, relogin, cache: app.get(RecommendationFacetsCache), searchCache: app.get(RecommendationSearchCache), recorder, close: () => app.close() };
}

/** The response bodies of every benchmark URL, and the SQL statements they ran (facets computed, not cached). */
async function probe(server: Server, paths: readonly string[]): Promise<{ bodies: string[]; sql: string[] }> {
  const sql: Recorder = new Set();
  server.recorder.current = sql;
  server.cache.clear();
  server.searchCache.clear();
  const bodies: string[] = [];
  for (const path of paths) {
    const res = await fetch(`${server.base}${path}`, { headers: server.headers });
    if (res.status !== 200) throw new Error(`${server.base}${path} → ${res.status}`);
    bodies.push(await res.text());
  }
  server.recorder.current = null;
  return { bodies, sql: [...sql].sort() };
}

type Scenario = string;
interface ScenarioSpec {
  name: Scenario;
  paths: readonly string[];
  /** Facet cache capacity (0: off). */
  capacity: number;
  /** Search (list) cache capacity (0: off). */
  searchCapacity: number;
  connections: number;
  /** Record latencies by URL (the slowest shapes). */
  byPath?: boolean;
  /** Ask every URL once before the warm-up (the cache then holds them all). */
  prefill?: boolean;
}

async function measure(server: Server, label: string, scenarios: readonly ScenarioSpec[], byPath: Map<string, number[]> | undefined): Promise<Map<Scenario, Measure>> {
  const out = new Map<Scenario, Measure>();
  await server.relogin?.();
  for (const scenario of scenarios) {
    server.cache.capacity = scenario.capacity;
    server.cache.clear();
    server.searchCache.capacity = scenario.searchCapacity;
    server.searchCache.clear();
    if (scenario.prefill) await prefill(server, scenario.paths);
    await load('warm-up', server.base, server.headers, scenario.paths, WARMUP_S, scenario.connections);
    out.set(scenario.name, await load(label, server.base, server.headers, scenario.paths, DURATION_S, scenario.connections, scenario.byPath ? byPath : undefined));
  }
  server.cache.capacity = 1000;
  server.searchCache.capacity = SEARCH_CACHE_CAPACITY;
  return out;
}

/** Each URL once, 10 at a time. */
async function prefill(server: Server, paths: readonly string[]): Promise<void> {
  const queue = [...paths];
  await Promise.all(Array.from({ length: 10 }, async () => {
    for (let path = queue.shift(); path; path = queue.shift()) await (await fetch(`${server.base}${path}`, { headers: server.headers })).arrayBuffer();
  }));
}

/** Each URL once, one at a time: its latency alone (no queueing behind other requests). */
async function serialTimes(server: Server, paths: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const path of paths) {
    const started = performance.now();
    const res = await fetch(`${server.base}${path}`, { headers: server.headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path} → ${res.status}`);
    out.set(path, performance.now() - started);
  }
  return out;
}

/** Latencies grouped by shape, the slowest first (by p95; shapes with at least `min` samples). */
function slowestShapes(mix: readonly MixPath[], samples: (path: string) => number[], min: number, n: number): string[] {
  const byShape = new Map<string, { values: number[]; worst: { path: string; ms: number } }>();
  for (const { path, shape } of mix) {
    const values = samples(path);
    if (!values.length) continue;
    const entry = byShape.get(shape) ?? { values: [], worst: { path, ms: -1 } };
    entry.values.push(...values);
    const m = median(values);
    if (m > entry.worst.ms) entry.worst = { path, ms: m };
    byShape.set(shape, entry);
  }
  return [...byShape]
    .filter(([, e]) => e.values.length >= min)
    .map(([shape, e]) => ({ shape, sorted: [...e.values].sort((a, b) => a - b), worst: e.worst }))
    .sort((a, b) => percentile(b.sorted, 95) - percentile(a.sorted, 95))
    .slice(0, n)
    .map(({ shape, sorted, worst }) => `| ${shape} | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${worst.ms.toFixed(1)} | \`${decodeURIComponent(worst.path)}\` |`);
}

/** Everything the mix needs from the bench database and the demo dataset its rows derive from. */
async function mixSource(db: DataSource): Promise<MixSource> {
  const ids = async (sql: string) => ((await db.query(sql)) as Array<{ id: string }>).map((r) => r.id);
  return {
    ...demoVocabulary(),
    institutionIds: await ids(`SELECT DISTINCT institution_id::text AS id FROM assignment ORDER BY 1`),
    reviewIds: await ids(`SELECT DISTINCT review_id::text AS id FROM recommendation WHERE review_id IS NOT NULL ORDER BY 1 LIMIT 200`),
    themes: await ids(`SELECT DISTINCT theme_code AS id FROM recommendation_theme ORDER BY 1`),
  };
}

/** Whether the database exists and already holds the catalogue asked for (BENCH_REUSE_DB). */
async function reusable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return false;
  }
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM recommendation`);
    return rows[0].n >= ROWS;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

const load3 = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const url = withDatabase(ADMIN_URL, DB_NAME);
  const reuse = REUSE_DB && (await reusable(url));
  if (!reuse) {
    await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${DB_NAME}`);
  }
  try {
    // ---- data ------------------------------------------------------------------------------
    let started = Date.now();
    const setup = new DataSource(buildDataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 3_600_000, applicationName: 'sidh-bench-seed' }));
    await setup.initialize();
    if (reuse) {
      const applied = await setup.runMigrations({ transaction: 'each' });
      log(`reusing ${DB_NAME}: ${applied.length} pending migration(s) applied in ${((Date.now() - started) / 1000).toFixed(1)} s${applied.length ? ` (${applied.map((m) => m.name).join(', ')})` : ''}`);
      started = Date.now();
      await setup.query('VACUUM (ANALYZE)');
      log(`  VACUUM (ANALYZE) ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else {
      await prepareDatabase(setup, { seedReference: true, seedDemo: true });
      log(`migrations + reference + demo seed: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      started = Date.now();
      const counts = await setup.transaction((manager) => seedVariants(manager, ROWS));
      const seedSeconds = (Date.now() - started) / 1000;
      started = Date.now();
      // As autovacuum leaves a table after a bulk load: statistics, and the visibility map that
      // lets a count skip heap pages.
      await setup.query('VACUUM (ANALYZE)');
      log(`bench seed (one transaction, one audit event): ${seedSeconds.toFixed(1)} s; VACUUM (ANALYZE) ${((Date.now() - started) / 1000).toFixed(1)} s`);
      log(`  ${Object.entries(counts).map(([t, n]) => `${t}=${n}`).join(' ')}`);
    }
    const [{ total }] = await setup.query(`SELECT count(*)::int AS total FROM recommendation`);
    const [{ random_page_cost: randomPageCost }] = await setup.query(`SHOW random_page_cost`);
    log(`  recommendations in the database: ${total}; random_page_cost on the pools: ${randomPageCost}`);
    const mix = buildSearchMix(await mixSource(setup), MIX_SIZE);
    await setup.destroy();
    const listPaths = mix.map((m) => m.path);
    const facetPaths = facetPathsOf(listPaths, 300);
    const shapes = new Set(mix.map((m) => m.shape));
    log(`  mix: ${listPaths.length} distinct list URLs in ${shapes.size} shapes; ${facetPaths.length} facet URLs`);

    // ---- same SQL, same answers ----------------------------------------------------------------
    const results = new Map<string, Map<Scenario, Measure[]>>();
    const api = await startApi(url);
    const minimal = await startMinimal(url);
    // Every 8th URL of the mix and 40 facet URLs: every shape family, in a minute or so at 300,000 rows.
    const probePaths = [...listPaths.filter((_, i) => i % 8 === 0), ...facetPaths.slice(0, 40)];
    const [apiProbe, minimalProbe] = [await probe(api, probePaths), await probe(minimal, probePaths)];
    // The API also runs its per-request session check (auth); every search statement must be the same.
    const apiOnly = apiProbe.sql.filter((q) => !minimalProbe.sql.includes(q));
    const minimalOnly = minimalProbe.sql.filter((q) => !apiProbe.sql.includes(q));
    const sameSql = minimalOnly.length === 0 && apiOnly.every((q) => !/\brecommendation\b|catalogue_stamp/.test(q));
    const sameBodies = JSON.stringify(apiProbe.bodies) === JSON.stringify(minimalProbe.bodies);
    log(`  SQL: ${minimalProbe.sql.length} distinct search statements over ${probePaths.length} URLs, identical on both servers: ${sameSql ? 'yes' : 'NO'}; identical responses: ${sameBodies ? 'yes' : 'NO'}`);
    for (const q of apiOnly) log(`  API only (not search): ${q.slice(0, 160)}`);
    for (const q of minimalOnly) log(`  minimal only: ${q.slice(0, 160)}`);
    if (!sameSql || !sameBodies) throw new Error('the minimal server does not run the same SQL as the API');

    // ---- each URL alone, on the bare server (no queueing): where the time goes, shape by shape ----
    minimal.cache.clear();
    minimal.searchCache.capacity = 0;
    const alone = process.env['BENCH_SERIAL'] === '0' ? new Map<string, number>() : await serialTimes(minimal, listPaths);
    minimal.searchCache.capacity = SEARCH_CACHE_CAPACITY;

    // ---- load, alternating servers, RUNS times -------------------------------------------------------
    const scenarios: ScenarioSpec[] = [
      // Cold: every request runs its SQL (the result cache off) — what a query nobody asked since
      // the last change costs. Warm: the result cache on, as deployed, over the WARM_URLS first
      // URLs of the mix (the popular queries), each asked once before (an upper bound: every
      // request is a hit; at a few dozen requests a second the whole mix would take minutes to repeat).
      ...CONNECTION_LEVELS.map((connections) => ({ name: `list (cold: result cache off), ${connections} connections`, paths: listPaths, capacity: 1000, searchCapacity: 0, connections, byPath: connections === 20 })),
      ...CONNECTION_LEVELS.map((connections) => ({ name: `list (warm result cache, ${WARM_URLS} popular URLs), ${connections} connections`, paths: listPaths.slice(0, WARM_URLS), capacity: 1000, searchCapacity: SEARCH_CACHE_CAPACITY, connections, prefill: true })),
      ...(FACETS
        ? [
            { name: 'facets (warm cache), 20 connections', paths: facetPaths, capacity: 1000, searchCapacity: SEARCH_CACHE_CAPACITY, connections: 20 },
            { name: 'facets (cold: cache off), 20 connections', paths: facetPaths, capacity: 0, searchCapacity: SEARCH_CACHE_CAPACITY, connections: 20 },
          ]
        : []),
    ];
    const servers: Array<[string, Server]> = [
      ['API (Nest, auth, validation, logging)', api],
      ['minimal (http + pg, same SQL)', minimal],
    ];
    const underLoad = new Map<string, number[]>();
    const loads: string[] = [];
    for (let run = 1; run <= RUNS; run += 1) {
      for (const [label, server] of servers) {
        loads.push(load3());
        const measured = await measure(server, label, scenarios, server === api ? underLoad : undefined);
        const byScenario = results.get(label) ?? new Map<Scenario, Measure[]>();
        for (const [scenario, m] of measured) byScenario.set(scenario, [...(byScenario.get(scenario) ?? []), m]);
        results.set(label, byScenario);
        log(`  run ${run}/${RUNS} ${label} (load ${load3()}): ${[...measured].map(([s, m]) => `${s} ${m.rps.toFixed(0)} req/s p95 ${m.p95.toFixed(0)} ms`).join('; ')}`);
      }
    }
    loads.push(load3());
    await api.close();
    await minimal.close();

    // ---- report ----------------------------------------------------------------------------
    log('');
    log(`${total} recommendations, ${DURATION_S} s per measure, median of ${RUNS} run(s), pool ${POOL}, random_page_cost ${randomPageCost}; ${listPaths.length} list URLs (${shapes.size} shapes)`);
    log(`load average (1/5/15 min) before each server's measures and at the end: ${loads.join(' | ')}`);
    for (const { name, paths } of scenarios) {
      const [apiM, bareM] = servers.map(([label]) => medianOf(results.get(label)!.get(name)!)) as [Measure, Measure];
      log('');
      log(`### ${name} (${paths.length} rotating URLs)`);
      log('| server | req/s | p50 ms | p95 ms | p99 ms | mean ms | requests | non-2xx | errors |');
      log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
      for (const m of [apiM, bareM]) {
        log(`| ${m.label} | ${m.rps.toFixed(1)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.mean.toFixed(1)} | ${m.requests} | ${m.non2xx} | ${m.errors} |`);
      }
      log(`API / minimal: throughput ${(apiM.rps / bareM.rps).toFixed(2)} ×, p95 ${(apiM.p95 / bareM.p95).toFixed(2)} ×`);
      if (apiM.non2xx || bareM.non2xx || apiM.errors || bareM.errors) log('WARNING: non-2xx responses or errors: these figures do not measure the search');
      if (name.startsWith('list') && name.endsWith(' 20 connections')) log(`target (list, 20 connections): API p95 ≤ 50 ms → ${apiM.p95.toFixed(1)} ms; throughput ≥ 0.8 × minimal → ${(apiM.rps / bareM.rps).toFixed(2)} ×`);
      if (name.startsWith('list') && name.endsWith(' 50 connections')) log(`stretch (list, 50 connections): API p95 ≤ 20 ms → ${apiM.p95.toFixed(1)} ms`);
    }
    log('');
    log('### slowest shapes alone (each URL once, one at a time, bare server; cache warm only for repeats)');
    log('| shape | URLs | p50 ms | p95 ms | slowest URL ms | slowest URL |');
    log('|---|---:|---:|---:|---:|---|');
    for (const line of slowestShapes(mix, (p) => (alone.has(p) ? [alone.get(p)!] : []), 5, 5)) log(line);
    log('');
    log('### slowest shapes under load (API, list with the result cache off, 20 connections, every run)');
    log('| shape | requests | p50 ms | p95 ms | slowest URL (median) ms | slowest URL |');
    log('|---|---:|---:|---:|---:|---|');
    for (const line of slowestShapes(mix, (p) => underLoad.get(p) ?? [], 20, 5)) log(line);
  } finally {
    if (!KEEP_DB) await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

runBench(main);
