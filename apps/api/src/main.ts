import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig } from './config/app-config.js';
import { EmbeddedPostgres } from './database/embedded-postgres.js';

loadDotenv({ quiet: true });

async function main(): Promise<void> {
  const config = loadConfig();
  // The embedded database opens on its own thread while this one loads the application's modules
  // (seconds each at start-up): the application is imported only now, once PGlite is on its way.
  const starting = config.DATABASE_URL ? null : EmbeddedPostgres.start(path.resolve(config.PGLITE_DATA_DIR));
  starting?.catch(() => undefined); // its failure is thrown where it is awaited, below
  let loaded: typeof import('./server-modules.js');
  try {
    loaded = await import('./server-modules.js');
  } catch (error) {
    await starting?.then((db) => db.stop()).catch(() => undefined);
    throw error;
  }
  const { DataSource, JobsService, createApp, prepareDatabase, leastPrivilegeProblems, migrateAsOwner } = loaded;
  const embedded = await starting;
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
  // The job scheduler starts once the server answers (ADR 17), not before.
  const jobs = app.get(JobsService);
  jobs.deferStart();
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
  jobs.startInBackground();
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Start-up failed: ${error instanceof Error ? error.constructor.name + ': ' + error.message.slice(0, 200) : 'unknown error'}`;
  process.stderr.write(message + '\n');
  process.exit(1);
});
