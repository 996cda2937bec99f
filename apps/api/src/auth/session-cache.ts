import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres } from '../database/embedded-postgres.js';

/** The channel the session triggers notify (migration 1763900022000-session-notify): payload a user id, or `*`. */
export const SESSION_CHANNEL = 'sidh_session';

export interface SessionCacheOptions {
  /** Rows kept at most (least recently used dropped first). */
  maxEntries: number;
  /** A row older than this is read again even if no notification came (a backstop, not the mechanism). */
  maxAgeMs: number;
}

export const SESSION_CACHE_DEFAULTS: SessionCacheOptions = { maxEntries: 10_000, maxAgeMs: 30_000 };

/**
 * Resolves once every notification committed before the call has been delivered to the cache: true,
 * or false if the listener could not prove it (its connection lost or unanswered).
 */
export type SessionBarrier = () => Promise<boolean>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Entry {
  userId: string;
  value: unknown;
  /** When the read that produced it was asked for. */
  at: number;
}

/**
 * The server engine's cache of the guard's session row, by (user, session): the read every
 * authenticated request makes (AuthRepository.findRequestSession). Every committed change of those
 * rows sends a notification (migration 1763900022000-session-notify) that forgets the user's rows
 * (`notified`); what makes the cache as trustworthy as the database read is the barrier:
 *
 * - a row is served only after a barrier started after the request arrived has passed: a round trip
 *   on the listening connection, before whose answer PostgreSQL delivers every notification committed
 *   before it (SessionListener). A client that learnt of a commit (its own write answered by any
 *   instance, an administrator's) and then sends a request to this instance is therefore never
 *   served a row that commit changed — on every instance, without waiting for the notification to
 *   happen to arrive first;
 * - it serves and keeps nothing while its listener is not LISTENing (before the first connection,
 *   after a loss, until LISTEN succeeds again) or when the barrier fails; losing or regaining the
 *   listener forgets every row (notifications sent meanwhile are lost);
 * - a read is kept only if nothing was forgotten while it ran (`epoch`), so a row whose snapshot may
 *   predate an announced commit is not kept after the announcement;
 * - `*` or an unexpected payload forgets every row; rows are bounded in number (LRU) and age.
 *
 * Refusals are cached too (`undefined`: no such active user): a re-activation notifies like any change.
 */
export class SessionCache {
  private epoch = 0;
  private listening = false;
  /** Insertion order is recency: a hit moves its row to the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly keysByUser = new Map<string, Set<string>>();
  /** Reads answered from memory, and reads sent to the database (the load benchmark prints them). */
  hits = 0;
  misses = 0;

  constructor(
    private readonly barrier: SessionBarrier,
    readonly options: SessionCacheOptions = SESSION_CACHE_DEFAULTS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Whether rows may be served and kept now (the listener is LISTENing). */
  get serving(): boolean {
    return this.listening;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The row of (user, session): from memory when it may be, else `load`'s answer (kept if still trustworthy). */
  async read<T>(userId: string, sessionId: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const key = `${userId} ${sessionId}`;
    if (this.listening && this.entries.has(key) && (await this.barrier())) {
      // The notifications committed before this request arrived have been applied: what is left is current.
      const entry = this.entries.get(key);
      const now = this.clock();
      if (this.listening && entry && now - entry.at <= this.options.maxAgeMs) {
        this.entries.delete(key);
        this.entries.set(key, entry);
        this.hits += 1;
        return entry.value as T | undefined;
      }
    }
    this.misses += 1;
    const epoch = this.epoch;
    const at = this.clock();
    const value = await load();
    if (this.epoch === epoch && this.listening) this.keep(key, { userId, value, at });
    return value;
  }

  /** A change of the user's rows. */
  forget(userId: string): void {
    this.epoch += 1;
    const keys = this.keysByUser.get(userId);
    if (!keys) return;
    for (const key of keys) this.entries.delete(key);
    this.keysByUser.delete(userId);
  }

  forgetAll(): void {
    this.epoch += 1;
    this.entries.clear();
    this.keysByUser.clear();
  }

  /** A notification's payload: a user id, else (`*`, anything unexpected) everything. */
  notified(payload: string | undefined): void {
    if (payload && UUID.test(payload)) this.forget(payload.toLowerCase());
    else this.forgetAll();
  }

  /** The listener is LISTENing (again): what it may have missed before is forgotten. */
  listenerUp(): void {
    this.forgetAll();
    this.listening = true;
  }

  /** The listener's connection is lost or closing: nothing is served or kept until it is up again. */
  listenerDown(): void {
    this.listening = false;
    this.forgetAll();
  }

  private keep(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    const keys = this.keysByUser.get(entry.userId) ?? new Set<string>();
    keys.add(key);
    this.keysByUser.set(entry.userId, keys);
    while (this.entries.size > this.options.maxEntries) {
      const [oldest, { userId }] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldest);
      const userKeys = this.keysByUser.get(userId);
      userKeys?.delete(oldest);
      if (userKeys && !userKeys.size) this.keysByUser.delete(userId);
    }
  }
}

/**
 * A barrier unanswered this long means a connection dead without having said so: it is dropped and
 * reopened. Generous: under a saturated database or event loop an empty statement can take seconds
 * (2 s was reached in the search benchmark's list phase), and a dead connection usually says so
 * (an error, its end) long before.
 */
const BARRIER_TIMEOUT_MS = 10_000;
/** First and longest wait before reconnecting a lost listener. */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * One dedicated connection per API instance that LISTENs on `sidh_session` and feeds the
 * SessionCache (server PostgreSQL only). On the embedded engine (PGlite: one connection for the whole
 * process, which a listener would take, and no other process writing) there is no cache: `cache` is
 * null and the SessionMemo keeps its role (session-memo.ts).
 *
 * The barrier (`sync`) is an empty statement on this connection: PostgreSQL signals every listening
 * backend when a transaction that notified commits, before the committer is told of the commit, and a
 * backend hands its pending notifications to its client before it answers the next statement
 * (ReadyForQuery). So when the empty statement's answer arrives, every notification committed before
 * it was sent has been delivered ahead of it. Requests that arrive while a barrier is on the wire wait
 * for the next one (the one on the wire may have left before the commit they know of): at most one
 * barrier in flight and one queued, whatever the number of requests.
 *
 * The connection is opened when the application starts and closed when it shuts down. A lost
 * connection (an error, its end, a barrier unanswered for BARRIER_TIMEOUT_MS) takes the cache out of
 * service at once and is reopened with a growing delay; the cache serves again only once LISTEN has
 * succeeded.
 */
@Injectable()
export class SessionListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionListener.name);
  readonly cache: SessionCache | null;
  private readonly url: string | undefined;
  private client: pg.Client | null = null;
  /** Ends the current connection as lost (set while one is open). */
  private lose: ((error?: Error) => void) | null = null;
  private stopped = false;
  private retryDelay = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private inFlight: Promise<boolean> | null = null;
  private queued: Promise<boolean> | null = null;
  /** Tests hold the listener down (pg_terminate_backend, then no reconnection) by raising this. */
  reconnectDelayFloorMs = 0;
  /** The listener's own async context: a barrier's timeout is not logged as part of the request that sent it. */
  private readonly scope = new AsyncResource('SessionListener');

  constructor(dataSource: DataSource) {
    this.url = (dataSource.options as { url?: string }).url;
    const embedded = EmbeddedPostgres.serves(this.url);
    this.cache = this.url && !embedded ? new SessionCache(() => this.sync()) : null;
  }

  async onModuleInit(): Promise<void> {
    if (this.cache) await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.cache?.listenerDown();
    const client = this.client;
    this.client = null;
    this.lose = null;
    await client?.end().catch(() => undefined);
  }

  /** The listening backend's pid (tests terminate it), or null while not connected. */
  get backendPid(): number | null {
    return (this.client as { processID?: number } | null)?.processID ?? null;
  }

  /** Reconnects now (tests, after holding the listener down). */
  reconnectNow(): void {
    if (this.client || this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  /** The barrier (see the class): true once the notifications committed before this call are applied. */
  sync(): Promise<boolean> {
    if (!this.inFlight) return this.roundTrip();
    this.queued ??= this.inFlight.then(() => {
      this.queued = null;
      return this.roundTrip();
    });
    return this.queued;
  }

  private roundTrip(): Promise<boolean> {
    const client = this.client;
    const lose = this.lose;
    if (!client || !lose || !this.cache?.serving) return Promise.resolve(false);
    const timer = setTimeout(() => this.scope.runInAsyncScope(lose, null, new Error('session listener barrier unanswered')), BARRIER_TIMEOUT_MS);
    timer.unref();
    const trip: Promise<boolean> = client.query(';').then(
      () => this.client === client && this.cache!.serving,
      (error: Error) => {
        this.scope.runInAsyncScope(lose, null, error);
        return false;
      },
    );
    const done = trip.finally(() => {
      clearTimeout(timer);
      if (this.inFlight === done) this.inFlight = null;
    });
    this.inFlight = done;
    return done;
  }

  private async connect(): Promise<void> {
    const cache = this.cache!;
    const client = new pg.Client({ connectionString: this.url, application_name: 'sidh-session-listener', keepAlive: true });
    this.client = client;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      cache.listenerDown();
      if (this.client === client) {
        this.client = null;
        this.lose = null;
      }
      // Destroys the socket if a statement is pending (a dead connection never answers it).
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn({ event: 'session_listener_lost', code: (error as { code?: unknown } | undefined)?.code, retryInMs: Math.max(this.retryDelay, this.reconnectDelayFloorMs) });
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === SESSION_CHANNEL) cache.notified(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (lost) return;
    if (this.stopped) {
      // Shut down while connecting.
      await client.end().catch(() => undefined);
      return;
    }
    this.lose = onLost;
    cache.listenerUp();
    this.retryDelay = RECONNECT_MIN_MS;
  }

  private scheduleReconnect(): void {
    const delay = Math.max(this.retryDelay, this.reconnectDelayFloorMs);
    this.retryDelay = Math.min(this.retryDelay * 2, RECONNECT_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
