import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { AuditChainWalker, auditEventPayload, auditMacBytes, GENESIS_HASH, type AuditChainBreak, type AuditChainRow, type AuditChainState, type AuditChainWalkerOptions } from '@sidh/domain';

/**
 * The audit chain, recomputed in application code (docs/audit-threat-model.md). The database
 * computes each event's hash with its own function when the event is written; verification never
 * calls that function (whoever owns the database can replace it): it recomputes the same bytes
 * here from the stored columns. The bytes and the rules live in `@sidh/domain` (audit-chain.ts),
 * shared with the offline verifier of an export bundle (tools/audit-verify-export.mjs).
 */

export { GENESIS_HASH };

/** One stored event as text, exactly as the verifier reads it (`AuditRepository.chainRows`). */
export type ChainEventRow = AuditChainRow;

export const eventPayload = auditEventPayload;

/** `crypto.hash` (Node 20.12+): one call, no Hash object; about twice as fast on an event's few hundred bytes. */
const oneShot = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;

export const sha256Hex: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * HMAC-SHA256 under `key` (RFC 2104: H(K ^ opad || H(K ^ ipad || m))), the padded key blocks
 * prepared once and each message hashed with `crypto.hash` into a reused buffer: the same MAC as
 * `createHmac` (chain.spec.ts), without a keyed object or a Buffer per event.
 */
export function hmacSha256Hex(key: Buffer): (text: string) => string {
  if (!oneShot) return (text) => createHmac('sha256', key).update(text, 'utf8').digest('hex');
  const block = key.length > 64 ? createHash('sha256').update(key).digest() : key;
  const outer = Buffer.alloc(64 + 32, 0x5c);
  let inner = Buffer.alloc(64 + 4096, 0x36);
  for (let i = 0; i < block.length; i += 1) {
    inner[i] = 0x36 ^ block[i]!;
    outer[i] = 0x5c ^ block[i]!;
  }
  return (text) => {
    if (inner.length < 64 + text.length * 3) inner = Buffer.concat([inner.subarray(0, 64), Buffer.alloc(text.length * 3)]);
    const length = inner.write(text, 64, 'utf8');
    // The inner digest as 'binary' (latin1) text, one byte per character: no Buffer allocated per event.
    outer.write(oneShot('sha256', inner.subarray(0, 64 + length), 'binary'), 64, 32, 'latin1');
    return oneShot('sha256', outer, 'hex');
  };
}

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

/** The walker's options with every MAC checked under the application's key (over the stored text: `auditMacText`). */
export function chainWalkerOptions(macKey: Buffer): AuditChainWalkerOptions {
  const mac = hmacSha256Hex(macKey);
  return { sha256Hex, macOfText: (_row, macText) => mac(macText) };
}

/** The chain walk of `@sidh/domain` with every MAC checked under the application's key. */
export class ChainVerifier extends AuditChainWalker {
  constructor(macKey: Buffer) {
    super(chainWalkerOptions(macKey));
  }
}
