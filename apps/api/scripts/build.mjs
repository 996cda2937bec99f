// Compiles the API with tsc into dist/apps/api, marks the output as ES modules, and bundles the
// server's entry (main.js) for a fast start (scripts/bundle.mjs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { bundleServer } from './bundle.mjs';

rmSync('dist/apps/api', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'apps/api/tsconfig.app.json'], { stdio: 'inherit' });
mkdirSync('dist/apps/api', { recursive: true });
writeFileSync('dist/apps/api/package.json', JSON.stringify({ type: 'module' }) + '\n');
await bundleServer();
