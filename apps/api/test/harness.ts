import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { EmbeddedPostgres, useEmbeddedPostgresWorkerScript } from '../src/database/embedded-postgres.js';
import { prepareDatabase } from '../src/database/prepare.js';
import { useImportWorkerScript } from '../src/modules/imports/import-parser.js';
import { bundleWorker } from './bundle-worker.js';

/** The import parser's worker (`source-reader.worker.ts`): every application a test starts (createTestApp or createApp) runs it. */
export function bundleImportWorker(): URL {
  return bundleWorker('apps/api/src/modules/imports/source-reader.worker.ts', 'sidh-import-worker');
}
useImportWorkerScript(bundleImportWorker());

/** The embedded database's thread (`embedded-postgres.worker.ts`): every EmbeddedPostgres a test starts runs it. */
export function bundleEmbeddedPostgresWorker(): URL {
  return bundleWorker('apps/api/src/database/embedded-postgres.worker.ts', 'sidh-embedded-postgres-worker');
}
useEmbeddedPostgresWorkerScript(bundleEmbeddedPostgresWorker());

export const DEMO_PASSWORD = 'demo-password';
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/**
 * A fresh database for one test file, with migrations applied: a new database on the server
 * named by TEST_DATABASE_URL, else an in-memory embedded PGlite.
 */
export class TestDatabase {
  private constructor(
    readonly url: string,
    readonly poolSize: number,
    readonly engine: 'server' | 'embedded',
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async create(): Promise<TestDatabase> {
    const serverUrl = process.env['TEST_DATABASE_URL'];
    if (serverUrl) {
      const name = `sidh_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return new TestDatabase(url.toString(), 8, 'server', async () => {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      });
    }
    const embedded = await EmbeddedPostgres.start();
    return new TestDatabase(embedded.url, 1, 'embedded', () => embedded.stop());
  }

  drop(): Promise<void> {
    return this.cleanup();
  }
}

export interface TestContext {
  app: NestExpressApplication;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  dataSource: DataSource;
  config: AppConfig;
  engine: 'server' | 'embedded';
  /** Signs in a demo account; returns its access token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  seedDemo?: boolean;
}

/**
 * Tests share one client address: the per-address limits of the public routes (issue 13) are set out
 * of reach unless a test sets its own (account-rate-limits.integration-spec.ts); two-factor sign-in
 * is required of nobody unless a test says so (AUTH_TOTP_REQUIRED_ROLES, account-totp).
 */
const TEST_RATE_LIMITS = { RATE_LIMIT_PUBLIC_MAX: '100000', RATE_LIMIT_REFRESH_MAX: '100000' };

/** The real application on a fresh database, seeded with reference data and (by default) the demo dataset. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestContext> {
  const database = await TestDatabase.create();
  // The capture SMTP server (outside production) on a free port, also when a test runs the app as
  // NODE_ENV=development, where the default would be 1025 and collide with a running `npm run dev`.
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DEMO_SEED: 'false', DEV_SMTP_PORT: '0', AUTH_TOTP_REQUIRED_ROLES: 'none', ...TEST_RATE_LIMITS, ...options.env });
  const app = await createApp({ config, databaseUrl: database.url, poolSize: database.poolSize, embedded: database.engine === 'embedded', bufferLogs: false });
  await app.init();
  const dataSource = app.get(DataSource);
  await prepareDatabase(dataSource, { seedReference: true, seedDemo: options.seedDemo ?? true });
  const http = app.getHttpServer();
  return {
    app,
    http,
    dataSource,
    config,
    engine: database.engine,
    async login(email, password = DEMO_PASSWORD) {
      const res = await request(http).post('/api/v1/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status}`);
      return res.body.accessToken as string;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * The file's application (the demo dataset) and a token of `email`, made before its tests and closed
 * after them: `const app = signedInApp(DEMO.coordinator)`, then `app.ctx` and `app.token` in the tests.
 */
export function signedInApp(email: string): { readonly ctx: TestContext; readonly token: string } {
  let ctx: TestContext | undefined;
  let token: string | undefined;
  beforeAll(async () => {
    ctx = await createTestApp();
    token = await ctx.login(email);
  }, 120_000);
  afterAll(() => ctx?.close());
  return {
    get ctx() {
      if (!ctx) throw new Error('the application is made in beforeAll');
      return ctx;
    },
    get token() {
      if (!token) throw new Error('the token is made in beforeAll');
      return token;
    },
  };
}

export const DEMO = {
  admin: 'admin@demo.sidh',
  coordinator: 'coordinator@demo.sidh',
  auditor: 'auditor@demo.sidh',
  validatorJustice: 'validator.justice@demo.sidh',
  focalJustice: 'focal.justice@demo.sidh',
  focalInterior: 'focal.interior@demo.sidh',
} as const;
