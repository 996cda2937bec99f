import { performance } from 'node:perf_hooks';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { EmbeddedPostgres } from '../database/embedded-postgres.js';

/** How long before the current holder took the connection a row may have been read and still be served. */
export const SESSION_MEMO_FRESH_MS = 5000;

/** A statement that writes app_user, whoever runs it (VersionedWriter, invitations, …): every row is forgotten. */
const WRITES_APP_USER = /\b(?:update|insert\s+into|delete\s+from|truncate(?:\s+table)?)\s+(?:"?public"?\.)?"?app_user"?(?![\w"])/i;

/**
 * Leads a statement that writes one user's app_user row after `forget(userId)` was called for it
 * (AuthRepository): that user's rows are forgotten, the others' stay usable. Without it, a write of
 * app_user forgets every row — and each sign-in (last_sign_in_at) would empty the memo.
 */
export const ATTRIBUTED_WRITE = '/* session-memo: attributed */ ';

/** What the memo follows of the pool (pg's Pool): its checkouts, and how many wait for a connection. */
export interface PoolCheckouts {
  on(event: 'acquire' | 'release', listener: () => void): unknown;
  readonly waitingCount: number;
}

interface Entry {
  /** Order of the read (or of the fact) among reads and writes: a write voids what was asked for before it. */
  seq: number;
  /** When the read was asked for (it ran then or later): its age is counted from here. */
  at: number;
  value: unknown;
}

/**
 * The embedded engine's memo of the two reads every interactive request makes: the guard's
 * session row and /auth/me's account row. PGlite serves one connection; while an import holds it
 * for a minute, those reads would wait for the whole transaction. A server answers them at once
 * with the last committed state (MVCC); the memo answers them with the last row read, under rules
 * that keep that answer as trustworthy:
 *
 * - only while the one connection is held by another holder, or others wait for it first (a free
 *   connection answers at once);
 * - only a row read at most SESSION_MEMO_FRESH_MS before that holder took the connection (or, when
 *   others wait first, before now);
 * - never a row of a user written to since it was asked for: every write of app_user or
 *   refresh_token forgets the user's rows first (`forget`, called by AuthRepository before each of
 *   its writes; any other statement writing app_user forgets every row). With one connection, a
 *   read asked for after that point runs after the writer's transaction has ended, so a revoked
 *   session is never accepted once its revocation has committed: the request waits for the
 *   database instead;
 * - a read not served at once waits for the database, and is answered from memory only if a
 *   usable row appears meanwhile (an earlier read of the same row ended).
 *
 * Server PostgreSQL has no memo (other processes write there): `forDataSource` returns null.
 */
export class SessionMemo {
  private seq = 0;
  /** When the current holder took the one connection; null while it is free (or being reconnected). */
  private heldSince: number | null = null;
  private readonly rows = new Map<string, Map<string, Entry>>();
  /** Per user, the seq of the last write: a read asked for before it is not kept. */
  private readonly writes = new Map<string, number>();
  /** The seq of the last write of app_user by a statement the memo could not attribute to a user. */
  private writeAll = 0;
  /** Reads asked for and not yet answered by the database, by seq (ascending). */
  private readonly inFlight = new Set<number>();
  /** Reads waiting for the database: each checks whether a usable row has appeared. */
  private readonly waiters = new Set<() => void>();
  private lastPrune = 0;
  /** Reads answered from memory (the load benchmark prints it). */
  served = 0;

  constructor(
    private readonly pool: PoolCheckouts,
    private readonly clock: () => number = () => performance.now(),
  ) {
    pool.on('acquire', () => {
      this.heldSince = this.clock();
    });
    pool.on('release', () => {
      this.heldSince = null;
    });
  }

  /**
   * The memo of the embedded engine this DataSource's single connection reaches, or null: on a
   * server, or with a larger pool, nothing changes. Statements writing app_user forget every row.
   */
  static forDataSource(dataSource: DataSource): SessionMemo | null {
    const pool = (dataSource.driver as { master?: PoolCheckouts & { options?: { max?: number } } }).master;
    if (!pool || pool.options?.max !== 1 || !EmbeddedPostgres.serves((dataSource.options as { url?: string }).url)) return null;
    const memo = new SessionMemo(pool);
    const subscriber: EntitySubscriberInterface = {
      beforeQuery: (event) => {
        if (!event.query.startsWith(ATTRIBUTED_WRITE) && WRITES_APP_USER.test(event.query)) memo.forgetAll();
      },
    };
    dataSource.subscribers.push(subscriber);
    return memo;
  }

  /** `load`'s answer for (user, key), or the memo's while the connection is held (see the class). */
  read<T>(userId: string, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.usable(userId, key);
    if (hit) {
      this.served += 1;
      return Promise.resolve(hit.value as T | undefined);
    }
    const seq = (this.seq += 1);
    const at = this.clock();
    this.inFlight.add(seq);
    return new Promise<T | undefined>((resolve, reject) => {
      let waiting = true;
      const check = () => {
        const usable = this.usable(userId, key);
        if (!usable) return;
        waiting = false;
        this.waiters.delete(check);
        this.served += 1;
        resolve(usable.value as T | undefined);
      };
      /** The database answered: this read, unless the memo did; later ones through the memo (kept before the marks are pruned). */
      const answered = (value: { row: T | undefined } | { error: unknown }) => {
        this.waiters.delete(check);
        if ('row' in value) this.keep(userId, key, { seq, at, value: value.row });
        this.inFlight.delete(seq);
        this.pruneWrites();
        if (!waiting) return;
        waiting = false;
        if ('row' in value) resolve(value.row);
        else reject(value.error);
      };
      this.waiters.add(check);
      load().then(
        (row) => answered({ row }),
        (error: unknown) => answered({ error }),
      );
    });
  }

  /** Before a write of the user's app_user or refresh_token rows: their rows are forgotten, and reads asked for until now are not kept. */
  forget(userId: string): void {
    this.writes.set(userId, (this.seq += 1));
    this.rows.delete(userId);
  }

  /** Before a write of app_user that names no user the memo knows: every row is forgotten. */
  forgetAll(): void {
    this.writeAll = this.seq += 1;
    this.rows.clear();
  }

  /** A fact just committed (a session ended), kept as if read now: while the connection is held, it is answered at once. */
  remember(userId: string, key: string, value: unknown): void {
    this.keep(userId, key, { seq: (this.seq += 1), at: this.clock(), value });
  }

  /** The row to answer with now, if the read would wait for another holder and the row is fresh enough for it. */
  private usable(userId: string, key: string): Entry | undefined {
    // Held: since its holder took it. Free but others queued first: the first of them takes it now.
    const since = this.heldSince ?? (this.pool.waitingCount > 0 ? this.clock() : null);
    if (since === null) return undefined;
    const entry = this.rows.get(userId)?.get(key);
    return entry && entry.at >= since - SESSION_MEMO_FRESH_MS ? entry : undefined;
  }

  private keep(userId: string, key: string, entry: Entry): void {
    if (entry.seq <= Math.max(this.writeAll, this.writes.get(userId) ?? 0)) return;
    const rows = this.rows.get(userId) ?? new Map<string, Entry>();
    const current = rows.get(key);
    if (current && current.seq > entry.seq) return;
    rows.set(key, entry);
    this.rows.set(userId, rows);
    this.prune();
    this.wake();
  }

  /** A write mark older than every read still running can void nothing more. */
  private pruneWrites(): void {
    const oldest = this.inFlight.values().next();
    for (const [userId, mark] of this.writes) if (oldest.done || mark < oldest.value) this.writes.delete(userId);
  }

  /** Drops rows too old to serve now or for any later holder (at most once per SESSION_MEMO_FRESH_MS). */
  private prune(): void {
    const now = this.clock();
    if (now - this.lastPrune < SESSION_MEMO_FRESH_MS) return;
    this.lastPrune = now;
    const horizon = Math.min(now, this.heldSince ?? now) - SESSION_MEMO_FRESH_MS;
    for (const [userId, rows] of this.rows) {
      for (const [key, entry] of rows) if (entry.at < horizon) rows.delete(key);
      if (!rows.size) this.rows.delete(userId);
    }
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}
