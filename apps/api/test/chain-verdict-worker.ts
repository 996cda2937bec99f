import { bundleWorker } from './bundle-worker.js';

/**
 * The audit chain's verdict worker (`apps/api/src/audit/chain-verdict.worker.ts`) bundled for Jest,
 * as harness.ts bundles its workers (bundle-worker.ts). Pass it to `useChainVerdictWorkerScript`.
 */
export function bundleChainVerdictWorker(): URL {
  return bundleWorker('apps/api/src/audit/chain-verdict.worker.ts', 'sidh-chain-verdict-worker');
}
