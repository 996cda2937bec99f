// Prints the SQL TypeORM would run to bring a database up to the entities (a generated
// migration's body). Usage: npx tsx apps/api/tools/schema-sql.ts
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';

const pg = process.env['DATABASE_URL'] ? undefined : await EmbeddedPostgres.start();
const ds = new DataSource(buildDataSourceOptions({ url: process.env['DATABASE_URL'] ?? pg!.url, poolSize: 1, statementTimeoutMs: 60000, embedded: pg !== undefined }));
await ds.initialize();
if (MIGRATIONS.length) await ds.runMigrations();
const log = await ds.driver.createSchemaBuilder().log();
for (const q of log.upQueries) console.log(q.query + ';');
await ds.destroy();
await pg?.stop();
