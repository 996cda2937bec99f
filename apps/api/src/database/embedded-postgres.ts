import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What `embedded-postgres.worker` is started with: the data directory (absolute), or null for memory. */
export interface EmbeddedWorkerData {
  role: 'sidh-embedded-postgres';
  dataDir: string | null;
}

export type ToEmbeddedWorker = { type: 'stop' };

/** The worker's answers: `ready` or `failed` once, then `stopped` or `stop-failed` after a stop. */
export type FromEmbeddedWorker =
  | { type: 'ready'; address: string }
  | { type: 'failed'; errorType: string; message: string }
  | { type: 'stopped' }
  | { type: 'stop-failed'; errorType: string; message: string };

/** The embedded database could not start or stop; the message says why and what to do. */
export class EmbeddedPostgresError extends Error {}

/** The compiled worker, beside this module in dist/apps/api. */
const COMPILED_WORKER = new URL('./embedded-postgres.worker.js', import.meta.url);
let scriptOverride: URL | null = null;

/**
 * For test runners that execute the TypeScript sources (Jest): a worker thread gets no Jest
 * transform, so `apps/api/test/harness.ts` bundles `embedded-postgres.worker.ts` (esbuild) and points
 * EmbeddedPostgres at the bundle with this, before any database starts. Nothing else calls it.
 */
export function useEmbeddedPostgresWorkerScript(script: URL): void {
  scriptOverride = script;
}

/** The worker's script: the override, else the compiled one; null when neither exists (TypeScript sources run by tsx). */
function workerScript(): URL | null {
  if (scriptOverride) return scriptOverride;
  return existsSync(fileURLToPath(COMPILED_WORKER)) ? COMPILED_WORKER : null;
}

/** Marks a data directory as open by this process (PGlite has no lock of its own: two openers corrupt it). */
const LOCK_FILE = 'sidh-embedded.lock';
/** The lock files this process holds (a container restarts with the same pid: a lock naming it is ours only if listed). */
const held = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory's lock, or refuses when a running process holds it; a lock left by an ended process is taken over. */
function lock(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      held.add(file);
      return () => {
        held.delete(file);
        rmSync(file, { force: true });
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new EmbeddedPostgresError(`The embedded database in ${dataDir} could not be locked (${code ?? 'error'} on ${LOCK_FILE})`);
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      // Removed meanwhile: try again.
    }
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder) && (holder !== process.pid || held.has(file))) {
      throw new EmbeddedPostgresError(
        `The embedded database in ${dataDir} is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}: stop it first, or delete ${LOCK_FILE} there if that process is not SIDH`,
      );
    }
    rmSync(file, { force: true });
  }
  throw new EmbeddedPostgresError(`The embedded database in ${dataDir} could not be locked (${LOCK_FILE})`);
}

/** Where PGlite runs and how to stop it. */
interface Host {
  address: string;
  stop(): Promise<void>;
}

/**
 * Embedded PostgreSQL (PGlite, real PostgreSQL in WebAssembly) served on a loopback socket so
 * the ordinary `pg` driver and TypeORM use it exactly like a server. PGlite is one session:
 * the socket server takes one connection and the pool (size 1) queues requests, which keeps
 * transactions isolated.
 *
 * PGlite and its socket server run in a worker thread (`embedded-postgres.worker.ts`): PGlite runs
 * each statement synchronously on the thread that owns it, and on the API's thread a 17 s COMMIT
 * stopped every request, even those that need no database. The API's thread only does the socket's
 * I/O. (TypeScript sources run by tsx have no worker script: there PGlite runs on the calling
 * thread.) A data directory is locked while open (`sidh-embedded.lock`); one that is in use, or
 * that PGlite cannot open (damaged, not a data directory), fails `start` with an
 * EmbeddedPostgresError. If the thread ends unexpectedly the process exits: it cannot serve
 * without its database.
 */
export class EmbeddedPostgres {
  /** The loopback URLs of the databases this process runs (`serves`). */
  private static readonly running = new Set<string>();
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly host: Host,
    private readonly unlock: () => void,
    readonly url: string,
  ) {
    EmbeddedPostgres.running.add(url);
  }

  /** Whether `url` is the socket of an embedded database this process runs: then this process is its only client. */
  static serves(url: string | undefined): boolean {
    return url !== undefined && EmbeddedPostgres.running.has(url);
  }

  /** `dataDir` undefined → in memory (tests). */
  static async start(dataDir?: string): Promise<EmbeddedPostgres> {
    const dir = dataDir ? path.resolve(dataDir) : null;
    if (dir) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (error) {
        throw new EmbeddedPostgresError(`The embedded database's directory ${dir} could not be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    const unlock = dir ? lock(dir) : () => undefined;
    const crashed = (reason: string) => {
      process.stderr.write(JSON.stringify({ level: 'fatal', msg: 'the embedded database stopped unexpectedly', reason }) + '\n');
      process.exit(1);
    };
    try {
      const script = workerScript();
      const host = script ? await startThread(script, dir, crashed) : await startHere(dir);
      return new EmbeddedPostgres(host, unlock, `postgres://postgres@${host.address}/postgres`);
    } catch (error) {
      unlock();
      if (error instanceof EmbeddedPostgresError) throw error;
      const detail = error instanceof Error ? `${error.name}: ${error.message.slice(0, 160)}` : 'unknown error';
      throw new EmbeddedPostgresError(
        dir
          ? `The embedded database in ${dir} could not be opened: damaged, or not a PGlite data directory (move it away to start afresh, or restore a copy). ${detail}`
          : `The embedded database could not start (${detail})`,
      );
    }
  }

  /** Closes the socket server and PGlite (everything written to the data directory), ends the thread, unlocks the directory. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      EmbeddedPostgres.running.delete(this.url);
      try {
        await this.host.stop();
      } finally {
        this.unlock();
      }
    })();
    return this.stopping;
  }
}

/** PGlite in its worker thread; `crashed` when the thread ends other than by `stop`. */
async function startThread(script: URL, dataDir: string | null, crashed: (reason: string) => void): Promise<Host> {
  const worker = new Worker(script, { workerData: { role: 'sidh-embedded-postgres', dataDir } satisfies EmbeddedWorkerData });
  const reply = await nextReply(worker);
  if (reply.type !== 'ready') {
    await worker.terminate();
    // The thread's error, as if thrown here (its type as the name).
    const failure = new Error(reply.type === 'failed' || reply.type === 'stop-failed' ? reply.message : reply.type);
    failure.name = reply.type === 'failed' || reply.type === 'stop-failed' ? reply.errorType : 'Error';
    throw failure;
  }
  let stopping = false;
  worker.on('error', (error) => {
    if (!stopping) crashed(error instanceof Error ? `${error.constructor.name}: ${error.message.slice(0, 160)}` : 'unknown');
  });
  worker.on('exit', (code) => {
    if (!stopping) crashed(`its thread exited (${code})`);
  });
  return {
    address: reply.address,
    async stop() {
      stopping = true;
      try {
        const answer = nextReply(worker);
        worker.postMessage({ type: 'stop' } satisfies ToEmbeddedWorker);
        const reply = await answer;
        if (reply.type !== 'stopped') {
          const detail = reply.type === 'failed' || reply.type === 'stop-failed' ? `${reply.errorType}: ${reply.message}` : reply.type;
          throw new EmbeddedPostgresError(`The embedded database did not close cleanly (${detail})`);
        }
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** PGlite on this thread (no worker script: TypeScript sources run by tsx). */
async function startHere(dataDir: string | null): Promise<Host> {
  const { serveEmbedded } = await import('./embedded-postgres.worker.js');
  return serveEmbedded(dataDir);
}

/** The worker's next message; an error or exit before it is a `failed` reply. */
function nextReply(worker: Worker): Promise<FromEmbeddedWorker> {
  return new Promise((resolve) => {
    const settle = (reply: FromEmbeddedWorker) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(reply);
    };
    const onMessage = (message: FromEmbeddedWorker) => settle(message);
    const onError = (error: unknown) =>
      settle({ type: 'failed', errorType: error instanceof Error ? error.constructor.name : typeof error, message: error instanceof Error ? error.message.slice(0, 160) : '' });
    const onExit = (code: number) => settle({ type: 'failed', errorType: 'exit', message: `the thread exited (${code}) before answering` });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
