/**
 * PROTOTYPE (bench only) of a change proposed for the embedded engine: the same EmbeddedPostgres
 * (PGlite and its loopback socket server), started in a worker thread instead of the API's main
 * thread. PGlite executes every statement synchronously in WebAssembly on the thread that owns it;
 * on the main thread a 3 s INSERT or a 17 s COMMIT stops every request, even those that need no
 * database. In a worker, the API's event loop keeps running; the `pg` driver reaches the database
 * over the same loopback socket as before.
 */
import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { EmbeddedPostgres } from '../database/embedded-postgres.js';

const ROLE = 'sidh-pglite-thread';

interface ThreadData {
  role: typeof ROLE;
  dataDir: string;
}

const data = workerData as Partial<ThreadData> | null;
if (!isMainThread && parentPort && data?.role === ROLE) {
  const port = parentPort;
  const db = await EmbeddedPostgres.start(data.dataDir);
  port.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    void db.stop().then(() => port.postMessage({ stopped: true }));
  });
  port.postMessage({ url: db.url });
}

export class ThreadedPglite {
  private constructor(
    private readonly worker: Worker,
    readonly url: string,
  ) {}

  static async start(dataDir: string): Promise<ThreadedPglite> {
    const worker = new Worker(new URL(import.meta.url), { workerData: { role: ROLE, dataDir } satisfies ThreadData });
    const [message] = (await once(worker, 'message')) as [{ url: string }];
    return new ThreadedPglite(worker, message.url);
  }

  async stop(): Promise<void> {
    const stopped = once(this.worker, 'message');
    this.worker.postMessage('stop');
    await stopped;
    await this.worker.terminate();
  }
}
