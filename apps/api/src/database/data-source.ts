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
  /** The embedded engine (PGlite): it accepts startup options but ignores them, so none are sent. */
  embedded?: boolean;
}

/**
 * Planner settings for every pooled connection to a PostgreSQL server, sent as startup options.
 * random_page_cost 1.1 (default 4, a spinning-disk figure): the catalogue is small enough to live in
 * memory or on SSD, where a random page costs about as much as a sequential one. With 4 the planner
 * prefers a sequential scan of the whole table to the GIN index for common words (65 ms against 6 ms
 * for "women" on 100,000 recommendations). See docs/performance.md.
 */
export const SERVER_PLANNER_OPTIONS = '-c random_page_cost=1.1';

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
      ...(options.embedded ? {} : { options: SERVER_PLANNER_OPTIONS }),
    },
  };
}
