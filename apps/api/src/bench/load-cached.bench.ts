/**
 * Per-request cost (issue 14): a cached answer through the full stack against the bare server.
 *
 *   node dist/apps/api/bench/load-cached.bench.js   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *        BENCH_CACHED_RUNS=5, BENCH_DURATION=8, BENCH_CONNECTIONS=20, BENCH_CACHED_DB=sidh_bench_cached,
 *        BENCH_CACHED_ONLY=api|minimal (one server only); BENCH_HEAP_PROFILE=<file.heapprofile>: sampled allocations; BENCH_CPU_PROFILE=<file.cpuprofile>: a V8 CPU
 *        profile of this process during the measures only (not the start, seed or warm-up))
 *
 * The warm-cache facets scenario of search.bench.ts, alone and on the demo seed (a cached answer
 * does not depend on the catalogue's size): the real application (production settings, signed in as
 * the demo coordinator) against a bare `http` + `pg` server calling the same RecommendationsService
 * and facet cache, with no Nest, auth, validation or logging. Unlike search.bench.ts, the load
 * (autocannon, BENCH_CONNECTIONS connections over the facet URLs of search.paths.ts) comes from a
 * child process, so the servers' event loop serves requests only and the profile (BENCH_CPU_PROFILE)
 * shows the servers, not the client. The servers alternate, BENCH_CACHED_RUNS times; the
 * report gives each run, the medians, the ratios and the load average, this process's CPU time per
 * request (user + system: what each server costs, much less sensitive than throughput to the other
 * work on a busy machine; PostgreSQL's side is not counted), and how many session reads the session
 * cache answered (auth/session-cache.ts). Figures only, no assertion.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/index.js';
import { AuthRepository } from '../auth/auth.repository.js';
import type { AuthUser } from '../common/auth-user.js';
import { buildDataSourceOptions, SERVER_PLANNER_OPTIONS } from '../database/data-source.js';
import { prepareDatabase } from '../database/prepare.js';
import type { RecommendationFilter } from '../modules/recommendations/dto/recommendation-query.dto.js';
import { RecommendationFacetsCache } from '../modules/recommendations/recommendation-facets.cache.js';
import { RecommendationsRepository } from '../modules/recommendations/recommendations.repository.js';
import { RecommendationsService } from '../modules/recommendations/recommendations.service.js';
import { adminQuery, listenBenchApi, runBench } from './bench-db.js';
import { BENCH_FACET_PATHS } from './search.paths.js';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = process.env['BENCH_CACHED_DB'] ?? 'sidh_bench_cached';
const RUNS = Number(process.env['BENCH_CACHED_RUNS'] ?? 5);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 8);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);
const ONLY = process.env['BENCH_CACHED_ONLY'];
const CPU_PROFILE = process.env['BENCH_CPU_PROFILE'];
const HEAP_PROFILE = process.env['BENCH_HEAP_PROFILE'];
const POOL = 20;
const STATEMENT_TIMEOUT_MS = 15_000;

interface LoadOrder {
  base: string;
  headers: Record<string, string>;
  paths: string[];
  duration: number;
}

interface Measure {
  rps: number;
  p50: number;
  p95: number;
  non2xx: number;
  requests: number;
  /** This process's CPU time (user + system) per request during the measure, in µs: the servers' cost, robust to a busy machine. */
  cpuUs?: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

// ---- the client process ----------------------------------------------------------------------

async function client(): Promise<void> {
  process.on('message', (order: LoadOrder) => {
    const latencies: number[] = [];
    const instance = autocannon({
      url: order.base,
      connections: CONNECTIONS,
      duration: order.duration,
      headers: order.headers,
      timeout: 30,
      requests: order.paths.map((path) => ({ method: 'GET', path })),
    });
    instance.on('response', (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
    void instance.then((result) => {
      latencies.sort((a, b) => a - b);
      const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
      const measure: Measure = { rps: result.requests.total / result.duration, p50: at(50), p95: at(95), non2xx: result.non2xx, requests: result.requests.total };
      process.send!(measure);
    });
  });
}

// ---- the servers -----------------------------------------------------------------------------

interface Server {
  base: string;
  headers: Record<string, string>;
  close: () => Promise<void>;
}

function parseQuery(search: URLSearchParams): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of search) query[key] = key === 'followUp' ? value === 'true' : value;
  return query;
}

/** search.bench.ts's minimal server, facets only: query string → the same service and facet cache → JSON. */
async function startMinimal(url: string): Promise<Server> {
  const pool = new pg.Pool({ connectionString: url, max: POOL, statement_timeout: STATEMENT_TIMEOUT_MS, application_name: 'sidh-bench-minimal', options: SERVER_PLANNER_OPTIONS });
  // An idle connection terminated by the final DROP DATABASE … WITH (FORCE) must not end the process.
  pool.on('error', () => undefined);
  const repository = new RecommendationsRepository({ query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows } as unknown as DataSource);
  const service = new RecommendationsService(
    null as unknown as DataSource,
    repository,
    null as never,
    new RecommendationFacetsCache(),
    new AccessService(null as unknown as DataSource),
    null as never,
    null as never,
    // The list's search cache: facets do not use it.
    null as never,
  );
  const user: AuthUser = { id: '00000000-0000-0000-0000-000000000000', email: 'bench', name: 'bench', role: 'coordinator', institutionId: null, locale: 'fr', sessionId: 'bench' };
  const server = http.createServer((req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://x');
    if (parsed.pathname !== '/api/v1/recommendations/facets') {
      res.writeHead(404).end();
      return;
    }
    service.facets(parseQuery(parsed.searchParams) as RecommendationFilter, user).then(
      (result) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(result)),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    headers: {},
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

async function startApi(url: string): Promise<Server & { sessions: AuthRepository }> {
  const { app, base } = await listenBenchApi(url, POOL, STATEMENT_TIMEOUT_MS);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'coordinator@demo.sidh', password: 'demo-password' }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return { base, headers: { authorization: `Bearer ${accessToken}` }, sessions: app.get(AuthRepository), close: () => app.close() };
}

// ---- the run ---------------------------------------------------------------------------------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${DB_NAME}` }).toString();
  await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${DB_NAME}`);
  const child = fork(fileURLToPath(import.meta.url), ['client'], { stdio: 'inherit' });
  try {
    const setup = new DataSource(buildDataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 600_000, applicationName: 'sidh-bench-seed' }));
    await setup.initialize();
    await prepareDatabase(setup, { seedReference: true, seedDemo: true });
    await setup.destroy();

    const api = ONLY === 'minimal' ? null : await startApi(url);
    const minimal = ONLY === 'api' ? null : await startMinimal(url);
    const servers: Array<[string, Server]> = [];
    if (api) servers.push(['API (full stack)', api]);
    if (minimal) servers.push(['minimal (http + pg)', minimal]);
    const measure = (server: Server, duration: number) =>
      new Promise<Measure>((resolve) => {
        const cpu = process.cpuUsage();
        child.once('message', (m) => {
          const used = process.cpuUsage(cpu);
          const result = m as Measure;
          resolve({ ...result, cpuUs: (used.user + used.system) / Math.max(1, result.requests) });
        });
        child.send({ base: server.base, headers: server.headers, paths: [...BENCH_FACET_PATHS], duration } satisfies LoadOrder);
      });
    const results = new Map<string, Measure[]>();
    for (const [, server] of servers) await measure(server, 3); // warm-up: the facet cache, the JIT, the session cache
    log(`facets (warm cache), ${CONNECTIONS} connections, ${DURATION_S} s per measure, ${BENCH_FACET_PATHS.length} rotating URLs; load average at start ${load()}`);
    const profiler = CPU_PROFILE ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    // Every allocation sampled, also of objects already collected: where the garbage comes from.
    const heapProfiler = HEAP_PROFILE ? new Session() : null;
    if (heapProfiler) {
      heapProfiler.connect();
      await heapProfiler.post('HeapProfiler.enable');
      await heapProfiler.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    }
    for (let run = 1; run <= RUNS; run += 1) {
      const line: string[] = [];
      for (const [label, server] of servers) {
        const m = await measure(server, DURATION_S);
        results.set(label, [...(results.get(label) ?? []), m]);
        line.push(`${label} ${m.rps.toFixed(0)} req/s p50 ${m.p50.toFixed(1)} p95 ${m.p95.toFixed(1)} ms, CPU ${m.cpuUs!.toFixed(0)} µs/req${m.non2xx ? ` non-2xx ${m.non2xx}` : ''}`);
      }
      const ratio = servers.length === 2 ? ` | ratio ${((results.get(servers[0][0])!.at(-1)!.rps) / results.get(servers[1][0])!.at(-1)!.rps).toFixed(2)} ×` : '';
      log(`  run ${run}/${RUNS}: ${line.join('; ')}${ratio} (load ${load()})`);
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(CPU_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
      log(`CPU profile of the measures: ${CPU_PROFILE}`);
    }
    if (heapProfiler) {
      const { profile } = await heapProfiler.post('HeapProfiler.stopSampling');
      writeFileSync(HEAP_PROFILE!, JSON.stringify(profile));
      heapProfiler.disconnect();
      log(`allocation profile of the measures (collected objects included): ${HEAP_PROFILE}`);
    }
    log('');
    log('| server | req/s | p50 ms | p95 ms | CPU µs/request |');
    log('|---|---:|---:|---:|---:|');
    const medians = servers.map(([label]) => {
      const runs = results.get(label)!;
      const m = { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p95: median(runs.map((r) => r.p95)), cpuUs: median(runs.map((r) => r.cpuUs!)) };
      log(`| ${label} | ${m.rps.toFixed(1)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.cpuUs.toFixed(0)} |`);
      return m;
    });
    if (medians.length === 2) {
      const perRun = results.get(servers[0][0])!.map((m, i) => m.rps / results.get(servers[1][0])![i]!.rps);
      log(`API / minimal (medians): throughput ${(medians[0]!.rps / medians[1]!.rps).toFixed(2)} ×, p50 ${(medians[0]!.p50 / medians[1]!.p50).toFixed(2)} ×, p95 ${(medians[0]!.p95 / medians[1]!.p95).toFixed(2)} ×; median of the per-run throughput ratios ${median(perRun).toFixed(2)} ×`);
      // On a busy machine throughput follows whoever else runs; the CPU each request costs this process does much less.
      log(`minimal / API CPU per request (the throughput ratio of a CPU-bound server): ${(medians[1]!.cpuUs / medians[0]!.cpuUs).toFixed(2)} ×`);
    }
    if (api) log(`session reads answered from memory: ${api.sessions.memoServed}`);
    log(`load average at the end: ${load()}`);
    await api?.close();
    await minimal?.close();
  } finally {
    child.kill();
    await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

if (process.argv[2] === 'client') {
  void client();
} else {
  runBench(main);
}
