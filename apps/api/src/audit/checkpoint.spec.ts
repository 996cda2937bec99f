import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import {
  CHECKPOINT_FILE,
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_V1,
  canonicalJson,
  checkpointFileName,
  generateSigningKeyPem,
  keyIdOf,
  parseSigningKey,
  publicKeyPem,
  signCheckpoint,
  verifyCheckpoint,
  type CheckpointPayload,
} from './checkpoint.js';

const payload: CheckpointPayload = {
  format: CHECKPOINT_FORMAT,
  seq: '1234',
  headHash: 'ab'.repeat(32),
  eventsChecked: 1234,
  genesisHash: 'cd'.repeat(32),
  createdAt: '2026-01-02T03:04:05.678Z',
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('is independent of insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('escapes strings as JSON does (quotes, control characters, non-ASCII kept)', () => {
    expect(canonicalJson({ s: 'a"b\n\u0001é' })).toBe('{"s":"a\\"b\\n\\u0001é"}');
  });

  it.each([
    ['undefined', { a: undefined }],
    ['NaN', { a: Number.NaN }],
    ['Infinity', [Infinity]],
    ['bigint', { a: 1n }],
    ['Date', { a: new Date(0) }],
    ['function', { a: () => 1 }],
  ])('refuses %s instead of changing it', (_, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});

describe('checkpoint signatures (Ed25519)', () => {
  const key = parseSigningKey(generateSigningKeyPem());
  const publicKey = createPublicKey(key);

  it('a signed checkpoint verifies, and the signature is over canonicalJson(payload)', () => {
    const envelope = signCheckpoint(payload, key);
    expect(envelope).toMatchObject({ algorithm: 'Ed25519', keyId: keyIdOf(publicKey), payload });
    expect(verifyCheckpoint(envelope, publicKey)).toBe(true);
    // What an auditor does offline with the published public key only:
    const pem = publicKeyPem(key);
    const bytes = Buffer.from(JSON.stringify(payload, Object.keys(payload).sort()));
    expect(verify(null, bytes, createPublicKey(pem), Buffer.from(envelope.signature, 'base64'))).toBe(true);
  });

  it('survives a JSON round trip with keys in another order', () => {
    const envelope = signCheckpoint(payload, key);
    const reordered = JSON.parse(JSON.stringify({ signature: envelope.signature, payload: Object.fromEntries(Object.entries(payload).reverse()), keyId: envelope.keyId, algorithm: 'Ed25519' }));
    expect(verifyCheckpoint(reordered, publicKey)).toBe(true);
  });

  it.each([
    ['seq', { seq: '1235' }],
    ['headHash', { headHash: 'cd'.repeat(32) }],
    ['eventsChecked', { eventsChecked: 1235 }],
    ['createdAt', { createdAt: '2026-01-02T03:04:05.679Z' }],
  ])('a changed %s fails', (_, change) => {
    const envelope = signCheckpoint(payload, key);
    expect(verifyCheckpoint({ ...envelope, payload: { ...payload, ...change } }, publicKey)).toBe(false);
  });

  it('an extra payload field, a flipped signature bit, another key or a wrong algorithm fails', () => {
    const envelope = signCheckpoint(payload, key);
    expect(verifyCheckpoint({ ...envelope, payload: { ...payload, note: 'x' } }, publicKey)).toBe(false);
    const sig = Buffer.from(envelope.signature, 'base64');
    sig[0] = sig[0]! ^ 1;
    expect(verifyCheckpoint({ ...envelope, signature: sig.toString('base64') }, publicKey)).toBe(false);
    const other = createPublicKey(generateKeyPairSync('ed25519').privateKey);
    expect(verifyCheckpoint(envelope, other)).toBe(false);
    // Same signature, but claiming the other key's id: still refused (the signature is checked with the trusted key).
    expect(verifyCheckpoint({ ...envelope, keyId: keyIdOf(other) }, publicKey)).toBe(false);
    expect(verifyCheckpoint({ ...envelope, algorithm: 'HS256' }, publicKey)).toBe(false);
  });

  it.each([null, 'x', 42, {}, { payload: 'x' }, { algorithm: 'Ed25519', keyId: 'k', payload, signature: '!!' }])('never throws on garbage (%p)', (garbage) => {
    expect(verifyCheckpoint(garbage, publicKey)).toBe(false);
  });

  it('only Ed25519 PKCS#8 keys are accepted; one-line PEM with \\n escapes works', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519/);
    expect(() => parseSigningKey('not a key')).toThrow();
    const pem = generateSigningKeyPem();
    expect(keyIdOf(parseSigningKey(pem.replace(/\n/g, '\\n')))).toBe(keyIdOf(createPrivateKey(pem)));
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('file names sort in chain order and match the accepted pattern', () => {
    const a = checkpointFileName({ ...payload, seq: '9' });
    const b = checkpointFileName({ ...payload, seq: '10' });
    expect(a).toBe('checkpoint-00000000000000000009-20260102T030405678Z.json');
    expect([b, a].sort()).toEqual([a, b]);
    expect(CHECKPOINT_FILE.test(a)).toBe(true);
    expect(CHECKPOINT_FILE.test('../checkpoint-1.json')).toBe(false);
  });
});

describe('checkpoint formats', () => {
  const key = parseSigningKey(generateSigningKeyPem());
  const publicKey = createPublicKey(key);

  it('still verifies a v1 checkpoint (no genesisHash) written before v2', () => {
    const { genesisHash: _, ...rest } = payload;
    const v1 = signCheckpoint({ ...rest, format: CHECKPOINT_FORMAT_V1 }, key);
    expect(verifyCheckpoint(v1, publicKey)).toBe(true);
  });

  it('refuses a v2 checkpoint without genesisHash, and a v1 checkpoint carrying one', () => {
    const { genesisHash: _, ...rest } = payload;
    expect(verifyCheckpoint(signCheckpoint(rest, key), publicKey)).toBe(false);
    expect(verifyCheckpoint(signCheckpoint({ ...payload, format: CHECKPOINT_FORMAT_V1 }, key), publicKey)).toBe(false);
  });
});
