import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { DataSource } from 'typeorm';
import { buildOpenApiDocument, createApp } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { buildDataSourceOptions } from './database/data-source.js';
import { EmbeddedPostgres } from './database/embedded-postgres.js';
import { prepareDatabase } from './database/prepare.js';
import { migrateAsOwner } from './database/roles.js';
import { appendAuditEvent, SYSTEM_ACTOR } from './audit/audit.writer.js';
import { AuditAnchorService } from './audit/audit-anchor.service.js';
import { AuditChainService } from './audit/audit-chain.service.js';
import { AuditRepository } from './audit/audit.repository.js';
import { hashPassword } from './auth/password.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@sidh/domain';

loadDotenv({ quiet: true });

const USAGE = `Usage: node dist/apps/api/cli.js <command>
  migrate          apply pending migrations (DATABASE_URL, else the embedded database in PGLITE_DATA_DIR)
  seed             migrate, then seed reference data (and the demo dataset when DEMO_SEED=true)
  openapi <file>   write the OpenAPI document of the API to <file>
  create-admin <email> <name>
                   create the first administrator; the password is read from ADMIN_PASSWORD
  audit-anchor     verify the audit chain and write a signed checkpoint of its head to AUDIT_ANCHOR_DIR`;

/**
 * Runs `run` on the API's connection. With DATABASE_OWNER_URL the owner role first applies the
 * migrations and grants the API role its rights (as the API does at start-up): `migrated` is then
 * the list applied, else null (the caller migrates on its own connection if it needs to).
 */
async function withDatabase(run: (dataSource: DataSource, migrated: string[] | null) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const migrated = config.DATABASE_OWNER_URL && config.DATABASE_URL ? await migrateAsOwner(config.DATABASE_OWNER_URL, config.DATABASE_URL, 600_000) : null;
  const embedded = config.DATABASE_URL ? null : await EmbeddedPostgres.start(config.PGLITE_DATA_DIR);
  const dataSource = new DataSource(
    buildDataSourceOptions({ url: config.DATABASE_URL ?? embedded!.url, poolSize: 1, statementTimeoutMs: 600_000, applicationName: 'sidh-cli', embedded: embedded !== null }),
  );
  try {
    await dataSource.initialize();
    await run(dataSource, migrated);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

async function main(): Promise<void> {
  const [command, argument] = process.argv.slice(2);
  switch (command) {
    case 'migrate':
      return withDatabase(async (ds, migrated) => {
        const applied = migrated ?? (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
        process.stdout.write(`Applied ${applied.length} migration(s)${applied.map((m) => `\n  ${m}`).join('')}\n`);
      });
    case 'seed':
      return withDatabase(async (ds, migrated) => {
        await prepareDatabase(ds, { seedReference: true, seedDemo: loadConfig().DEMO_SEED, migrate: migrated === null });
        process.stdout.write('Database migrated and seeded\n');
      });
    case 'openapi': {
      if (!argument) throw new ConfigError(USAGE);
      // The document is built from the decorators; an in-memory database satisfies the wiring.
      const embedded = await EmbeddedPostgres.start();
      const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
      const app = await createApp({ config, databaseUrl: embedded.url, poolSize: 1, embedded: true, bufferLogs: false });
      await app.init();
      const document = buildOpenApiDocument(app);
      writeFileSync(argument, JSON.stringify(document, null, 2) + '\n');
      await app.close();
      await embedded.stop();
      process.stdout.write(`OpenAPI document written to ${argument}\n`);
      return;
    }
    case 'create-admin': {
      const [email, name] = [argument, process.argv[4]];
      const password = process.env['ADMIN_PASSWORD'] ?? '';
      if (!email || !/^[^@\s]+@[^@\s]+$/.test(email) || !name) throw new ConfigError(USAGE);
      if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
        throw new ConfigError(`ADMIN_PASSWORD must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
      }
      const passwordHash = await hashPassword(password);
      return withDatabase(async (ds, migrated) => {
        if (migrated === null) await ds.runMigrations({ transaction: 'each' });
        await ds.transaction(async (manager) => {
          const [row] = await manager.query(
            `INSERT INTO app_user (email, name, role, password_hash) VALUES ($1, $2, 'admin', $3) RETURNING id`,
            [email.trim().toLowerCase(), name, passwordHash],
          );
          await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'user.create', entityType: 'user', entityId: row.id, changes: { email: { before: null, after: email.trim().toLowerCase() }, role: { before: null, after: 'admin' } } });
        });
        process.stdout.write(`Administrator ${email} created\n`);
      });
    }
    case 'audit-anchor': {
      const config = loadConfig();
      if (!config.AUDIT_ANCHOR_ENABLED) throw new ConfigError('Audit anchoring is disabled (AUDIT_ANCHOR_ENABLED=false)');
      return withDatabase(async (ds) => {
        const checkpoint = await new AuditAnchorService(new AuditRepository(ds), new AuditChainService(new AuditRepository(ds), config), config).createCheckpoint();
        process.stdout.write(`Checkpoint ${checkpoint.file}: seq ${checkpoint.seq}, head ${checkpoint.headHash}, key ${checkpoint.keyId}\n`);
      });
    }
    default:
      process.stdout.write(USAGE + '\n');
      process.exitCode = command ? 1 : 0;
  }
}

main().catch((error: unknown) => {
  process.stderr.write((error instanceof ConfigError ? error.message : `Failed: ${error instanceof Error ? error.message.slice(0, 300) : 'unknown error'}`) + '\n');
  process.exit(1);
});
