import type { NestExpressApplication } from '@nestjs/platform-express';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { EmbeddedPostgres, EmbeddedPostgresError } from '../src/database/embedded-postgres.js';
import { prepareDatabase } from '../src/database/prepare.js';
import { createTestApp, DEMO, DEMO_PASSWORD, TEST_JWT_SECRET, type TestContext } from './harness.js';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

interface Session {
  accessToken: string;
  userId: string;
}

async function signIn(http: Parameters<typeof request>[0], email: string): Promise<Session> {
  const res = await request(http).post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status}`);
  return { accessToken: res.body.accessToken as string, userId: res.body.user.id as string };
}

/**
 * The zero-setup engine (issue 8, item 11): PGlite and its socket server run in a worker thread
 * (`embedded-postgres.worker.ts`), and while a transaction holds the one connection the session
 * memo (`auth/session-memo.ts`) answers the guard's and /auth/me's reads of sessions read shortly
 * before, never a session ended or a user written to meanwhile. Only the embedded engine has either.
 */
const embeddedOnly = process.env['TEST_DATABASE_URL'] ? describe.skip : describe;
embeddedOnly('embedded PGlite in its worker thread, and the session memo (embedded engine only: skipped when TEST_DATABASE_URL is set)', () => {
  describe('the API on a data directory', () => {
    let dir: string;

    interface Server {
      app: NestExpressApplication;
      http: ReturnType<NestExpressApplication['getHttpServer']>;
      dataSource: DataSource;
      stop(): Promise<void>;
    }

    /** As main.ts starts it: the embedded database on `dir`, the application on it, migrations and seeds applied. */
    const start = async (): Promise<Server> => {
      const database = await EmbeddedPostgres.start(dir);
      const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DEMO_SEED: 'false' });
      const app = await createApp({ config, databaseUrl: database.url, poolSize: 1, embedded: true, bufferLogs: false });
      try {
        await app.init();
        await prepareDatabase(app.get(DataSource), { seedReference: true, seedDemo: true });
      } catch (error) {
        await app.close();
        await database.stop();
        throw error;
      }
      return {
        app,
        http: app.getHttpServer(),
        dataSource: app.get(DataSource),
        async stop() {
          await app.close();
          await database.stop();
        },
      };
    };

    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'sidh-embedded-worker-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('signs in, lists, writes with its audit event, and finds all of it after a restart on the same directory', async () => {
      const newName = `Renamed ${Date.now()}`;
      let server = await start();
      let targetId: string;
      try {
        const admin = await signIn(server.http, DEMO.admin);
        const list = await request(server.http).get('/api/v1/recommendations').set(auth(admin.accessToken));
        expect(list.status).toBe(200);
        expect(list.body.total).toBeGreaterThan(0);
        const target = await signIn(server.http, DEMO.auditor);
        targetId = target.userId;
        const [{ version }] = (await server.dataSource.query(`SELECT version FROM app_user WHERE id = $1`, [targetId])) as Array<{ version: number }>;
        const patched = await request(server.http).patch(`/api/v1/users/${targetId}`).set(auth(admin.accessToken)).set('If-Match', `"${version}"`).send({ name: newName });
        expect(patched.status).toBe(200);
        expect(patched.body.name).toBe(newName);
      } finally {
        await server.stop();
      }
      expect(existsSync(path.join(dir, 'sidh-embedded.lock'))).toBe(false);

      server = await start();
      try {
        const target = await signIn(server.http, DEMO.auditor);
        const me = await request(server.http).get('/api/v1/auth/me').set(auth(target.accessToken));
        expect(me.status).toBe(200);
        expect(me.body.name).toBe(newName);
        const events = (await server.dataSource.query(`SELECT changes FROM audit_event WHERE action = 'user.update' AND entity_type = 'user' AND entity_id = $1`, [
          targetId,
        ])) as Array<{ changes: { name?: { to?: string } | string[] } }>;
        expect(events).toHaveLength(1);
        expect(JSON.stringify(events[0]!.changes)).toContain(newName);
      } finally {
        await server.stop();
      }
    });

    it('refuses to open a directory another database of this process has open, naming the directory', async () => {
      const server = await start();
      try {
        const second = EmbeddedPostgres.start(dir);
        await expect(second).rejects.toThrow(EmbeddedPostgresError);
        await expect(second).rejects.toThrow(`The embedded database in ${dir} is in use by process ${process.pid}`);
      } finally {
        await server.stop();
      }
    });

    it('fails to start, with a message, on a damaged directory (and leaves it unlocked)', async () => {
      const damaged = `${dir}-damaged`;
      cpSync(dir, damaged, { recursive: true });
      try {
        rmSync(path.join(damaged, 'global', 'pg_control'));
        await expect(EmbeddedPostgres.start(damaged)).rejects.toThrow(`The embedded database in ${damaged} could not be opened: damaged, or not a PGlite data directory`);
        expect(existsSync(path.join(damaged, 'sidh-embedded.lock'))).toBe(false);
      } finally {
        rmSync(damaged, { recursive: true, force: true });
      }
    });
  });

  describe('while a transaction holds the one connection', () => {
    let ctx: TestContext;

    beforeAll(async () => {
      ctx = await createTestApp();
    });
    afterAll(() => ctx?.close());

    const me = (token: string) => request(ctx.http).get('/api/v1/auth/me').set(auth(token));
    const pool = () => (ctx.dataSource.driver as unknown as { master: pg.Pool }).master;

    /** Opens a transaction on the one connection, as an import's commit does, and keeps it until `release`. */
    const hold = async () => {
      const runner = ctx.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`SELECT count(*) FROM recommendation`);
      return {
        async release() {
          await runner.rollbackTransaction();
          await runner.release();
        },
      };
    };

    /**
     * Resolves once some read waits in the pool's queue for the held connection (a request not
     * answered from memory); `cancel` ends the watch.
     */
    const watchQueue = () => {
      let cancelled = false;
      const queued = (async () => {
        while (!cancelled && pool().waitingCount === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        return 'a read waits for the connection' as const;
      })();
      return { queued, cancel: () => (cancelled = true) };
    };

    /** The request's answer, or the sign that it waits for the holder (the race that replaces a wall-clock bound). */
    const answeredWhileHeld = async (pending: Promise<request.Response>) => {
      const watch = watchQueue();
      try {
        return await Promise.race([pending, watch.queued]);
      } finally {
        watch.cancel();
      }
    };

    it('answers GET /auth/me (200) for a session read before the hold, before the hold ends', async () => {
      const session = await signIn(ctx.http, DEMO.focalJustice);
      expect((await me(session.accessToken)).status).toBe(200);
      const held = await hold();
      try {
        expect(await answeredWhileHeld(me(session.accessToken))).toMatchObject({ status: 200, body: { email: DEMO.focalJustice } });
      } finally {
        await held.release();
      }
    });

    it('refuses (401) a session logged out before the hold, during the hold and after it', async () => {
      const session = await signIn(ctx.http, DEMO.coordinator);
      expect((await me(session.accessToken)).status).toBe(200);
      expect((await request(ctx.http).post('/api/v1/auth/logout').set(auth(session.accessToken))).status).toBe(204);
      const held = await hold();
      try {
        expect(await answeredWhileHeld(me(session.accessToken))).toMatchObject({ status: 401 });
      } finally {
        await held.release();
      }
      expect((await me(session.accessToken)).status).toBe(401);
    });

    it('never accepts a session an administrator ended before the hold (deactivation): the request waits for the database, then 401', async () => {
      const admin = await signIn(ctx.http, DEMO.admin);
      const target = await signIn(ctx.http, DEMO.focalInterior);
      expect((await me(target.accessToken)).status).toBe(200);
      const [{ version }] = (await ctx.dataSource.query(`SELECT version FROM app_user WHERE id = $1`, [target.userId])) as Array<{ version: number }>;
      const patched = await request(ctx.http).patch(`/api/v1/users/${target.userId}`).set(auth(admin.accessToken)).set('If-Match', `"${version}"`).send({ active: false });
      expect(patched.status).toBe(200);
      const held = await hold();
      let answered = false;
      const pending = me(target.accessToken).then((res) => {
        answered = true;
        return res;
      });
      try {
        expect(await answeredWhileHeld(pending)).toBe('a read waits for the connection');
        expect(answered).toBe(false);
      } finally {
        await held.release();
      }
      expect((await pending).status).toBe(401);
    });

    it('shows a name changed before the hold, not the row read before the change (any write of app_user forgets the memo)', async () => {
      const admin = await signIn(ctx.http, DEMO.admin);
      const target = await signIn(ctx.http, DEMO.validatorJustice);
      expect((await me(target.accessToken)).status).toBe(200);
      const [{ version }] = (await ctx.dataSource.query(`SELECT version FROM app_user WHERE id = $1`, [target.userId])) as Array<{ version: number }>;
      const renamed = `Validator ${Date.now()}`;
      expect((await request(ctx.http).patch(`/api/v1/users/${target.userId}`).set(auth(admin.accessToken)).set('If-Match', `"${version}"`).send({ name: renamed })).status).toBe(200);
      const held = await hold();
      const pending = me(target.accessToken);
      try {
        expect(await answeredWhileHeld(pending)).toBe('a read waits for the connection');
      } finally {
        await held.release();
      }
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.body.name).toBe(renamed);
    });

    it('makes a user whose session was not read before the hold wait (no answer from memory), then answers 200 after it', async () => {
      const seen = await signIn(ctx.http, DEMO.focalJustice);
      expect((await me(seen.accessToken)).status).toBe(200);
      const unseen = await signIn(ctx.http, DEMO.auditor);
      const held = await hold();
      let answered = false;
      const pending = me(unseen.accessToken).then((res) => {
        answered = true;
        return res;
      });
      try {
        expect(await answeredWhileHeld(pending)).toBe('a read waits for the connection');
        // A user seen before is answered meanwhile; the unseen one still waits.
        expect((await me(seen.accessToken)).status).toBe(200);
        expect(answered).toBe(false);
      } finally {
        await held.release();
      }
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.body.email).toBe(DEMO.auditor);
    });
  });
});
