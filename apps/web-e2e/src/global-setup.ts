import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL_ENV, startServer, WORKSPACE } from './server';

/** Starts the built product once for all browser tests; the URL reaches the tests through the env. */
export default async function globalSetup(): Promise<void> {
  // Screenshots of the previous run would mix with this run's.
  const output = join(WORKSPACE, 'apps/web-e2e/output');
  mkdirSync(output, { recursive: true });
  for (const f of readdirSync(output)) if (f.startsWith('e2e-') && f.endsWith('.png')) rmSync(join(output, f));
  const server = await startServer();
  (globalThis as { __SIDH_E2E_SERVER__?: unknown }).__SIDH_E2E_SERVER__ = server;
  process.env[BASE_URL_ENV] = server.baseUrl;
}
