import { createPrivateKey, type KeyObject } from 'node:crypto';

/** An Ed25519 private key from PEM (literal `\n` sequences accepted, as in an env file). */
export function parseSigningKey(pem: string): KeyObject {
  const key = createPrivateKey({ key: pem.replace(/\\n/g, '\n'), format: 'pem' });
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}
