// Start-up benchmark of the embedded mode (issue 14): `npm start` to the first answer
// (GET /api/v1/health → 200) when the build and the data already exist, with the resident memory
// of the server at that moment; median of BENCH_RUNS (5) runs, beside baselines measured in the
// same run on the same machine:
//   - bare node: `node -e 0` to its exit (what any Node process costs);
//   - bare PGlite: a process that opens the same data directory with PGlite and answers SELECT 1,
//     with PGlite's default shared buffers (128 MB) and with the server's (32 MB, ADR 17);
//   - server only: `node dist/apps/api/main.js` (no npm, no build check).
// One unmeasured start first builds what is stale (tools/start.mjs) and creates the data
// (./tmp/bench-start-pglite, migrated and seeded). Builds dist: run it under the build lock:
//   flock /tmp/build.lock npm run bench:start
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const DATA_DIR = process.env['BENCH_PGLITE_DATA_DIR'] ?? path.join(ROOT, 'tmp', 'bench-start-pglite');
const TIMEOUT_MS = 180_000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The process and its descendants (npm → sh → node). */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return all;
}

/** Resident memory (MB) of the largest process of the tree: the server. */
function serverRssMb(pid) {
  let max = 0;
  for (const p of descendants(pid)) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      max = Math.max(max, kb);
    } catch {
      // ended meanwhile
    }
  }
  return max / 1024;
}

/** Starts that did not stop within 30 s of SIGTERM (killed). */
let slowStops = 0;

/** Waits until no process holds the data directory's lock (a server still stopping), at most 60 s. */
async function lockReleased() {
  for (let i = 0; i < 600; i++) {
    let pid;
    try {
      pid = Number.parseInt(readFileSync(path.join(DATA_DIR, 'sidh-embedded.lock'), 'utf8'), 10);
    } catch {
      return;
    }
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
}

/** Starts `command`, polls the health route until it answers 200, stops the tree; ms and MB. */
async function startToFirstAnswer(command, args) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const env = { ...process.env, PORT: String(port), DEV_SMTP_PORT: String(port + 1), PGLITE_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' };
  delete env['DATABASE_URL'];
  await lockReleased();
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  try {
    for (;;) {
      if (exited !== null) throw new Error(`${command} ${args.join(' ')} exited (${exited}) before answering:\n${output.slice(-2000)}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`no answer after ${TIMEOUT_MS} ms:\n${output.slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(10);
    }
    const ms = performance.now() - started;
    return { ms, rssMb: serverRssMb(child.pid), built: /Building \(/.test(output) };
  } finally {
    if (exited === null) {
      const done = new Promise((resolve) => child.on('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([done, sleep(30_000)]);
      if (exited === null) {
        slowStops++;
        process.kill(-child.pid, 'SIGKILL');
        await Promise.race([done, sleep(10_000)]);
      }
    }
  }
}

/** A process to its exit; ms. */
function toExit(command, args, env = process.env) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} exited ${code}`))));
  });
}

const PGLITE_OPEN = `
const { PGlite } = await import('@electric-sql/pglite');
const startParams = process.env.BENCH_SHARED_BUFFERS ? [...PGlite.defaultStartParams, '-c', 'shared_buffers=' + process.env.BENCH_SHARED_BUFFERS] : undefined;
const db = await PGlite.create({ dataDir: process.env.BENCH_DIR, ...(startParams ? { startParams } : {}) });
await db.query('SELECT 1');
await db.close();`;

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
process.stdout.write(`start bench: ${RUNS} runs each, data in ${path.relative(ROOT, DATA_DIR)}; load average before: ${load()}\n`);
const warm = await startToFirstAnswer('node', ['tools/start.mjs']);
process.stdout.write(`  warm-up start (builds if stale, creates the data): ${(warm.ms / 1000).toFixed(1)} s${warm.built ? ' (built)' : ''}\n`);

const rows = { 'bare node (node -e 0, to exit)': [], 'bare PGlite open + SELECT 1 (to exit)': [], 'bare PGlite, 32 MB buffers (as the server)': [], 'server only (node dist/apps/api/main.js)': [], 'npm start': [] };
const rss = { 'server only (node dist/apps/api/main.js)': [], 'npm start': [] };
let rebuilt = 0;
for (let i = 0; i < RUNS; i++) {
  // Interleaved: a load change on the machine hits every measure alike.
  rows['bare node (node -e 0, to exit)'].push(await toExit('node', ['-e', '0']));
  rows['bare PGlite open + SELECT 1 (to exit)'].push(await toExit('node', ['--input-type=module', '-e', PGLITE_OPEN], { ...process.env, BENCH_DIR: DATA_DIR }));
  rows['bare PGlite, 32 MB buffers (as the server)'].push(await toExit('node', ['--input-type=module', '-e', PGLITE_OPEN], { ...process.env, BENCH_DIR: DATA_DIR, BENCH_SHARED_BUFFERS: '32MB' }));
  const server = await startToFirstAnswer('node', ['dist/apps/api/main.js']);
  rows['server only (node dist/apps/api/main.js)'].push(server.ms);
  rss['server only (node dist/apps/api/main.js)'].push(server.rssMb);
  const npm = await startToFirstAnswer('npm', ['start', '--silent']);
  if (npm.built) rebuilt++;
  rows['npm start'].push(npm.ms);
  rss['npm start'].push(npm.rssMb);
}
const base = median(rows['bare node (node -e 0, to exit)']);
process.stdout.write(`  ${'measure'.padEnd(44)} ${'median'.padStart(9)}  ${'runs (s)'.padEnd(34)} × bare node   RSS (MB, median)\n`);
for (const [name, xs] of Object.entries(rows)) {
  const m = median(xs);
  process.stdout.write(
    `  ${name.padEnd(44)} ${(m / 1000).toFixed(2).padStart(7)} s  ${xs.map((x) => (x / 1000).toFixed(2)).join(' ').padEnd(34)} ${(m / base).toFixed(1).padStart(6)}×   ${rss[name] ? median(rss[name]).toFixed(0) : ''}\n`,
  );
}
process.stdout.write(`  target: npm start ≤ 3 s to the first answer (unloaded machine); load average after: ${load()}\n`);
if (slowStops) process.stdout.write(`  WARNING: ${slowStops} start(s) did not stop within 30 s of SIGTERM and were killed\n`);
if (rebuilt) process.stdout.write(`  WARNING: ${rebuilt} measured npm start(s) rebuilt (sources changed during the bench): those runs include a build\n`);
