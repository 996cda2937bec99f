import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, CHECKPOINT_ALGORITHM, CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_V1, parseCheckpointPayload, type CheckpointPayload } from '@sidh/domain';

/**
 * Signed checkpoints of the audit chain (docs/audit-threat-model.md): the head of the chain, signed with
 * an Ed25519 key that the database never sees, and kept outside the database. Someone with owner
 * rights can rewrite the events and recompute every hash, so that `/audit/verify` says intact;
 * they cannot make the event numbered `seq` carry the hash a checkpoint signed before.
 *
 * These functions are pure (no files, no database) so an auditor can reproduce them offline.
 */

export { canonicalJson, CHECKPOINT_ALGORITHM, CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_V1, type CheckpointPayload };

/** One checkpoint file: the payload, the key that signed it and the signature of `canonicalJson(payload)`. */
export interface CheckpointEnvelope {
  algorithm: typeof CHECKPOINT_ALGORITHM;
  keyId: string;
  payload: CheckpointPayload;
  signature: string;
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

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The payload if it has exactly the signed shape, else null (the rule of `@sidh/domain`, shared with the offline verifier). */
export const parsePayload = parseCheckpointPayload;

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
