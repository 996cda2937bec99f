/**
 * Audit chain verification speed (issue 12): events verified per second by the verifier of
 * GET /audit/verify (hash recomputed from the columns, link, id, key, MAC), beside a bare loop that
 * only SHA-256-hashes the same bytes.
 *
 *   npm run bench:audit     (BENCH_AUDIT_EVENTS, default 1000000; BENCH_DATABASE_URL, default
 *                            postgres://postgres@127.0.0.1:5432/postgres; BENCH_AUDIT_DB=0 skips the database part)
 *
 * 1. In memory: N chained events built with the application's own functions, verified by
 *    `ChainVerifier` (what AuditChainService runs on each batch).
 * 2. Through PostgreSQL: the same N events written through the chain trigger into a fresh database
 *    `sidh_bench_audit` (dropped at the end), then read back and verified exactly as GET /audit/verify
 *    does (AuditRepository.chainRows, the next batch read while one is verified, into ChainVerifier):
 *    end to end, with the time spent waiting for PostgreSQL and verifying apart, and the CPU used.
 *    The machine's load average is printed: on a shared machine the figures move with it.
 *
 * Figures only, no assertion.
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import { ChainVerifier, deriveMacKey, eventHash, eventMac, eventPayload, GENESIS_HASH, type ChainEventRow } from '../audit/chain.js';
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

async function databasePart(macKey: Buffer): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${DB_NAME}` }).toString();
  const dataSource = new DataSource(buildDataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 3_600_000, applicationName: 'sidh-bench-audit' }));
  try {
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
    process.stdout.write(`  written through the chain trigger: ${fmt(N)} events in ${seconds(writeStart).toFixed(1)} s (${existing} before)\n`);
    const repo = new AuditRepository(dataSource);
    let waitSeconds = 0;
    let verifySeconds = 0;
    const verifier = new ChainVerifier(macKey);
    const all: ChainEventRow[] = [];
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const batches = repo.chainRows();
    for (;;) {
      let t = process.hrtime.bigint();
      const next = await batches.next();
      waitSeconds += seconds(t);
      if (next.done) break;
      t = process.hrtime.bigint();
      verifier.add(next.value);
      verifySeconds += seconds(t);
      for (const r of next.value) all.push(r);
    }
    const total = seconds(start);
    const used = process.cpuUsage(cpu);
    const result = verifier.result();
    const n = result.eventsChecked;
    process.stdout.write(
      `  GET /audit/verify path (AuditChainService: AuditRepository.chainRows + ChainVerifier): ${fmt(n)} events, intact=${result.firstBrokenEventId === null}\n` +
        `    end to end: ${fmt(n / total)} events/s (${total.toFixed(2)} s: waiting for PostgreSQL ${waitSeconds.toFixed(2)} s, verifying ${verifySeconds.toFixed(2)} s; API process CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)\n` +
        `    verification alone: ${fmt(n / verifySeconds)} events/s; bare SHA-256 of the same bytes: ${fmt(bareRate(all))} events/s (target ≥ 500,000 events/s verified)\n`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

async function main(): Promise<void> {
  const macKey = deriveMacKey(SECRET);
  process.stdout.write(`audit chain verification, ${fmt(N)} events (node ${process.version}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
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
  if (process.env['BENCH_AUDIT_DB'] !== '0') await databasePart(macKey);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
