import { createHash, createHmac } from 'node:crypto';
import {
  AUDIT_HASH_OK,
  AUDIT_MAC_OK,
  AUDIT_UNREADABLE,
  auditContentVerdict,
  auditEventPayload,
  auditMacBytes,
  auditMacText,
  AuditChainWalker,
  canonicalJson,
  canonicalJsonText,
  GENESIS_HASH,
  type AuditChainRow,
  type AuditChainWalkerOptions,
} from './audit-chain.js';

/** PostgreSQL's jsonb text of a JSON value: keys by length then bytes, `", "` and `": "`. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** A small deterministic generator (no flaky randomness). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const WORDS = ['status', 'textFr', 'a', 'ab', 'b', 'B', 'é', 'a b', 'a!', 'zz', 'Z', '日本', '😀', 'ünï', 'a"b', 'new\nline', 'tab\there', '\u001f', 'x\\y', ''];

function randomValue(next: () => number, depth = 0): unknown {
  const r = next();
  if (depth > 3 || r < 0.35) {
    const k = Math.floor(next() * 9);
    if (k === 0) return null;
    if (k === 1) return next() < 0.5;
    if (k === 2) return Math.floor(next() * 2e6) - 1e6;
    if (k === 3) return Math.round(next() * 1e6) / 100;
    if (k === 4) return 1e21 * next();
    return WORDS[Math.floor(next() * WORDS.length)]! + (next() < 0.5 ? ` (${Math.floor(next() * 100)})` : '');
  }
  if (r < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i -= 1) out[WORDS[Math.floor(next() * WORDS.length)]!] = randomValue(next, depth + 1);
  return out;
}

describe('canonicalJsonText: the same bytes as canonicalJson(JSON.parse(text)), or null', () => {
  const reference = (text: string): string | null => {
    try {
      return canonicalJson(JSON.parse(text));
    } catch {
      return null;
    }
  };

  it('agrees with the reference on 5,000 generated values written as jsonb, JSON.stringify and indented JSON', () => {
    const next = rng(7);
    let fast = 0;
    for (let i = 0; i < 5000; i += 1) {
      const value = randomValue(next);
      for (const text of [jsonbText(value), JSON.stringify(value), JSON.stringify(value, null, 2)]) {
        const got = canonicalJsonText(text);
        if (got !== null) {
          fast += 1;
          expect(got).toBe(reference(text));
        }
      }
    }
    // Most real texts take the fast path (the others fall back, which is always correct).
    expect(fast).toBeGreaterThan(7000);
  });

  it('takes the fast path for the changes the application writes', () => {
    const text = '{"status": {"after": "in_progress", "before": "not_started"}, "textFr": {"after": "Adopter une loi complète (1).", "before": "Loi \\"A\\"\\n"}}';
    expect(canonicalJsonText(text)).toBe(canonicalJson(JSON.parse(text)));
    expect(canonicalJsonText('{"ab": 1, "b": [true, false, null, -12, 0], "a ": {}, "a": []}')).toBe('{"a":[],"a ":{},"ab":1,"b":[true,false,null,-12,0]}');
  });

  it.each([
    ['a repeated key (JSON.parse keeps the last)', '{"a": 1, "a": 2}'],
    ['an escaped key', '{"\\u0041": 1}'],
    ['an escape JSON.stringify does not write', '"\\/"'],
    ['a \\u escape of a printable character', '"\\u0041"'],
    ['a \\u escape with a short form', '"\\u000a"'],
    ['uppercase hex', '"\\u001F"'],
    ['a lone surrogate', '"\\ud800"'],
    ['a raw lone surrogate', '"\ud800"'],
    ['a decimal', '1.0'],
    ['an exponent', '1e2'],
    ['a 16-digit integer', '1234567890123456'],
    ['a leading zero', '01'],
    ['a bare minus', '-'],
    ['a trailing comma', '[1,]'],
    ['an object trailing comma', '{"a": 1,}'],
    ['trailing text', '{"a": 1}x'],
    ['two values', '1 2'],
    ['a raw control character', '"a\tb"'],
    ['a truncated literal', 'tru'],
    ['a truncated string', '"abc'],
    ['nothing', ''],
    ['blanks only', '  '],
    ['a missing colon', '{"a" 1}'],
    ['a non-JSON blank', '\u00a0{}'],
  ])('%s: null or the reference', (_what, text) => {
    const got = canonicalJsonText(text);
    if (got !== null) expect(got).toBe(reference(text));
    else expect(got).toBeNull();
  });

  it('refuses what is not JSON and what it cannot rewrite exactly', () => {
    for (const text of ['{"a": 1, "a": 2}', '"\\/"', '1.0', '01', '[1,]', '{"a": 1}x', '"\ud800"', '"a\tb"', '', '-0.0']) expect(canonicalJsonText(text)).toBeNull();
    expect(canonicalJsonText('-0')).toBe('0');
    expect(canonicalJsonText(' [ 1 , "x" ] ')).toBe('[1,"x"]');
  });
});

const KEY = Buffer.alloc(32, 9);
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const macOf = (row: AuditChainRow, changes: unknown) => createHmac('sha256', KEY).update(auditMacBytes({ ...row, eventKey: row.eventKey!, changes }), 'utf8').digest('hex');
const macOfText = (_row: AuditChainRow, text: string) => createHmac('sha256', KEY).update(text, 'utf8').digest('hex');

function chain(n: number): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prev = GENESIS_HASH;
  const next = rng(3);
  for (let i = 1; i <= n; i += 1) {
    const changes = jsonbText({ status: { before: 'draft', after: i % 3 ? 'in_progress' : 'done' }, note: WORDS[i % WORDS.length], n: i, x: randomValue(next) });
    const row: AuditChainRow = {
      id: String(i),
      occurredAt: `2026-11-27T07:35:${String(i % 60).padStart(2, '0')}.123456Z`,
      actorId: i % 2 ? '7d1c2a58-0b8e-4c43-9a55-6c1f0d3b2e11' : null,
      actorRole: 'coordinator',
      actorInstitutionId: null,
      action: 'recommendation.update',
      entityType: 'recommendation',
      entityId: `e-${i}`,
      changes,
      requestId: i % 5 ? `req-${i}` : null,
      ip: '10.0.0.1',
      txId: String(1000 + i),
      prevHash: prev,
      hash: '',
      eventKey: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      mac: null,
    };
    row.hash = sha256Hex(auditEventPayload(row));
    row.mac = macOf(row, JSON.parse(changes));
    prev = row.hash;
    rows.push(row);
  }
  return rows;
}

describe('auditMacText', () => {
  it('is the MAC bytes of the parsed changes (the bytes the writer MACs)', () => {
    for (const row of chain(200)) expect(auditMacText(row)).toBe(auditMacBytes({ ...row, eventKey: row.eventKey!, changes: JSON.parse(row.changes) }));
  });

  it('is null for changes that are not JSON, and throws like canonicalJson on what JSON data cannot carry', () => {
    const [row] = chain(1);
    expect(auditMacText({ ...row!, changes: '{"a": ' })).toBeNull();
    expect(() => auditMacText({ ...row!, changes: '{"a": 1e400}' })).toThrow(TypeError);
  });
});

describe('AuditChainWalker: the same verdict with the MAC over the stored text, the parsed changes, or verdicts computed apart', () => {
  type Tamper = (rows: AuditChainRow[]) => void;
  const recompute = (rows: AuditChainRow[], from: number) => {
    for (let i = from; i < rows.length; i += 1) {
      rows[i]!.prevHash = i ? rows[i - 1]!.hash : GENESIS_HASH;
      rows[i]!.hash = sha256Hex(auditEventPayload(rows[i]!));
    }
  };
  const cases: [string, Tamper, string | null, string | null][] = [
    ['intact', () => undefined, null, null],
    ['a changed byte in changes', (r) => (r[40]!.changes = r[40]!.changes.replace('draft', 'drafT')), '41', 'hash'],
    ['a changed byte in changes, hashes recomputed', (r) => ((r[40]!.changes = r[40]!.changes.replace('draft', 'drafT')), recompute(r, 40)), '41', 'mac'],
    ['an edited actor role, hashes recomputed', (r) => ((r[70]!.actorRole = 'admin'), recompute(r, 70)), '71', 'mac'],
    ['an edited time (not in the MAC), hashes recomputed', (r) => ((r[70]!.occurredAt = r[70]!.occurredAt.replace('.123456', '.123457')), recompute(r, 70)), null, null],
    ['an edited time', (r) => (r[70]!.occurredAt = r[70]!.occurredAt.replace('.123456', '.123457')), '71', 'hash'],
    ['changes that are not JSON, hashes recomputed', (r) => ((r[10]!.changes = '{"status": '), recompute(r, 10)), '11', 'hash'],
    ['a missing event', (r) => r.splice(30, 1), '32', 'gap'],
    ['a broken link', (r) => (r[30]!.prevHash = 'f'.repeat(64)), '31', 'link'],
    ['a MAC removed, hashes recomputed', (r) => ((r[50]!.mac = null), recompute(r, 50)), '51', 'mac_missing'],
    ['a key reused', (r) => ((r[60]!.eventKey = r[20]!.eventKey), recompute(r, 60)), '61', 'duplicate_key'],
  ];

  it.each(cases)('%s', (_what, tamper, firstBroken, reason) => {
    const rows = chain(120);
    tamper(rows);
    const results = (
      [
        { sha256Hex, macOf },
        { sha256Hex, macOfText },
      ] as AuditChainWalkerOptions[]
    ).flatMap((options) => {
      const inline = new AuditChainWalker(options);
      const apart = new AuditChainWalker(options);
      const links = new AuditChainWalker(options);
      for (let i = 0; i < rows.length; i += 17) {
        const batch = rows.slice(i, i + 17);
        inline.add(batch);
        const verdicts = Uint8Array.from(batch.map((row) => auditContentVerdict(row, options)));
        apart.add(batch, verdicts);
        // With verdicts given, the walk reads only the links (what the API's thread parses when workers compute the verdicts).
        links.add(
          batch.map(({ id, prevHash, hash, eventKey, mac }) => ({ id, prevHash, hash, eventKey, mac })),
          verdicts,
        );
      }
      return [inline.result(), apart.result(), links.result()];
    });
    expect(results[0]).toMatchObject({ firstBrokenEventId: firstBroken, reason, eventsChecked: rows.length });
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it('offline (no MAC key): everything but the MAC values', () => {
    const rows = chain(20);
    rows[5]!.actorRole = 'admin';
    recompute(rows, 5);
    const walker = new AuditChainWalker({ sha256Hex });
    walker.add(rows);
    expect(walker.result()).toMatchObject({ firstBrokenEventId: null, eventsChecked: 20 });
  });

  it('one verdict per event, or none', () => {
    const rows = chain(3);
    expect(() => new AuditChainWalker({ sha256Hex, macOfText }).add(rows, new Uint8Array(2))).toThrow(RangeError);
  });

  it('verdict bits', () => {
    const [row] = chain(1);
    expect(auditContentVerdict(row!, { sha256Hex, macOfText })).toBe(AUDIT_HASH_OK | AUDIT_MAC_OK);
    expect(auditContentVerdict({ ...row!, changes: '{' }, { sha256Hex, macOfText })).toBe(AUDIT_UNREADABLE);
    expect(auditContentVerdict({ ...row!, mac: null }, { sha256Hex, macOfText })).toBe(AUDIT_HASH_OK);
  });
});
