/**
 * Instruments of the load benchmark (load.bench.ts), inside the API process: timed service and
 * repository calls, timed transactions, PGlite's statement executions, the peak RSS of a phase,
 * and two diagnostics — the cost of each trigger of an import's writes (EXPLAIN ANALYZE in a
 * rolled-back transaction) and a prototype of a session cache for the embedded engine. Nothing
 * here changes what the API answers, except the session cache, which is opt-in and labelled.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { AccountRow, AuthRepository, SessionRow } from '../auth/auth.repository.js';

export interface Span {
  name: string;
  start: number;
  end: number;
}

export interface Transaction {
  /** Asked for a connection (then BEGIN). */
  start: number;
  /** The work's first statement may run: the connection is held and BEGIN done. */
  callbackStart: number;
  /** The work's last statement answered: COMMIT is sent. */
  callbackEnd: number;
  /** COMMIT answered. */
  end: number;
}

export interface ExecStat {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** What the API process did during one phase (times in ms since the phase started). */
export class Probe {
  readonly origin = performance.now();
  readonly spans: Span[] = [];
  readonly transactions: Transaction[] = [];
  /** PGlite: executions, by the SQL they belong to. */
  readonly exec = new Map<string, ExecStat>();
  /** PGlite: every execution (start, duration), for the time line. */
  readonly execTimes: Array<[number, number]> = [];

  now(): number {
    return performance.now() - this.origin;
  }

  addExec(label: string, start: number, ms: number): void {
    const stat = this.exec.get(label) ?? { count: 0, totalMs: 0, maxMs: 0 };
    stat.count += 1;
    stat.totalMs += ms;
    stat.maxMs = Math.max(stat.maxMs, ms);
    this.exec.set(label, stat);
    this.execTimes.push([start, ms]);
  }
}

/** The probe of the phase running now (replaced at each phase). */
export const probes = { current: new Probe() };

/** Replaces methods of a Nest singleton by timed ones (the instance's own property shadows the prototype's). */
export function instrument(target: object, prefix: string, names: readonly string[]): void {
  const methods = target as unknown as Record<string, unknown>;
  for (const name of names) {
    const original = methods[name];
    if (typeof original !== 'function') throw new Error(`${prefix}.${name} is not a method`);
    const fn = original as (...args: unknown[]) => unknown;
    methods[name] = (...args: unknown[]) => {
      const p = probes.current;
      const start = p.now();
      const result = fn.apply(target, args);
      const done = () => p.spans.push({ name: `${prefix}.${name}`, start, end: p.now() });
      if (result instanceof Promise) return result.finally(done);
      done();
      return result;
    };
  }
}

/** Times every DataSource.transaction: connection + BEGIN, the work, COMMIT. */
export function instrumentTransactions(dataSource: DataSource): void {
  const methods = dataSource as unknown as Record<string, unknown>;
  const original = (methods['transaction'] as (...args: unknown[]) => Promise<unknown>).bind(dataSource);
  methods['transaction'] = (...args: unknown[]) => {
    const p = probes.current;
    const tx: Transaction = { start: p.now(), callbackStart: NaN, callbackEnd: NaN, end: NaN };
    const index = args.findIndex((a) => typeof a === 'function');
    const work = args[index] as (manager: unknown) => Promise<unknown>;
    args[index] = async (manager: unknown) => {
      tx.callbackStart = p.now();
      try {
        return await work(manager);
      } finally {
        tx.callbackEnd = p.now();
      }
    };
    return original(...args).finally(() => {
      tx.end = p.now();
      p.transactions.push(tx);
    });
  };
}

/**
 * The SQL a frontend protocol chunk belongs to: its Parse or simple Query, or, for a chunk that
 * carries only Bind/Execute (the parameters of a large batch arrive apart), the last one parsed.
 */
let lastSql = '(unknown)';
export function sqlLabel(message: Uint8Array): string {
  let at = 0;
  while (at + 5 <= message.length) {
    const type = String.fromCharCode(message[at]!);
    const length = ((message[at + 1]! << 24) | (message[at + 2]! << 16) | (message[at + 3]! << 8) | message[at + 4]!) >>> 0;
    if (type === 'P' || type === 'Q') {
      let from = at + 5;
      if (type === 'P') {
        while (from < message.length && message[from] !== 0) from += 1; // statement name
        from += 1;
      }
      let to = from;
      while (to < message.length && message[to] !== 0 && to - from < 400) to += 1;
      const sql = Buffer.from(message.subarray(from, to)).toString('utf8').replace(/\s+/g, ' ').trim();
      lastSql = sql.replace(/ (WHERE|VALUES|SELECT|SET|FROM) .*$/i, '').replace(/\(.*$/, '').slice(0, 60) || sql.slice(0, 60);
      return lastSql;
    }
    if (length < 4) break;
    at += 1 + length;
  }
  return `${lastSql} (parameters/execute)`;
}

/** PGlite runs each statement synchronously inside execProtocolRawStream, on the caller's thread: time them all. */
export function instrumentPglite(db: PGlite): void {
  const original = db.execProtocolRawStream.bind(db);
  db.execProtocolRawStream = async (message: Uint8Array, options: NonNullable<Parameters<PGlite['execProtocolRawStream']>[1]>) => {
    const p = probes.current;
    const label = sqlLabel(message);
    const start = p.now();
    try {
      return await original(message, options);
    } finally {
      p.addExec(label, start, p.now() - start);
    }
  };
}

/** Peak RSS of a phase: Linux's high-water mark, reset at the phase start (clear_refs 5); elsewhere sampled. */
export const peakRss = {
  resettable: true,
  sampled: 0,
  timer: null as NodeJS.Timeout | null,
  reset(): void {
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {
      this.resettable = false;
    }
    this.sampled = process.memoryUsage.rss();
    // A blocked event loop misses samples: the high-water mark, where there is one, does not.
    if (!this.resettable && !this.timer) this.timer = setInterval(() => (this.sampled = Math.max(this.sampled, process.memoryUsage.rss())), 50);
  },
  read(): number {
    if (this.resettable) {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
      if (hwm) return Number(hwm[1]) * 1024;
    }
    return Math.max(this.sampled, process.memoryUsage.rss());
  },
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  },
};

/** Since when every connection of the pool is checked out (the embedded engine has one), or null. */
export const busy = { since: null as number | null, served: 0 };

/**
 * Follows the pool's checkouts: while no connection is free, `busy.since` is when the last one was
 * taken (by its current holder: a connection handed from one holder to the next counts from the last).
 */
export function followPool(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const free = () => pool.idleCount > 0 || pool.totalCount < (pool.options.max ?? 10);
  pool.on('acquire', () => {
    const at = performance.now();
    queueMicrotask(() => (busy.since = free() ? null : at));
  });
  // 'release' fires before the pool puts the client back (or hands it on), in the same tick.
  pool.on('release', () =>
    queueMicrotask(() => {
      if (free()) busy.since = null;
    }),
  );
}

/**
 * PROTOTYPE of a change proposed for the embedded engine (bench only, opt-in): the guard's
 * session read and /auth/me's account read are answered from the last row read for the same key
 * when the one connection is held by someone else and that row was read at most `freshMs` before
 * the holder took the connection — what a reader sees on a server through MVCC (the last committed
 * state, at most `freshMs` old), without waiting for the holder's COMMIT. A read that already waits
 * in the pool's queue is answered the same way as soon as that holds; it still refreshes the row.
 */
export function prototypeSessionCache(repository: AuthRepository, freshMs: number): typeof busy {
  const cached = <T>(name: 'findSession' | 'findAccountById', key: (args: unknown[]) => string) => {
    const rows = new Map<string, { at: number; row: T | undefined }>();
    const methods = repository as unknown as Record<string, (...args: unknown[]) => Promise<T | undefined>>;
    const original = methods[name]!.bind(repository);
    const usable = (k: string) => {
      const hit = rows.get(k);
      return hit && busy.since !== null && hit.at >= busy.since - freshMs ? hit : undefined;
    };
    methods[name] = async (...args: unknown[]) => {
      const k = key(args);
      const now = usable(k);
      if (now) {
        busy.served += 1;
        return now.row;
      }
      const at = performance.now();
      const read = original(...args).then((row) => {
        rows.set(k, { at, row });
        return row;
      });
      let timer: NodeJS.Timeout | undefined;
      const fallback = new Promise<T | undefined>((resolve) => {
        timer = setInterval(() => {
          const hit = usable(k);
          if (!hit) return;
          busy.served += 1;
          resolve(hit.row);
        }, 50);
      });
      try {
        return await Promise.race([read, fallback]);
      } finally {
        clearInterval(timer);
      }
    };
  };
  cached<SessionRow>('findSession', (args) => `${String(args[1])}/${String(args[2])}`);
  cached<AccountRow>('findAccountById', (args) => String(args[1]));
  return busy;
}

/**
 * PROTOTYPE of a change proposed for the embedded engine (bench only, opt-in): an import's deferred
 * "audited" checks run batch by batch (SET CONSTRAINTS ALL IMMEDIATE, then DEFERRED again, before
 * each insert batch but the first: the previous batch's rows and events are all written) instead
 * of all at COMMIT — the same checks in the same transaction, but no single statement holds PGlite
 * (and so, on the main thread, the whole API) for the length of all of them.
 */
export function prototypeChecksPerBatch(repository: object): void {
  const methods = repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = methods['insertRecommendations']!;
  const seen = new WeakSet<object>();
  methods['insertRecommendations'] = async (...args: unknown[]) => {
    const manager = args[0] as { query: (sql: string) => Promise<unknown> };
    if (seen.has(manager)) {
      const p = probes.current;
      const start = p.now();
      await manager.query('SET CONSTRAINTS ALL IMMEDIATE');
      await manager.query('SET CONSTRAINTS ALL DEFERRED');
      p.spans.push({ name: 'checks.perBatch', start, end: p.now() });
    } else seen.add(manager);
    return original(...args);
  };
}

interface ExplainPlan {
  'Execution Time': number;
  Triggers?: Array<{ 'Trigger Name': string; Relation: string; Time: number; Calls: number }>;
}

/**
 * Where one import batch's write time goes, statement by statement, in a transaction rolled back
 * at the end, on copies of 2,000 imported recommendations: 500 audit events (one appendMany: the
 * chain trigger), the 2,000 recommendations (search-vector trigger, GIN index, catalogue stamp),
 * their deferred "audited" checks (what COMMIT runs, one per written row; assert_entity_audited
 * turns the whole row into JSON to read one column), the same checks by a function reading the
 * column directly, and the insert without the full-text GIN index.
 */
export async function explainImportWrites(dataSource: DataSource, print: (line: string) => void): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  const timed = async (sql: string): Promise<number> => {
    const start = performance.now();
    await runner.query(sql);
    return performance.now() - start;
  };
  const explain = async (label: string, sql: string): Promise<number> => {
    const rows = (await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`)) as Array<{ 'QUERY PLAN': ExplainPlan[] }>;
    const plan = rows[0]!['QUERY PLAN'][0]!;
    const triggers = (plan.Triggers ?? [])
      .filter((t) => t.Time >= 1)
      .map((t) => `${t['Trigger Name']} ${t.Time.toFixed(0)} ms / ${t.Calls}`)
      .join(', ');
    print(`      ${label.padEnd(46)}${plan['Execution Time'].toFixed(0).padStart(6)} ms  (triggers over 1 ms: ${triggers || 'none'})`);
    return plan['Execution Time'];
  };
  const events = (from: number, to: number) =>
    `INSERT INTO audit_event (actor_role, action, entity_type, entity_id, changes)
     SELECT 'bench', 'recommendation.create', 'recommendation', s.new_id::text, to_jsonb(s) - 'search_vector' - 'new_id' - 'n'
       FROM bench_src s WHERE s.n BETWEEN ${from} AND ${to} ORDER BY s.n`;
  const recommendations = (batch: number) =>
    `INSERT INTO recommendation (id, mechanism, body_id, review_id, document_symbol, paragraph, external_code, text_ar, text_fr, text_en, response, status)
     SELECT new_id, mechanism, body_id, review_id, document_symbol, paragraph, external_code, text_ar, text_fr, text_en, response, status
       FROM bench_src WHERE n BETWEEN ${batch * 2000 + 1} AND ${(batch + 1) * 2000}`;
  /** The pending deferred checks, now; then the next statements' checks are deferred again. */
  const checks = async () => {
    const ms = await timed('SET CONSTRAINTS ALL IMMEDIATE');
    await runner.query('SET CONSTRAINTS ALL DEFERRED');
    return ms;
  };
  try {
    await runner.query(
      `CREATE TEMP TABLE bench_src AS SELECT row_number() OVER (ORDER BY r.created_at DESC, r.id)::int AS n, gen_random_uuid() AS new_id, r.* FROM recommendation r ORDER BY r.created_at DESC, r.id LIMIT 6000`,
    );
    print('    one import batch, statement by statement (EXPLAIN ANALYZE on copies of imported rows, rolled back):');
    await explain('500 audit events (one appendMany)', events(1, 500));
    await runner.query(events(501, 2000));
    const withGin = await explain('2,000 recommendations (one insert batch)', recommendations(0));
    const generic = await checks();
    print(`      ${'their 2,000 deferred audited checks'.padEnd(46)}${generic.toFixed(0).padStart(6)} ms  (run by COMMIT: ${((1000 * generic) / 2000).toFixed(0)} µs per written row)`);
    // The same check by a function that reads the id column directly instead of to_jsonb(NEW).
    await runner.query(`CREATE FUNCTION bench_recommendation_audited() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE rec_id uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
      BEGIN
        IF EXISTS (SELECT 1 FROM audit_event WHERE tx_id = txid_current() AND entity_type = 'recommendation' AND entity_id = rec_id::text)
           OR EXISTS (SELECT 1 FROM audit_event WHERE tx_id = txid_current() AND entity_type = 'dataset') THEN
          RETURN NULL;
        END IF;
        RAISE EXCEPTION 'unaudited change to recommendation %', rec_id USING ERRCODE = 'integrity_constraint_violation';
      END $fn$`);
    await runner.query(`DROP TRIGGER recommendation_audited ON recommendation`);
    await runner.query(
      `CREATE CONSTRAINT TRIGGER recommendation_audited AFTER INSERT OR UPDATE OR DELETE ON recommendation DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bench_recommendation_audited()`,
    );
    await runner.query(events(2001, 4000));
    await runner.query(recommendations(1));
    const direct = await checks();
    print(`      ${'   the same, column read directly'.padEnd(46)}${direct.toFixed(0).padStart(6)} ms  (${((1000 * direct) / 2000).toFixed(0)} µs per row)`);
    await runner.query(`DROP INDEX ix_recommendation_search`);
    await runner.query(events(4001, 6000));
    const withoutGin = await explain('2,000 recommendations without the GIN index', recommendations(2));
    print(`      → the full-text GIN index costs ≈ ${(withGin - withoutGin).toFixed(0)} ms of the ${withGin.toFixed(0)} ms insert`);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
