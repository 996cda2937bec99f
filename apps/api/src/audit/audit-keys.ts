import type { AppConfig } from '../config/app-config.js';
import { parseSigningKey } from '../config/signing-key.js';
import { deriveMacKey } from './chain.js';

/**
 * The key of the events' MACs, derived from a secret the database never holds: the audit signing
 * key when one is configured (production), else the JWT secret (development and tests). Rotating
 * that secret makes the MACs of older events unverifiable, like the signatures of older
 * checkpoints: keep the previous key to verify an old chain.
 */
export function auditMacKey(config: Pick<AppConfig, 'AUDIT_SIGNING_KEY' | 'JWT_SECRET'>): Buffer {
  if (config.AUDIT_SIGNING_KEY) return deriveMacKey(parseSigningKey(config.AUDIT_SIGNING_KEY).export({ type: 'pkcs8', format: 'der' }));
  return deriveMacKey(config.JWT_SECRET);
}
