/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// `npm test` runs every project's unit and integration tests. Browser tests have their own
// configuration (apps/web-e2e) and run with `npm run test:e2e`. Timeouts and workers are
// global options: Jest ignores them inside a project's configuration.
const config: Config = {
  projects: ['<rootDir>/libs/shared/domain', '<rootDir>/apps/api', '<rootDir>/apps/web'],
  // Starting an embedded PostgreSQL takes a few seconds on a loaded 2-core machine.
  testTimeout: 120000,
  maxWorkers: 2,
};
export default config;
