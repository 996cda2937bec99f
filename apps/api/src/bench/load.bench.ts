/**
 * Load benchmark (issue 8, item 11): does an interactive user stay served while heavy work runs?
 *
 *   npm run bench:load   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *                         BENCH_LOAD_ENGINES=pg,pglite; BENCH_LOAD_PHASES=idle,dry-runs,commit,exports;
 *                         BENCH_IMPORT_FILE; BENCH_LOAD_DRY_RUNS=5; BENCH_LOAD_EXPORTS=20;
 *                         BENCH_LOAD_IDLE_SECONDS=5; BENCH_ME_PAUSE_MS=20; BENCH_LOAD_EXPLAIN=1)
 *
 * For each engine — server PostgreSQL (a fresh database, dropped at the end) and embedded PGlite
 * (the zero-setup default, as main.ts starts it: one connection, here in a temporary data
 * directory) — starts the real API (createApp, production settings, an ephemeral port) with the
 * reference and demo seed. A separate client process (load-client.ts) signs in; its "interactive
 * user" (a focal point) sends GET /api/v1/auth/me one after the other, BENCH_ME_PAUSE_MS apart,
 * during each phase:
 *   1. idle: the baseline;
 *   2. BENCH_LOAD_DRY_RUNS concurrent dry-run uploads of the 41,066-row UPR Info file by the admin
 *      (multipart, as the SPA sends them): 200, or 503 beyond IMPORT_MAX_CONCURRENT_PARSES;
 *   4. one real commit of that file (202, then the SPA's progress polling until the job ends);
 *   3. BENCH_LOAD_EXPORTS concurrent full XLSX exports (admin, coordinator and auditor in turn),
 *      run after the commit so that they export the imported catalogue (≈ 40,000
 *      recommendations, not the 386 of the demo seed): 200, 429 or 503.
 * Per phase: /auth/me p50 / p95 / max; since one request stuck for 90 s is a single sample of a
 * sequential user, also the p95 corrected for coordinated omission (the requests the user would
 * have sent meanwhile, at the baseline's pace) and the share of the phase during which a click
 * waits more than 500 ms; the p95 ratio to the baseline and the verdict p95 < 500 ms (corrected);
 * the heavy requests' statuses and durations; the API process's peak RSS in the phase (VmHWM,
 * reset at the phase start; PGlite's thread included), CPU time and event-loop delay; how many
 * session reads were answered from memory (PGlite: session and account reads, the session memo,
 * auth/session-memo.ts; server: the session cache, auth/session-cache.ts). For the
 * commit: the import's transaction timed from outside (instrumented service and repository calls:
 * connection + BEGIN, each part, COMMIT with its deferred checks), then (BENCH_LOAD_EXPLAIN) one
 * batch's statements with EXPLAIN ANALYZE.
 *
 * PGlite runs as main.ts starts it: in its worker thread (database/embedded-postgres.ts), with the
 * session memo. A prototype of a further change, as an engine option: `+batch-checks` (the import's
 * deferred audit checks run batch by batch instead of all at COMMIT, load-probes.ts), e.g.
 * `pglite+batch-checks`. Run one engine per process for clean RSS figures (PGlite's memory stays
 * in the process).
 * Figures only, no assertion.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { AuditWriter } from '../audit/audit.writer.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { createApp } from '../bootstrap.js';
import { loadConfig } from '../config/app-config.js';
import { EmbeddedPostgres } from '../database/embedded-postgres.js';
import { prepareDatabase } from '../database/prepare.js';
import { ImportsRepository } from '../modules/imports/imports.repository.js';
import { ImportsService } from '../modules/imports/imports.service.js';
import type { Call, ClientInit, FromClient, ToClient, WorkKind, WorkResult } from './load-client.js';
import { generateUprInfoCsv } from './load-fixture.js';
import {
  explainImportWrites,
  instrument,
  instrumentTransactions,
  peakRss,
  Probe,
  probes,
  prototypeChecksPerBatch,
  type Transaction,
} from './load-probes.js';
import { adminQuery, runBench } from './bench-db.js';

type Database = 'pg' | 'pglite';

interface Engine {
  /** As given in BENCH_LOAD_ENGINES, e.g. `pglite+batch-checks`. */
  name: string;
  database: Database;
  /** The prototype of deferred checks run batch by batch (load-probes.ts). */
  checksPerBatch: boolean;
}

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FILE = process.env['BENCH_IMPORT_FILE'] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/upr_info/upr_info_recommendations_sessions_01-20.csv');
const DRY_RUNS = Number(process.env['BENCH_LOAD_DRY_RUNS'] ?? 5);
const EXPORTS = Number(process.env['BENCH_LOAD_EXPORTS'] ?? 20);
const IDLE_SECONDS = Number(process.env['BENCH_LOAD_IDLE_SECONDS'] ?? 5);
const PAUSE_MS = Number(process.env['BENCH_ME_PAUSE_MS'] ?? 20);
const EXPLAIN = process.env['BENCH_LOAD_EXPLAIN'] !== '0';
/** The SPA's PROGRESS_POLL_MS (apps/web/src/modules/imports/hooks/use-imports.ts). */
const POLL_MS = 400;
const TARGET_P95_MS = 500;
const PASSWORD = 'demo-password';
const IMPORTER = 'admin@demo.sidh';
const EXPORTERS = ['admin@demo.sidh', 'coordinator@demo.sidh', 'auditor@demo.sidh'];
const INTERACTIVE = 'focal.justice@demo.sidh';

const ENGINES: Engine[] = (process.env['BENCH_LOAD_ENGINES'] ?? 'pg,pglite').split(',').map((spec) => {
  const name = spec.trim();
  const [database, ...flags] = name.split('+');
  if (database !== 'pg' && database !== 'pglite') throw new Error(`BENCH_LOAD_ENGINES: unknown engine ${name} (pg, pglite; +batch-checks)`);
  if (flags.some((f) => f !== 'batch-checks')) throw new Error(`BENCH_LOAD_ENGINES: unknown option in ${name} (+batch-checks)`);
  return { name, database, checksPerBatch: flags.includes('batch-checks') };
});

const ALL_PHASES: Array<{ kind: WorkKind; label: string }> = [
  { kind: 'idle', label: '1 idle (baseline)' },
  { kind: 'dry-runs', label: `2 ${DRY_RUNS} dry runs` },
  { kind: 'commit', label: '4 commit' },
  { kind: 'exports', label: `3 ${EXPORTS} XLSX exports` },
];
const PHASE_KINDS = (process.env['BENCH_LOAD_PHASES'] ?? 'idle,dry-runs,commit,exports').split(',').map((k) => k.trim());
const PHASES = ALL_PHASES.filter((p) => PHASE_KINDS.includes(p.kind));

const started = performance.now();
const log = (line: string) => process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---- figures ------------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

interface Latency {
  n: number;
  p50: number;
  p95: number;
  max: number;
  /** Answers other than 200 (0: network error). */
  failed: number;
  /** When the slowest request was sent, in seconds since the phase started. */
  maxAt: number;
}

function latency(calls: Call[]): Latency {
  const ms = calls.map((c) => c.ms).sort((a, b) => a - b);
  const slowest = calls.reduce<Call | null>((worst, c) => (!worst || c.ms > worst.ms ? c : worst), null);
  return { n: calls.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1] ?? NaN, failed: calls.filter((c) => c.status !== 200).length, maxAt: slowest?.at ?? NaN };
}

/**
 * p95 corrected for coordinated omission: a request that took L ms stands for the requests the
 * user would have sent meanwhile every `intervalMs` (the baseline's pace), which would have waited
 * L − intervalMs, L − 2·intervalMs, … (HdrHistogram's recordValueWithExpectedInterval).
 */
function correctedP95(calls: Call[], intervalMs: number): number {
  const samples: number[] = [];
  for (const { ms } of calls) {
    samples.push(ms);
    for (let missed = ms - intervalMs; missed > intervalMs; missed -= intervalMs) samples.push(missed);
  }
  return percentile(samples.sort((a, b) => a - b), 95);
}

/** Share of the phase during which a new request would have waited more than the target. */
function stalledShare(calls: Call[], elapsedMs: number): number {
  return calls.reduce((n, c) => n + Math.max(0, c.ms - TARGET_P95_MS), 0) / elapsedMs;
}

/** `200 ×2, 503 common.service_unavailable ×3` */
function statuses(calls: Call[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const key = `${c.status}${c.code ? ` ${c.code}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ×${n}`).join(', ') || '—';
}

// ---- the client process -----------------------------------------------------------------------

class ClientProcess {
  private readonly child: ChildProcess;
  private waiting: { resolve: (m: FromClient) => void; reject: (e: Error) => void } | null = null;

  constructor() {
    this.child = fork(fileURLToPath(new URL('./load-client.js', import.meta.url)));
    this.child.on('message', (message: FromClient) => {
      const waiting = this.waiting;
      this.waiting = null;
      if (message.type === 'error') waiting?.reject(new Error(`client: ${message.message}`));
      else waiting?.resolve(message);
    });
    this.child.on('exit', (code) => {
      this.waiting?.reject(new Error(`client exited (${code})`));
      this.waiting = null;
    });
  }

  private call(message: ToClient): Promise<FromClient> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.send(message);
    });
  }

  async init(init: ClientInit): Promise<void> {
    await this.call({ type: 'init', init });
  }

  async run(kind: WorkKind): Promise<WorkResult> {
    const reply = await this.call({ type: 'run', kind });
    if (reply.type !== 'result') throw new Error(`client: unexpected ${reply.type}`);
    return reply.result;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'exit' } satisfies ToClient);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

// ---- phases -----------------------------------------------------------------------------------

interface PhaseReport {
  engine: Engine;
  label: string;
  kind: WorkKind;
  result: WorkResult;
  me: Latency;
  /** p95 corrected for coordinated omission (at the engine's baseline pace). */
  correctedP95: number;
  /** Share of the phase a click would have waited more than 500 ms. */
  stalled: number;
  rssStart: number;
  rssPeak: number;
  loopMaxMs: number;
  loopP99Ms: number;
  /** CPU time of the API process (user + system) during the phase. */
  cpuMs: number;
  /** The machine's 1-minute load average at the phase's end (other processes slow every figure). */
  load: number;
  probe: Probe;
}

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

async function runPhase(engine: Engine, client: ClientProcess, kind: WorkKind, label: string, intervalMs: number | null): Promise<PhaseReport> {
  peakRss.reset();
  const rssStart = process.memoryUsage.rss();
  loop.reset();
  const probe = (probes.current = new Probe());
  const cpu = process.cpuUsage();
  const result = await client.run(kind);
  const used = process.cpuUsage(cpu);
  const me = latency(result.me);
  return {
    engine,
    label,
    kind,
    result,
    me,
    correctedP95: correctedP95(result.me, intervalMs ?? me.p50 + PAUSE_MS),
    stalled: stalledShare(result.me, result.elapsedMs),
    rssStart,
    rssPeak: peakRss.read(),
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
    cpuMs: (used.user + used.system) / 1000,
    load: os.loadavg()[0] ?? NaN,
    probe,
  };
}

function describeWork(r: PhaseReport): string {
  const { result } = r;
  if (result.kind === 'idle') return '—';
  if (result.kind === 'commit' && result.commit) {
    const c = result.commit;
    return `${c.accepted.status} after ${sec(c.accepted.ms)}, job ${c.status} after ${sec(c.finishedMs)}`;
  }
  const ok = result.work.filter((c) => c.status === 200);
  const durations = ok.map((c) => c.ms);
  const bytes = ok.reduce((n, c) => n + c.bytes, 0);
  return `${statuses(result.work)}; 200s: median ${sec(median(durations))}, max ${sec(Math.max(...durations, 0))}${result.kind === 'exports' ? `, ${mb(bytes)} sent` : ''}`;
}

function printPhase(r: PhaseReport, baseline: PhaseReport | undefined): void {
  const { me } = r;
  const ratio = baseline ? r.correctedP95 / baseline.correctedP95 : 1;
  log(
    `  ${r.label}: ${sec(r.result.elapsedMs)}; /auth/me n=${me.n} p50 ${me.p50.toFixed(1)} ms, p95 ${me.p95.toFixed(1)} ms, max ${me.max.toFixed(0)} ms (sent at +${me.maxAt.toFixed(1)} s), ` +
      `non-200 ${me.failed}${me.failed ? ` (${statuses(r.result.me.filter((c) => c.status !== 200))}; 0 = connection closed)` : ''}`,
  );
  log(
    `    corrected for coordinated omission: p95 ${r.correctedP95.toFixed(0)} ms (${ratio.toFixed(1)} × baseline); a click waits > ${TARGET_P95_MS} ms during ${(100 * r.stalled).toFixed(0)} % of the phase; ` +
      `p95 < ${TARGET_P95_MS} ms: ${r.correctedP95 < TARGET_P95_MS ? 'yes' : 'NO'}`,
  );
  log(`    heavy work: ${describeWork(r)}`);
  log(
    `    API process: peak RSS ${mb(r.rssPeak)} (${mb(r.rssStart)} at the start); CPU ${sec(r.cpuMs)}; event-loop delay p99 ${r.loopP99Ms.toFixed(0)} ms, max ${r.loopMaxMs.toFixed(0)} ms; ` +
      `machine load ${r.load.toFixed(1)} on ${os.cpus().length} CPUs`,
  );
  if (r.result.polls.length) {
    const polls = latency(r.result.polls);
    log(`    import progress polls (every ${POLL_MS} ms after each answer): n=${polls.n} p50 ${polls.p50.toFixed(0)} ms, p95 ${polls.p95.toFixed(0)} ms, max ${polls.max.toFixed(0)} ms`);
  }
}

/** Where the commit's time went, from the instrumented calls and transactions. */
function printCommitBreakdown(r: PhaseReport): void {
  const { probe: p, result } = r;
  const tx = p.transactions.reduce<Transaction | null>((longest, t) => (!longest || t.end - t.start > longest.end - longest.start ? t : longest), null);
  if (!tx || !result.commit) return;
  const sum = (name: string, from: number, to: number) => {
    const spans = p.spans.filter((s) => s.name === name && s.start >= from && s.end <= to);
    return { n: spans.length, ms: spans.reduce((n, s) => n + s.end - s.start, 0), max: Math.max(0, ...spans.map((s) => s.end - s.start)) };
  };
  const single = r.engine.database !== 'pg';
  out('');
  out(`  commit of the 41k-row file on ${r.engine.name}: where the time goes`);
  const upload = p.spans.find((s) => s.name === 'service.upload');
  if (upload) {
    const inUpload = (name: string) => sum(name, upload.start, upload.end);
    const [lookups, candidates, compare, job] = ['repo.loadLookups', 'repo.loadCandidates', 'service.compare', 'repo.insertJob'].map(inUpload) as [
      ReturnType<typeof sum>,
      ReturnType<typeof sum>,
      ReturnType<typeof sum>,
      ReturnType<typeof sum>,
    ];
    const rest = upload.end - upload.start - lookups.ms - candidates.ms - compare.ms - job.ms;
    out(
      `    upload, before the 202    ${sec(upload.end - upload.start).padStart(7)}: read + plan ${sec(rest)} (JS on the API's thread), lookups ${sec(lookups.ms)}, ` +
        `candidates ${sec(candidates.ms)}, compare ${sec(compare.ms)} (JS), job row ${sec(job.ms)}`,
    );
  }
  out(`    transaction               ${sec(tx.end - tx.start).padStart(7)}  holding ${single ? 'THE ONLY' : 'one of the pool’s'} connection(s) (+${(tx.start / 1000).toFixed(1)} s → +${(tx.end / 1000).toFixed(1)} s of the phase)`);
  out(`      connection + BEGIN      ${sec(tx.callbackStart - tx.start).padStart(7)}`);
  const parts: Array<[string, string[]]> = [
    ['advisory lock', ['repo.lockImports']],
    ['candidates (again)', ['repo.loadCandidates']],
    ['compare (again, JS)', ['service.compare']],
    ['labels + reviews', ['repo.insertLabels', 'repo.insertReviews']],
    ['recommendations', ['repo.insertRecommendations']],
    ['link tables', ['repo.insertLinks']],
    ['assignments', ['repo.insertAssignments']],
    ['import links', ['repo.insertImportLinks']],
    ['audit events', ['audit.appendMany']],
    ['checks, per batch (proto)', ['checks.perBatch']],
    ['job row', ['repo.finishJob']],
  ];
  let accounted = 0;
  for (const [label, names] of parts) {
    const s = names.map((n) => sum(n, tx.callbackStart, tx.callbackEnd)).reduce((a, b) => ({ n: a.n + b.n, ms: a.ms + b.ms, max: Math.max(a.max, b.max) }));
    accounted += s.ms;
    out(`      ${label.padEnd(24)}${sec(s.ms).padStart(7)}  (${s.n} call(s), longest ${s.max.toFixed(0)} ms)`);
  }
  out(`      other JS in the work    ${sec(tx.callbackEnd - tx.callbackStart - accounted).padStart(7)}  (building rows, MACs of audit events, progress)`);
  out(`      COMMIT                  ${sec(tx.end - tx.callbackEnd).padStart(7)}  (the deferred assert_audited checks: one per written row)`);
  // Requests that were waiting at some point while the transaction was open.
  const overlapping = result.me.filter((c) => c.at * 1000 < tx.end && c.at * 1000 + c.ms > tx.start);
  const a = latency(overlapping);
  out(`    /auth/me requests overlapping the transaction: n=${a.n}, p50 ${a.p50.toFixed(0)} ms, max ${a.max.toFixed(0)} ms (sent at +${a.maxAt.toFixed(1)} s)`);
}

// ---- engines ----------------------------------------------------------------------------------

const admin = (sql: string) => adminQuery(ADMIN_URL, sql);

/** The UPR Info file, or (not beside the repository) a generated stand-in of the same shape and size. */
let importFile: { path: string; generated: boolean } | null = null;
async function resolveImportFile(dataSource: DataSource, scratch: string): Promise<{ path: string; generated: boolean }> {
  if (importFile) return importFile;
  if (existsSync(FILE)) return (importFile = { path: FILE, generated: false });
  const names: Array<{ name: string }> = await dataSource.query(`SELECT name_en AS name FROM country ORDER BY code`);
  const generated = path.join(scratch, 'upr_info_generated_41066.csv');
  writeFileSync(generated, generateUprInfoCsv(names.map((n) => n.name)));
  log(`  ${FILE} not found: using a GENERATED file of the same shape and size (${generated})`);
  return (importFile = { path: generated, generated: true });
}

interface Started {
  url: string;
  stop: () => Promise<void>;
}

async function startDatabase(engine: Engine, dbName: string, dataDir: string): Promise<Started> {
  if (engine.database === 'pg') {
    await admin(`CREATE DATABASE ${dbName}`);
    return { url: Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString(), stop: () => admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`) };
  }
  const embedded = await EmbeddedPostgres.start(dataDir);
  return { url: embedded.url, stop: () => embedded.stop() };
}

async function runEngine(engine: Engine, scratch: string): Promise<PhaseReport[]> {
  const what = { pg: 'server PostgreSQL', pglite: 'embedded PGlite (one connection, in its worker thread, session memo)' }[engine.database];
  log(`== ${engine.name}: ${what}${engine.checksPerBatch ? ' + PROTOTYPE deferred checks per batch' : ''} ==`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sidh-bench-pglite-'));
  const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'sidh-bench-uploads-'));
  const database = await startDatabase(engine, `sidh_bench_load_${process.pid}`, dataDir);
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'false',
    UPLOAD_DIR: uploadDir,
    DEV_SMTP_PORT: '0',
    AUDIT_ANCHOR_ENABLED: 'false',
    JOBS_ENABLED: 'false',
    // The bench signs in as the demo coordinator with a password only.
    AUTH_TOTP_REQUIRED_ROLES: 'none',
  });
  // As main.ts: the configured pool on a server, one connection on the embedded engine.
  const embedded = engine.database !== 'pg';
  const poolSize = embedded ? 1 : config.DB_POOL_SIZE;
  const app = await createApp({ config, databaseUrl: database.url, poolSize, embedded, bufferLogs: false });
  const client = new ClientProcess();
  const reports: PhaseReport[] = [];
  try {
    await app.init();
    const dataSource = app.get(DataSource);
    let t = performance.now();
    await prepareDatabase(dataSource, { seedReference: true, seedDemo: true });
    log(
      `  migrations + reference + demo seed: ${sec(performance.now() - t)} (pool ${poolSize}; IMPORT_MAX_CONCURRENT_PARSES ${config.IMPORT_MAX_CONCURRENT_PARSES}; ` +
        `EXPORT_MAX_CONCURRENT ${config.EXPORT_MAX_CONCURRENT} per user, ${config.EXPORT_MAX_CONCURRENT_TOTAL} in all)`,
    );
    const file = await resolveImportFile(dataSource, scratch);
    instrument(app.get(ImportsRepository), 'repo', [
      'loadLookups',
      'loadCandidates',
      'insertJob',
      'lockImports',
      'insertLabels',
      'insertReviews',
      'insertRecommendations',
      'insertLinks',
      'insertAssignments',
      'insertImportLinks',
      'finishJob',
    ]);
    if (engine.checksPerBatch) prototypeChecksPerBatch(app.get(ImportsRepository));
    instrument(app.get(AuditWriter), 'audit', ['appendMany']);
    instrument(app.get(ImportsService), 'service', ['upload', 'compare']);
    instrumentTransactions(dataSource);
    const sessions = app.get(AuthRepository);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    t = performance.now();
    await client.init({
      base,
      file: file.path,
      fileName: path.basename(file.path),
      password: PASSWORD,
      importer: IMPORTER,
      exporters: EXPORTERS,
      interactive: INTERACTIVE,
      dryRuns: DRY_RUNS,
      exports: EXPORTS,
      idleSeconds: IDLE_SECONDS,
      pauseMs: PAUSE_MS,
      pollMs: POLL_MS,
    });
    log(`  ${new Set([IMPORTER, INTERACTIVE, ...EXPORTERS]).size} users signed in (${sec(performance.now() - t)}); the interactive user ${INTERACTIVE} sends GET /api/v1/auth/me, ${PAUSE_MS} ms after each answer`);
    for (const { kind, label } of PHASES) {
      log(`  phase ${label}…`);
      const baseline = reports.find((r) => r.kind === 'idle');
      const report = await runPhase(engine, client, kind, label, baseline ? baseline.me.p50 + PAUSE_MS : null);
      reports.push(report);
      printPhase(report, baseline);
      log(`    ${embedded ? 'session memo' : 'session cache'}: ${sessions.memoServed} ${embedded ? 'session/account' : 'session'} reads answered from memory so far`);
      if (kind === 'commit') {
        const [{ recs }] = (await dataSource.query(`SELECT count(*)::int AS recs FROM recommendation`)) as Array<{ recs: number }>;
        log(`    catalogue after the commit: ${recs} recommendations; import counts ${JSON.stringify(report.result.commit?.counts ?? null)}`);
        printCommitBreakdown(report);
        if (EXPLAIN && !engine.checksPerBatch) await explainImportWrites(dataSource, out);
      }
    }
  } finally {
    await client.close();
    await app.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(uploadDir, { recursive: true, force: true });
  }
  return reports;
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'sidh-bench-load-'));
  const all: PhaseReport[] = [];
  try {
    for (const engine of ENGINES) {
      const t = performance.now();
      all.push(...(await runEngine(engine, scratch)));
      log(`  ${engine.name}: ${sec(performance.now() - t)} in all`);
    }
  } finally {
    peakRss.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  out('');
  out(
    `### GET /api/v1/auth/me of an interactive user while heavy work runs (${importFile?.generated ? 'a GENERATED stand-in for ' : ''}the 41,066-row UPR Info file; ` +
      `Node ${process.version}, ${os.cpus().length} CPUs; "corrected": for coordinated omission, at the baseline's pace)`,
  );
  out('| engine | phase | /auth/me n | p50 ms | p95 ms | max ms | corrected p95 ms | × baseline | time > 500 ms | p95 < 500 ms | non-200 | heavy requests | peak RSS (API) | API CPU | event-loop max ms | load avg |');
  out('|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|');
  for (const r of all) {
    const baseline = all.find((b) => b.engine === r.engine && b.kind === 'idle');
    const ratio = baseline ? r.correctedP95 / baseline.correctedP95 : NaN;
    out(
      `| ${r.engine.name} | ${r.label} | ${r.me.n} | ${r.me.p50.toFixed(1)} | ${r.me.p95.toFixed(1)} | ${r.me.max.toFixed(0)} | ${r.correctedP95.toFixed(0)} | ${ratio.toFixed(1)} | ` +
        `${(100 * r.stalled).toFixed(0)} % | ${r.correctedP95 < TARGET_P95_MS ? 'yes' : 'NO'} | ${r.me.failed} | ${describeWork(r)} | ${mb(r.rssPeak)} | ${sec(r.cpuMs)} | ${r.loopMaxMs.toFixed(0)} | ${r.load.toFixed(1)} |`,
    );
  }
}

runBench(main);
