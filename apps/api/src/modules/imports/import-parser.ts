import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fileTooComplex, ImportException, type ImportExceptionData } from './import.errors.js';
import type { ReadLimits, SourceTable } from './source-reader.js';

/** One file for `source-reader.worker`: its bytes are transferred (moved), not copied. */
export interface ParseRequest {
  bytes: ArrayBuffer;
  fileName: string;
  limits: ReadLimits;
}

/**
 * What `source-reader.worker` answers for a file: `started` when it takes it, the records in chunks
 * (each acknowledged with `{ type: 'more' }`: copying a 41k-row table in one message would hold the
 * API's thread for a second or two), then exactly one outcome — the table without its records.
 */
export type ParseReply =
  | { type: 'started' }
  | { type: 'records'; records: SourceTable['records'] }
  | { type: 'table'; table: SourceTable }
  | { type: 'refused'; error: ImportExceptionData }
  | { type: 'failed'; errorType: string; message: string };

/** The parser's acknowledgement of a chunk of records. */
export interface MoreRecords {
  type: 'more';
}

export interface ImportParserOptions {
  /** The worker's script (`importWorkerScript()`). */
  script: URL;
  /** IMPORT_PARSE_MAX_HEAP_MB: the worker's V8 old generation. */
  maxHeapMb: number;
  /** IMPORT_PARSE_TIMEOUT_SECONDS: from the worker's `started` to its answer. */
  timeoutSeconds: number;
}

/** Loading the worker's modules (exceljs, csv-parse …) has nothing to do with the file: its own, generous bound. */
const STARTUP_SECONDS = 60;
/** A thread that read a small file waits this long for the next one, then ends (and returns its memory). */
const IDLE_SECONDS = 30;
/**
 * Files up to this size keep their thread for the next file. After a larger one the thread ends at
 * once: its heap, grown to the file's table, is returned before the import is planned and written
 * (the 11 MB benchmark file left ~120 MB of peak RSS in a waiting thread).
 */
const REUSE_MAX_BYTES = 1024 * 1024;

/** The compiled worker, beside this module in dist/apps/api (production, the CLI, the benchmarks). */
const COMPILED_WORKER = new URL('./source-reader.worker.js', import.meta.url);
let scriptOverride: URL | null = null;

/**
 * For test runners that execute the TypeScript sources (Jest): a worker thread gets no Jest
 * transform, so `apps/api/test/harness.ts` bundles `source-reader.worker.ts` (esbuild) and points
 * the parser at the bundle with this, before any application starts. Nothing else calls it.
 */
export function useImportWorkerScript(script: URL): void {
  scriptOverride = script;
}

/** The worker's script; throws when it does not exist, so the API refuses to start instead of reading files in its own thread. */
export function importWorkerScript(): URL {
  const script = scriptOverride ?? COMPILED_WORKER;
  if (!existsSync(fileURLToPath(script))) {
    throw new Error(`The import worker ${fileURLToPath(script)} does not exist: build the API (npm run build); a runner of the TypeScript sources calls useImportWorkerScript() first`);
  }
  return script;
}

type Outcome = { table: SourceTable } | { refused: ImportException } | { fatal: Error };

/**
 * Reads import files (`readSource`: CSV, JSON, XLSX) in worker threads with a heap limit
 * (`resourceLimits`) and a wall-clock timeout: a file that exhausts the heap or runs too long ends
 * its thread only, and the upload gets 422 `import.file_too_complex`; the API's own heap never holds
 * more than the finished table. An ImportException thrown in the worker reaches the caller rebuilt,
 * with the same status, code, message and details.
 *
 * A thread reads one file at a time. After a small file's table or refusal it waits IDLE_SECONDS
 * for the next file (loading exceljs and the rest costs about a second), then ends; after a large
 * file, a limit or a fault it is terminated at once. `read` settles only once such a thread has
 * stopped, so the caller's concurrency slot (`withParseSlot`) bounds the threads at work.
 */
export class ImportParser {
  private readonly logger = new Logger(ImportParser.name);
  /** Threads waiting for a file, with the timer that ends each. */
  private readonly idle = new Map<Worker, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: ImportParserOptions) {}

  async read(buffer: Buffer, fileName: string, limits: ReadLimits): Promise<SourceTable> {
    // A copy the worker owns: transferred (moved, not cloned), while the caller keeps the upload to store it.
    const bytes = new Uint8Array(buffer.length);
    bytes.set(buffer);
    const worker = this.take();
    const outcome = await this.run(worker, { bytes: bytes.buffer, fileName, limits });
    if ('fatal' in outcome) {
      await worker.terminate();
      throw outcome.fatal;
    }
    if (buffer.length > REUSE_MAX_BYTES) await worker.terminate();
    else this.release(worker);
    if ('refused' in outcome) throw outcome.refused;
    return outcome.table;
  }

  /** Ends the waiting threads; a thread still reading ends when its file is done (the application is closing). */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = [...this.idle];
    this.idle.clear();
    await Promise.all(
      waiting.map(([worker, timer]) => {
        clearTimeout(timer);
        return worker.terminate();
      }),
    );
  }

  private take(): Worker {
    const [waiting] = this.idle;
    if (waiting) {
      const [worker, timer] = waiting;
      clearTimeout(timer);
      this.idle.delete(worker);
      worker.ref();
      return worker;
    }
    const worker = new Worker(this.options.script, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
      // Not the parent's flags (Jest's --experimental-vm-modules, a --max-old-space-size): the limit above decides.
      execArgv: [],
    });
    // A waiting thread that stops is no longer offered; an error outside a read (none is expected) must not reach the process.
    worker.on('exit', () => this.idle.delete(worker));
    worker.on('error', () => undefined);
    return worker;
  }

  private release(worker: Worker): void {
    if (this.closed) {
      void worker.terminate();
      return;
    }
    worker.unref();
    const timer = setTimeout(() => {
      this.idle.delete(worker);
      void worker.terminate();
    }, IDLE_SECONDS * 1000);
    timer.unref();
    this.idle.set(worker, timer);
  }

  /** One file through one thread: its table, its refusal, or why the thread must end. */
  private run(worker: Worker, request: ParseRequest): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const records: SourceTable['records'] = [];
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(outcome);
      };
      const fault = (why: string) => {
        this.logger.error({ event: 'import_parse_failed', reason: why.slice(0, 300) }, 'import worker failed');
        finish({ fatal: new Error('The import worker failed') });
      };
      const arm = (seconds: number, onExpiry: () => void) => {
        clearTimeout(timer);
        timer = setTimeout(onExpiry, seconds * 1000);
      };
      const onMessage = (reply: ParseReply) => {
        switch (reply.type) {
          case 'started':
            return arm(this.options.timeoutSeconds, () => {
              this.logger.warn({ event: 'import_parse_limit', limit: 'time', timeoutSeconds: this.options.timeoutSeconds }, 'import file refused: reading it took too long; its worker is terminated');
              finish({ fatal: fileTooComplex({ timeoutSeconds: this.options.timeoutSeconds }) });
            });
          case 'records':
            records.push(...reply.records);
            // The next chunk once other requests have had their turn.
            setImmediate(() => worker.postMessage({ type: 'more' } satisfies MoreRecords));
            return;
          case 'table':
            return finish({ table: { ...reply.table, records } });
          case 'refused': {
            const refused = ImportException.fromData(reply.error);
            return refused ? finish({ refused }) : fault(`unknown refusal code ${String(reply.error.code).slice(0, 60)}`);
          }
          case 'failed':
            return fault(`${reply.errorType}: ${reply.message}`);
        }
      };
      const onError = (error: Error & { code?: string }) => {
        if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return fault(`${error.constructor.name}: ${error.message}`);
        this.logger.warn({ event: 'import_parse_limit', limit: 'memory', maxHeapMb: this.options.maxHeapMb }, 'import file refused: reading it exhausted its worker heap; the worker ended');
        finish({ fatal: fileTooComplex({ maxHeapMb: this.options.maxHeapMb }) });
      };
      const onExit = (code: number) => fault(`exited (code ${code}) without an answer`);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      arm(STARTUP_SECONDS, () => fault(`did not start within ${STARTUP_SECONDS} s`));
      worker.postMessage(request, [request.bytes]);
    });
  }
}
