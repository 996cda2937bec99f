import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What a verdict worker is started with: the MAC key (a copy; the thread is this process's own). */
export interface ChainVerdictWorkerData {
  role: 'sidh-chain-verdict';
  macKey: Uint8Array;
}
/** A segment of whole COPY lines (its ArrayBuffer transferred). */
export interface ChainVerdictRequest {
  id: number;
  bytes: Uint8Array;
}
/**
 * One verdict byte per line of the segment, with the first event's id and the last one's hash as the
 * worker read them (the caller checks they are what it read: the two threads parsed the same bytes
 * the same way); or the name of the error that stopped the worker on it.
 */
export type ChainVerdictReply = { id: number; verdicts: Uint8Array; firstId: string | null; lastHash: string | null } | { id: number; error: string };
export type ChainVerdicts = Extract<ChainVerdictReply, { verdicts: Uint8Array }>;

const COMPILED_WORKER = new URL('./chain-verdict.worker.js', import.meta.url);
let scriptOverride: URL | null = null;

/** For test runners of the TypeScript sources (Jest): the worker bundled (esbuild), as apps/api/test/harness.ts does for its workers. */
export function useChainVerdictWorkerScript(script: URL | null): void {
  scriptOverride = script;
}

function workerScript(): URL | null {
  if (scriptOverride) return scriptOverride;
  return existsSync(fileURLToPath(COMPILED_WORKER)) ? COMPILED_WORKER : null;
}

/**
 * The pool's size: `configured` when given (0: no pool), else one per core (at least one): the
 * walking thread mostly waits for verdicts (it reads only each event's links), so it needs no core of its own.
 */
export function chainVerdictThreads(configured?: number): number {
  if (configured !== undefined) return Math.max(0, Math.floor(configured));
  return Math.max(1, availableParallelism());
}

interface Job {
  resolve: (verdicts: ChainVerdicts | null) => void;
  worker: Worker;
}

/**
 * Worker threads that compute the order-free part of each event's check (`auditContentVerdict`)
 * over segments of the chain's COPY text, while the API's thread reads and walks the chain in
 * order (`AuditChainWalker.add(rows, verdicts)`). Never fails a verification: a segment whose
 * worker errs or ends answers null, and the caller computes it inline (as without a pool).
 */
export class ChainVerdictPool {
  private readonly workers: Worker[] = [];
  private readonly load = new Map<Worker, number>();
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private broken = false;

  private constructor(macKey: Buffer, threads: number, script: URL) {
    for (let k = 0; k < threads; k += 1) {
      const worker = new Worker(script, { workerData: { role: 'sidh-chain-verdict', macKey: new Uint8Array(macKey) } satisfies ChainVerdictWorkerData });
      worker.unref();
      worker.on('message', (reply: ChainVerdictReply) => this.answer(worker, reply));
      worker.on('error', () => this.fail());
      worker.on('exit', () => this.fail());
      this.workers.push(worker);
      this.load.set(worker, 0);
    }
  }

  /** A pool of `threads` workers, or null when there is none to start (0 threads, or no worker script: TypeScript sources). */
  static start(macKey: Buffer, threads: number): ChainVerdictPool | null {
    const script = workerScript();
    if (threads < 1 || !script) return null;
    try {
      return new ChainVerdictPool(macKey, threads, script);
    } catch {
      return null;
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The verdicts of a segment of whole COPY lines (its buffer is transferred: unusable here afterwards), or null: compute them inline. */
  verdicts(bytes: Uint8Array): Promise<ChainVerdicts | null> {
    if (this.broken) return Promise.resolve(null);
    let worker = this.workers[0]!;
    for (const w of this.workers) if (this.load.get(w)! < this.load.get(worker)!) worker = w;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.jobs.set(id, { resolve, worker });
      this.load.set(worker, this.load.get(worker)! + 1);
      // Kept alive while it has work: an idle pool never holds the process open.
      worker.ref();
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const own = whole ? bytes : bytes.slice();
      worker.postMessage({ id, bytes: own } satisfies ChainVerdictRequest, [own.buffer as ArrayBuffer]);
    });
  }

  /** Ends the threads (the application's shutdown). */
  async close(): Promise<void> {
    this.broken = true;
    this.settleAll();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private answer(worker: Worker, reply: ChainVerdictReply): void {
    const job = this.jobs.get(reply.id);
    if (!job) return;
    this.jobs.delete(reply.id);
    const load = this.load.get(worker)! - 1;
    this.load.set(worker, load);
    if (load === 0) worker.unref();
    job.resolve('verdicts' in reply ? reply : null);
  }

  private fail(): void {
    this.broken = true;
    this.settleAll();
  }

  private settleAll(): void {
    for (const [id, job] of this.jobs) {
      this.jobs.delete(id);
      job.worker.unref();
      job.resolve(null);
    }
  }
}
