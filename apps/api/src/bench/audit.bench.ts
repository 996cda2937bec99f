/**
 * Audit chain verification speed (issue 12): events verified per second by the verifier of
 * GET /audit/verify (hash recomputed from the columns, link, id, key, MAC), beside a bare loop that
 * only SHA-256-hashes the same bytes.
 *
 *   npm run bench:audit     (BENCH_AUDIT_EVENTS, default 1000000; BENCH_DATABASE_URL, default
 *                            postgres://postgres@127.0.0.1:5432/postgres; BENCH_AUDIT_DB=0 skips the
 *                            database part, BENCH_AUDIT_MEMORY=0 the in-memory one;
 *                            BENCH_AUDIT_KEEP=1 keeps the database and reuses it next time when it
 *                            holds N events (seeding 1,000,000 takes minutes);
 *                            BENCH_AUDIT_THREADS verdict workers, default as AUDIT_VERIFY_THREADS;
 *                            BENCH_AUDIT_ROUNDS walks of each kind, default 1)
 *
 * 1. In memory: N chained events built with the application's own functions, verified by
 *    `ChainVerifier` on one thread.
 * 2. Through PostgreSQL: the same N events written through the chain trigger into a database
 *    `sidh_bench_audit` (dropped at the end unless kept), then walked three ways in the same
 *    process: as before ADR 0007's COPY reader (rows through pg's row parser, one thread), COPY
 *    text on one thread, and AuditChainService.verify (GET /audit/verify: COPY text, verdicts in
 *    worker threads, the ordered walk here). Each with wall clock, the process's CPU (workers
 *    included) and the load average; beside them the bare SHA-256 loop over the same stored
 *    events' bytes. On a shared machine compare the ratios, not the absolute rates.
 *
 * Figures only, no assertion.
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { AuditChainService } from '../audit/audit-chain.service.js';
import { AuditRepository, type ChainReader } from '../audit/audit.repository.js';
import { chainVerdictThreads } from '../audit/chain-verdict-pool.js';
import { ChainVerifier, deriveMacKey, eventHash, eventMac, eventPayload, GENESIS_HASH, type ChainEventRow, type ChainState } from '../audit/chain.js';
import type { AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from '../database/data-source.js';
import { prepareDatabase } from '../database/prepare.js';
import { adminQuery } from './bench-db.js';

const N = Number(process.env['BENCH_AUDIT_EVENTS'] ?? 1_000_000);
const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sidh_bench_audit';
const SECRET = 'bench-audit-secret-bench-audit-secret-0123';
const BATCH = 5000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** A realistic event: an update of a recommendation's status and French text, with request id and IP. */
function changesText(i: number): string {
  return `{"status": {"after": "in_progress", "before": "not_started"}, "textFr": {"after": "Adopter une loi complète contre la torture (${i}).", "before": "Adopter une loi contre la torture."}}`;
}

function memoryChain(n: number, macKey: Buffer): ChainEventRow[] {
  const rows: ChainEventRow[] = new Array(n);
  let prev = GENESIS_HASH;
  const actorId = randomUUID();
  const institution = randomUUID();
  for (let i = 0; i < n; i += 1) {
    const changes = changesText(i);
    const base = {
      id: String(i + 1),
      occurredAt: new Date(1_790_000_000_000 + i * 1000).toISOString().replace('Z', '123Z'),
      actorId,
      actorRole: 'coordinator',
      actorInstitutionId: institution,
      action: 'recommendation.update',
      entityType: 'recommendation',
      entityId: randomUUID(),
      changes,
      requestId: randomUUID(),
      ip: '10.0.0.1',
      txId: String(1000 + i),
      prevHash: prev,
    };
    const eventKey = randomUUID();
    const hash = eventHash(base);
    const mac = eventMac(macKey, { ...base, eventKey, changes: JSON.parse(changes) });
    rows[i] = { ...base, hash, eventKey, mac };
    prev = hash;
  }
  return rows;
}

/** Verifies `rows` in batches as AuditChainService does; returns events per second. */
function verifyRate(rows: readonly ChainEventRow[], macKey: Buffer): { perSecond: number; intact: boolean } {
  const start = process.hrtime.bigint();
  const verifier = new ChainVerifier(macKey);
  for (let i = 0; i < rows.length; i += BATCH) verifier.add(rows.slice(i, i + BATCH));
  const result = verifier.result();
  return { perSecond: rows.length / seconds(start), intact: result.firstBrokenEventId === null && result.eventsChecked === rows.length };
}

/** The bare loop: SHA-256 of the same hashed bytes, built beforehand. */
function bareRate(rows: readonly ChainEventRow[]): number {
  const payloads = rows.map((r) => Buffer.from(eventPayload(r), 'utf8'));
  const start = process.hrtime.bigint();
  let x = 0;
  for (const p of payloads) x ^= createHash('sha256').update(p).digest()[0]!;
  const rate = payloads.length / seconds(start);
  if (x === 256) process.stdout.write('');
  return rate;
}

const admin = (sql: string) => adminQuery(ADMIN_URL, sql);

interface Pass {
  label: string;
  events: number;
  intact: boolean;
  wall: number;
  cpu: number;
  load: string;
}

const load = () => loadavg()[0]!.toFixed(1);

/** One timed walk: wall clock, the process's CPU (every thread: the verdict workers included) and the load average before → after. */
async function pass(label: string, walk: () => Promise<ChainState>): Promise<Pass> {
  const before = load();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await walk();
  const wall = seconds(start);
  const used = process.cpuUsage(cpu);
  return { label, events: result.eventsChecked, intact: result.firstBrokenEventId === null, wall, cpu: (used.user + used.system) / 1e6, load: `${before} → ${load()}` };
}

/** The bare loop over the stored events: SHA-256 (createHash) of each event's hashed bytes, built beforehand batch by batch; only the hashing is timed. */
async function bareStoredRate(repo: AuditRepository): Promise<number> {
  let hashing = 0;
  let n = 0;
  let x = 0;
  for await (const rows of repo.chainRows()) {
    const payloads = rows.map((r) => Buffer.from(eventPayload(r), 'utf8'));
    const start = process.hrtime.bigint();
    for (const p of payloads) x ^= createHash('sha256').update(p).digest()[0]!;
    hashing += seconds(start);
    n += payloads.length;
  }
  if (x === 256) process.stdout.write('');
  return n / hashing;
}

async function databasePart(macKey: Buffer): Promise<void> {
  const keep = process.env['BENCH_AUDIT_KEEP'] === '1';
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${DB_NAME}` }).toString();
  const dataSource = new DataSource(buildDataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 3_600_000, applicationName: 'sidh-bench-audit' }));
  let reused = false;
  try {
    if (keep) {
      try {
        await dataSource.initialize();
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
        reused = n === N;
      } catch {
        reused = false;
      }
      if (!reused && dataSource.isInitialized) await dataSource.destroy();
    }
    if (!reused) {
      await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${DB_NAME}`);
      await dataSource.initialize();
      await prepareDatabase(dataSource, { seedReference: false, seedDemo: false });
      await dataSource.query(`TRUNCATE audit_event`).catch(() => undefined);
      const [{ n: existing }] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
      const writeStart = process.hrtime.bigint();
      const WRITE = 20_000;
      for (let done = 0; done < N; done += WRITE) {
        const size = Math.min(WRITE, N - done);
        const keys = Array.from({ length: size }, () => randomUUID());
        const changes = Array.from({ length: size }, (_, i) => JSON.parse(changesText(done + i)) as Record<string, unknown>);
        const entityIds = Array.from({ length: size }, () => randomUUID());
        const macs = keys.map((k, i) =>
          eventMac(macKey, { eventKey: k, actorId: null, actorRole: 'system', actorInstitutionId: null, action: 'bench.update', entityType: 'recommendation', entityId: entityIds[i]!, changes: changes[i], requestId: null, ip: null }),
        );
        await dataSource.query(
          `INSERT INTO audit_event (actor_id, actor_role, actor_institution_id, action, entity_type, entity_id, changes, request_id, ip, event_key, mac)
           SELECT NULL, 'system', NULL, 'bench.update', 'recommendation', t.i, t.c, NULL, NULL, t.k, t.m
             FROM unnest($1::text[], $2::jsonb[], $3::uuid[], $4::text[]) WITH ORDINALITY AS t(i, c, k, m, n) ORDER BY t.n`,
          [entityIds, changes.map((c) => JSON.stringify(c)), keys, macs],
        );
      }
      await dataSource.query(`VACUUM ANALYZE audit_event`);
      process.stdout.write(`  written through the chain trigger: ${fmt(N)} events in ${seconds(writeStart).toFixed(1)} s (${existing} before)\n`);
    } else process.stdout.write(`  reusing ${DB_NAME} (${fmt(N)} events; BENCH_AUDIT_KEEP=1)\n`);

    const repo = new AuditRepository(dataSource);
    const threads = chainVerdictThreads(process.env['BENCH_AUDIT_THREADS'] === undefined ? undefined : Number(process.env['BENCH_AUDIT_THREADS']));
    const config = { JWT_SECRET: SECRET, AUDIT_SIGNING_KEY: undefined, AUDIT_VERIFY_THREADS: threads } as unknown as AppConfig;
    const service = new AuditChainService(repo, config);
    const oneThread = (reader: ChainReader) => async () => {
      const verifier = new ChainVerifier(macKey);
      for await (const rows of repo.chainRows({ reader })) verifier.add(rows);
      return verifier.result();
    };
    const bare = await bareStoredRate(repo);
    const passes: Pass[] = [];
    const rounds = Number(process.env['BENCH_AUDIT_ROUNDS'] ?? 1);
    for (let round = 0; round < rounds; round += 1) {
      passes.push(await pass('before: rows (pg row parser), one thread', oneThread('rows')));
      passes.push(await pass('COPY text, one thread', oneThread('copy')));
      passes.push(await pass(`GET /audit/verify: COPY text + ${threads} verdict worker(s)`, () => service.verify()));
    }
    await service.onModuleDestroy();
    const bareAfter = await bareStoredRate(repo);
    process.stdout.write(`  bare SHA-256 loop (createHash) over the same stored events' bytes: ${fmt(bare)} events/s before the walks, ${fmt(bareAfter)} after (target ≥ 500,000 events/s verified)\n`);
    for (const p of passes)
      process.stdout.write(
        `  ${p.label}: ${fmt(p.events)} events, intact=${p.intact}\n` +
          `    ${fmt(p.events / p.wall)} events/s (${p.wall.toFixed(2)} s), ${fmt(p.events / p.cpu)} events per CPU-second (process CPU ${p.cpu.toFixed(2)} s), ${((p.events / p.wall / bare) * 100).toFixed(0)}% of the bare loop; load ${p.load}\n`,
      );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (!keep) await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

async function main(): Promise<void> {
  const macKey = deriveMacKey(SECRET);
  process.stdout.write(`audit chain verification, ${fmt(N)} events (node ${process.version}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
  if (process.env['BENCH_AUDIT_MEMORY'] !== '0') memoryPart(macKey);
  if (process.env['BENCH_AUDIT_DB'] !== '0') await databasePart(macKey);
}

function memoryPart(macKey: Buffer): void {
  let t = process.hrtime.bigint();
  const rows = memoryChain(N, macKey);
  process.stdout.write(`  built ${fmt(N)} chained events with MACs in ${seconds(t).toFixed(1)} s\n`);
  t = process.hrtime.bigint();
  const bare = bareRate(rows);
  const verified = verifyRate(rows, macKey);
  process.stdout.write(
    `  in memory: ChainVerifier ${fmt(verified.perSecond)} events/s (intact=${verified.intact}); bare SHA-256 loop over the same bytes ${fmt(bare)} events/s\n`,
  );
  rows.length = 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
