/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import { swcTransform, esmModuleNameMapper } from '../../jest.preset.cjs';

// JSON catalogs are imported `with { type: 'json' }`: SWC must keep the attribute for Jest's ESM loader.
const transform = Object.fromEntries(
  Object.entries(swcTransform as Record<string, [string, { jsc: Record<string, unknown> }]>).map(([pattern, [name, opts]]) => [
    pattern,
    [name, { ...opts, jsc: { ...opts.jsc, experimental: { keepImportAttributes: true } } }],
  ]),
);

// Component and unit tests (*.spec.ts, *.spec.tsx) in jsdom, ESM compiled by SWC like the other projects.
const config: Config = {
  displayName: 'web',
  // jsdom plus the Fetch API from Node (see the file).
  testEnvironment: '<rootDir>/src/test/jsdom-environment.cjs',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform,
  moduleNameMapper: {
    '\\.css$': '<rootDir>/src/test/style-stub.cjs',
    ...esmModuleNameMapper,
  },
  setupFiles: ['<rootDir>/jest.setup.ts'],
  // In-flight work of a test settles inside act() before cleanup (no act() warnings).
  setupFilesAfterEnv: ['<rootDir>/src/test/settle.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
  testTimeout: 30000,
};
export default config;
