import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { AuditChainWalker, auditEventPayload, auditMacBytes, GENESIS_HASH, type AuditChainBreak, type AuditChainRow, type AuditChainState } from '@sidh/domain';

/**
 * The audit chain, recomputed in application code (docs/audit-threat-model.md). The database
 * computes each event's hash with its own function when the event is written; verification never
 * calls that function (whoever owns the database can replace it): it recomputes the same bytes
 * here from the stored columns. The bytes and the rules live in `@sidh/domain` (audit-chain.ts),
 * shared with the offline verifier of an export bundle (tools/audit-verify-export.mjs).
 */

export { GENESIS_HASH };

/** One stored event as text, exactly as the verifier reads it (`AuditRepository.chainBatch`). */
export type ChainEventRow = AuditChainRow;

export const eventPayload = auditEventPayload;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const eventHash = (e: Omit<ChainEventRow, 'hash' | 'mac' | 'eventKey'>): string => sha256Hex(auditEventPayload(e));

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
  return createHmac('sha256', key).update(auditMacBytes(content), 'utf8').digest('hex');
}

/** The MAC key, derived (HKDF-SHA256) from a secret the database never sees. */
export function deriveMacKey(secret: string | Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'sidh-audit-event-mac/1', 32));
}

/** Changes as the MAC sees them: plain JSON data (dates as ISO strings, undefined dropped). */
export const jsonData = (value: unknown): unknown => (value === undefined ? {} : JSON.parse(JSON.stringify(value)));

export type ChainBreak = AuditChainBreak;
export type ChainState = AuditChainState;

/** The chain walk of `@sidh/domain` with every MAC checked under the application's key. */
export class ChainVerifier extends AuditChainWalker {
  constructor(macKey: Buffer) {
    super({
      sha256Hex,
      macOf: (row, changes) =>
        eventMac(macKey, {
          eventKey: row.eventKey!,
          actorId: row.actorId,
          actorRole: row.actorRole,
          actorInstitutionId: row.actorInstitutionId,
          action: row.action,
          entityType: row.entityType,
          entityId: row.entityId,
          changes,
          requestId: row.requestId,
          ip: row.ip,
        }),
    });
  }
}
