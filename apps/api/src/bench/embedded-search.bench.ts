/**
 * Embedded against server search (issue 14: "Embedded mode (PGlite, national scale 5,000
 * recommendations): … search p95 ≤ 3× server mode").
 *
 *   npm run bench:embedded   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *        BENCH_EMBEDDED_ROWS=5000, BENCH_DURATION=10, BENCH_RUNS=3, BENCH_MIX=300, BENCH_WARM=0 leaves the warm measure out,
 *        BENCH_EMBEDDED_PLANNER=server: a prototype, the server's planner options on PGlite too)
 *
 * 1. Two catalogues of the same content: a fresh database on the server (dropped at the end) and
 *    an embedded PGlite in a temporary data directory (removed at the end), each with the
 *    migrations, the reference + demo seed and BENCH_EMBEDDED_ROWS recommendations derived from the demo
 *    ones (seed-variants.ts, numbered by content), then VACUUM (ANALYZE).
 * 2. Each engine's API runs in a process of its own (this file with `serve`), opened as main.ts
 *    opens it: the server with the default pool (DB_POOL_SIZE) and its planner options, PGlite in
 *    its worker thread behind one connection. So the embedded process's RSS is its own, and the load
 *    generator (autocannon, here) shares no event loop with either API (load-client.ts's reason for
 *    being a process of its own, turned around: the servers are the children here).
 * 3. The mix: BENCH_MIX list URLs of search.paths.ts `buildSearchMix` (ar/fr/en words, phrases,
 *    references, filters, sorts, later pages), institutions and reviews named by code, each engine's
 *    URLs carrying that engine's ids. Each URL once on each engine, one at a time, result cache off
 *    (also the warm-up): every answer must be 200 and both engines must give the same total.
 * 4. Measures, the result cache off (cold: every request runs its SQL, as search.bench.ts turns it
 *    off), at 1 and 4 connections (embedded has one database connection: a ministry's few users),
 *    then warm (cache on, the WARM_URLS first URLs asked once before) at 4 connections for half the
 *    time; BENCH_RUNS rounds, the engines alternating (and which goes first). Prints each run, the
 *    medians, the ratio embedded p95 ÷ server p95 (target ≤ 3×), the load average, and each API
 *    process's RSS (peak during the measures; PGlite's thread and WebAssembly memory included).
 * Figures only, no assertion.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions, SERVER_PLANNER_OPTIONS } from '../database/data-source.js';
import { EmbeddedPostgres } from '../database/embedded-postgres.js';
import { prepareDatabase } from '../database/prepare.js';
import { RecommendationSearchCache } from '../modules/recommendations/recommendation-facets.cache.js';
import { adminQuery, listenBenchApi, runBench } from './bench-db.js';
import { peakRss } from './load-probes.js';
import { load, median, medianOf, percentile, type Measure } from './rotating-load.js';
import { buildSearchMix, demoVocabulary } from './search.paths.js';
import { seedVariants } from './seed-variants.js';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// Its own variable: `npm run bench` runs it beside the global-scale benches (BENCH_ROWS=300000); embedded mode is national scale.
const ROWS = Number(process.env['BENCH_EMBEDDED_ROWS'] ?? 5_000);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 10);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const MIX_SIZE = Number(process.env['BENCH_MIX'] ?? 300);
const WARM = process.env['BENCH_WARM'] !== '0';
const WARM_URLS = 100;
const CONNECTION_LEVELS = [1, 4] as const;
/** The issue's target: embedded p95 at most this many times the server's. */
const TARGET_RATIO = 3;
const STATEMENT_TIMEOUT_MS = 15_000;
/** As main.ts: the configured pool on a server (its default here), one connection on the embedded engine. */
const SERVER_POOL = new AppConfig().DB_POOL_SIZE;
/**
 * PROTOTYPE (opt-in, bench only): the embedded engine ignores connection startup options, so it
 * plans with PostgreSQL's default random_page_cost (4) where a server gets SERVER_PLANNER_OPTIONS
 * (1.1); BENCH_EMBEDDED_PLANNER=server sets them on PGlite's session before seeding.
 */
const PLANNER_PROTOTYPE = process.env['BENCH_EMBEDDED_PLANNER'] === 'server';

type Engine = 'server' | 'embedded';
const ENGINES: readonly Engine[] = ['server', 'embedded'];

/** What a serving child reports about its catalogue: ids by code (random per database), and how long seeding took. */
interface Catalogue {
  institutions: Record<string, string>;
  reviews: Record<string, string>;
  themes: string[];
  total: number;
  seedSeconds: number;
  randomPageCost: string;
  rss: number;
}

type ToServer = { type: 'serve'; engine: Engine; url: string | null; dataDir: string | null } | { type: 'cache'; capacity: number } | { type: 'memory'; reset: boolean } | { type: 'stop' };
type FromServer = { type: 'ready'; base: string; catalogue: Catalogue } | { type: 'ok' } | { type: 'memory'; rss: number; peak: number } | { type: 'error'; message: string };

const log = (line: string) => process.stdout.write(`${line}\n`);
const load3 = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

// ---- the serving child: one engine, seeded, and its API ---------------------------------------------

/** Institutions and reviews by code, themes: the filter values of the mix, the same on both engines. */
async function describeCatalogue(db: DataSource): Promise<Omit<Catalogue, 'seedSeconds' | 'rss' | 'randomPageCost'>> {
  const pairs = async (sql: string) => Object.fromEntries(((await db.query(sql)) as Array<{ code: string; id: string }>).map((r) => [r.code, r.id]));
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM recommendation`);
  return {
    institutions: await pairs(`SELECT DISTINCT i.code, i.id::text AS id FROM assignment a JOIN institution i ON i.id = a.institution_id`),
    reviews: await pairs(`SELECT DISTINCT b.code || '/' || v.code AS code, v.id::text AS id FROM recommendation r JOIN review v ON v.id = r.review_id JOIN body b ON b.id = v.body_id`),
    themes: ((await db.query(`SELECT DISTINCT theme_code AS code FROM recommendation_theme ORDER BY 1`)) as Array<{ code: string }>).map((r) => r.code),
    total,
  };
}

async function serve(): Promise<void> {
  const send = (message: FromServer) => process.send!(message);
  let stop: () => Promise<void> = async () => undefined;
  let searchCache: RecommendationSearchCache | null = null;
  process.on('message', (message: ToServer) => {
    void (async () => {
      try {
        if (message.type === 'serve') {
          const embedded = message.engine === 'embedded' ? await EmbeddedPostgres.start(message.dataDir!) : null;
          const url = embedded?.url ?? message.url!;
          const started = performance.now();
          const setup = new DataSource(buildDataSourceOptions({ url, poolSize: 1, statementTimeoutMs: 600_000, applicationName: 'sidh-bench-seed', embedded: embedded !== null }));
          await setup.initialize();
          // PGlite is one session for every connection of its socket: a SET here lasts while it runs.
          if (embedded && PLANNER_PROTOTYPE) for (const option of SERVER_PLANNER_OPTIONS.split(/\s*-c\s+/).filter(Boolean)) await setup.query(`SET ${option.replace('=', ' = ')}`);
          await prepareDatabase(setup, { seedReference: true, seedDemo: true });
          await setup.transaction((manager) => seedVariants(manager, ROWS));
          await setup.query('VACUUM (ANALYZE)');
          const described = await describeCatalogue(setup);
          await setup.destroy();
          // pglite-socket frees its one connection on the next turn of its loop: a connection opened at
          // once is refused (TypeORM then retries after 3 s).
          if (embedded) await new Promise((resolve) => setTimeout(resolve, 500));
          const seedSeconds = (performance.now() - started) / 1000;
          const { app, base } = await listenBenchApi(url, embedded ? 1 : SERVER_POOL, STATEMENT_TIMEOUT_MS, embedded !== null);
          searchCache = app.get(RecommendationSearchCache);
          // As the API's own connection sees it.
          const [{ random_page_cost: randomPageCost }] = await app.get(DataSource).query(`SHOW random_page_cost`);
          stop = async () => {
            await app.close();
            await embedded?.stop();
          };
          send({ type: 'ready', base, catalogue: { ...described, seedSeconds, randomPageCost, rss: process.memoryUsage.rss() } });
        } else if (message.type === 'cache') {
          searchCache!.capacity = message.capacity;
          searchCache!.clear();
          send({ type: 'ok' });
        } else if (message.type === 'memory') {
          send({ type: 'memory', rss: process.memoryUsage.rss(), peak: peakRss.read() });
          if (message.reset) peakRss.reset();
        } else {
          await stop();
          send({ type: 'ok' });
          process.disconnect();
        }
      } catch (error) {
        send({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error) });
      }
    })();
  });
}

// ---- the parent: databases, mix, checks, load ---------------------------------------------------------

/** A serving child, asked one thing at a time. */
class ServerProcess {
  readonly child: ChildProcess;
  base = '';
  headers: Record<string, string> = {};
  catalogue: Catalogue | null = null;
  /** This engine's URL for each URL of the mix. */
  paths: string[] = [];

  constructor(readonly engine: Engine) {
    this.child = fork(fileURLToPath(import.meta.url), ['serve'], { stdio: 'inherit' });
  }

  ask(message: ToServer): Promise<FromServer> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the ${this.engine} process exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: FromServer) => {
        this.child.off('exit', onExit);
        if (reply.type === 'error') reject(new Error(`${this.engine}: ${reply.message}`));
        else resolve(reply);
      });
      this.child.send(message);
    });
  }

  async start(url: string | null, dataDir: string | null): Promise<void> {
    const reply = await this.ask({ type: 'serve', engine: this.engine, url, dataDir });
    if (reply.type !== 'ready') throw new Error(`${this.engine}: unexpected ${reply.type}`);
    this.base = reply.base;
    this.catalogue = reply.catalogue;
  }

  /** Signs in as the demo coordinator (an access token lives 15 minutes). */
  async signIn(): Promise<void> {
    const login = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordinator@demo.sidh', password: 'demo-password' }) });
    if (login.status !== 200) throw new Error(`${this.engine}: login failed: ${login.status}`);
    this.headers = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  }

  async cache(capacity: number): Promise<void> {
    await this.ask({ type: 'cache', capacity });
  }

  async memory(reset = false): Promise<{ rss: number; peak: number }> {
    const reply = await this.ask({ type: 'memory', reset });
    if (reply.type !== 'memory') throw new Error(`${this.engine}: unexpected ${reply.type}`);
    return reply;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    await this.ask({ type: 'stop' }).catch(() => undefined);
    this.child.kill();
  }
}

/** The mix with codes for ids (`institutionId=MJ`): the same URLs on both engines, before `localise`. */
function codedMix(catalogue: Catalogue): string[] {
  const mix = buildSearchMix(
    {
      ...demoVocabulary(),
      institutionIds: Object.keys(catalogue.institutions).sort(),
      reviewIds: Object.keys(catalogue.reviews).sort().slice(0, 200),
      themes: catalogue.themes,
    },
    MIX_SIZE,
  );
  return mix.slice(0, MIX_SIZE).map((m) => m.path);
}

/** A mix URL with this engine's ids for the codes. */
function localise(pathWithCodes: string, catalogue: Catalogue): string {
  const url = new URL(pathWithCodes, 'http://x');
  for (const [key, ids] of [['institutionId', catalogue.institutions], ['reviewId', catalogue.reviews]] as const) {
    const code = url.searchParams.get(key);
    if (code === null) continue;
    const id = ids[code];
    if (!id) throw new Error(`no ${key} for ${code}`);
    url.searchParams.set(key, id);
  }
  return `${url.pathname}${url.search}`;
}

interface Answer {
  status: number;
  total: number | null;
  lowerBound: boolean;
  ms: number;
}

/** Each URL once, one at a time: the status, the total, and the time alone. */
async function answers(server: ServerProcess): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const p of server.paths) {
    const started = performance.now();
    const res = await fetch(`${server.base}${p}`, { headers: server.headers });
    const body = (await res.json().catch(() => null)) as { total?: number; totalIsLowerBound?: boolean } | null;
    out.push({ status: res.status, total: body?.total ?? null, lowerBound: body?.totalIsLowerBound === true, ms: performance.now() - started });
  }
  return out;
}

/** Each URL once, 4 at a time (fills the result cache before the warm measure). */
async function prefill(server: ServerProcess, paths: readonly string[]): Promise<void> {
  const queue = [...paths];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) await (await fetch(`${server.base}${p}`, { headers: server.headers })).arrayBuffer();
  }));
}

const scenarioNames = [...CONNECTION_LEVELS.map((c) => `cold, ${c} connection${c > 1 ? 's' : ''}`), ...(WARM ? [`warm (${WARM_URLS} cached URLs), 4 connections`] : [])];

/** One engine's measures of a round: cold at each connection count, then warm. */
async function measureRound(server: ServerProcess): Promise<Map<string, Measure>> {
  const out = new Map<string, Measure>();
  await server.signIn();
  await server.cache(0);
  for (const [i, connections] of CONNECTION_LEVELS.entries()) {
    out.set(scenarioNames[i]!, await load(server.engine, server.base, server.headers, server.paths, DURATION_S, connections));
  }
  if (WARM) {
    const popular = server.paths.slice(0, WARM_URLS);
    await server.cache(new RecommendationSearchCache().capacity);
    await prefill(server, popular);
    out.set(scenarioNames.at(-1)!, await load(server.engine, server.base, server.headers, popular, Math.max(1, Math.round(DURATION_S / 2)), 4));
  }
  return out;
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const dbName = `sidh_bench_embedded_${process.pid}`;
  const serverUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sidh-bench-embedded-'));
  const servers = ENGINES.map((engine) => new ServerProcess(engine));
  const [server, embedded] = servers as [ServerProcess, ServerProcess];
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${dbName}`);
  try {
    // ---- the two catalogues, seeded side by side --------------------------------------------------
    log(`load average at the start: ${load3()}`);
    await Promise.all([server.start(serverUrl, null), embedded.start(null, dataDir)]);
    for (const s of servers) {
      const c = s.catalogue!;
      log(`${s.engine}: ${c.total} recommendations, seeded in ${c.seedSeconds.toFixed(1)} s (migrations, demo seed, ${ROWS} variants, VACUUM ANALYZE); random_page_cost ${c.randomPageCost}; RSS ${mb(c.rss)}`);
    }
    if (server.catalogue!.total !== embedded.catalogue!.total) throw new Error('the two catalogues differ in size');
    const coded = codedMix(server.catalogue!);
    for (const s of servers) s.paths = coded.map((p) => localise(p, s.catalogue!));

    // ---- every URL once on each engine: 200, the same totals (and the warm-up) ----------------------
    const alone = new Map<Engine, Answer[]>();
    for (const s of servers) {
      await s.signIn();
      await s.cache(0);
      alone.set(s.engine, await answers(s));
    }
    const [a, b] = [alone.get('server')!, alone.get('embedded')!];
    const non200 = [...a, ...b].filter((x) => x.status !== 200).length;
    const mismatches = coded.filter((_, i) => a[i]!.total !== b[i]!.total || a[i]!.lowerBound !== b[i]!.lowerBound);
    log(`mix: ${coded.length} list URLs; each once per engine, alone, cache off: non-200 ${non200}; total mismatches between engines ${mismatches.length}`);
    for (const p of mismatches.slice(0, 5)) {
      const i = coded.indexOf(p);
      log(`  mismatch: ${decodeURIComponent(p)} → server ${a[i]!.total}, embedded ${b[i]!.total}`);
    }
    for (const s of servers) {
      const ms = alone.get(s.engine)!.map((x) => x.ms).sort((x, y) => x - y);
      log(`  ${s.engine} alone: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${ms.at(-1)!.toFixed(0)} ms`);
    }

    // ---- load, engines alternating ------------------------------------------------------------------
    const results = new Map<Engine, Map<string, Measure[]>>(ENGINES.map((e) => [e, new Map()]));
    const loads: string[] = [];
    for (const s of servers) await s.memory(true);
    for (let run = 1; run <= RUNS; run += 1) {
      const order = run % 2 ? servers : [...servers].reverse();
      for (const s of order) {
        loads.push(load3());
        const measured = await measureRound(s);
        for (const [name, m] of measured) results.get(s.engine)!.set(name, [...(results.get(s.engine)!.get(name) ?? []), m]);
        log(`  run ${run}/${RUNS} ${s.engine} (load ${load3()}): ${[...measured].map(([n, m]) => `${n} ${m.rps.toFixed(0)} req/s p50 ${m.p50.toFixed(0)} p95 ${m.p95.toFixed(0)} ms${m.non2xx || m.errors ? ` NON-2XX ${m.non2xx} ERRORS ${m.errors}` : ''}`).join('; ')}`);
      }
    }
    loads.push(load3());
    const memory = new Map<Engine, { rss: number; peak: number }>();
    for (const s of servers) memory.set(s.engine, await s.memory());

    // ---- report -------------------------------------------------------------------------------------
    log('');
    if (PLANNER_PROTOTYPE) log(`PROTOTYPE: PGlite's session runs with the server's planner options (${SERVER_PLANNER_OPTIONS})`);
    log(`${ROWS} derived + demo recommendations (${server.catalogue!.total}), ${coded.length} rotating list URLs, ${DURATION_S} s per cold measure, median of ${RUNS} run(s); server pool ${SERVER_POOL}, embedded pool 1`);
    log(`load average (1/5/15 min) before each engine's measures and at the end: ${loads.join(' | ')}`);
    log('');
    log('| scenario | engine | req/s | p50 ms | p95 ms | p99 ms | requests | non-2xx | errors | embedded p95 ÷ server p95 |');
    log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const name of scenarioNames) {
      const [sm, em] = ENGINES.map((e) => medianOf(results.get(e)!.get(name)!)) as [Measure, Measure];
      const perRun = results.get('embedded')!.get(name)!.map((m, i) => m.p95 / results.get('server')!.get(name)![i]!.p95);
      for (const m of [sm, em]) {
        const ratio = m === em ? `${(em.p95 / sm.p95).toFixed(2)} × (per-run median ${median(perRun).toFixed(2)} ×)` : '';
        log(`| ${name} | ${m.label} | ${m.rps.toFixed(1)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.requests} | ${m.non2xx} | ${m.errors} | ${ratio} |`);
      }
    }
    log('');
    for (const name of scenarioNames.filter((n) => n.startsWith('cold'))) {
      const [sm, em] = ENGINES.map((e) => medianOf(results.get(e)!.get(name)!)) as [Measure, Measure];
      const ratio = em.p95 / sm.p95;
      log(`target (${name}): embedded p95 ≤ ${TARGET_RATIO} × server → ${em.p95.toFixed(1)} / ${sm.p95.toFixed(1)} ms = ${ratio.toFixed(2)} × ${ratio <= TARGET_RATIO ? 'met' : 'NOT MET'}`);
    }
    for (const s of servers) {
      const m = memory.get(s.engine)!;
      log(`${s.engine} API process RSS: ${mb(m.rss)} at the end, peak ${mb(m.peak)} during the measures${s.engine === 'embedded' ? ' (PGlite in its worker thread included)' : ' (PostgreSQL server not included)'}`);
    }
    if (non200 || mismatches.length) log('WARNING: non-200 answers or total mismatches: the engines do not answer alike');
    log(`bench time ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') {
  void serve();
} else {
  runBench(main);
}
