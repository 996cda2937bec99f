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

const text = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/**
 * The hashed bytes: PostgreSQL's text of `jsonb_build_array(id, occurred_at, actor_id, actor_role,
 * actor_institution_id, action, entity_type, entity_id, changes, request_id, ip, tx_id, prev_hash)`
 * — an array whose elements are separated by ", ", strings escaped as JSON, `changes` as stored.
 */
export function auditEventPayload(e: Omit<AuditChainRow, 'hash' | 'mac' | 'eventKey'>): string {
  return `[${[
    text(e.id),
    text(e.occurredAt),
    text(e.actorId),
    text(e.actorRole),
    text(e.actorInstitutionId),
    text(e.action),
    text(e.entityType),
    text(e.entityId),
    e.changes,
    text(e.requestId),
    text(e.ip),
    text(e.txId),
    text(e.prevHash),
  ].join(', ')}]`;
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
}

/**
 * Walks events in id order, batch after batch: each must carry the hash recomputed from its
 * columns, name its predecessor's hash, follow it by exactly one id, and (once the first event
 * with a MAC has been seen) carry a MAC over a key seen only once — a valid one when `macOf` is given.
 */
export class AuditChainWalker {
  private state: AuditChainState = { eventsChecked: 0, firstBrokenEventId: null, reason: null, genesisHash: null, headId: null, headHash: null, legacyEvents: 0 };
  private previousHash = GENESIS_HASH;
  private expectedId = 1n;
  private macSeen = false;
  private readonly keys = new Set<string>();

  constructor(private readonly options: AuditChainWalkerOptions) {}

  add(rows: readonly AuditChainRow[]): void {
    for (const row of rows) this.check(row);
  }

  /** An event that could not even be read (a malformed line of an export): broken where it stands, by content. */
  addUnreadable(): void {
    const s = this.state;
    s.eventsChecked += 1;
    const id = this.expectedId.toString();
    if (s.firstBrokenEventId === null) {
      s.firstBrokenEventId = id;
      s.reason = 'hash';
    }
    s.headId = id;
    this.expectedId += 1n;
  }

  result(): AuditChainState {
    return { ...this.state };
  }

  private check(row: AuditChainRow): void {
    const s = this.state;
    s.eventsChecked += 1;
    if (s.genesisHash === null) s.genesisHash = row.hash;
    s.headId = row.id;
    s.headHash = row.hash;
    if (s.firstBrokenEventId === null) {
      const reason = this.reasonOf(row);
      if (reason) {
        s.firstBrokenEventId = row.id;
        s.reason = reason;
      }
    }
    this.previousHash = row.hash;
    this.expectedId = BigInt(row.id) + 1n;
  }

  private reasonOf(row: AuditChainRow): AuditChainBreak | null {
    if (BigInt(row.id) !== this.expectedId) return 'gap';
    if (row.prevHash !== this.previousHash) return 'link';
    if (this.options.sha256Hex(auditEventPayload(row)) !== row.hash) return 'hash';
    if (row.mac === null || row.eventKey === null) {
      if (this.macSeen) return 'mac_missing';
      this.state.legacyEvents += 1;
      return null;
    }
    this.macSeen = true;
    if (this.keys.has(row.eventKey)) return 'duplicate_key';
    this.keys.add(row.eventKey);
    let changes: unknown;
    try {
      changes = JSON.parse(row.changes);
    } catch {
      return 'hash';
    }
    if (!this.options.macOf) return null;
    return this.options.macOf(row, changes) === row.mac ? null : 'mac';
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
