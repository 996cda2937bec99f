import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { generateSigningKeyPem, parseSigningKey, publicKeyPem, signCheckpoint } from '../src/audit/checkpoint.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const VERIFIER = path.join(ROOT, 'tools/audit-verify-export.mjs');

/** The fields GET /audit/verify answers: the offline verifier must give the same. */
const VERDICT_FIELDS = ['intact', 'eventsChecked', 'firstBrokenEventId', 'reason', 'genesisHash', 'headHash', 'legacyEvents', 'checkpoint', 'checkpointStatus', 'matchesCheckpoint'] as const;
const pick = (o: Record<string, unknown>) => Object.fromEntries(VERDICT_FIELDS.map((k) => [k, o[k]]));

/** Runs the verifier as an auditor would, in a separate process with no database: exit code and JSON verdict. */
function verifyOffline(target: string, ...extra: string[]): { code: number | null; result: Record<string, unknown> & { checkpoints: Array<Record<string, unknown>>; accepted: boolean } } {
  const run = spawnSync(process.execPath, [VERIFIER, target, '--json', ...extra], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  if (run.status === 2) throw new Error(run.stderr);
  return { code: run.status, result: JSON.parse(run.stdout) };
}

/** The files of a ustar archive (written independently of the verifier's reader). */
function untar(buffer: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= buffer.length; ) {
    const header = buffer.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('ascii').replace(/\0+$/, '');
    const size = Number.parseInt(header.subarray(124, 135).toString('ascii'), 8);
    files.set(name, buffer.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * The proof outside the application (issue 12): GET /audit/export gives a bundle that a separate
 * verifier, with no database, accepts; one byte changed, an event dropped or a forged checkpoint
 * is reported, naming the event the way GET /audit/verify does.
 */
describe('audit export: a bundle verified offline', () => {
  let ctx: TestContext;
  let anchors: string;
  let work: string;
  const tokens: Record<string, string> = {};
  let bundle: Buffer;
  let files: Map<string, Buffer>;

  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  /** A copy of the bundle as a folder, each file possibly changed. */
  const folder = (name: string, change: Partial<Record<string, (b: Buffer) => Buffer>> = {}) => {
    const dir = path.join(work, name);
    mkdirSync(dir);
    for (const [file, content] of files) writeFileSync(path.join(dir, file), change[file] ? change[file](content) : content);
    return dir;
  };
  const eventLines = () => files.get('events.jsonl')!.toString('utf8').split('\n').filter(Boolean);

  beforeAll(async () => {
    anchors = mkdtempSync(path.join(tmpdir(), 'sidh-export-anchors-'));
    work = mkdtempSync(path.join(tmpdir(), 'sidh-export-'));
    ctx = await createTestApp({ env: { AUDIT_ANCHOR_ENABLED: 'true', AUDIT_ANCHOR_DIR: anchors } });
    for (const [key, email] of Object.entries({ coordinator: DEMO.coordinator, auditor: DEMO.auditor, admin: DEMO.admin, focal: DEMO.focalJustice, validator: DEMO.validatorJustice })) {
      tokens[key] = await ctx.login(email);
    }
    // A checkpoint, then more events after it: the bundle covers a signed part and a tail.
    expect((await request(ctx.http).post('/api/v1/audit/checkpoints').set(auth('coordinator')).send({})).status).toBe(201);
    const [rec] = await ctx.dataSource.query(`SELECT id, version FROM recommendation ORDER BY id LIMIT 1`);
    const patched = await request(ctx.http).patch(`/api/v1/recommendations/${rec.id}`).set(auth('coordinator')).set('If-Match', `"${rec.version}"`).send({ status: 'in_progress' });
    expect(patched.status).toBe(200);
    const res = await request(ctx.http)
      .get('/api/v1/audit/export')
      .set(auth('auditor'))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sidh-audit-\d+-\d{4}-\d{2}-\d{2}\.tar\.gz"$/);
    bundle = res.body as Buffer;
    files = untar(gunzipSync(bundle));
  }, 180_000);
  afterAll(async () => {
    await ctx?.close();
    rmSync(anchors, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('only audit readers export: a focal point and a validator get 403', async () => {
    expect((await request(ctx.http).get('/api/v1/audit/export').set(auth('focal'))).status).toBe(403);
    expect((await request(ctx.http).get('/api/v1/audit/export').set(auth('validator'))).status).toBe(403);
    expect((await request(ctx.http).get('/api/v1/audit/export').set(auth('admin'))).status).toBe(200);
  });

  it('holds every event with the hashed fields, the signed checkpoints, the public key and a README', async () => {
    expect([...files.keys()].sort()).toEqual(['README.txt', 'checkpoints.jsonl', 'events.jsonl', 'manifest.json', 'public-key.pem']);
    const stored = await ctx.dataSource.query(`SELECT id::text AS id, hash, prev_hash, changes::text AS changes FROM audit_event ORDER BY audit_event.id`);
    const lines = eventLines().map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(stored.map((r: { id: string }) => r.id));
    expect(lines.map((l) => [l.hash, l.prevHash, l.changes])).toEqual(stored.map((r: { hash: string; prev_hash: string; changes: string }) => [r.hash, r.prev_hash, r.changes]));
    const key = await request(ctx.http).get('/api/v1/audit/checkpoints/public-key').set(auth('auditor'));
    expect(files.get('public-key.pem')!.toString()).toBe(key.body.publicKeyPem);
    expect(files.get('checkpoints.jsonl')!.toString().trim().split('\n')).toHaveLength(1);
    expect(files.get('README.txt')!.toString()).toContain('npm run audit:verify-export');
  });

  it('the offline verifier accepts the bundle (the .tar.gz and its extracted folder) with the verdict of GET /audit/verify', async () => {
    const file = path.join(work, 'bundle.tar.gz');
    writeFileSync(file, bundle);
    const online = (await request(ctx.http).get('/api/v1/audit/verify').set(auth('auditor'))).body;
    expect(online).toMatchObject({ intact: true, checkpointStatus: 'matches' });
    for (const target of [file, folder('intact')]) {
      const { code, result } = verifyOffline(target);
      expect(code).toBe(0);
      expect(result.accepted).toBe(true);
      expect(pick(result)).toEqual(pick(online));
      expect(result.checkpoints).toEqual([expect.objectContaining({ signatureValid: true, status: 'matches' })]);
      expect(result.macsChecked).toBe(false);
    }
  });

  it('one byte changed in an event: the verifier names that event (reason hash), as GET /audit/verify does for the same edit', async () => {
    const lines = eventLines();
    const k = Math.floor(lines.length / 2);
    const target = JSON.parse(lines[k]!);
    const dir = folder('flipped', {
      'events.jsonl': (b) => {
        const lineStart = b.indexOf(`{"id":"${target.id}",`);
        const at = b.indexOf('"action":"', lineStart) + '"action":"'.length;
        const bytes = Buffer.from(b);
        bytes[at] = bytes[at]! ^ 0x01; // one bit of one byte of the action: still valid JSON
        return bytes;
      },
    });
    const { code, result } = verifyOffline(dir);
    expect(code).toBe(1);
    expect(result).toMatchObject({ intact: false, firstBrokenEventId: target.id, reason: 'hash', accepted: false });

    // The same edit made in the database (as its owner), with the server's verdict: the same event, the same reason, the same fields.
    await ctx.dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`);
      await m.query(`UPDATE audit_event SET action = $2 WHERE id = $1`, [target.id, String.fromCharCode(target.action.charCodeAt(0) ^ 1) + target.action.slice(1)]);
      await m.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change`);
    });
    try {
      const online = (await request(ctx.http).get('/api/v1/audit/verify').set(auth('auditor'))).body;
      expect(online).toMatchObject({ intact: false, firstBrokenEventId: target.id, reason: 'hash' });
      // The server also read the later events (the patch after the export is not in the bundle): compare what both saw.
      const { eventsChecked: _e, headHash: _h, ...sameOnline } = pick(online);
      const { eventsChecked: _e2, headHash: _h2, ...sameOffline } = pick(result);
      expect(sameOffline).toEqual(sameOnline);
    } finally {
      await ctx.dataSource.transaction(async (m) => {
        await m.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`);
        await m.query(`UPDATE audit_event SET action = $2 WHERE id = $1`, [target.id, target.action]);
        await m.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change`);
      });
    }
  });

  it('a byte changed in the compressed bundle itself is refused', () => {
    const file = path.join(work, 'corrupt.tar.gz');
    const bytes = Buffer.from(bundle);
    bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 0xff;
    writeFileSync(file, bytes);
    const run = spawnSync(process.execPath, [VERIFIER, file, '--json'], { cwd: ROOT, encoding: 'utf8' });
    // Either gzip's own check fails (exit 2) or the content no longer verifies (exit 1): never accepted.
    expect(run.status === 1 || run.status === 2).toBe(true);
    if (run.status === 1) expect(JSON.parse(run.stdout).accepted).toBe(false);
  });

  it('an event dropped: the gap is reported at the missing id', () => {
    const lines = eventLines();
    const k = 5;
    const dropped = JSON.parse(lines[k]!).id as string;
    const dir = folder('dropped', { 'events.jsonl': () => Buffer.from(lines.filter((_, i) => i !== k).join('\n') + '\n') });
    const { code, result } = verifyOffline(dir);
    expect(code).toBe(1);
    expect(result).toMatchObject({ intact: false, firstBrokenEventId: String(BigInt(dropped) + 1n), reason: 'gap' });
  });

  it('the tail dropped back behind the checkpoint: behind_checkpoint', () => {
    const lines = eventLines();
    const seq = JSON.parse(files.get('checkpoints.jsonl')!.toString()).envelope.payload.seq as string;
    const kept = lines.filter((l) => BigInt(JSON.parse(l).id) < BigInt(seq));
    const { code, result } = verifyOffline(folder('behind', { 'events.jsonl': () => Buffer.from(kept.join('\n') + '\n') }));
    expect(code).toBe(1);
    expect(result).toMatchObject({ intact: false, reason: 'behind_checkpoint', checkpointStatus: 'behind', firstBrokenEventId: seq });
  });

  it('a forged checkpoint is refused: an altered payload, a signature by another key, and another key passed off as the bundle’s', () => {
    const [line] = files.get('checkpoints.jsonl')!.toString().trim().split('\n');
    const genuine = JSON.parse(line!);
    // 1. The signed head hash changed, the signature kept.
    const altered = { ...genuine, file: genuine.file.replace('.json', '9.json'), envelope: { ...genuine.envelope, payload: { ...genuine.envelope.payload, eventsChecked: genuine.envelope.payload.eventsChecked + 1 } } };
    let r = verifyOffline(folder('altered', { 'checkpoints.jsonl': (b) => Buffer.concat([b, Buffer.from(JSON.stringify(altered) + '\n')]) }));
    expect(r.code).toBe(1);
    expect(r.result).toMatchObject({ checkpointStatus: 'invalid_signature', matchesCheckpoint: false, accepted: false });
    expect(r.result.checkpoints.map((c) => c['signatureValid'])).toEqual([true, false]);

    // 2. Signed by a key that is not the bundle's.
    const other = parseSigningKey(generateSigningKeyPem());
    const foreign = { file: genuine.file.replace('.json', '8.json'), envelope: signCheckpoint(genuine.envelope.payload, other) };
    r = verifyOffline(folder('other-key', { 'checkpoints.jsonl': (b) => Buffer.concat([b, Buffer.from(JSON.stringify(foreign) + '\n')]) }));
    expect(r.code).toBe(1);
    expect(r.result).toMatchObject({ checkpointStatus: 'invalid_signature', accepted: false });

    // 3. A rewritten bundle signed by an attacker who also replaced public-key.pem: refused against the key the auditor trusts.
    const dir = folder('swapped-key', {
      'checkpoints.jsonl': () => Buffer.from(JSON.stringify(foreign) + '\n'),
      'public-key.pem': () => Buffer.from(publicKeyPem(other)),
    });
    expect(verifyOffline(dir).code).toBe(0); // consistent with the key it carries…
    const trusted = path.join(work, 'trusted.pem');
    writeFileSync(trusted, files.get('public-key.pem')!);
    r = verifyOffline(dir, '--public-key', trusted); // …but not with the server's key
    expect(r.code).toBe(1);
    expect(r.result).toMatchObject({ checkpointStatus: 'invalid_signature', accepted: false });
  });

  it('a line that is not an event any more is reported at its position', () => {
    const lines = eventLines();
    const k = 3;
    const id = JSON.parse(lines[k]!).id as string;
    const { code, result } = verifyOffline(folder('garbled', { 'events.jsonl': () => Buffer.from(lines.map((l, i) => (i === k ? l.slice(0, -2) : l)).join('\n') + '\n') }));
    expect(code).toBe(1);
    expect(result).toMatchObject({ intact: false, firstBrokenEventId: id, reason: 'hash' });
    expect(readFileSync(path.join(work, 'garbled', 'events.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(lines.length);
  });
});
