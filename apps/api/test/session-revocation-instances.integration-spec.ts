import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SessionListener, type SessionCache } from '../src/auth/session-cache.js';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { prepareDatabase } from '../src/database/prepare.js';
import { DEMO, DEMO_PASSWORD, TEST_JWT_SECRET, TestDatabase } from './harness.js';

/** One API instance of the pair: its own Nest application, HTTP port, pool and session listener. */
interface Instance {
  name: 'A' | 'B';
  app: NestExpressApplication;
  url: string;
  listener: SessionListener;
  cache: SessionCache;
}

interface Session {
  token: string;
  userId: string;
}

const STEP_TIMEOUT = 30_000;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Polls `check` every 20 ms until it holds (at most 10 s). */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 10_000) throw new Error(`still not ${what} after 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The server engine's session cache (auth/session-cache.ts, ADR 0013) across two API instances on one
 * database: a change made through A — or by any other connection — is seen by B on its very next
 * request, even though B had served (and cached) the session just before; and while B's listener is
 * down, B answers from the database only. Server PostgreSQL only: PGlite serves one process, and has
 * no cache (the SessionMemo, session-memo.spec.ts and embedded-worker, covers it).
 *
 * Both applications run in this one process, where passport keeps one 'jwt' strategy: the last one
 * created (B's) checks the requests of both. So "through A" means A's services, A's pool and A's
 * transactions wrote the change; B's cache only learns of it from PostgreSQL (its notification and
 * its barrier), which is what the tests prove.
 */
const serverOnly = process.env['TEST_DATABASE_URL'] ? describe : describe.skip;
serverOnly('session revocation across API instances (server PostgreSQL only; skipped without TEST_DATABASE_URL)', () => {
  let db: TestDatabase;
  let a: Instance;
  let b: Instance;
  let admin: pg.Client;

  const start = async (name: 'A' | 'B'): Promise<Instance> => {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DEMO_SEED: 'false', RATE_LIMIT_PUBLIC_MAX: '100000', RATE_LIMIT_REFRESH_MAX: '100000' });
    const app = await createApp({ config, databaseUrl: db.url, poolSize: 4, embedded: false, bufferLogs: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const listener = app.get(SessionListener);
    return { name, app, url: `http://127.0.0.1:${port}`, listener, cache: listener.cache! };
  };

  const login = async (on: Instance, email: string): Promise<Session> => {
    const res = await request(on.url).post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${email} on ${on.name}: ${res.status}`);
    return { token: res.body.accessToken as string, userId: res.body.user.id as string };
  };

  const get = (on: Instance, session: Session, path = '/api/v1/auth/me') => request(on.url).get(path).set(auth(session.token));

  /**
   * B serves the session until an answer comes from its cache (the state every test starts from). The
   * first read may not be kept: the sign-in's own notification can arrive while it runs.
   */
  const cachedOnB = async (session: Session, path?: string) => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const hits = b.cache.hits;
      expect((await get(b, session, path)).status).toBe(200);
      if (b.cache.hits > hits) return;
    }
    throw new Error('B never answered the session from its cache');
  };

  const versionOf = async (on: Instance, adminSession: Session, userId: string): Promise<number> => {
    const res = await get(on, adminSession, `/api/v1/users/${userId}`);
    expect(res.status).toBe(200);
    return res.body.version as number;
  };

  beforeAll(async () => {
    db = await TestDatabase.create();
    a = await start('A');
    await prepareDatabase(a.app.get(DataSource), { seedReference: true, seedDemo: true });
    b = await start('B');
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await until('listening on both instances', () => a.cache.serving && b.cache.serving);
  }, 120_000);

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    for (const instance of [a, b]) await instance?.app.close().catch(() => undefined);
    await db?.drop();
  }, 60_000);

  it('each instance has its own listening connection', async () => {
    const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sidh-session-listener' ORDER BY pid`);
    expect(rows.map((r) => r.pid).sort()).toEqual([a.listener.backendPid, b.listener.backendPid].sort());
  });

  it('a user deactivated through A is refused on its next request through B', async () => {
    const adminA = await login(a, DEMO.admin);
    const target = await login(b, DEMO.focalInterior);
    await cachedOnB(target);
    const version = await versionOf(a, adminA, target.userId);
    const res = await request(a.url).post(`/api/v1/users/${target.userId}/deactivate`).set(auth(adminA.token)).set('If-Match', `"${version}"`);
    expect(res.status).toBe(200);
    expect((await get(b, target)).status).toBe(401);
    expect((await get(b, target, '/api/v1/recommendations')).status).toBe(401);
  }, STEP_TIMEOUT);

  it('a session logged out through A is refused on its next request through B; another session of the user is not', async () => {
    const ended = await login(a, DEMO.coordinator);
    const other = await login(b, DEMO.coordinator);
    await cachedOnB(ended);
    await cachedOnB(other);
    expect((await request(a.url).post('/api/v1/auth/logout').set(auth(ended.token))).status).toBe(204);
    expect((await get(b, ended)).status).toBe(401);
    expect((await get(b, other)).status).toBe(200);
  }, STEP_TIMEOUT);

  it('a role changed through A is refused on its next request through B (the change ends the sessions)', async () => {
    const adminA = await login(a, DEMO.admin);
    const target = await login(b, DEMO.auditor);
    await cachedOnB(target, '/api/v1/users');
    const version = await versionOf(a, adminA, target.userId);
    const res = await request(a.url).patch(`/api/v1/users/${target.userId}`).set(auth(adminA.token)).set('If-Match', `"${version}"`).send({ role: 'coordinator' });
    expect(res.status).toBe(200);
    expect((await get(b, target, '/api/v1/users')).status).toBe(401);
  }, STEP_TIMEOUT);

  it('a notification slow to reach B (its listening connection stalled) still refuses the next request: B waits for its barrier', async () => {
    const target = await login(a, DEMO.coordinator);
    await cachedOnB(target);
    // Nothing B's listening connection receives is read until resumed: the notification of the revocation will wait there.
    const stream = (b.listener as unknown as { client: { connection: { stream: { pause(): void; resume(): void } } } }).client.connection.stream;
    stream.pause();
    let answered = false;
    let next: Promise<request.Response> | undefined;
    try {
      // Committed by another connection (an API request would itself wait for B's barrier: one process, one passport strategy).
      await admin.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [target.userId]);
      next = Promise.resolve(get(b, target)).then((res) => {
        answered = true;
        return res;
      });
      await new Promise((r) => setTimeout(r, 300));
      // Served from memory without the barrier, it would have answered 200 by now.
      expect(answered).toBe(false);
    } finally {
      stream.resume();
    }
    expect((await next!).status).toBe(401);
    expect(b.cache.serving).toBe(true);
  }, STEP_TIMEOUT);

  it('a change committed by another connection (no API instance) reaches both caches at commit, not before', async () => {
    const target = await login(a, DEMO.validatorJustice);
    await cachedOnB(target);
    expect((await get(a, target)).status).toBe(200);
    await admin.query('BEGIN');
    await admin.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [target.userId]);
    // Not committed: both instances still accept the session (from memory or from the database).
    expect((await get(b, target)).status).toBe(200);
    await admin.query('COMMIT');
    expect((await get(b, target)).status).toBe(401);
    expect((await get(a, target)).status).toBe(401);
  }, STEP_TIMEOUT);

  it('while B’s listener is down, B serves nothing from memory and still sees a revocation at once; once it listens again, it caches and is notified again', async () => {
    const first = await login(a, DEMO.focalJustice);
    await cachedOnB(first);
    // Terminated, and held down (no reconnection) for the test.
    b.listener.reconnectDelayFloorMs = 600_000;
    const pid = b.listener.backendPid;
    expect(pid).not.toBeNull();
    expect((await admin.query(`SELECT pg_terminate_backend($1) AS done`, [pid])).rows[0].done).toBe(true);
    await until('terminated', async () => (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [pid])).rowCount === 0);
    // The revocation is made at once (B is not waited for): B's next request refuses it.
    expect((await request(a.url).post('/api/v1/auth/logout').set(auth(first.token))).status).toBe(204);
    expect((await get(b, first)).status).toBe(401);
    expect(b.cache.serving).toBe(false);

    // Down: every request reads the database, and nothing read meanwhile is kept.
    const second = await login(a, DEMO.focalJustice);
    const hits = b.cache.hits;
    for (let i = 0; i < 3; i += 1) expect((await get(b, second)).status).toBe(200);
    expect(b.cache.hits).toBe(hits);
    expect(b.cache.size).toBe(0);
    expect((await request(a.url).post('/api/v1/auth/logout').set(auth(second.token))).status).toBe(204);
    expect((await get(b, second)).status).toBe(401);

    // Up again: a new listening connection; the cache serves, and the notifications arrive again.
    b.listener.reconnectDelayFloorMs = 0;
    b.listener.reconnectNow();
    await until('listening again', () => b.cache.serving);
    expect(b.listener.backendPid).not.toBe(pid);
    const third = await login(a, DEMO.focalJustice);
    await cachedOnB(third);
    expect((await request(a.url).post('/api/v1/auth/logout').set(auth(third.token))).status).toBe(204);
    expect((await get(b, third)).status).toBe(401);
  }, STEP_TIMEOUT);
});
