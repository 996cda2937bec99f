/**
 * The worker thread that reads import files for `ImportParser` (`import-parser.ts`), one at a
 * time: each request brings the file's bytes (transferred) and limits, and gets `started`, the
 * records in acknowledged chunks, then one answer. It runs under the heap limit the parser gives it, so a file whose parsed form does not
 * fit ends this thread only. Never started by hand: the compiled `source-reader.worker.js` sits
 * beside `import-parser.js`.
 */
import { parentPort } from 'node:worker_threads';
import type { MoreRecords, ParseReply, ParseRequest } from './import-parser.js';
import { ImportException } from './import.errors.js';
import { readSource } from './source-reader.js';

const port = parentPort;
if (!port) throw new Error('source-reader.worker runs only as a worker thread (ImportParser starts it)');
const send = (reply: ParseReply) => port.postMessage(reply);
/** Records per message (type-only imports from the parser: this thread never loads it). */
const RECORDS_PER_CHUNK = 2000;
/** Resolves when the parser acknowledges the last chunk sent. */
let acknowledged: (() => void) | null = null;

async function read(request: ParseRequest): Promise<void> {
  // The parser's clock for this file starts now (the modules are loaded).
  send({ type: 'started' });
  try {
    const table = await readSource(Buffer.from(request.bytes), request.fileName, request.limits);
    for (let from = 0; from < table.records.length; from += RECORDS_PER_CHUNK) {
      const more = new Promise<void>((resolve) => (acknowledged = resolve));
      send({ type: 'records', records: table.records.slice(from, from + RECORDS_PER_CHUNK) });
      await more;
    }
    send({ type: 'table', table: { ...table, records: [] } });
  } catch (error) {
    if (error instanceof ImportException) send({ type: 'refused', error: error.toData() });
    else send({ type: 'failed', errorType: error instanceof Error ? error.constructor.name : typeof error, message: error instanceof Error ? error.message.slice(0, 300) : '' });
  }
}

port.on('message', (message: ParseRequest | MoreRecords) => {
  if ('type' in message) {
    acknowledged?.();
    acknowledged = null;
  } else void read(message);
});
