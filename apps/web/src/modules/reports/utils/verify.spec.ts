/** @jest-environment node */
import { createHash } from 'node:crypto';
import { matchVersion, sha256Hex, verifyFile } from './verify';

const versions = [
  { number: 1, sha256: createHash('sha256').update('version one').digest('hex') },
  { number: 2, sha256: createHash('sha256').update('version two').digest('hex').toUpperCase() },
];

describe('verifying a file against the stored versions', () => {
  it('computes the SHA-256 of the bytes as lower-case hex', async () => {
    // FIPS 180-2 test vector.
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('names the version whose hash the file has, whatever the case of the stored hash', async () => {
    expect(await verifyFile(new Blob(['version one']), versions)).toEqual({ sha256: versions[0]!.sha256, version: versions[0] });
    const two = await verifyFile(new Blob(['version two']), versions);
    expect(two.version?.number).toBe(2);
  });

  it('matches none when a single byte differs, and never on a malformed or empty hash', async () => {
    expect((await verifyFile(new Blob(['version one ']), versions)).version).toBeNull();
    expect(matchVersion('', versions)).toBeNull();
    expect(matchVersion(versions[0]!.sha256.slice(0, 63), versions)).toBeNull();
    expect(matchVersion(`  ${versions[0]!.sha256.toUpperCase()} `, versions)?.number).toBe(1);
  });
});
