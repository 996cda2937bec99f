import { createHash, createHmac } from 'node:crypto';
import { deriveMacKey, eventMac, hmacSha256Hex, sha256Hex } from './chain.js';

describe('the verifier\'s hash and MAC are node:crypto\'s', () => {
  const texts = ['', 'a', 'é日本😀', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(65), '["k","v"]'.repeat(700), 'ü'.repeat(5000)];

  it('sha256Hex', () => {
    for (const text of texts) expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it.each([
    ['the derived MAC key (32 bytes)', deriveMacKey('secret-secret-secret-secret-secret')],
    ['an empty key', Buffer.alloc(0)],
    ['a 64-byte key', Buffer.alloc(64, 1)],
    ['a key longer than a block (hashed first)', Buffer.alloc(100, 2)],
  ])('hmacSha256Hex with %s, texts short and long, one after the other', (_what, key) => {
    const mac = hmacSha256Hex(key);
    for (const text of [...texts, ...texts.reverse()]) expect(mac(text)).toBe(createHmac('sha256', key).update(text, 'utf8').digest('hex'));
  });

  it('is the MAC the writer computes', () => {
    const key = deriveMacKey('secret-secret-secret-secret-secret');
    const content = { eventKey: '1b4e28ba-2fa1-41d2-883f-0016d3cca427', actorId: null, actorRole: 'system', actorInstitutionId: null, action: 'a', entityType: 't', entityId: 'x', changes: { b: 1, a: 'é' }, requestId: null, ip: null };
    expect(hmacSha256Hex(key)('["1b4e28ba-2fa1-41d2-883f-0016d3cca427",null,"system",null,"a","t","x",{"a":"é","b":1},null,null]')).toBe(eventMac(key, content));
  });
});
