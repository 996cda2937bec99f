/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import { swcTransform, esmModuleNameMapper } from '../../jest.preset.cjs';

// Browser tests against the BUILT product (dist/apps/api serving dist/apps/web), started once by the
// global setup on a free port with a fresh embedded database. Run with `npm run test:e2e`.
const config: Config = {
  displayName: 'web-e2e',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: swcTransform,
  moduleNameMapper: esmModuleNameMapper,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/global-setup.ts',
  globalTeardown: '<rootDir>/src/global-teardown.ts',
  testTimeout: 240000,
  maxWorkers: 1,
};
export default config;
