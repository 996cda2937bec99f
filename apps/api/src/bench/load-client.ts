/**
 * The HTTP clients of the load benchmark (load.bench.ts), in a process of their own: the API's
 * event loop can be blocked (CPU-bound parsing or XLSX writing, or PGlite running a statement in
 * WebAssembly on the same thread), and a client sharing that loop would only start its request
 * once the block ends, hiding the very wait it is meant to measure. Here the "interactive user"
 * sends its next GET /auth/me on time whatever the server is doing, and the server's RSS holds the
 * server only (not the uploads being sent or the exports being received).
 *
 * Driven over IPC by load.bench.ts: `init` (sign in), then one `run` per phase, then `exit`.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The heavy work of a phase; the interactive user polls GET /auth/me throughout. */
export type WorkKind = 'idle' | 'dry-runs' | 'commit' | 'exports';

export interface ClientInit {
  /** `http://127.0.0.1:<port>` */
  base: string;
  file: string;
  fileName: string;
  password: string;
  /** Who imports (dry runs and the commit). */
  importer: string;
  /** Who export, round-robin. */
  exporters: string[];
  /** The interactive user whose GET /auth/me is timed. */
  interactive: string;
  dryRuns: number;
  exports: number;
  idleSeconds: number;
  /** Pause between two GET /auth/me of the interactive user (it waits for each answer). */
  pauseMs: number;
  /** How often the importer polls its running commit (the SPA's PROGRESS_POLL_MS). */
  pollMs: number;
}

/** One HTTP exchange: status (0 = network error), time to the end of the body, body size, error code. */
export interface Call {
  status: number;
  ms: number;
  bytes: number;
  /** Seconds since the phase started, when the request was sent. */
  at: number;
  code?: string;
}

export interface CommitOutcome {
  accepted: Call;
  /** From the upload to the job's end, as the importer's polling saw it. */
  finishedMs: number;
  status: string;
  counts: unknown;
  jobId: string | null;
}

export interface WorkResult {
  kind: WorkKind;
  elapsedMs: number;
  me: Call[];
  work: Call[];
  polls: Call[];
  commit?: CommitOutcome;
}

export type ToClient = { type: 'init'; init: ClientInit } | { type: 'run'; kind: WorkKind } | { type: 'exit' };
export type FromClient = { type: 'ready' } | { type: 'result'; result: WorkResult } | { type: 'error'; message: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Reply {
  status: number;
  bytes: number;
  ms: number;
  text: string;
}

/** One request; the body is drained (kept as text when `keep`, or when it is an error). Network errors are status 0. */
function request(agent: http.Agent, base: string, method: string, path: string, options: { token?: string; body?: Buffer; headers?: Record<string, string>; keep?: boolean } = {}): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'x-requested-with': 'sidh', ...(options.headers ?? {}) };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body) headers['content-length'] = options.body.length;
    const req = http.request(`${base}${path}`, { method, agent, headers, timeout: 600_000 }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      // Error bodies are kept for their code; a file being downloaded is only counted.
      const keep = options.keep || (res.statusCode ?? 0) >= 400;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keep) chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, text: keep ? Buffer.concat(chunks).toString('utf8') : '' }));
      res.on('error', () => resolve({ status: 0, bytes, ms: performance.now() - started, text: '' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, bytes: 0, ms: performance.now() - started, text: '' }));
    req.end(options.body);
  });
}

const codeOf = (reply: Reply): string | undefined => {
  if (reply.status < 400 || !reply.text) return undefined;
  try {
    return (JSON.parse(reply.text) as { code?: string }).code;
  } catch {
    return undefined;
  }
};

/** multipart/form-data as the SPA's FormData sends it: file, mapping (JSON text), dryRun. */
function multipart(file: Buffer, fileName: string, fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----sidh-bench-${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    file,
    Buffer.from('\r\n'),
  ];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

class LoadClient {
  /** The interactive user's own connection (kept alive), apart from the heavy requests. */
  private readonly meAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly heavyAgent = new http.Agent({ keepAlive: true });
  private readonly tokens = new Map<string, string>();
  private readonly file: Buffer;

  constructor(private readonly init: ClientInit) {
    this.file = readFileSync(init.file);
  }

  async signIn(): Promise<void> {
    for (const email of new Set([this.init.importer, this.init.interactive, ...this.init.exporters])) {
      const reply = await request(this.heavyAgent, this.init.base, 'POST', '/api/v1/auth/login', {
        body: Buffer.from(JSON.stringify({ email, password: this.init.password })),
        headers: { 'content-type': 'application/json' },
        keep: true,
      });
      if (reply.status !== 200) throw new Error(`login ${email}: ${reply.status}`);
      this.tokens.set(email, (JSON.parse(reply.text) as { accessToken: string }).accessToken);
    }
  }

  private token(email: string): string {
    const token = this.tokens.get(email);
    if (!token) throw new Error(`not signed in: ${email}`);
    return token;
  }

  async run(kind: WorkKind): Promise<WorkResult> {
    const started = performance.now();
    const at = () => (performance.now() - started) / 1000;
    const stop = { done: false };
    const me: Call[] = [];
    const prober = (async () => {
      while (!stop.done) {
        const sent = at();
        const reply = await request(this.meAgent, this.init.base, 'GET', '/api/v1/auth/me', { token: this.token(this.init.interactive) });
        me.push({ status: reply.status, ms: reply.ms, bytes: reply.bytes, at: sent });
        if (!stop.done) await sleep(this.init.pauseMs);
      }
    })();
    // Let the interactive user's first requests go out before the heavy work starts.
    await sleep(200);
    const work: Call[] = [];
    const polls: Call[] = [];
    let commit: CommitOutcome | undefined;
    const timed = async (send: () => Promise<Reply>): Promise<Call> => {
      const sent = at();
      const reply = await send();
      const call: Call = { status: reply.status, ms: reply.ms, bytes: reply.bytes, at: sent, ...(codeOf(reply) ? { code: codeOf(reply) } : {}) };
      work.push(call);
      return call;
    };
    const upload = (dryRun: boolean) => {
      const { body, contentType } = multipart(this.file, this.init.fileName, { mapping: JSON.stringify({ preset: 'upr-info' }), dryRun: String(dryRun) });
      return request(this.heavyAgent, this.init.base, 'POST', '/api/v1/imports', { token: this.token(this.init.importer), body, headers: { 'content-type': contentType }, keep: true });
    };
    switch (kind) {
      case 'idle':
        await sleep(this.init.idleSeconds * 1000);
        break;
      case 'dry-runs':
        await Promise.all(Array.from({ length: this.init.dryRuns }, () => timed(() => upload(true))));
        break;
      case 'exports':
        await Promise.all(
          Array.from({ length: this.init.exports }, (_, i) =>
            timed(() => request(this.heavyAgent, this.init.base, 'GET', '/api/v1/recommendations/export?format=xlsx', { token: this.token(this.init.exporters[i % this.init.exporters.length]!), keep: false })),
          ),
        );
        break;
      case 'commit': {
        const reply = await upload(false);
        const accepted: Call = { status: reply.status, ms: reply.ms, bytes: reply.bytes, at: 0, ...(codeOf(reply) ? { code: codeOf(reply) } : {}) };
        work.push(accepted);
        const jobId = reply.status === 202 ? (JSON.parse(reply.text) as { id: string }).id : null;
        let status = jobId ? 'running' : `http ${reply.status}`;
        let counts: unknown = null;
        // The SPA's progress polling, until the job ends.
        while (jobId && status === 'running') {
          await sleep(this.init.pollMs);
          const sent = at();
          const poll = await request(this.heavyAgent, this.init.base, 'GET', `/api/v1/imports/${jobId}`, { token: this.token(this.init.importer), keep: true });
          polls.push({ status: poll.status, ms: poll.ms, bytes: poll.bytes, at: sent });
          if (poll.status === 200) ({ status, counts } = JSON.parse(poll.text) as { status: string; counts: unknown });
        }
        commit = { accepted, finishedMs: performance.now() - started, status, counts, jobId };
        break;
      }
    }
    stop.done = true;
    await prober;
    return { kind, elapsedMs: performance.now() - started, me, work, polls, ...(commit ? { commit } : {}) };
  }

  close(): void {
    this.meAgent.destroy();
    this.heavyAgent.destroy();
  }
}

let client: LoadClient | null = null;
const send = (message: FromClient) => process.send?.(message);

process.on('message', (message: ToClient) => {
  void (async () => {
    try {
      if (message.type === 'init') {
        client = new LoadClient(message.init);
        await client.signIn();
        send({ type: 'ready' });
      } else if (message.type === 'run') {
        if (!client) throw new Error('run before init');
        send({ type: 'result', result: await client.run(message.kind) });
      } else {
        client?.close();
        process.disconnect?.();
      }
    } catch (error) {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
