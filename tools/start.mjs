// `npm start`: builds what changed, then runs the API (and the SPA it serves) in this process.
//
// `nx run-many -t build` takes about 3 s even when its cache answers every project. Before it, this
// compares the build's inputs (every file of the four built projects and the root files they
// depend on) with the manifest written by the last build this script ran (dist/.start-inputs.json):
//   - same files, each with the same size and modification time, or the same SHA-1 when those
//     differ (a file touched but unchanged) → the build in dist is the build of these sources;
//   - anything else (a file added, removed or changed, no manifest, an output missing) → the full
//     build (`npm run build`), then a new manifest.
// It never serves a stale build: the manifest lists the inputs as read BEFORE the build ran (a file
// changed during the build differs from it at the next start), and it is removed before a build so
// that a failed build leaves none. A dist built by anything else (`npm run build`, dev:api) has no
// manifest of its own: the next `npm start` builds once. SIDH_START_CHECK=full skips the comparison.
//   node tools/start.mjs            check, build if needed, run dist/apps/api/main.js
//   node tools/start.mjs --check    only tell: prints "fresh" or "stale: <reason>" (exit 0 / 1)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = path.join(ROOT, 'dist', '.start-inputs.json');
/** What the build reads: the projects' folders (all their files) and the root files. */
const INPUT_DIRS = ['apps/api', 'apps/web', 'libs/shared/domain', 'libs/shared/api-client'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'nx.json'];
/** Inside the projects: outputs and tool folders, not inputs. */
const SKIPPED = new Set(['node_modules', 'dist', '.nx', 'coverage', 'tmp', 'output']);
/** What the build writes and the start needs. */
const OUTPUTS = ['dist/apps/api/main.js', 'dist/apps/api/package.json', 'dist/apps/web/index.html', 'libs/shared/domain/dist/index.js'];
/** The build's output folders: their files' sizes and times are recorded too, so a build by anything else is noticed. */
const OUTPUT_DIRS = ['dist/apps/api', 'dist/apps/web', 'libs/shared/domain/dist', 'libs/shared/api-client/dist'];

/** Every file under `dirs` (relative path, sorted) with its size and modification time. */
function listFiles(root, dirs, skipped) {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) walk(rel);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(rel);
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return files;
}

/** Every input file (relative path, sorted) with its size and modification time. */
export function listInputs(root = ROOT) {
  const files = listFiles(root, INPUT_DIRS, SKIPPED);
  for (const file of INPUT_FILES) if (existsSync(path.join(root, file))) files.push(file);
  files.sort();
  return files.map((file) => {
    const s = statSync(path.join(root, file));
    return { file, size: s.size, mtimeMs: s.mtimeMs };
  });
}

/** One hash of the outputs' names, sizes and modification times. */
export function outputsStamp(root = ROOT) {
  const hash = createHash('sha1');
  for (const file of listFiles(root, OUTPUT_DIRS, new Set()).sort()) {
    if (file === 'dist/.start-inputs.json') continue;
    const s = statSync(path.join(root, file));
    hash.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const sha1 = (root, file) => createHash('sha1').update(readFileSync(path.join(root, file))).digest('hex');

/** Why dist is not the build of the current inputs, or null when it is. */
export function staleReason(root = ROOT) {
  for (const output of OUTPUTS) if (!existsSync(path.join(root, output))) return `${output} is missing`;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'dist', '.start-inputs.json'), 'utf8'));
  } catch {
    return 'no manifest of the last build';
  }
  if (manifest.outputs !== outputsStamp(root)) return 'the build output changed since the last build by npm start';
  const recorded = new Map((manifest.files ?? []).map((f) => [f.file, f]));
  const current = listInputs(root);
  if (current.length !== recorded.size) return `${Math.abs(current.length - recorded.size)} input file(s) added or removed`;
  for (const now of current) {
    const then = recorded.get(now.file);
    if (!then) return `${now.file} is new`;
    if (then.size === now.size && then.mtimeMs === now.mtimeMs) continue;
    if (then.size !== now.size || then.sha1 !== sha1(root, now.file)) return `${now.file} changed`;
  }
  return null;
}

/** The manifest of `inputs` (listed before the build), with each file's SHA-1. */
export function writeManifest(inputs, root = ROOT) {
  const files = inputs.map((f) => ({ ...f, sha1: sha1(root, f.file) }));
  writeFileSync(path.join(root, 'dist', '.start-inputs.json'), JSON.stringify({ node: process.version, outputs: outputsStamp(root), files }) + '\n');
}

/** Builds (nx, as `npm run build`) and records the inputs as they were before it. */
export function build(root = ROOT) {
  const inputs = listInputs(root);
  rmSync(path.join(root, 'dist', '.start-inputs.json'), { force: true });
  const npm = process.env['npm_execpath'];
  // Through npm's own CLI when npm started us (no second shell), else the npm on the PATH.
  if (npm) execFileSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'inherit' });
  else execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  writeManifest(inputs, root);
}

const invokedAsScript = process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedAsScript) {
  const reason = process.env['SIDH_START_CHECK'] === 'full' ? 'SIDH_START_CHECK=full' : staleReason();
  if (process.argv.includes('--check')) {
    process.stdout.write(reason ? `stale: ${reason}\n` : 'fresh\n');
    process.exit(reason ? 1 : 0);
  }
  if (reason) {
    process.stdout.write(`Building (${reason})…\n`);
    build();
  }
  await import(pathToFileURL(path.join(ROOT, 'dist', 'apps', 'api', 'main.js')).href);
}
