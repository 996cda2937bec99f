/**
 * A verdict worker of `ChainVerdictPool`: parses a segment of the chain's COPY text (transferred,
 * not copied) and answers each event's order-free verdict (`auditContentVerdict`: hash, MAC,
 * readable changes) as one byte per event, transferred back. The ordered walk stays on the
 * API's thread (docs/decisions/0007-audit-verification-speed.md).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { auditContentVerdict } from '@sidh/domain';
import { chainWalkerOptions } from './chain.js';
import { parseChainCopyText, segmentText } from './chain-copy.js';
import type { ChainVerdictReply, ChainVerdictRequest, ChainVerdictWorkerData } from './chain-verdict-pool.js';

const data = workerData as ChainVerdictWorkerData;
const options = chainWalkerOptions(Buffer.from(data.macKey));
const port = parentPort!;

port.on('message', (request: ChainVerdictRequest) => {
  let reply: ChainVerdictReply;
  try {
    const rows = parseChainCopyText(segmentText(request.bytes));
    const verdicts = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i += 1) verdicts[i] = auditContentVerdict(rows[i]!, options);
    reply = { id: request.id, verdicts, firstId: rows[0]?.id ?? null, lastHash: rows[rows.length - 1]?.hash ?? null };
    port.postMessage(reply, [verdicts.buffer]);
  } catch (error) {
    // The API's thread computes this segment itself (and meets the same error, if any, where it always did).
    reply = { id: request.id, error: error instanceof Error ? error.name : 'Error' };
    port.postMessage(reply);
  }
});
