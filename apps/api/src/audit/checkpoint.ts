import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed checkpoints of the audit chain (docs/audit-threat-model.md): the head of the chain, signed with
 * an Ed25519 key that the database never sees, and kept outside the database. Someone with owner
 * rights can rewrite the events and recompute every hash, so that `/audit/verify` says intact;
 * they cannot make the event numbered `seq` carry the hash a checkpoint signed before.
 *
 * These functions are pure (no files, no database) so an auditor can reproduce them offline.
 */

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

/** One checkpoint file: the payload, the key that signed it and the signature of `canonicalJson(payload)`. */
export interface CheckpointEnvelope {
  algorithm: typeof CHECKPOINT_ALGORITHM;
  keyId: string;
  payload: CheckpointPayload;
  signature: string;
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

/** Key id: the first 16 bytes (hex) of SHA-256 over the public key's SPKI DER encoding. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
}

/** Parses a PKCS#8 PEM Ed25519 private key; `\n` escapes (one-line environment values) are accepted. */
export { parseSigningKey } from '../config/signing-key.js';

export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function publicKeyPem(key: KeyObject): string {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'pem' }).toString();
}

export function signCheckpoint(payload: CheckpointPayload, privateKey: KeyObject): CheckpointEnvelope {
  const signature = sign(null, Buffer.from(canonicalJson(payload), 'utf8'), privateKey).toString('base64');
  return { algorithm: CHECKPOINT_ALGORITHM, keyId: keyIdOf(privateKey), payload, signature };
}

const SEQ = /^[1-9][0-9]{0,18}$/;
const HASH = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The payload if it has exactly the signed shape, else null. */
export function parsePayload(value: unknown): CheckpointPayload | null {
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
 * True only when the envelope is well-formed, names the trusted key and carries a valid
 * Ed25519 signature over the canonical payload. Never throws: a malformed file is "not valid".
 */
export function verifyCheckpoint(envelope: unknown, publicKey: KeyObject): boolean {
  try {
    if (!envelope || typeof envelope !== 'object') return false;
    const e = envelope as Record<string, unknown>;
    if (e['algorithm'] !== CHECKPOINT_ALGORITHM || e['keyId'] !== keyIdOf(publicKey)) return false;
    if (typeof e['signature'] !== 'string' || !BASE64.test(e['signature'])) return false;
    const payload = parsePayload(e['payload']);
    if (!payload) return false;
    const signature = Buffer.from(e['signature'], 'base64');
    if (signature.length !== 64) return false;
    return verify(null, Buffer.from(canonicalJson(payload), 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

/** `checkpoint-<seq, 20 digits>-<createdAt, compact>.json`: names sort in chain order, then time. */
export function checkpointFileName(payload: CheckpointPayload): string {
  return `checkpoint-${payload.seq.padStart(20, '0')}-${payload.createdAt.replace(/[-:.]/g, '')}.json`;
}

export const CHECKPOINT_FILE = /^checkpoint-(\d{20})-(\d{8}T\d{9}Z)\.json$/;
