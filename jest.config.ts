/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// `npm test` runs every project's unit and integration tests. Browser tests have their own
// configuration (apps/web-e2e) and run with `npm run test:e2e`.
const config: Config = {
  projects: ['<rootDir>/libs/shared/domain', '<rootDir>/apps/api', '<rootDir>/apps/web'],
};
export default config;
