import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The audit chain's verdict worker (`apps/api/src/audit/chain-verdict.worker.ts`) bundled for Jest,
 * which gives a worker thread no transform (as harness.ts does for its workers): esbuild, packages
 * external, `@sidh/domain` from its sources, into node_modules/.cache/sidh-chain-verdict-worker/,
 * named by content. Pass it to `useChainVerdictWorkerScript`.
 */
export function bundleChainVerdictWorker(): URL {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const { outputFiles } = buildSync({
    entryPoints: [path.join(root, 'apps/api/src/audit/chain-verdict.worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '@sidh/domain': path.join(root, 'libs/shared/domain/src/index.ts') },
    write: false,
    logLevel: 'error',
  });
  const code = outputFiles[0]!.contents;
  const dir = path.join(root, 'node_modules/.cache/sidh-chain-verdict-worker');
  const file = path.join(dir, `chain-verdict.worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, code);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return pathToFileURL(file);
}
