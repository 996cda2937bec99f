import 'reflect-metadata';
import { DataSource } from 'typeorm';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { EmbeddedPostgres } from './database/embedded-postgres.js';
import { prepareDatabase } from './database/prepare.js';
import { leastPrivilegeProblems, migrateAsOwner } from './database/roles.js';

loadDotenv({ quiet: true });

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? null : await EmbeddedPostgres.start(path.resolve(config.PGLITE_DATA_DIR));
  // Two roles: the owner migrates and grants, the API connects with least privilege.
  if (config.DATABASE_OWNER_URL && config.DATABASE_URL) await migrateAsOwner(config.DATABASE_OWNER_URL, config.DATABASE_URL, config.DB_STATEMENT_TIMEOUT_MS);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const app = await createApp({
    config,
    databaseUrl: config.DATABASE_URL ?? embedded!.url,
    poolSize: embedded ? 1 : config.DB_POOL_SIZE,
    embedded: embedded !== null,
    webRoot: path.resolve(here, '../web'),
  });
  if (config.NODE_ENV === 'production' && !embedded) {
    const problems = await leastPrivilegeProblems(app.get(DataSource).manager);
    if (problems.length) {
      await app.close();
      throw new ConfigError(
        `Refusing to start in production: DATABASE_URL must sign in as a least-privilege role (${problems.join('; ')}). ` +
          'Set DATABASE_OWNER_URL to the owner role for migrations and DATABASE_URL to the API role: see docs/deployment.md.',
      );
    }
  }
  await prepareDatabase(app.get(DataSource), { seedReference: true, seedDemo: config.DEMO_SEED, migrate: !config.DATABASE_OWNER_URL });
  const close = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  // Nest's shutdown hooks re-raise the signal once the app has closed: a persistent listener keeps
  // that second signal from killing the process before the embedded database is stopped.
  let closing: Promise<void> | null = null;
  const closeOnce = () => (closing ??= close());
  process.on('SIGINT', () => void closeOnce());
  process.on('SIGTERM', () => void closeOnce());
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(JSON.stringify({ level: 'error', msg: 'unhandled rejection', type: reason instanceof Error ? reason.constructor.name : typeof reason }) + '\n');
  });
  await app.listen(config.PORT, config.HOST);
  const where = embedded ? `embedded PostgreSQL in ${config.PGLITE_DATA_DIR}` : 'PostgreSQL server';
  process.stdout.write(`SIDH is running on http://localhost:${config.PORT} (API /api/v1, docs /api/docs) with ${where}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Start-up failed: ${error instanceof Error ? error.constructor.name + ': ' + error.message.slice(0, 200) : 'unknown error'}`;
  process.stderr.write(message + '\n');
  process.exit(1);
});
