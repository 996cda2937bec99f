/** Starts and stops the built API (which also serves the built SPA) for the browser tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const WORKSPACE = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../..');
export const BASE_URL_ENV = 'SIDH_E2E_BASE_URL';

export interface RunningServer {
  process: ChildProcess;
  baseUrl: string;
  dataDir: string | null;
  logs: string[];
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logs: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The API exited with code ${child.exitCode} before becoming healthy:\n${logs.join('').slice(-4000)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The API did not answer 200 on /api/v1/health within ${timeoutMs / 1000} s:\n${logs.join('').slice(-4000)}`);
}

/** `env`: extra variables for this server (e.g. AUTH_TOTP_REQUIRED_ROLES for the accounts spec; two-factor is off by default here). */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const main = join(WORKSPACE, 'dist/apps/api/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm run test:e2e does).`);
  if (!existsSync(join(WORKSPACE, 'dist/apps/web/index.html'))) throw new Error('dist/apps/web is missing: run `npm run build` first.');

  const port = await freePort();
  const external = process.env['E2E_DATABASE_URL'];
  const dataDir = external ? null : mkdtempSync(join(tmpdir(), 'sidh-e2e-pglite-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DEMO_SEED: 'true', NODE_ENV: 'development', DEV_SMTP_PORT: '0', AUTH_TOTP_REQUIRED_ROLES: 'none', RATE_LIMIT_PUBLIC_MAX: '100000', RATE_LIMIT_REFRESH_MAX: '100000', ...extraEnv };
  delete env['DATABASE_URL'];
  if (external) env['DATABASE_URL'] = external;
  if (dataDir) env['PGLITE_DATA_DIR'] = dataDir;
  // This run's checkpoints only: a checkpoint of an earlier run's database would be reported as foreign.
  env['AUDIT_ANCHOR_DIR'] = mkdtempSync(join(tmpdir(), 'sidh-e2e-anchors-'));

  const logs: string[] = [];
  const child = spawn(process.execPath, [main], { cwd: WORKSPACE, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // A first start migrates and seeds a new embedded database: well under a minute on a quiet host, 4.5 min on a starved one (seen here).
    await waitForHealth(baseUrl, child, logs, 600_000);
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
  return { process: child, baseUrl, dataDir, logs };
}

export async function stopServer(server: RunningServer | undefined): Promise<void> {
  if (!server) return;
  const { process: child } = server;
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (server.dataDir) rmSync(server.dataDir, { recursive: true, force: true });
}
