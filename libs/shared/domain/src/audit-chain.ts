/**
 * The audit chain's verification rules, shared by the API (`GET /audit/verify`) and the offline
 * verifier of an export bundle (`tools/audit-verify-export.mjs`), so the two cannot drift
 * (docs/audit-threat-model.md). Pure: hashing, MACs and signatures are passed in by the caller
 * (node:crypto on both sides), nothing here reads a database or a file.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** One stored event as text, exactly as the verifier reads it (and as `events.jsonl` carries it). */
export interface AuditChainRow {
  id: string;
  /** `occurred_at` in UTC with microseconds: `2026-11-27T07:35:32.123456Z`. */
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  actorInstitutionId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The jsonb column's text (`changes::text`), byte for byte: it is hashed as stored. */
  changes: string;
  requestId: string | null;
  ip: string | null;
  txId: string;
  prevHash: string;
  hash: string;
  eventKey: string | null;
  mac: string | null;
}

/** What the ordered walk reads of an event when its content verdict is computed apart (`AuditChainWalker.add(links, verdicts)`). */
export type AuditChainLink = Pick<AuditChainRow, 'id' | 'prevHash' | 'hash' | 'eventKey' | 'mac'>;

const text = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/**
 * The hashed bytes: PostgreSQL's text of `jsonb_build_array(id, occurred_at, actor_id, actor_role,
 * actor_institution_id, action, entity_type, entity_id, changes, request_id, ip, tx_id, prev_hash)`
 * — an array whose elements are separated by ", ", strings escaped as JSON, `changes` as stored.
 */
export function auditEventPayload(e: Omit<AuditChainRow, 'hash' | 'mac' | 'eventKey'>): string {
  return `[${text(e.id)}, ${text(e.occurredAt)}, ${text(e.actorId)}, ${text(e.actorRole)}, ${text(e.actorInstitutionId)}, ${text(e.action)}, ${text(e.entityType)}, ${text(e.entityId)}, ${e.changes}, ${text(e.requestId)}, ${text(e.ip)}, ${text(e.txId)}, ${text(e.prevHash)}]`;
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, as `JSON.stringify` writes
 * strings and numbers. Only plain data: anything JSON cannot carry exactly is refused rather
 * than silently changed (undefined, non-finite numbers, functions, bigints).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) throw new TypeError(`canonicalJson: undefined value for ${k}`);
        return `${JSON.stringify(k)}:${canonicalJson(v)}`;
      });
    return `{${entries.join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}

/** The bytes an event's MAC covers (the MAC itself is computed by the caller, with its key). */
export function auditMacBytes(content: {
  eventKey: string;
  actorId: string | null;
  actorRole: string | null;
  actorInstitutionId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: unknown;
  requestId: string | null;
  ip: string | null;
}): string {
  return canonicalJson([
    content.eventKey,
    content.actorId,
    content.actorRole,
    content.actorInstitutionId,
    content.action,
    content.entityType,
    content.entityId,
    content.changes,
    content.requestId,
    content.ip,
  ]);
}

/**
 * `canonicalJson(JSON.parse(text))` computed straight from the text, without building the value:
 * the verifier's fast path for an event's `changes` (PostgreSQL's jsonb text: `", "` and `": "`
 * separators, keys ordered by length first). It accepts only what it can rewrite exactly — strings
 * whose escapes are those `JSON.stringify` writes, integers of at most 15 digits, objects without
 * escaped or repeated keys — and returns null for anything else (then the caller takes the slow
 * path, `JSON.parse` and `canonicalJson`, which also decides what is invalid). Same bytes or null:
 * never other bytes (audit-chain.spec.ts compares the two on generated and hostile inputs).
 */
export function canonicalJsonText(text: string): string | null {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i += 1;
      else return;
    }
  };
  /** A string token as `JSON.stringify` would write it again, or null. `i` is on the opening quote. */
  const str = (): string | null => {
    const start = i;
    i += 1;
    for (;;) {
      if (i >= n) return null;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32 || (c >= 0xd800 && c <= 0xdfff)) return null;
      if (c === 92) {
        const e = text.charCodeAt(i + 1);
        if (e === 34 || e === 92 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) i += 2;
        else if (e === 117) {
          // JSON.stringify writes \u00XX (lowercase) only for the control characters without a short escape.
          const hex = text.slice(i + 2, i + 6);
          if (!/^00[01][0-9a-f]$/.test(hex)) return null;
          const code = Number.parseInt(hex, 16);
          if (code === 8 || code === 9 || code === 10 || code === 12 || code === 13) return null;
          i += 6;
        } else return null;
      } else i += 1;
    }
    i += 1;
    return text.slice(start, i);
  };
  const value = (depth: number): string | null => {
    if (depth > 64) return null;
    ws();
    const c = text.charCodeAt(i);
    if (c === 34) return str();
    if (c === 123) {
      i += 1;
      ws();
      const members: [string, string][] = [];
      if (text.charCodeAt(i) === 125) {
        i += 1;
        return '{}';
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 34) return null;
        const quoted = str();
        if (quoted === null || quoted.includes('\\')) return null;
        ws();
        if (text.charCodeAt(i) !== 58) return null;
        i += 1;
        const v = value(depth + 1);
        if (v === null) return null;
        members.push([quoted.slice(1, -1), v]);
        ws();
        const d = text.charCodeAt(i);
        i += 1;
        if (d === 125) break;
        if (d !== 44) return null;
      }
      // Keys without escapes or surrogates: the text between the quotes is the key, compared by code unit.
      members.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      let out = '{';
      for (let k = 0; k < members.length; k += 1) {
        if (k > 0 && members[k]![0] === members[k - 1]![0]) return null;
        out += (k ? ',"' : '"') + members[k]![0] + '":' + members[k]![1];
      }
      return out + '}';
    }
    if (c === 91) {
      i += 1;
      ws();
      if (text.charCodeAt(i) === 93) {
        i += 1;
        return '[]';
      }
      let out = '[';
      for (let k = 0; ; k += 1) {
        const v = value(depth + 1);
        if (v === null) return null;
        out += (k ? ',' : '') + v;
        ws();
        const d = text.charCodeAt(i);
        i += 1;
        if (d === 93) return out + ']';
        if (d !== 44) return null;
      }
    }
    if (c === 116 && text.startsWith('true', i)) return (i += 4), 'true';
    if (c === 102 && text.startsWith('false', i)) return (i += 5), 'false';
    if (c === 110 && text.startsWith('null', i)) return (i += 4), 'null';
    if (c === 45 || (c >= 48 && c <= 57)) {
      const start = i;
      if (c === 45) i += 1;
      const first = i;
      while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i += 1;
      const digits = i - first;
      if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(first) === 48)) return null;
      const next = text.charCodeAt(i);
      if (next === 46 || next === 101 || next === 69) return null;
      const token = text.slice(start, i);
      return token === '-0' ? '0' : token;
    }
    return null;
  };
  const out = value(0);
  if (out === null) return null;
  ws();
  return i === n ? out : null;
}

const json = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/**
 * The bytes of an event's MAC (`auditMacBytes`) from its stored text, or null when its `changes`
 * are not JSON (the event is then broken: `hash`). The fast path above when it applies, else the
 * reference: `JSON.parse` then `canonicalJson` (which throws on what JSON data cannot carry, as before).
 */
export function auditMacText(row: Pick<AuditChainRow, 'eventKey' | 'actorId' | 'actorRole' | 'actorInstitutionId' | 'action' | 'entityType' | 'entityId' | 'changes' | 'requestId' | 'ip'>): string | null {
  let changes = canonicalJsonText(row.changes);
  if (changes === null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.changes);
    } catch {
      return null;
    }
    changes = canonicalJson(parsed);
  }
  return `[${json(row.eventKey)},${json(row.actorId)},${json(row.actorRole)},${json(row.actorInstitutionId)},${json(row.action)},${json(row.entityType)},${json(row.entityId)},${changes},${json(row.requestId)},${json(row.ip)}]`;
}

export type AuditChainBreak = 'hash' | 'link' | 'gap' | 'mac' | 'mac_missing' | 'duplicate_key';

/** Result of walking the chain from its first event. */
export interface AuditChainState {
  eventsChecked: number;
  firstBrokenEventId: string | null;
  /** Why the first broken event is broken. */
  reason: AuditChainBreak | null;
  genesisHash: string | null;
  headId: string | null;
  headHash: string | null;
  /** Events without a MAC, written before MACs existed (only allowed before the first MAC'd event). */
  legacyEvents: number;
}

export interface AuditChainWalkerOptions {
  /** SHA-256 of the UTF-8 text, lowercase hex. */
  sha256Hex: (text: string) => string;
  /**
   * The expected MAC of an event (hex) given its parsed changes. Absent offline: the MAC key is a
   * server secret, so an offline verifier checks everything else (hash, link, id, a MAC present
   * after the first one, keys never reused) and not the MAC values.
   */
  macOf?: (row: AuditChainRow, changes: unknown) => string;
  /** The same, given the bytes the MAC covers (`auditMacText`): no JSON value is built. Preferred over `macOf`. */
  macOfText?: (row: AuditChainRow, macText: string) => string;
}

/** `auditContentVerdict` bits: the stored hash is the hash of the columns; the MAC is the expected one; `changes` is not JSON. */
export const AUDIT_HASH_OK = 1;
export const AUDIT_MAC_OK = 2;
export const AUDIT_UNREADABLE = 4;

/**
 * What can be checked of one event without its neighbours: its hash recomputed from its columns
 * and (for an event with a MAC) whether its changes are JSON and its MAC the expected one. The
 * walker decides, in chain order, what these mean; a verifier may compute them apart (in another
 * thread) and hand them to `AuditChainWalker.add`.
 */
export function auditContentVerdict(row: AuditChainRow, options: AuditChainWalkerOptions): number {
  let verdict = options.sha256Hex(auditEventPayload(row)) === row.hash ? AUDIT_HASH_OK : 0;
  if (row.mac === null || row.eventKey === null) return verdict;
  if (options.macOfText) {
    const macText = auditMacText(row);
    if (macText === null) return verdict | AUDIT_UNREADABLE;
    if (options.macOfText(row, macText) === row.mac) verdict |= AUDIT_MAC_OK;
    return verdict;
  }
  // Offline (no MAC key) only readability counts: the fast path answers it without building the value.
  let changes: unknown;
  if (options.macOf || canonicalJsonText(row.changes) === null) {
    try {
      changes = JSON.parse(row.changes);
    } catch {
      return verdict | AUDIT_UNREADABLE;
    }
  }
  if (options.macOf && options.macOf(row, changes) === row.mac) verdict |= AUDIT_MAC_OK;
  return verdict;
}

/** The id after `id` (a decimal): as a number while exact, else as a bigint. */
const nextId = (id: string): string => (id.length < 16 ? String(Number(id) + 1) : (BigInt(id) + 1n).toString());

/**
 * Walks events in id order, batch after batch: each must carry the hash recomputed from its
 * columns, name its predecessor's hash, follow it by exactly one id, and (once the first event
 * with a MAC has been seen) carry a MAC over a key seen only once — a valid one when `macOf` or
 * `macOfText` is given.
 */
export class AuditChainWalker {
  private state: AuditChainState = { eventsChecked: 0, firstBrokenEventId: null, reason: null, genesisHash: null, headId: null, headHash: null, legacyEvents: 0 };
  private previousHash = GENESIS_HASH;
  /** Ids are canonical decimals (`id::text`; an export line's id is checked so): compared as text. */
  private expectedId = '1';
  private macSeen = false;
  private readonly keys = new Set<string>();

  constructor(private readonly options: AuditChainWalkerOptions) {}

  /**
   * The next events in chain order. `verdicts`, when given, holds each row's `auditContentVerdict`
   * computed beforehand (same options); else the walker computes them, only while the chain is intact.
   * With verdicts the walk needs only each event's links (`AuditChainLink`), not its content.
   */
  add(rows: readonly AuditChainRow[], verdicts?: ArrayLike<number>): void;
  add(rows: readonly AuditChainLink[], verdicts: ArrayLike<number>): void;
  add(rows: readonly AuditChainLink[], verdicts?: ArrayLike<number>): void {
    if (verdicts && verdicts.length !== rows.length) throw new RangeError('AuditChainWalker.add: one verdict per event');
    for (let i = 0; i < rows.length; i += 1) this.check(rows[i]!, verdicts ? verdicts[i]! : -1);
  }

  /** An event that could not even be read (a malformed line of an export): broken where it stands, by content. */
  addUnreadable(): void {
    const s = this.state;
    s.eventsChecked += 1;
    const id = this.expectedId;
    if (s.firstBrokenEventId === null) {
      s.firstBrokenEventId = id;
      s.reason = 'hash';
    }
    s.headId = id;
    this.expectedId = nextId(id);
  }

  result(): AuditChainState {
    return { ...this.state };
  }

  private check(row: AuditChainLink, verdict: number): void {
    const s = this.state;
    s.eventsChecked += 1;
    if (s.genesisHash === null) s.genesisHash = row.hash;
    s.headId = row.id;
    s.headHash = row.hash;
    if (s.firstBrokenEventId === null) {
      const reason = this.reasonOf(row, verdict);
      if (reason) {
        s.firstBrokenEventId = row.id;
        s.reason = reason;
      }
    }
    this.previousHash = row.hash;
    this.expectedId = nextId(row.id);
  }

  private reasonOf(row: AuditChainLink, given: number): AuditChainBreak | null {
    if (row.id !== this.expectedId) return 'gap';
    if (row.prevHash !== this.previousHash) return 'link';
    // Without a verdict given, `add`'s signature guarantees a whole row.
    const verdict = given >= 0 ? given : auditContentVerdict(row as AuditChainRow, this.options);
    if (!(verdict & AUDIT_HASH_OK)) return 'hash';
    if (row.mac === null || row.eventKey === null) {
      if (this.macSeen) return 'mac_missing';
      this.state.legacyEvents += 1;
      return null;
    }
    this.macSeen = true;
    if (this.keys.has(row.eventKey)) return 'duplicate_key';
    this.keys.add(row.eventKey);
    if (verdict & AUDIT_UNREADABLE) return 'hash';
    if (!this.options.macOf && !this.options.macOfText) return null;
    return verdict & AUDIT_MAC_OK ? null : 'mac';
  }
}

/* ----------------------------------------------------------------------------------------------
 * Signed checkpoints: what is signed, and how a chain stands against the newest one.
 * -------------------------------------------------------------------------------------------- */

/** v2 adds `genesisHash`, the chain's identity; v1 files (without it) still verify. */
export const CHECKPOINT_FORMAT = 'sidh-audit-checkpoint/2';
export const CHECKPOINT_FORMAT_V1 = 'sidh-audit-checkpoint/1';
export const CHECKPOINT_ALGORITHM = 'Ed25519';

/** What is signed. `seq` is the id of the last event covered (a bigint, hence a string). */
export interface CheckpointPayload {
  format: typeof CHECKPOINT_FORMAT | typeof CHECKPOINT_FORMAT_V1;
  seq: string;
  headHash: string;
  eventsChecked: number;
  /** Hash of the chain's first event: a checkpoint of another database is told apart from a mismatch. Absent in v1. */
  genesisHash?: string;
  createdAt: string;
}

const SEQ = /^[1-9][0-9]{0,18}$/;
const HASH = /^[0-9a-f]{64}$/;

/** The payload if it has exactly the signed shape, else null. */
export function parseCheckpointPayload(value: unknown): CheckpointPayload | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const p = value as Record<string, unknown>;
  const keys = Object.keys(p).sort().join(',');
  if (p['format'] === CHECKPOINT_FORMAT) {
    if (keys !== 'createdAt,eventsChecked,format,genesisHash,headHash,seq') return null;
    if (typeof p['genesisHash'] !== 'string' || !HASH.test(p['genesisHash'])) return null;
  } else if (p['format'] === CHECKPOINT_FORMAT_V1) {
    if (keys !== 'createdAt,eventsChecked,format,headHash,seq') return null;
  } else return null;
  if (typeof p['seq'] !== 'string' || !SEQ.test(p['seq'])) return null;
  if (typeof p['headHash'] !== 'string' || !HASH.test(p['headHash'])) return null;
  if (typeof p['eventsChecked'] !== 'number' || !Number.isSafeInteger(p['eventsChecked']) || p['eventsChecked'] < 1) return null;
  if (typeof p['createdAt'] !== 'string' || Number.isNaN(Date.parse(p['createdAt'])) || new Date(p['createdAt']).toISOString() !== p['createdAt']) return null;
  return p as unknown as CheckpointPayload;
}

/**
 * How the chain stands against the newest checkpoint: `none` (no checkpoint, or anchoring off),
 * `matches`, `invalid_signature` (the newest file does not verify), `foreign` (signed for a chain
 * with another first event: another database, or a history rewritten from its first event),
 * `behind` (the chain is shorter than the checkpoint: events were deleted), `diverged` (the event
 * the checkpoint names no longer carries the signed hash, or the chain is broken before it).
 */
export type CheckpointStatus = 'none' | 'matches' | 'invalid_signature' | 'foreign' | 'behind' | 'diverged';

/** A checkpoint as read back (fields null when its file cannot be parsed). */
export interface CheckpointSummary {
  seq: string | null;
  headHash: string | null;
  genesisHash: string | null;
  createdAt: string | null;
  signatureValid: boolean;
}

/** Where the chain stands against one checkpoint; `hashAtSeq` is the chain's stored hash of event `seq` (null if absent). */
export function checkpointStatusOf(checkpoint: CheckpointSummary, chain: AuditChainState, hashAtSeq: string | null): CheckpointStatus {
  if (!checkpoint.signatureValid || !checkpoint.seq || !checkpoint.headHash) return 'invalid_signature';
  if (checkpoint.genesisHash && checkpoint.genesisHash !== chain.genesisHash) return 'foreign';
  if (!chain.headId || BigInt(chain.headId) < BigInt(checkpoint.seq)) return 'behind';
  if (chain.firstBrokenEventId !== null && BigInt(chain.firstBrokenEventId) <= BigInt(checkpoint.seq)) return 'diverged';
  return hashAtSeq === checkpoint.headHash ? 'matches' : 'diverged';
}

/** The answer of `GET /audit/verify`, and of the offline verifier (the same fields, the same rules). */
export interface AuditChainVerification {
  intact: boolean;
  eventsChecked: number;
  firstBrokenEventId: string | null;
  reason: AuditChainBreak | 'behind_checkpoint' | 'diverged_from_checkpoint' | null;
  genesisHash: string | null;
  headHash: string | null;
  legacyEvents: number;
  checkpoint: Pick<CheckpointSummary, 'seq' | 'headHash' | 'createdAt' | 'signatureValid'> | null;
  checkpointStatus: CheckpointStatus;
  matchesCheckpoint: boolean | null;
}

/**
 * The chain compared with the newest checkpoint (null: none, or anchoring off). The chain fails
 * verification when it is broken, behind the checkpoint (events deleted) or diverges from it; a
 * checkpoint whose signature does not verify never matches (fail closed).
 */
export function verifyAgainstCheckpoint(chain: AuditChainState, newest: CheckpointSummary | null, hashAtSeq: string | null): AuditChainVerification {
  const base: AuditChainVerification = {
    intact: chain.firstBrokenEventId === null,
    eventsChecked: chain.eventsChecked,
    firstBrokenEventId: chain.firstBrokenEventId,
    reason: chain.reason,
    genesisHash: chain.genesisHash,
    headHash: chain.headHash,
    legacyEvents: chain.legacyEvents,
    checkpoint: null,
    checkpointStatus: 'none',
    matchesCheckpoint: null,
  };
  if (!newest) return base;
  const status = checkpointStatusOf(newest, chain, hashAtSeq);
  const result: AuditChainVerification = {
    ...base,
    checkpoint: { seq: newest.seq, headHash: newest.headHash, createdAt: newest.createdAt, signatureValid: newest.signatureValid },
    checkpointStatus: status,
    matchesCheckpoint: status === 'matches',
  };
  if (status === 'behind') {
    result.intact = false;
    result.reason = 'behind_checkpoint';
    result.firstBrokenEventId = chain.headId ? (BigInt(chain.headId) + 1n).toString() : '1';
  } else if (status === 'diverged') {
    result.intact = false;
    if (result.firstBrokenEventId === null) {
      result.firstBrokenEventId = newest.seq;
      result.reason = 'diverged_from_checkpoint';
    }
  }
  return result;
}

/** One line of the verdict, the same words in the API's log, the offline verifier and the docs. */
export function describeVerification(v: AuditChainVerification): string {
  if (v.intact) return `intact: ${v.eventsChecked} events checked, checkpoint ${v.checkpointStatus}`;
  return `broken: first broken event ${v.firstBrokenEventId} (${v.reason}), ${v.eventsChecked} events checked, checkpoint ${v.checkpointStatus}`;
}

/* ----------------------------------------------------------------------------------------------
 * The export bundle (`GET /audit/export`, checked offline by tools/audit-verify-export.mjs).
 * -------------------------------------------------------------------------------------------- */

export const AUDIT_EXPORT_FORMAT = 'sidh-audit-export/1';

/** The fields of one `events.jsonl` line, in this order: every column the chain hashes, the hash, the key and the MAC. */
export const AUDIT_EXPORT_FIELDS = [
  'id',
  'occurredAt',
  'actorId',
  'actorRole',
  'actorInstitutionId',
  'action',
  'entityType',
  'entityId',
  'changes',
  'requestId',
  'ip',
  'txId',
  'prevHash',
  'hash',
  'eventKey',
  'mac',
] as const satisfies readonly (keyof AuditChainRow)[];

/** One line of `events.jsonl` (no newline). `changes` stays the stored text, a JSON string: re-serialising it would change the hashed bytes. */
export function auditExportLine(row: AuditChainRow): string {
  const out: Record<string, string | null> = {};
  for (const field of AUDIT_EXPORT_FIELDS) out[field] = row[field];
  return JSON.stringify(out);
}

const NULLABLE = new Set<string>(['actorId', 'actorRole', 'actorInstitutionId', 'entityId', 'requestId', 'ip', 'eventKey', 'mac']);

/** A line of `events.jsonl` back to a row, or null when it is not exactly that shape (then the event is unreadable, hence broken). */
export function parseAuditExportLine(line: string): AuditChainRow | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (Object.keys(v).length !== AUDIT_EXPORT_FIELDS.length) return null;
  for (const field of AUDIT_EXPORT_FIELDS) {
    const x = v[field];
    if (typeof x === 'string') continue;
    if (x === null && NULLABLE.has(field)) continue;
    return null;
  }
  if (!/^[1-9][0-9]{0,18}$/.test(v['id'] as string)) return null;
  return v as unknown as AuditChainRow;
}
