/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import { swcTransform, esmModuleNameMapper } from '../../jest.preset.cjs';

// Component and unit tests (*.spec.ts, *.spec.tsx) in jsdom, ESM compiled by SWC like the other projects.
const config: Config = {
  displayName: 'web',
  testEnvironment: 'jsdom',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: swcTransform,
  moduleNameMapper: {
    '\\.css$': '<rootDir>/src/test/style-stub.cjs',
    ...esmModuleNameMapper,
  },
  setupFiles: ['<rootDir>/jest.setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
  testTimeout: 30000,
};
export default config;
