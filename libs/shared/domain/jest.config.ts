/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import { swcTransform, esmModuleNameMapper } from '../../../jest.preset.cjs';

const config: Config = {
  displayName: 'domain',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: swcTransform,
  moduleNameMapper: esmModuleNameMapper,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
export default config;
