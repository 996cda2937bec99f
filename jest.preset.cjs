// Shared Jest settings: ESM (NestJS 12 and react-router 8 are ESM-only) compiled by SWC.
const path = require('node:path');

const swcOptions = (tsx) => ({
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', tsx, decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
});

const swcTransform = {
  '^.+\\.ts$': ['@swc/jest', swcOptions(false)],
  '^.+\\.tsx$': ['@swc/jest', swcOptions(true)],
};

const esmModuleNameMapper = {
  '^@sidh/domain$': path.join(__dirname, 'libs/shared/domain/src/index.ts'),
  '^@sidh/api-client$': path.join(__dirname, 'libs/shared/api-client/src/index.ts'),
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

module.exports = { swcTransform, esmModuleNameMapper };
