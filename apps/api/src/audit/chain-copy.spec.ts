import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleChainVerdictWorker } from '../../test/chain-verdict-worker.js';
import type { AuditChainLink } from '@sidh/domain';
import { chainCopyLine, ChainCopyFormatError, ChainSegment, CopySegmenter, escapeCopyText, parseChainCopyLinks, parseChainCopyText, segmentText, unescapeCopyText } from './chain-copy.js';
import { ChainVerdictPool, useChainVerdictWorkerScript, type ChainVerdicts } from './chain-verdict-pool.js';
import { ChainVerifier, deriveMacKey, eventHash, eventMac, GENESIS_HASH, type ChainEventRow, type ChainState } from './chain.js';

const KEY = deriveMacKey('chain-copy-spec-secret-chain-copy-spec-secret');

/** Values a COPY reader could get wrong: every escape COPY writes, backslashes before them, `\N` as text, lone backslashes, other scripts. */
const HOSTILE = [
  'tab\there',
  'new\nline',
  'cr\rlf\r\n',
  'bs\b ff\f vt\v',
  'back\\slash',
  '\\',
  '\\\\',
  'ends with \\',
  '\\N',
  'N',
  '\\t not a tab',
  '\\x41 \\101 \\0',
  'تقرير المقرر الخاص بشأن التعذيب',
  'emoji 😀👩🏽‍⚖️',
  '\t\\\n',
  '"quoted" \' and \u0001 \u001f',
  '',
];

function chain(n: number, withHostile = true): ChainEventRow[] {
  const rows: ChainEventRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const h = HOSTILE[i % HOSTILE.length]!;
    const changes = withHostile && i % 2 ? { note: h, [`k${h}`]: { before: h, after: i }, arr: [h, null, true, 1.5] } : { status: { before: 'draft', after: 'in_progress' }, n: i };
    const base = {
      id: String(i),
      occurredAt: `2026-11-27T07:35:${String(i % 60).padStart(2, '0')}.123456Z`,
      actorId: i % 3 ? '7d1c2a58-0b8e-4c43-9a55-6c1f0d3b2e11' : null,
      actorRole: 'coordinator',
      actorInstitutionId: null,
      action: 'recommendation.update',
      entityType: 'recommendation',
      entityId: withHostile ? `e-${i} ${h}` : `e-${i}`,
      // jsonb's own text: ", " and ": " separators, so the MAC's canonical path is the jsonb one.
      changes: JSON.stringify(changes).replace(/","/g, '", "').replace(/":/g, '": '),
      requestId: i % 5 ? `req-${i}` : null,
      ip: withHostile && i % 7 === 0 ? h : '10.0.0.1',
      txId: String(1000 + i),
      prevHash: prev,
    };
    // The text above is JSON only if no hostile value contained `","` or `":`: parse it back to be sure.
    JSON.parse(base.changes);
    const eventKey = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const hash = eventHash(base);
    const mac = eventMac(KEY, { ...base, eventKey, changes: JSON.parse(base.changes) });
    rows.push({ ...base, hash, eventKey, mac });
    prev = hash;
  }
  return rows;
}

const copyText = (rows: readonly ChainEventRow[]) => rows.map(chainCopyLine).join('');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('COPY text format: unescaping exactly as PostgreSQL reads it', () => {
  it.each([
    ['plain', 'plain'],
    ['a\\tb', 'a\tb'],
    ['\\b\\f\\n\\r\\t\\v', '\b\f\n\r\t\v'],
    ['back\\\\slash', 'back\\slash'],
    ['\\\\N', '\\N'],
    ['x\\Ny', 'xNy'],
    ['\\a\\z\\"\\\'', 'az"\''],
    ['\\101', 'A'],
    ['\\1011', 'A1'],
    ['\\7', '\u0007'],
    ['\\x41', 'A'],
    ['\\x4', '\u0004'],
    ['\\x4g', '\u0004g'],
    ['\\xg', 'xg'],
    ['\\303\\251t\\xC3\\xA9', 'été'],
    ['ends with \\', 'ends with '],
    ['\\\t', '\t'],
    ['تقرير\\tالمقرر', 'تقرير\tالمقرر'],
    ['😀\\n👩🏽‍⚖️', '😀\n👩🏽‍⚖️'],
  ])('%j → %j', (field, value) => {
    expect(unescapeCopyText(field)).toBe(value);
  });

  it('refuses bytes that are not UTF-8, as PostgreSQL does', () => {
    expect(() => unescapeCopyText('\\377')).toThrow();
    expect(() => unescapeCopyText('\\xC3')).toThrow();
  });

  it('escapes as COPY TO writes, and reads every hostile value back', () => {
    expect(escapeCopyText(null)).toBe('\\N');
    expect(escapeCopyText('\\N')).toBe('\\\\N');
    expect(escapeCopyText('a\tb\nc\\')).toBe('a\\tb\\nc\\\\');
    for (const value of HOSTILE) expect(unescapeCopyText(escapeCopyText(value))).toBe(value);
  });
});

describe('parseChainCopyText', () => {
  it('gives back every field of every event, hostile values and nulls included', () => {
    const rows = chain(200);
    expect(parseChainCopyText(copyText(rows))).toEqual(rows);
  });

  it('links are the first fields of each event, as parsed in full', () => {
    const rows = chain(50);
    expect(parseChainCopyLinks(copyText(rows))).toEqual(rows.map(({ id, prevHash, hash, eventKey, mac }) => ({ id, prevHash, hash, eventKey, mac })));
  });

  it('reads a tab or a newline after a backslash as data, as COPY FROM does', () => {
    const [row] = chain(1, false);
    const line = chainCopyLine(row!).replace('\tcoordinator\t', '\tcoor\\\tdi\\\nnator\t');
    expect(parseChainCopyText(line)[0]!.actorRole).toBe('coor\tdi\nnator');
  });

  it('refuses lines with too few or too many fields, and an unfinished line', () => {
    const [row] = chain(1, false);
    const line = chainCopyLine(row!);
    expect(() => parseChainCopyText(line.replace('\t', ' '))).toThrow(ChainCopyFormatError);
    expect(() => parseChainCopyText(line.replace('\n', '\textra\n'))).toThrow(ChainCopyFormatError);
    expect(() => parseChainCopyText(line.replace('\n', '\\\\\textra\n'))).toThrow(ChainCopyFormatError);
    expect(() => parseChainCopyText(line.slice(0, -1))).toThrow(ChainCopyFormatError);
  });

  it('CopySegmenter cuts whole lines only, whatever the chunks (multi-byte characters split across them)', () => {
    const rows = chain(150);
    const bytes = Buffer.from(copyText(rows), 'utf8');
    for (const [chunk, segment] of [
      [1, 64],
      [7, 300],
      [4096, 1000],
      [bytes.length, 1 << 20],
    ] as const) {
      const segmenter = new CopySegmenter(segment);
      const out: ChainEventRow[] = [];
      for (let i = 0; i < bytes.length; i += chunk) {
        const piece = segmenter.push(Buffer.from(bytes.subarray(i, i + chunk)));
        if (piece) parseChainCopyText(segmentText(piece), out);
      }
      const rest = segmenter.end();
      if (rest) parseChainCopyText(segmentText(rest), out);
      expect(out).toEqual(rows);
    }
    const segmenter = new CopySegmenter(1 << 20);
    segmenter.push(Buffer.from('1\t2'));
    expect(() => segmenter.end()).toThrow(ChainCopyFormatError);
  });
});

describe('ChainVerdictPool: the same verdict as the walk on one thread, on every tamper case', () => {
  let pool: ChainVerdictPool;
  beforeAll(() => {
    useChainVerdictWorkerScript(bundleChainVerdictWorker());
    pool = ChainVerdictPool.start(KEY, 2)!;
  });
  afterAll(async () => {
    await pool?.close();
    useChainVerdictWorkerScript(null);
  });

  const recompute = (rows: ChainEventRow[], from: number) => {
    for (let i = from; i < rows.length; i += 1) {
      rows[i]!.prevHash = i ? rows[i - 1]!.hash : GENESIS_HASH;
      rows[i]!.hash = eventHash(rows[i]!);
    }
  };
  type Tamper = (rows: ChainEventRow[]) => void;
  const cases: [string, Tamper, string | null, string | null][] = [
    ['intact', () => undefined, null, null],
    ['an edited event', (r) => (r[39]!.changes = r[39]!.changes.replace('draft', 'drafT')), '40', 'hash'],
    ['an edited hostile value', (r) => (r[41]!.entityId = r[41]!.entityId!.replace('e-', 'f-')), '42', 'hash'],
    ['an edited event, hashes recomputed', (r) => ((r[39]!.changes = r[39]!.changes.replace('draft', 'drafT')), recompute(r, 39)), '40', 'mac'],
    ['a hostile value edited, hashes recomputed', (r) => ((r[43]!.entityId = `${r[43]!.entityId}\\`), recompute(r, 43)), '44', 'mac'],
    ['changes that are not JSON, hashes recomputed', (r) => ((r[10]!.changes = '{"status": '), recompute(r, 10)), '11', 'hash'],
    ['a missing event', (r) => r.splice(30, 1), '32', 'gap'],
    ['a broken link', (r) => (r[30]!.prevHash = 'f'.repeat(64)), '31', 'link'],
    ['a MAC removed, hashes recomputed', (r) => ((r[50]!.mac = null), recompute(r, 50)), '51', 'mac_missing'],
    ['a made-up MAC', (r) => (r[52]!.mac = 'a'.repeat(64)), '53', 'mac'],
    ['a MAC with a backslash and a tab', (r) => (r[52]!.mac = 'a\\\t'), '53', 'mac'],
    ['a key reused', (r) => ((r[60]!.eventKey = r[20]!.eventKey), recompute(r, 60)), '61', 'duplicate_key'],
    ['a genuine event copied to the head', (r) => (r.push({ ...r[5]!, id: String(r.length + 1), prevHash: r[r.length - 1]!.hash }), recompute(r, r.length - 1)), '121', 'duplicate_key'],
    ['two breaks: the first one is named', (r) => ((r[90]!.mac = 'b'.repeat(64)), (r[70]!.changes = '{}')), '71', 'hash'],
    ['legacy events first, then MACs', (r) => (r.slice(0, 5).forEach((row) => ((row.mac = null), (row.eventKey = null))), recompute(r, 0)), null, null],
  ];

  it('has started (the bundled worker)', () => {
    expect(pool).toBeInstanceOf(ChainVerdictPool);
    expect(pool.size).toBe(2);
  });

  it.each(cases)('%s', async (_what, tamper, firstBroken, reason) => {
    const rows = chain(120);
    tamper(rows);
    const inline = new ChainVerifier(KEY);
    for (let i = 0; i < rows.length; i += 17) inline.add(rows.slice(i, i + 17));
    const expected: ChainState = inline.result();
    expect(expected).toMatchObject({ firstBrokenEventId: firstBroken, reason, eventsChecked: rows.length });
    // Through the pool, as AuditChainService: segments of COPY text, their links read here for the walk, every field in a worker for the verdicts.
    const apart = new ChainVerifier(KEY);
    const whole = new ChainVerifier(KEY);
    const segments: { links: readonly AuditChainLink[]; rows: ChainEventRow[]; verdicts: Promise<ChainVerdicts | null> }[] = [];
    for (let i = 0; i < rows.length; i += 13) {
      const segment = ChainSegment.ofCopy(bytesOf(copyText(rows.slice(i, i + 13))));
      segments.push({ links: segment.links, rows: segment.rows(), verdicts: pool.verdicts(segment.bytes!) });
    }
    for (const s of segments) {
      const answer = await s.verdicts;
      expect(answer!.verdicts).toBeInstanceOf(Uint8Array);
      expect([answer!.firstId, answer!.lastHash]).toEqual([s.links[0]!.id, s.links[s.links.length - 1]!.hash]);
      apart.add(s.links, answer!.verdicts);
      whole.add(s.rows, answer!.verdicts);
    }
    expect(apart.result()).toEqual(expected);
    expect(whole.result()).toEqual(expected);
  });
});

describe('ChainVerdictPool: absent or failing, the caller checks inline', () => {
  afterEach(() => useChainVerdictWorkerScript(null));

  it('no pool without a worker script (TypeScript sources), or with no threads', () => {
    expect(ChainVerdictPool.start(KEY, 2)).toBeNull();
    useChainVerdictWorkerScript(bundleChainVerdictWorker());
    expect(ChainVerdictPool.start(KEY, 0)).toBeNull();
  });

  it('a worker that fails answers null (never a verdict), and so does every later segment', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sidh-chain-pool-'));
    try {
      const script = path.join(dir, 'broken.mjs');
      writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('broken'); });\n");
      useChainVerdictWorkerScript(pathToFileURL(script));
      const pool = ChainVerdictPool.start(KEY, 1)!;
      expect(await pool.verdicts(bytesOf(copyText(chain(3))))).toBeNull();
      expect(await pool.verdicts(bytesOf(copyText(chain(3))))).toBeNull();
      await pool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
