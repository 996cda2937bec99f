import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Bundles a worker thread's TypeScript entry (esbuild; packages stay in node_modules, `@sidh/domain`
 * from its sources as Jest maps it) into node_modules/.cache/<cache>/, named by content: a worker
 * thread gets no Jest transform. Built and compiled code needs none of this: the compiled workers
 * sit beside their modules in dist/apps/api.
 */
export function bundleWorker(entry: string, cache: string): URL {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const { outputFiles } = buildSync({
    entryPoints: [path.join(root, entry)],
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
  const dir = path.join(root, 'node_modules/.cache', cache);
  const file = path.join(dir, `${path.basename(entry, '.ts')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, code);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return pathToFileURL(file);
}
