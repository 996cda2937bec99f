import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleChainVerdictWorker } from '../../test/chain-verdict-worker.js';
import type { AppConfig } from '../config/app-config.js';
import { AuditChainService } from './audit-chain.service.js';
import type { AuditRepository } from './audit.repository.js';
import { chainCopyLine, ChainSegment } from './chain-copy.js';
import { useChainVerdictWorkerScript } from './chain-verdict-pool.js';
import { ChainVerifier, deriveMacKey, eventHash, eventMac, GENESIS_HASH, type ChainEventRow } from './chain.js';

const SECRET = 'audit-chain-service-spec-secret-0123456789';
const KEY = deriveMacKey(SECRET);

function chain(n: number): ChainEventRow[] {
  const rows: ChainEventRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const base = { id: String(i), occurredAt: '2026-11-27T07:35:32.123456Z', actorId: null, actorRole: 'system', actorInstitutionId: null, action: 'a.b', entityType: 'recommendation', entityId: `e-${i}`, changes: `{"n": ${i}}`, requestId: null, ip: null, txId: String(i), prevHash: prev };
    const eventKey = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const hash = eventHash(base);
    rows.push({ ...base, hash, eventKey, mac: eventMac(KEY, { ...base, eventKey, changes: JSON.parse(base.changes) }) });
    prev = hash;
  }
  return rows;
}

/** The service over a stand-in reader that hands over the rows as COPY segments of 10 events. */
function service(rows: ChainEventRow[], threads: number): AuditChainService {
  const audit = {
    chainReader: () => 'copy',
    // Whichever reader is asked for (rows when there are no workers), the same events.
    async *chainSegments() {
      for (let i = 0; i < rows.length; i += 10) yield ChainSegment.ofCopy(new Uint8Array(Buffer.from(rows.slice(i, i + 10).map(chainCopyLine).join(''), 'utf8')));
    },
  } as unknown as AuditRepository;
  return new AuditChainService(audit, { JWT_SECRET: SECRET, AUDIT_SIGNING_KEY: undefined, AUDIT_VERIFY_THREADS: threads } as unknown as AppConfig);
}

const oneThread = (rows: ChainEventRow[]) => {
  const verifier = new ChainVerifier(KEY);
  verifier.add(rows);
  return verifier.result();
};

describe('AuditChainService.verify: the verdict of the one-thread walk, with or without workers', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'sidh-chain-service-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => useChainVerdictWorkerScript(null));

  const tampered = () => {
    const rows = chain(45);
    rows[23]!.changes = '{"n": 0}';
    return rows;
  };

  it.each([0, 1, 2])('%i worker(s): intact, then the edited event named', async (threads) => {
    useChainVerdictWorkerScript(bundleChainVerdictWorker());
    for (const rows of [chain(45), tampered()]) {
      const s = service(rows, threads);
      try {
        expect(await s.verify()).toEqual(oneThread(rows));
      } finally {
        await s.onModuleDestroy();
      }
    }
    expect(oneThread(tampered())).toMatchObject({ firstBrokenEventId: '24', reason: 'hash' });
  });

  it('a worker whose answer is not about the same events (another build, say) is not believed: the walk checks the segment itself', async () => {
    // Says every event is fine, but names other events than those of the segment.
    const script = path.join(dir, 'other-build.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, bytes }) => {
  const lines = bytes.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
  parentPort.postMessage({ id, verdicts: new Uint8Array(lines).fill(3), firstId: 'not-the-first', lastHash: 'not-the-last' });
});
`,
    );
    useChainVerdictWorkerScript(pathToFileURL(script));
    const rows = tampered();
    const s = service(rows, 1);
    try {
      expect(await s.verify()).toEqual(oneThread(rows));
    } finally {
      await s.onModuleDestroy();
    }
  });
});
