import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { createApp } from '../bootstrap.js';
import { loadConfig } from '../config/app-config.js';

/** Runs one statement on a server as its administrator (CREATE / DROP DATABASE of the benchmarks' own databases). */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The API as the benchmarks run it: production settings, a fresh signing secret, warnings only, no
 * anchoring, and sign-in with a password alone (the benchmarks sign in as demo accounts).
 * `embedded`: the database is an EmbeddedPostgres's socket (as main.ts opens it: no startup options).
 */
export async function listenBenchApi(databaseUrl: string, pool: number, statementTimeoutMs: number, embedded = false): Promise<{ app: NestExpressApplication; base: string }> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: String(pool),
    DB_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs),
    AUDIT_ANCHOR_ENABLED: 'false',
    AUTH_TOTP_REQUIRED_ROLES: 'none',
  });
  const app = await createApp({ config, databaseUrl, poolSize: pool, embedded, bufferLogs: true });
  await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

/** Runs a benchmark's main and exits: 0 when it ends, 1 with its stack on stderr when it fails (open pools and servers never keep it alive). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
