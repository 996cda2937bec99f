/**
 * Instruments of the load benchmark (load.bench.ts), inside the API process: timed service and
 * repository calls, timed transactions, the peak RSS of a phase, and two diagnostics — the cost of
 * each trigger of an import's writes (EXPLAIN ANALYZE in a rolled-back transaction) and a prototype
 * of deferred checks run batch by batch. Nothing here changes what the API answers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';

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

/** What the API process did during one phase (times in ms since the phase started). */
export class Probe {
  readonly origin = performance.now();
  readonly spans: Span[] = [];
  readonly transactions: Transaction[] = [];

  now(): number {
    return performance.now() - this.origin;
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

/**
 * PROTOTYPE of a change proposed for the embedded engine (bench only, opt-in): an import's deferred
 * "audited" checks run batch by batch (SET CONSTRAINTS ALL IMMEDIATE, then DEFERRED again, before
 * each insert batch but the first: the previous batch's rows and events are all written) instead
 * of all at COMMIT — the same checks in the same transaction, but no single statement holds PGlite
 * for the length of all of them.
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
