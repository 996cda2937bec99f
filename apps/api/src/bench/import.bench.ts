/**
 * Import benchmark: the 41,066-row UPR Info file (sessions 1–20, every state) through the real
 * import service (upr-info preset: one row per recommending state, merged) into a fresh database
 * on server PostgreSQL, in one audited transaction.
 *   npm run bench:import     (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * Prints elapsed time, rows/s, where the time went (parse, plan, compare, search documents, rows,
 * audit events, COMMIT: ImportTimings) and the peak RSS of the process (target ≤ 10 s, ≤ 300 MB, issue 14); then
 * checks that the audit chain still verifies (GET /audit/verify) and that every stored search
 * document is the one the trigger's function computes (migration 1763900023000).
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
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

const name = `sidh_bench_import_${process.pid}`;
await admin(`CREATE DATABASE ${name}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'silent', DEMO_SEED: 'false', UPLOAD_DIR: `tmp/bench-uploads-${process.pid}`, DEV_SMTP_PORT: '0', AUDIT_ANCHOR_ENABLED: 'false' });
const app = await createApp({ config, databaseUrl: url.toString(), poolSize: 4, bufferLogs: false });
try {
  await app.init();
  await prepareDatabase(app.get(DataSource), { seedReference: true, seedDemo: false });
  const buffer = readFileSync(FILE);
  const rssBefore = process.memoryUsage().rss;
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
      `  peak RSS         ${peakMb.toFixed(0)} MB (process; ${(rssBefore / 1e6).toFixed(0)} MB before the import; target ≤ 300 MB)`,
      `  audit chain      ${chain.firstBrokenEventId === null ? 'verifies' : `BROKEN at ${chain.firstBrokenEventId} (${chain.reason})`}; search documents differing from sidh_search_vector: ${stale}`,
    ].join('\n') + '\n',
  );
  if (job.status !== 'succeeded' || chain.firstBrokenEventId !== null || stale) process.exitCode = 1;
} finally {
  await app.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
