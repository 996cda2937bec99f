/**
 * `npm start` (tools/start.mjs) skips the build when dist is the build of the current sources, and
 * never serves a stale one: run in a scratch workspace whose `npm run build` copies a source file
 * into dist/apps/api/main.js, so that what the start serves tells which sources it was built from.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tools/start.mjs');

/** A workspace with the projects' folders, the root files and a build that copies apps/api/src/message.txt into main.js. */
function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'sidh-start-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('tools/start.mjs', readFileSync(TOOL, 'utf8'));
  write(
    'tools/build.mjs',
    `import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
appendFileSync('builds.log', 'build\\n');
for (const d of ['dist/apps/api', 'dist/apps/web', 'libs/shared/domain/dist', 'libs/shared/api-client/dist']) mkdirSync(d, { recursive: true });
writeFileSync('dist/apps/api/package.json', '{"type":"module"}');
writeFileSync('dist/apps/api/main.js', 'process.stdout.write(' + JSON.stringify('served ' + readFileSync('apps/api/src/message.txt', 'utf8')) + ');');
writeFileSync('dist/apps/web/index.html', '<!doctype html>');
writeFileSync('libs/shared/domain/dist/index.js', 'export {};');
writeFileSync('libs/shared/api-client/dist/index.js', 'export {};');
`,
  );
  write('package.json', JSON.stringify({ name: 'scratch', private: true, scripts: { build: 'node tools/build.mjs' } }));
  write('package-lock.json', '{}');
  write('tsconfig.base.json', '{}');
  write('nx.json', '{}');
  write('apps/api/src/message.txt', 'one');
  write('apps/web/src/main.tsx', 'export {};');
  write('libs/shared/domain/src/index.ts', 'export {};');
  write('libs/shared/api-client/src/index.ts', 'export {};');
  return root;
}

/** `node tools/start.mjs` in the workspace: what it printed and how many builds have run so far. */
function start(root: string): { output: string; builds: number } {
  const env = { ...process.env };
  delete env['npm_execpath'];
  delete env['SIDH_START_CHECK'];
  const output = execFileSync(process.execPath, ['tools/start.mjs'], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let builds = 0;
  try {
    builds = readFileSync(path.join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    builds = 0;
  }
  return { output, builds };
}

const check = (root: string): string => {
  try {
    return execFileSync(process.execPath, ['tools/start.mjs', '--check'], { cwd: root, encoding: 'utf8' }).trim();
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '').trim();
  }
};

describe('npm start: build only when the sources changed', () => {
  let root: string;
  beforeEach(() => {
    root = workspace();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds on the first start (fresh clone), then starts without building', () => {
    expect(check(root)).toMatch(/^stale: /);
    const first = start(root);
    expect(first.output).toContain('served one');
    expect(first.builds).toBe(1);
    expect(check(root)).toBe('fresh');
    const second = start(root);
    expect(second.output).toBe('served one');
    expect(second.builds).toBe(1);
  });

  it('rebuilds when a source changes, also one of the same size, and serves the new build', () => {
    start(root);
    writeFileSync(path.join(root, 'apps/api/src/message.txt'), 'two');
    expect(check(root)).toBe('stale: apps/api/src/message.txt changed');
    const after = start(root);
    expect(after.output).toContain('served two');
    expect(after.builds).toBe(2);
  });

  it('rebuilds when the content changed but the size and time were kept, by comparing hashes only when needed', () => {
    start(root);
    const file = path.join(root, 'apps/api/src/message.txt');
    // Touched, content unchanged: still fresh (no needless build).
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(check(root)).toBe('fresh');
    // Same size, new content, new time: stale.
    writeFileSync(file, 'six');
    utimesSync(file, new Date(), new Date(Date.now() + 10000));
    expect(check(root)).toBe('stale: apps/api/src/message.txt changed');
    expect(start(root).output).toContain('served six');
  });

  it('rebuilds when a file is added or removed, or a root file changes', () => {
    start(root);
    writeFileSync(path.join(root, 'libs/shared/domain/src/new.ts'), 'export const x = 1;');
    expect(check(root)).toMatch(/^stale: .*added or removed/);
    start(root);
    expect(check(root)).toBe('fresh');
    rmSync(path.join(root, 'libs/shared/domain/src/new.ts'));
    expect(check(root)).toMatch(/^stale: .*added or removed/);
    start(root);
    writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(check(root)).toBe('stale: package-lock.json changed');
  });

  it('rebuilds when the output was rebuilt or removed by something else', () => {
    start(root);
    writeFileSync(path.join(root, 'dist/apps/api/main.js'), 'process.stdout.write("built by someone else");');
    expect(check(root)).toBe('stale: the build output changed since the last build by npm start');
    expect(start(root).output).toContain('served one');
    rmSync(path.join(root, 'dist/apps/web'), { recursive: true });
    expect(check(root)).toBe('stale: dist/apps/web/index.html is missing');
  });

  it('writes no manifest when the build fails: the next start builds again', () => {
    start(root);
    writeFileSync(path.join(root, 'apps/api/src/message.txt'), 'three');
    const build = path.join(root, 'tools/build.mjs');
    const good = readFileSync(build, 'utf8');
    writeFileSync(build, 'process.exit(3);');
    expect(() => start(root)).toThrow();
    expect(check(root)).toMatch(/^stale: /);
    writeFileSync(build, good);
    expect(start(root).output).toContain('served three');
  });

});
