import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { canonicalJson } from './checkpoint.js';

/**
 * The audit chain, recomputed in application code (docs/audit-threat-model.md). The database
 * computes each event's hash with its own function when the event is written; verification never
 * calls that function (whoever owns the database can replace it): it recomputes the same bytes
 * here from the stored columns.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** One stored event as text, exactly as the verifier reads it (`AuditRepository.chainBatch`). */
export interface ChainEventRow {
  id: string;
  /** `occurred_at` in UTC with microseconds: `2026-11-27T07:35:32.123456Z`. */
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  actorInstitutionId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The jsonb column's text (`changes::text`). */
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
export function eventPayload(e: Omit<ChainEventRow, 'hash' | 'mac' | 'eventKey'>): string {
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

export const eventHash = (e: Omit<ChainEventRow, 'hash' | 'mac' | 'eventKey'>): string => createHash('sha256').update(eventPayload(e), 'utf8').digest('hex');

/** What the application vouches for when it writes an event (not the chain position: the checkpoints cover order). */
export interface MacContent {
  eventKey: string;
  actorId: string | null;
  actorRole: string | null;
  actorInstitutionId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The changes as JSON data (parsed back from jsonb when verifying). */
  changes: unknown;
  requestId: string | null;
  ip: string | null;
}

/**
 * HMAC-SHA256 of the event's content with a key the database never holds: an event inserted or
 * edited by anyone but the application (even with the hash chain recomputed) fails it.
 */
export function eventMac(key: Buffer, content: MacContent): string {
  const bytes = canonicalJson([
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
  return createHmac('sha256', key).update(bytes, 'utf8').digest('hex');
}

/** The MAC key, derived (HKDF-SHA256) from a secret the database never sees. */
export function deriveMacKey(secret: string | Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'sidh-audit-event-mac/1', 32));
}

/** Changes as the MAC sees them: plain JSON data (dates as ISO strings, undefined dropped). */
export const jsonData = (value: unknown): unknown => (value === undefined ? {} : JSON.parse(JSON.stringify(value)));

export type ChainBreak = 'hash' | 'link' | 'gap' | 'mac' | 'mac_missing' | 'duplicate_key';

/** Result of walking the chain from its first event. */
export interface ChainState {
  eventsChecked: number;
  firstBrokenEventId: string | null;
  /** Why the first broken event is broken. */
  reason: ChainBreak | null;
  genesisHash: string | null;
  headId: string | null;
  headHash: string | null;
  /** Events without a MAC, written before MACs existed (only allowed before the first MAC'd event). */
  legacyEvents: number;
}

/**
 * Walks events in id order, batch after batch: each must carry the hash recomputed from its
 * columns, name its predecessor's hash, follow it by exactly one id, and (once the first event
 * with a MAC has been seen) carry a valid MAC over a key seen only once.
 */
export class ChainVerifier {
  private state: ChainState = { eventsChecked: 0, firstBrokenEventId: null, reason: null, genesisHash: null, headId: null, headHash: null, legacyEvents: 0 };
  private previousHash = GENESIS_HASH;
  private expectedId = 1n;
  private macSeen = false;
  private readonly keys = new Set<string>();

  constructor(private readonly macKey: Buffer) {}

  add(rows: readonly ChainEventRow[]): void {
    for (const row of rows) this.check(row);
  }

  result(): ChainState {
    return { ...this.state };
  }

  private check(row: ChainEventRow): void {
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

  private reasonOf(row: ChainEventRow): ChainBreak | null {
    if (BigInt(row.id) !== this.expectedId) return 'gap';
    if (row.prevHash !== this.previousHash) return 'link';
    if (eventHash(row) !== row.hash) return 'hash';
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
    const expected = eventMac(this.macKey, {
      eventKey: row.eventKey,
      actorId: row.actorId,
      actorRole: row.actorRole,
      actorInstitutionId: row.actorInstitutionId,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      changes,
      requestId: row.requestId,
      ip: row.ip,
    });
    return expected === row.mac ? null : 'mac';
  }
}
