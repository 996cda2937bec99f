import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming.strategy.js';

export interface DatabaseConnectionOptions {
  url: string;
  /** PGlite serves one connection: the pool must be 1 there. */
  poolSize: number;
  statementTimeoutMs: number;
  applicationName?: string;
}

export function buildDataSourceOptions(options: DatabaseConnectionOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is core PostgreSQL (13+): no extension to install, on either engine.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    poolSize: options.poolSize,
    extra: {
      max: options.poolSize,
      statement_timeout: options.statementTimeoutMs,
      application_name: options.applicationName ?? 'sidh-api',
    },
  };
}
