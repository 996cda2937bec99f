// Compiles the API with tsc into dist/apps/api and marks the output as ES modules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';

rmSync('dist/apps/api', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'apps/api/tsconfig.app.json'], { stdio: 'inherit' });
mkdirSync('dist/apps/api', { recursive: true });
writeFileSync('dist/apps/api/package.json', JSON.stringify({ type: 'module' }) + '\n');
