/**
 * Import benchmark: the 41,066-row UPR Info file (sessions 1–20, every state) through the real
 * import service (upr-info preset: one row per recommending state, merged) into a fresh database
 * on server PostgreSQL, in one audited transaction.
 *   npm run bench:import     (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *        BENCH_IMPORT_FUNCTIONS=1: also the database functions' calls and times, from pg_stat_user_functions)
 * Prints elapsed time, rows/s, where the time went (parse, plan, compare, search documents, rows,
 * audit events, COMMIT: ImportTimings), the peak RSS of the process (target ≤ 10 s, ≤ 300 MB, issue 14) and the CPU
 * seconds of the API process and of the database's backends (from /proc, when the server runs on this host: on the
 * shared two-core machine they vary much less with the load than the elapsed time); then checks that the audit chain still verifies (GET /audit/verify) and that every stored search
 * document is the one the trigger's function computes (migration 1763900023000).
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { AuditChainService } from '../audit/audit-chain.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.writer.js';
import { createApp } from '../bootstrap.js';
import { loadConfig } from '../config/app-config.js';
import { prepareDatabase } from '../database/prepare.js';
import { one } from '../database/sql.js';
import { ImportsService, type ImportTimings } from '../modules/imports/imports.service.js';
import { adminQuery } from './bench-db.js';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FILE = process.env['BENCH_IMPORT_FILE'] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/upr_info/upr_info_recommendations_sessions_01-20.csv');
if (!existsSync(FILE)) {
  process.stderr.write(`import benchmark skipped: ${FILE} not found (../shared/data is not beside the repository; set BENCH_IMPORT_FILE)\n`);
  process.exit(0);
}

const admin = (sql: string) => adminQuery(ADMIN_URL, sql);

/** User + system CPU ticks of each backend connected to the benchmark's database (/proc, same host only); null when unreadable. */
async function backendTicks(dataSource: DataSource): Promise<Map<number, number> | null> {
  const backends: Array<{ pid: number }> = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`);
  const ticks = new Map<number, number>();
  for (const { pid } of backends) {
    try {
      // Fields 14 and 15 (utime, stime) of /proc/<pid>/stat, counted after the parenthesised command name.
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      return null;
    }
  }
  return ticks;
}

const name = `sidh_bench_import_${process.pid}`;
await admin(`CREATE DATABASE ${name}`);
// BENCH_IMPORT_FUNCTIONS=1: the database's functions (triggers, the deferred audit checks) timed and listed.
const FUNCTIONS = process.env['BENCH_IMPORT_FUNCTIONS'] === '1';
if (FUNCTIONS) await admin(`ALTER DATABASE ${name} SET track_functions = 'pl'`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'silent', DEMO_SEED: 'false', UPLOAD_DIR: `tmp/bench-uploads-${process.pid}`, DEV_SMTP_PORT: '0', AUDIT_ANCHOR_ENABLED: 'false' });
const app = await createApp({ config, databaseUrl: url.toString(), poolSize: 4, bufferLogs: false });
try {
  await app.init();
  await prepareDatabase(app.get(DataSource), { seedReference: true, seedDemo: false });
  const buffer = readFileSync(FILE);
  const rssBefore = process.memoryUsage().rss;
  const ticksBefore = await backendTicks(app.get(DataSource));
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  let last = 0;
  const timings: ImportTimings = {};
  const { job } = await app.get(ImportsService).upload({
    buffer,
    fileName: path.basename(FILE),
    mapping: { preset: 'upr-info' },
    dryRun: false,
    actor: { ...SYSTEM_ACTOR, role: 'bench' },
    wait: true,
    timings,
    onProgress: (done) => {
      if (done - last >= 10000) {
        last = done;
        process.stdout.write(`  ${done} rows…\n`);
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // The high-water mark of the import alone (the checks below read the whole chain).
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const apiCpu = process.cpuUsage(cpuBefore);
  const ticksAfter = await backendTicks(app.get(DataSource));
  // Backends that ended during the import are not counted (the pool keeps its connections open).
  const databaseCpu =
    ticksBefore && ticksAfter ? [...ticksAfter].reduce((sum, [pid, ticks]) => sum + ticks - (ticksBefore.get(pid) ?? 0), 0) / 100 : null;
  const { recs, events, states } = await one<{ recs: number; events: number; states: number }>(
    app.get(DataSource),
    `SELECT (SELECT count(*) FROM recommendation)::int AS recs, (SELECT count(*) FROM audit_event WHERE action = 'recommendation.create')::int AS events, (SELECT count(*) FROM recommendation_state)::int AS states`,
  );
  const chain = await app.get(AuditChainService).verify();
  const { stale } = await one<{ stale: number }>(
    app.get(DataSource),
    `SELECT count(*)::int AS stale FROM recommendation WHERE tsvectorsend(search_vector) IS DISTINCT FROM tsvectorsend(sidh_search_vector(text_en, text_fr, text_ar))`,
  );
  const ms = (phase: keyof ImportTimings) => `${((timings[phase] ?? 0) / 1000).toFixed(1)} s`;
  process.stdout.write(
    [
      `import bench (${path.basename(FILE)}, ${(buffer.length / 1e6).toFixed(1)} MB, server PostgreSQL)`,
      `  status           ${job.status}  counts ${JSON.stringify(job.counts)}`,
      `  rows             ${job.totalRows}  → recommendations ${recs}, recommending-state links ${states}, audit events ${events}`,
      `  elapsed          ${seconds.toFixed(1)} s   (target ≤ 10 s)`,
      `    parse ${ms('parse')} · plan ${ms('plan')} · compare ${ms('compare')} · waiting for search documents ${ms('documents')} · rows ${ms('rows')} · audit events ${ms('audit')} · COMMIT ${ms('commit')}`,
      `  throughput       ${Math.round(job.totalRows / seconds)} rows/s`,
      `  CPU              API ${((apiCpu.user + apiCpu.system) / 1e6).toFixed(1)} s · database backends ${databaseCpu === null ? 'n/a (server not on this host)' : `${databaseCpu.toFixed(1)} s`}`,
      `  peak RSS         ${peakMb.toFixed(0)} MB (process; ${(rssBefore / 1e6).toFixed(0)} MB before the import; target ≤ 300 MB)`,
      `  audit chain      ${chain.firstBrokenEventId === null ? 'verifies' : `BROKEN at ${chain.firstBrokenEventId} (${chain.reason})`}; search documents differing from sidh_search_vector: ${stale}`,
    ].join('\n') + '\n',
  );
  if (FUNCTIONS) {
    // Backends report their counters when idle, at most every few seconds.
    let rows: Array<{ funcname: string; calls: number; total_ms: number; self_ms: number }> = [];
    for (let tries = 0; tries < 30 && !rows.length; tries += 1) {
      await new Promise((r) => setTimeout(r, 1_000));
      rows = await app.get(DataSource).query(`SELECT funcname, calls::int, total_time::float8 AS total_ms, self_time::float8 AS self_ms FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 15`);
    }
    process.stdout.write(`  functions (track_functions = pl), by total time:\n${rows.map((r) => `    ${r.funcname.padEnd(40)} ${String(r.calls).padStart(8)} calls ${r.total_ms.toFixed(0).padStart(7)} ms total ${r.self_ms.toFixed(0).padStart(7)} ms self`).join('\n')}\n`);
  }
  if (job.status !== 'succeeded' || chain.firstBrokenEventId !== null || stale) process.exitCode = 1;
} finally {
  await app.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
