/**
 * Contribution save benchmark: N concurrent focal points each saving their own draft
 * (GET once for the ETag, then PATCH with If-Match in a loop), on server PostgreSQL in a fresh
 * database. Prints p50/p95/p99 latency of the acknowledged saves and writes/s, and checks that every acknowledged save has
 * exactly one audit event and that the chain is whole (ids without gap, each naming its
 * predecessor's hash, nothing left pending).
 *
 * Two lock scopes are compared in the same process and database, in alternating phases (noise on a
 * shared machine hits both): "commit" is the design (events chained at commit, the chain's lock
 * held from the move to the end of the commit, docs/decisions/0012-audit-commit-order.md);
 * "first-event" adds a trigger that takes the same lock when the transaction writes its first
 * pending event, which is how long it was held before (first event → end of commit). The writers
 * run in a child process, so the API's event loop serves requests only (as for remote browsers).
 * Per phase it also profiles where the time goes: the CPU the API's process, the database backends
 * and the writers' process spent per save, and what the database backends were doing (pg_stat_activity sampled
 * every 10 ms: running, waiting for the advisory lock, waiting for the client, flushing WAL...).
 *   npm run bench:contributions   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *                                  BENCH_WRITERS=50, BENCH_SECONDS=10 per phase, BENCH_ROUNDS=2,
 *                                  BENCH_SCOPES=first-event,commit; BENCH_ALL_STATEMENTS=1 lists every statement, not the 5 slowest)
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../bootstrap.js';
import { loadConfig } from '../config/app-config.js';
import { prepareDatabase } from '../database/prepare.js';

const SERVER = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WRITERS = Number(process.env['BENCH_WRITERS'] ?? 50);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
type Scope = 'first-event' | 'commit';
const SCOPES = (process.env['BENCH_SCOPES'] ?? 'first-event,commit').split(',').filter((s): s is Scope => s === 'first-event' || s === 'commit');
const out = (line: string) => process.stdout.write(line + '\n');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

/** The lock scope before issue 14: the chain's lock taken at the transaction's first event, held to the end of its commit. */
const LOCK_AT_FIRST_EVENT = `
  CREATE OR REPLACE FUNCTION bench_lock_at_first_event() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM pg_advisory_xact_lock(7270001);
    RETURN NEW;
  END $fn$;
  DROP TRIGGER IF EXISTS bench_lock_at_first_event ON audit_event_pending;
  CREATE TRIGGER bench_lock_at_first_event BEFORE INSERT ON audit_event_pending FOR EACH ROW EXECUTE FUNCTION bench_lock_at_first_event()`;

interface PhaseResult {
  scope: Scope;
  saves: number;
  failures: number;
  statuses: Record<number, number>;
  writesPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** The API's process (the writers run in a child process: `clientCpuMsPerSave`). */
  nodeCpuMsPerSave: number;
  clientCpuMsPerSave: number;
  dbCpuMsPerSave: number;
  states: Record<string, number>;
  samples: number;
  statements: Array<[string, { count: number; ms: number }]>;
  load: number;
}

/** CPU time (ms) a process has used, from /proc (the server runs on this machine); 0 where unreadable. */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/**
 * Samples what the database's client backends are doing every 10 ms (their wait event, or "running"
 * when active without one; idle backends are not counted), and the CPU they use, until `stop`.
 */
async function startProfile(serverUrl: string, database: string): Promise<{ stop(): Promise<{ dbCpuMs: number; states: Record<string, number>; samples: number }> }> {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString(), application_name: 'bench-profile' });
  profilers.add(client);
  await client.connect();
  const backends = async (): Promise<number[]> =>
    (await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`, [database])).rows.map((r: { pid: number }) => r.pid);
  const pids = await backends();
  const cpuBefore = new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
  const states: Record<string, number> = {};
  let samples = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const { rows } = await client.query(
        `SELECT CASE WHEN state = 'idle in transaction' AND wait_event = 'ClientRead' THEN 'in transaction, waiting for the API'
                     WHEN wait_event_type = 'Lock' AND wait_event = 'advisory' THEN 'waiting for the chain lock'
                     WHEN wait_event_type = 'Lock' THEN 'waiting for a row lock (' || wait_event || ')'
                     WHEN wait_event IS NULL THEN 'running'
                     ELSE wait_event_type || ':' || wait_event END AS what
           FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'`,
        [database],
      );
      for (const r of rows as Array<{ what: string }>) {
        states[r.what] = (states[r.what] ?? 0) + 1;
        samples += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await sampler;
      // Backends the pool opened during the phase count from zero.
      const dbCpuMs = (await backends()).reduce((sum, pid) => sum + Math.max(0, processCpuMs(pid) - (cpuBefore.get(pid) ?? 0)), 0);
      await client.end();
      return { dbCpuMs, states, samples };
    },
  };
}

/**
 * Every statement the application sends during a phase (pg's Client.query, which TypeORM uses),
 * counted and timed from send to answer, by its first words: what a save costs in round trips.
 */
const statements = new Map<string, { count: number; ms: number }>();
let countingStatements = false;
/** The profiler's own connections, not counted. */
const profilers = new WeakSet<object>();
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
  const result = clientQuery.apply(this, args);
  if (!countingStatements || profilers.has(this) || typeof text !== 'string' || !(result instanceof Promise)) return result;
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
  const t0 = performance.now();
  const record = () => {
    const entry = statements.get(key) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += performance.now() - t0;
    statements.set(key, entry);
  };
  result.then(record, record);
  return result;
};

const formatStates = (states: Record<string, number>): string => {
  const total = Object.values(states).reduce((a, b) => a + b, 0) || 1;
  return Object.entries(states)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([what, count]) => `${what} ${((100 * count) / total).toFixed(0)}%`)
    .join(', ');
};

async function main(): Promise<void> {
  const name = `sidh_bench_contrib_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    JOBS_ENABLED: 'false',
    // The writers sign in from one address: the per-address limit on public routes (30) would refuse 20 of 50.
    RATE_LIMIT_PUBLIC_MAX: '1000',
  });
  const app = await createApp({ config, databaseUrl: url.toString(), poolSize: 20, bufferLogs: false });
  await app.init();
  const dataSource = app.get(DataSource);
  try {
    await prepareDatabase(dataSource, { seedReference: true, seedDemo: true });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    // One focal point per writer, each with its own draft of the demo campaign.
    const drafts: Array<{ id: string; institution_id: string }> = await dataSource.query(
      `SELECT c.id, c.institution_id FROM contribution c WHERE c.status = 'draft' ORDER BY c.id LIMIT $1`,
      [WRITERS],
    );
    if (drafts.length < WRITERS) throw new Error(`only ${drafts.length} drafts for ${WRITERS} writers`);
    await dataSource.transaction(async (m) => {
      for (let i = 0; i < WRITERS; i += 1) {
        await m.query(
          `INSERT INTO app_user (email, name, role, institution_id, locale, password_hash) SELECT $1, $2, 'focal_point', $3, 'fr', password_hash FROM app_user WHERE email = 'focal.justice@demo.sidh'`,
          [`bench${i}@demo.sidh`, `Bench ${i}`, drafts[i]!.institution_id],
        );
      }
      await m.query(`INSERT INTO audit_event (action, entity_type, changes) VALUES ('bench.setup', 'dataset', $1::jsonb)`, [JSON.stringify({ writers: WRITERS })]);
    });
    // One after another: sign-ins hash a password, and the API caps concurrent hashing (503 beyond).
    const tokens: string[] = [];
    for (let i = 0; i < drafts.length; i += 1) {
      const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `bench${i}@demo.sidh`, password: 'demo-password' }) });
      if (!res.ok) throw new Error(`bench${i} could not sign in: HTTP ${res.status}`);
      tokens.push(((await res.json()) as { accessToken: string }).accessToken);
    }
    const draftIds = drafts.map((d) => d.id);
    const headers = tokens.map((token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' }));
    const etags = await Promise.all(drafts.map(async (d, i) => (await fetch(`${base}/contributions/${d.id}`, { headers: headers[i]! })).headers.get('etag')!));
    let n = 0;
    const writerProcess = await forkWriters();
    /** One phase: every writer saves its draft in a loop for SECONDS. */
    const phase = async (scope: Scope): Promise<PhaseResult> => {
      await dataSource.query(scope === 'first-event' ? LOCK_AT_FIRST_EVENT : `DROP TRIGGER IF EXISTS bench_lock_at_first_event ON audit_event_pending`);
      const profile = await startProfile(SERVER, name);
      statements.clear();
      countingStatements = true;
      const cpu = process.cpuUsage();
      const { latencies, statuses, cpuMs: clientCpuMs, seconds: elapsed } = await writerProcess.run({ base, drafts: draftIds, headers, etags, seconds: SECONDS, first: n });
      n += 1_000_000;
      countingStatements = false;
      const nodeCpu = process.cpuUsage(cpu);
      const { dbCpuMs, states, samples } = await profile.stop();
      const saves = statuses[200] ?? 0;
      latencies.sort((a, b) => a - b);
      return {
        scope,
        saves,
        failures: Object.values(statuses).reduce((sum, count) => sum + count, 0) - saves,
        statuses,
        writesPerSecond: saves / elapsed,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        nodeCpuMsPerSave: (nodeCpu.user + nodeCpu.system) / 1000 / Math.max(1, saves),
        clientCpuMsPerSave: clientCpuMs / Math.max(1, saves),
        dbCpuMsPerSave: dbCpuMs / Math.max(1, saves),
        states,
        samples,
        statements: [...statements].sort((a, b) => b[1].ms - a[1].ms),
        load: loadavg()[0]!,
      };
    };

    const results: PhaseResult[] = [];
    out(`contribution saves: ${WRITERS} concurrent focal points, ${ROUNDS} round(s) of ${SCOPES.join(' / ')} × ${SECONDS}s, server PostgreSQL (fresh database ${name}), ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const scope of SCOPES) {
        const r = await phase(scope);
        results.push(r);
        out(
          `  round ${round} ${scope.padEnd(11)} writes/s ${r.writesPerSecond.toFixed(1).padStart(7)}   p50 ${r.p50.toFixed(1)}  p95 ${r.p95.toFixed(1)}  p99 ${r.p99.toFixed(1)} ms` +
            `   non-200 ${r.failures}${r.failures ? ` ${JSON.stringify(r.statuses)}` : ''}   CPU/save API ${r.nodeCpuMsPerSave.toFixed(2)} ms, db ${r.dbCpuMsPerSave.toFixed(2)} ms, writers ${r.clientCpuMsPerSave.toFixed(2)} ms   load ${r.load.toFixed(2)}`,
        );
        out(`      database backends (share of ${r.samples} samples of busy backends): ${formatStates(r.states)}`);
        const perSave = (x: number) => (x / Math.max(1, r.saves + r.failures)).toFixed(2);
        const sent = r.statements.reduce((sum, [, st]) => sum + st.count, 0);
        out(`      statements per request ${perSave(sent)}; slowest in total (per request: count, ms from send to answer):`);
        for (const [text, st] of r.statements.slice(0, process.env['BENCH_ALL_STATEMENTS'] ? undefined : 5)) out(`        ${perSave(st.count)} × ${perSave(st.ms)} ms  ${text}`);
      }
    }
    for (const scope of SCOPES) {
      const of = results.filter((r) => r.scope === scope);
      const med = (f: (r: PhaseResult) => number) => median(of.map(f));
      out(
        `  median ${scope.padEnd(11)} writes/s ${med((r) => r.writesPerSecond).toFixed(1).padStart(7)}   p50 ${med((r) => r.p50).toFixed(1)}  p95 ${med((r) => r.p95).toFixed(1)} ms` +
          `   CPU/save API ${med((r) => r.nodeCpuMsPerSave).toFixed(2)} ms, db ${med((r) => r.dbCpuMsPerSave).toFixed(2)} ms`,
      );
    }
    writerProcess.close();
    await dataSource.query(`DROP TRIGGER IF EXISTS bench_lock_at_first_event ON audit_event_pending`);

    const saves = results.reduce((sum, r) => sum + r.saves, 0);
    const [{ events }] = await dataSource.query(`SELECT count(*)::int AS events FROM audit_event WHERE action = 'contribution.update' AND entity_id = ANY($1::text[])`, [draftIds]);
    const [{ versions }] = await dataSource.query(`SELECT coalesce(sum(version - 1), 0)::int AS versions FROM contribution WHERE id = ANY($1::uuid[])`, [draftIds]);
    const [chain] = await dataSource.query(
      `SELECT count(*)::int AS n, max(id)::int AS max, count(DISTINCT prev_hash)::int AS predecessors, bool_and(prev_hash = coalesce(prev, repeat('0', 64))) AS linked,
              (SELECT count(*)::int FROM audit_event_pending) AS pending
         FROM (SELECT id, prev_hash, lag(hash) OVER (ORDER BY id) AS prev FROM audit_event) c`,
    );
    const whole = chain.n === chain.max && chain.predecessors === chain.n && chain.linked && chain.pending === 0;
    out(`  audit check: ${events} contribution.update events for ${saves} acknowledged saves, version delta ${versions} → ${events === saves && versions === saves ? 'OK (one event per save)' : 'MISMATCH'}`);
    out(`  chain: ${chain.n} events, ids 1..${chain.max}, ${chain.predecessors} distinct predecessors, linked ${chain.linked}, pending ${chain.pending} → ${whole ? 'OK (no gap, no fork)' : 'BROKEN'}`);
    if (events !== saves || versions !== saves || !whole) process.exitCode = 1;
  } finally {
    await app.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

interface WritersInput {
  base: string;
  drafts: string[];
  headers: Array<Record<string, string>>;
  etags: string[];
  seconds: number;
  /** Where the autosave counter starts (each save writes new text). */
  first: number;
}
interface WritersOutput {
  latencies: number[];
  statuses: Record<number, number>;
  etags: string[];
  /** CPU the writers' process used (user + system), ms. */
  cpuMs: number;
  /** How long the phase took, from the writers' first request to their last answer. */
  seconds: number;
}

/**
 * The writers, in a child process (as the load of load-cached.bench.ts): the API's event loop then
 * serves requests only, as it does for remote browsers, and its CPU is measured apart from the
 * clients'. Started once (before any measure); each `run` is one phase.
 */
async function forkWriters(): Promise<{ run(input: WritersInput): Promise<WritersOutput>; close(): void }> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_WRITERS_CHILD: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the writers' process ended (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  await next(); // ready
  return {
    async run(input) {
      const answer = next();
      child.send(input);
      const output = (await answer) as WritersOutput;
      input.etags.splice(0, input.etags.length, ...output.etags);
      return output;
    },
    close: () => child.kill(),
  };
}

async function writers({ base, drafts, headers, etags, seconds, first }: WritersInput): Promise<WritersOutput> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = Date.now() + seconds * 1000;
  let n = first;
  await Promise.all(
    drafts.map(async (id, i) => {
      while (Date.now() < deadline) {
        n += 1;
        const t0 = performance.now();
        const res = await fetch(`${base}/contributions/${id}`, {
          method: 'PATCH',
          headers: { ...headers[i], 'if-match': etags[i]! },
          body: JSON.stringify({ implementationStatus: 'in_progress', measures: `Autosave ${n} — mesures prises / التدابير المتخذة`, nextSteps: `step ${n}` }),
        });
        // Latency of acknowledged saves only: a refused request (401, 412) answers without writing.
        if (res.status === 200) latencies.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== 200) {
          await res.arrayBuffer();
          etags[i] = (await fetch(`${base}/contributions/${id}`, { headers: headers[i]! })).headers.get('etag')!;
        } else {
          etags[i] = res.headers.get('etag')!;
          await res.arrayBuffer();
        }
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { latencies, statuses, etags, cpuMs: (used.user + used.system) / 1000, seconds: (performance.now() - started) / 1000 };
}

if (process.env['BENCH_WRITERS_CHILD']) {
  process.on('message', (input) => {
    void writers(input as WritersInput).then((output) => process.send!(output));
  });
  process.on('disconnect', () => process.exit(0));
  process.send!('ready');
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
