/**
 * The embedded database's thread, started by `EmbeddedPostgres`: PGlite and its loopback socket
 * server. PGlite executes each statement synchronously, in WebAssembly, on the thread that owns it;
 * here that is this thread, so the API's event loop only reads and writes the socket while a long
 * statement runs. No heap limit is set on this thread (PGlite's memory is WebAssembly memory, and a
 * limit meant for something else must not end the database).
 *
 * `serveEmbedded` is also what EmbeddedPostgres runs on its own thread when there is no worker
 * script to start (TypeScript sources run by tsx, e.g. apps/api/tools/schema-sql.ts).
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { EmbeddedWorkerData, FromEmbeddedWorker, ToEmbeddedWorker } from './embedded-postgres.js';

export interface EmbeddedServer {
  /** host:port of the loopback socket. */
  address: string;
  /** Closes the socket server (its connection) and PGlite (which writes everything to the data directory). */
  stop(): Promise<void>;
}

/**
 * PostgreSQL's shared buffers: 32 MB, not initdb's 128 MB. PGlite sets them up at every open, in
 * WebAssembly on this thread, and that was most of the open: 1.04–1.13 s with 128 MB, 0.68–0.69 s with
 * 32 MB, 0.56–0.63 s with 16 MB on this machine (`npm start` waits for it; ADR 17). The embedded mode
 * holds a national catalogue (tens of MB in all), read from these buffers and the system's file cache.
 */
export const EMBEDDED_SHARED_BUFFERS = '32MB';

/** PGlite on `dataDir` (null: in memory), served on a loopback socket to one connection. */
export async function serveEmbedded(dataDir: string | null): Promise<EmbeddedServer> {
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`];
  const db = await PGlite.create(dataDir ? { dataDir, startParams } : { startParams });
  try {
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 1 });
    await server.start();
    return {
      address: server.getServerConn(),
      async stop() {
        await server.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

const describe = (error: unknown) => ({
  errorType: error instanceof Error ? error.constructor.name : typeof error,
  message: (error instanceof Error ? error.message : String(error)).slice(0, 160),
});

/** As a worker thread: serves, answers `ready` or `failed`, then `stopped` (or `stop-failed`) on `stop`. */
async function runThread(port: MessagePort, dataDir: string | null): Promise<void> {
  const send = (message: FromEmbeddedWorker) => port.postMessage(message);
  let served: EmbeddedServer | undefined;
  port.on('message', (message: ToEmbeddedWorker) => {
    if (message.type !== 'stop') return;
    void (async () => {
      try {
        await served?.stop();
        send({ type: 'stopped' });
      } catch (error) {
        send({ type: 'stop-failed', ...describe(error) });
      }
      port.close();
    })();
  });
  try {
    served = await serveEmbedded(dataDir);
    send({ type: 'ready', address: served.address });
  } catch (error) {
    send({ type: 'failed', ...describe(error) });
    port.close();
  }
}

const data = workerData as Partial<EmbeddedWorkerData> | null;
if (!isMainThread && parentPort && data?.role === 'sidh-embedded-postgres') void runThread(parentPort, data.dataDir ?? null);
