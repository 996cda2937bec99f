import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AuditAnchorService } from '../src/audit/audit-anchor.service.js';
import { canonicalJson, CHECKPOINT_FORMAT, generateSigningKeyPem, parseSigningKey, signCheckpoint } from '../src/audit/checkpoint.js';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { createTestApp, DEMO, TEST_JWT_SECRET, type TestContext } from './harness.js';

interface VerifyBody {
  intact: boolean;
  eventsChecked: number;
  firstBrokenEventId: string | null;
  reason: string | null;
  checkpointStatus: string;
  headHash: string | null;
  checkpoint: { seq: string | null; headHash: string | null; createdAt: string | null; signatureValid: boolean } | null;
  matchesCheckpoint: boolean | null;
}

/**
 * Signed checkpoints of the audit chain (docs/audit-threat-model.md): the owner who disables the
 * triggers, rewrites an old event and recomputes every later hash no longer matches the signed
 * checkpoint (and the edited event fails its MAC).
 */
describe('audit anchoring: signed checkpoints outside the database', () => {
  let ctx: TestContext;
  let dir: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidh-anchors-'));
    ctx = await createTestApp({ env: { AUDIT_ANCHOR_ENABLED: 'true', AUDIT_ANCHOR_DIR: dir } });
    for (const [key, email] of Object.entries({ coordinator: DEMO.coordinator, auditor: DEMO.auditor, admin: DEMO.admin, focal: DEMO.focalJustice })) {
      tokens[key] = await ctx.login(email);
    }
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = (who = 'auditor') => ({ Authorization: `Bearer ${tokens[who]}` });
  const verify = async (): Promise<VerifyBody> => {
    const res = await request(ctx.http).get('/api/v1/audit/verify').set(auth());
    expect(res.status).toBe(200);
    return res.body;
  };
  const checkpointFiles = () => readdirSync(dir).filter((f) => f.startsWith('checkpoint-')).sort();
  const anchor = async (who = 'coordinator') => request(ctx.http).post('/api/v1/audit/checkpoints').set(auth(who)).send({});
  /** As the table owner: triggers off, rewrite event k's changes, recompute every later prev_hash and hash, triggers on. */
  const rewriteHistory = (k: number, changes: string) =>
    ctx.dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`);
      await m.query(`UPDATE audit_event SET changes = $2::jsonb WHERE id = $1`, [k, changes]);
      await m.query(`
        DO $$
        DECLARE r record; prev varchar;
        BEGIN
          SELECT hash INTO prev FROM audit_event WHERE id = ${k - 1};
          FOR r IN SELECT id FROM audit_event WHERE id >= ${k} ORDER BY id LOOP
            UPDATE audit_event SET prev_hash = coalesce(prev, repeat('0', 64)) WHERE id = r.id;
            UPDATE audit_event e SET hash = audit_event_hash(e) WHERE id = r.id RETURNING hash INTO prev;
          END LOOP;
        END $$`);
      await m.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change`);
    });

  it('without a checkpoint, verify reports checkpoint: null, matchesCheckpoint: null', async () => {
    expect(await verify()).toMatchObject({ intact: true, checkpoint: null, matchesCheckpoint: null });
    expect((await request(ctx.http).get('/api/v1/audit/checkpoints').set(auth())).body).toMatchObject({ items: [], total: 0 });
  });

  it('only admin and coordinator may sign a checkpoint (audit:anchor); the auditor and a focal point get 403 and nothing is written', async () => {
    expect((await anchor('auditor')).status).toBe(403);
    expect((await anchor('focal')).status).toBe(403);
    expect(checkpointFiles()).toEqual([]);
  });

  let first: { file: string; seq: string; headHash: string };

  it('POST /audit/checkpoints signs the head: one read-only file, verifiable offline with the published public key', async () => {
    const res = await anchor();
    expect(res.status).toBe(201);
    const [{ id, hash }] = await ctx.dataSource.query(`SELECT e.id::text AS id, e.hash FROM audit_event e ORDER BY e.id DESC LIMIT 1`);
    expect(res.body).toMatchObject({ seq: id, headHash: hash, signatureValid: true, eventsChecked: Number(id) });
    first = res.body;
    expect(checkpointFiles()).toEqual([first.file]);
    const path = join(dir, first.file);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    // The development key lives next to the checkpoints, owner-only.
    expect(statSync(join(dir, 'signing-key.pem')).mode & 0o777).toBe(0o600);

    const text = readFileSync(path, 'utf8');
    const envelope = JSON.parse(text);
    expect(text).toBe(canonicalJson(envelope) + '\n');
    expect(envelope).toMatchObject({ algorithm: 'Ed25519', payload: { format: CHECKPOINT_FORMAT, seq: id, headHash: hash } });
    expect(text).not.toMatch(/PRIVATE/);

    const key = await request(ctx.http).get('/api/v1/audit/checkpoints/public-key').set(auth());
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: envelope.keyId, publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/) });
    const bytes = Buffer.from(JSON.stringify(envelope.payload, Object.keys(envelope.payload).sort()));
    expect(verifySignature(null, bytes, createPublicKey(key.body.publicKeyPem), Buffer.from(envelope.signature, 'base64'))).toBe(true);
  });

  it('GET /audit/verify matches the checkpoint, also after the chain grew', async () => {
    expect(await verify()).toMatchObject({
      intact: true,
      checkpoint: { seq: first.seq, headHash: first.headHash, signatureValid: true, createdAt: expect.any(String) },
      matchesCheckpoint: true,
    });
    await ctx.login(DEMO.admin); // one more event
    const result = await verify();
    expect(Number(result.eventsChecked)).toBeGreaterThan(Number(first.seq));
    expect(result).toMatchObject({ intact: true, matchesCheckpoint: true });
    const list = await request(ctx.http).get('/api/v1/audit/checkpoints').set(auth());
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ file: first.file, seq: first.seq, signatureValid: true }] });
  });

  it('a checkpoint is never overwritten: a second one under the same name is refused and the file is unchanged', async () => {
    const service = ctx.app.get(AuditAnchorService);
    const now = new Date();
    const made = await service.createCheckpoint({ now });
    const before = readFileSync(join(dir, made.file));
    await expect(service.createCheckpoint({ now })).rejects.toMatchObject({ status: 409 });
    expect(readFileSync(join(dir, made.file)).equals(before)).toBe(true);
    expect(checkpointFiles()).toHaveLength(2);
  });

  describe('the full-recompute attack by the database owner', () => {
    let k: number;
    let original: string;

    beforeAll(async () => {
      const [{ seq }] = (await request(ctx.http).get('/api/v1/audit/checkpoints').set(auth())).body.items;
      k = Math.max(2, Math.floor(Number(seq) / 2));
      [{ original }] = await ctx.dataSource.query(`SELECT changes::text AS original FROM audit_event WHERE id = $1`, [k]);
    });

    it('the rewritten chain (every later hash recomputed) fails the MAC of the edited event and no longer matches the signed checkpoint', async () => {
      const before = await verify();
      await rewriteHistory(k, '{"forged": true}');
      const [{ changes }] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE id = $1`, [k]);
      expect(changes).toEqual({ forged: true });
      const after = await verify();
      // The hashes are consistent again, but the edited content no longer carries the MAC the
      // application computed with a key the database never held.
      expect(after).toMatchObject({ intact: false, firstBrokenEventId: String(k), reason: 'mac', eventsChecked: before.eventsChecked, checkpointStatus: 'diverged' });
      expect(after.headHash).not.toBe(before.headHash);
      expect(after.checkpoint).toMatchObject({ signatureValid: true });
      expect(after.matchesCheckpoint).toBe(false);
    });

    it('no new checkpoint is signed over the rewritten chain (that would launder it)', async () => {
      const files = checkpointFiles();
      const res = await anchor('admin');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('audit.chain_broken');
      expect(checkpointFiles()).toEqual(files);
    });

    it('putting the original content back (and recomputing again) matches again: the check recomputes, it does not remember', async () => {
      await rewriteHistory(k, original);
      expect(await verify()).toMatchObject({ intact: true, matchesCheckpoint: true });
    });
  });

  it('a plain edit (no recompute) is caught by both: intact false and no match', async () => {
    const [{ seq }] = (await request(ctx.http).get('/api/v1/audit/checkpoints').set(auth())).body.items;
    const k = Math.max(2, Math.floor(Number(seq) / 3));
    const [{ original }] = await ctx.dataSource.query(`SELECT changes::text AS original FROM audit_event WHERE id = $1`, [k]);
    const edit = (changes: string) =>
      ctx.dataSource.transaction(async (m) => {
        await m.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`);
        await m.query(`UPDATE audit_event SET changes = $2::jsonb WHERE id = $1`, [k, changes]);
        await m.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change`);
      });
    await edit('{"x": 1}');
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(k), matchesCheckpoint: false });
    expect((await anchor()).status).toBe(409);
    await edit(original);
    expect(await verify()).toMatchObject({ intact: true, matchesCheckpoint: true });
  });

  describe('tampered or forged checkpoint files', () => {
    it('a checkpoint file whose hash was edited fails signatureValid, and then never matches', async () => {
      const files = checkpointFiles();
      const newest = join(dir, files[files.length - 1]!);
      const original = readFileSync(newest, 'utf8');
      const envelope = JSON.parse(original);
      // Point it at another real event with its real hash: only the signature can tell.
      const [{ id, hash }] = await ctx.dataSource.query(`SELECT id::text AS id, hash FROM audit_event WHERE id = $1`, [Number(envelope.payload.seq) - 1]);
      expect(id).not.toBe(envelope.payload.seq);
      envelope.payload.seq = id;
      envelope.payload.headHash = hash;
      chmodSync(newest, 0o644);
      writeFileSync(newest, canonicalJson(envelope) + '\n');
      const result = await verify();
      expect(result.checkpoint).toMatchObject({ seq: id, headHash: hash, signatureValid: false });
      expect(result.matchesCheckpoint).toBe(false);
      const list = await request(ctx.http).get('/api/v1/audit/checkpoints').set(auth());
      expect(list.body.items[0]).toMatchObject({ seq: id, signatureValid: false });
      writeFileSync(newest, original);
      chmodSync(newest, 0o444);
      expect(await verify()).toMatchObject({ matchesCheckpoint: true, checkpoint: { signatureValid: true } });
    });

    it('a newer checkpoint signed with another key fails signatureValid (and is reported, not skipped)', async () => {
      const [{ id, hash }] = await ctx.dataSource.query(`SELECT e.id::text AS id, e.hash FROM audit_event e ORDER BY e.id DESC LIMIT 1`);
      const [{ genesis }] = await ctx.dataSource.query(`SELECT hash AS genesis FROM audit_event WHERE id = 1`);
      const forged = signCheckpoint(
        { format: CHECKPOINT_FORMAT, seq: id, headHash: hash, eventsChecked: Number(id), genesisHash: genesis, createdAt: new Date().toISOString() },
        parseSigningKey(generateSigningKeyPem()),
      );
      const name = `checkpoint-${id.padStart(20, '0')}-99991231T235959999Z.json`;
      writeFileSync(join(dir, name), canonicalJson(forged) + '\n');
      expect(await verify()).toMatchObject({ checkpoint: { seq: id, signatureValid: false }, matchesCheckpoint: false });
      // Signing still works (the forged file is not trusted), and a new valid checkpoint is written beside it.
      expect((await anchor()).status).toBe(201);
      rmSync(join(dir, name));
      expect(await verify()).toMatchObject({ matchesCheckpoint: true, checkpoint: { signatureValid: true } });
      expect(existsSync(join(dir, name))).toBe(false);
    });
  });
});

describe('audit anchoring configuration', () => {
  const base = { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET };

  it('production refuses to start without AUDIT_SIGNING_KEY while anchoring is on (the default)', () => {
    expect(() => loadConfig(base)).toThrow(ConfigError);
    expect(() => loadConfig(base)).toThrow(/AUDIT_SIGNING_KEY/);
  });

  it('production starts with a key, or with anchoring explicitly off', () => {
    expect(loadConfig({ ...base, AUDIT_SIGNING_KEY: generateSigningKeyPem() }).AUDIT_ANCHOR_ENABLED).toBe(true);
    expect(loadConfig({ ...base, AUDIT_ANCHOR_ENABLED: 'false' }).AUDIT_ANCHOR_ENABLED).toBe(false);
  });

  it('a key that is not Ed25519 PKCS#8 PEM is refused in every environment, without echoing it', () => {
    for (const env of ['development', 'production']) {
      expect(() => loadConfig({ ...base, NODE_ENV: env, AUDIT_SIGNING_KEY: 'secret-not-a-key' })).toThrow(/AUDIT_SIGNING_KEY must be an Ed25519/);
    }
    expect(() => loadConfig({ ...base, AUDIT_SIGNING_KEY: 'secret-not-a-key' })).not.toThrow(/secret-not-a-key/);
  });

  it('anchoring is on by default, off by default in tests', () => {
    expect(loadConfig({}).AUDIT_ANCHOR_ENABLED).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).AUDIT_ANCHOR_ENABLED).toBe(false);
    expect(loadConfig({}).AUDIT_ANCHOR_DIR).toBe('./data/audit-anchors');
  });
});
