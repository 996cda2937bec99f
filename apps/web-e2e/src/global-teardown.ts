import { stopServer, type RunningServer } from './server';

export default async function globalTeardown(): Promise<void> {
  await stopServer((globalThis as { __SIDH_E2E_SERVER__?: RunningServer }).__SIDH_E2E_SERVER__);
}
