/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import { swcTransform, esmModuleNameMapper } from '../../jest.preset.cjs';

// Unit tests (*.spec.ts) and integration tests (*.integration-spec.ts) on real PostgreSQL:
// TEST_DATABASE_URL names a server (a fresh database per test file), else embedded PGlite.
const config: Config = {
  displayName: 'api',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: swcTransform,
  moduleNameMapper: esmModuleNameMapper,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.integration-spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
export default config;
