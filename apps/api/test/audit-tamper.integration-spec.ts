import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AuditWriter, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * The tamper suite of docs/audit-threat-model.md: each attack by someone who controls the
 * database (superuser or owner), and what `GET /audit/verify` and `POST /audit/checkpoints` say.
 * Every test starts from a freshly built database: attacks do not leak into each other.
 */
interface Verify {
  intact: boolean;
  firstBrokenEventId: string | null;
  reason: string | null;
  checkpointStatus: string;
  matchesCheckpoint: boolean | null;
  eventsChecked: number;
  genesisHash: string | null;
}

describe('audit tamper suite (an attacker with database superuser rights)', () => {
  let ctx: TestContext;
  let dir: string;
  let auditor: string;
  let coordinator: string;

  const verify = async (): Promise<Verify> => {
    const res = await request(ctx.http).get('/api/v1/audit/verify').set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const anchor = () => request(ctx.http).post('/api/v1/audit/checkpoints').set('Authorization', `Bearer ${coordinator}`).send({});
  const head = async (): Promise<number> => Number((await ctx.dataSource.query(`SELECT max(id)::text AS id FROM audit_event`))[0].id);
  /** SQL run with every trigger off (`session_replication_role = replica`: superuser only), in one transaction. */
  const asSuperuser = (...statements: string[]) =>
    ctx.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      for (const sql of statements) await m.query(sql);
    });
  /** Recomputes every prev_hash and hash from event `from` on, with the database's own hash function. */
  const recomputeFrom = (from: number) => `
    DO $$
    DECLARE r record; prev varchar;
    BEGIN
      SELECT hash INTO prev FROM audit_event WHERE id = ${from - 1};
      FOR r IN SELECT id FROM audit_event WHERE id >= ${from} ORDER BY id LOOP
        UPDATE audit_event SET prev_hash = coalesce(prev, repeat('0', 64)) WHERE id = r.id;
        UPDATE audit_event e SET hash = audit_event_hash(e) WHERE id = r.id RETURNING hash INTO prev;
      END LOOP;
    END $$`;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidh-tamper-'));
    ctx = await createTestApp({ env: { AUDIT_ANCHOR_ENABLED: 'true', AUDIT_ANCHOR_DIR: dir } });
    auditor = await ctx.login(DEMO.auditor);
    coordinator = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterEach(async () => {
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A signed checkpoint now, then a few more genuine events after it. */
  const checkpointThenMore = async (): Promise<number> => {
    const res = await anchor();
    expect(res.status).toBe(201);
    for (let i = 0; i < 3; i++) await ctx.login(DEMO.admin);
    return Number(res.body.seq);
  };

  it('control: the untouched chain is intact, every event carries a MAC, and it matches its checkpoint', async () => {
    await checkpointThenMore();
    expect(await verify()).toMatchObject({ intact: true, firstBrokenEventId: null, reason: null, checkpointStatus: 'matches', matchesCheckpoint: true });
  });

  it('an edited event (no recompute) is named: reason "hash"', async () => {
    const seq = await checkpointThenMore();
    const k = Math.floor(seq / 2);
    await asSuperuser(`UPDATE audit_event SET changes = '{"forged": true}' WHERE id = ${k}`);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(k), reason: 'hash', checkpointStatus: 'diverged' });
    expect((await anchor()).status).toBe(409);
  });

  it("the database's hash function replaced by a forgery, then an event edited: verification does not call it (reason 'hash'), and nothing is signed", async () => {
    const seq = await checkpointThenMore();
    const k = seq - 1;
    await asSuperuser(
      `CREATE OR REPLACE FUNCTION audit_event_hash(e audit_event) RETURNS varchar LANGUAGE sql STABLE AS $fn$ SELECT e.hash $fn$`,
      `UPDATE audit_event SET action = 'user.login', changes = '{}' WHERE id = ${k}`,
    );
    // What the old SQL verifier computed: with the forged function every stored hash "matches".
    const [{ ok }] = await ctx.dataSource.query(`SELECT bool_and(hash = audit_event_hash(e)) AS ok FROM audit_event e`);
    expect(ok).toBe(true);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(k), reason: 'hash', matchesCheckpoint: false });
    const res = await anchor();
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('audit.chain_broken');
  });

  it('an edit before the last checkpoint with every later hash recomputed: the MAC names the event, the checkpoint no longer matches', async () => {
    const seq = await checkpointThenMore();
    const k = Math.floor(seq / 2);
    await asSuperuser(`UPDATE audit_event SET changes = '{"forged": true}' WHERE id = ${k}`, recomputeFrom(k));
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(k), reason: 'mac', checkpointStatus: 'diverged', matchesCheckpoint: false });
    expect((await anchor()).status).toBe(409);
  });

  it('an edit after the last checkpoint with every later hash recomputed: the MAC names the event', async () => {
    const seq = await checkpointThenMore();
    const k = seq + 2;
    await asSuperuser(`UPDATE audit_event SET actor_role = 'coordinator' WHERE id = ${k}`, recomputeFrom(k));
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(k), reason: 'mac', checkpointStatus: 'matches' });
    expect((await anchor()).status).toBe(409);
  });

  it('events deleted back behind the last checkpoint: reason "behind_checkpoint", and the shorter chain is never signed', async () => {
    const seq = await checkpointThenMore();
    await asSuperuser(`DELETE FROM audit_event WHERE id >= ${seq - 1}`);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(seq - 1), reason: 'behind_checkpoint', checkpointStatus: 'behind', matchesCheckpoint: false });
    const res = await anchor();
    expect(res.status).toBe(409);
    expect(res.body.details).toMatchObject({ checkpointStatus: 'behind' });
  });

  it('an event forged through the trigger (plain INSERT, no MAC) is named: reason "mac_missing"', async () => {
    await checkpointThenMore();
    await ctx.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO audit_event (action, entity_type, entity_id, changes) VALUES ('user.role_change', 'user', 'someone', '{"role": {"after": "admin"}}')`);
    });
    const forged = await head();
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(forged), reason: 'mac_missing' });
  });

  it('an event forged with a made-up MAC is named: reason "mac"', async () => {
    await checkpointThenMore();
    await ctx.dataSource.query(
      `INSERT INTO audit_event (action, entity_type, entity_id, changes, event_key, mac) VALUES ('user.role_change', 'user', 'someone', '{}', gen_random_uuid(), repeat('a', 64))`,
    );
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(await head()), reason: 'mac' });
  });

  it('a genuine event copied to the head (same key and MAC) is named: reason "duplicate_key"', async () => {
    await checkpointThenMore();
    const k = (await head()) - 1;
    await ctx.dataSource.query(
      `INSERT INTO audit_event (actor_id, actor_role, actor_institution_id, action, entity_type, entity_id, changes, request_id, ip, event_key, mac)
       SELECT actor_id, actor_role, actor_institution_id, action, entity_type, entity_id, changes, request_id, ip, event_key, mac FROM audit_event WHERE id = $1`,
      [k],
    );
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: String(await head()), reason: 'duplicate_key' });
  });

  it("a checkpoint of another database is reported as foreign, not as a mismatch, and this chain's checkpoint is not signed over it", async () => {
    await checkpointThenMore();
    const other = await createTestApp({ env: { AUDIT_ANCHOR_ENABLED: 'true', AUDIT_ANCHOR_DIR: dir } });
    try {
      const token = await other.login(DEMO.auditor);
      const res = await request(other.http).get('/api/v1/audit/verify').set('Authorization', `Bearer ${token}`);
      expect(res.body).toMatchObject({ intact: true, checkpointStatus: 'foreign', matchesCheckpoint: false });
      const signed = await request(other.http).post('/api/v1/audit/checkpoints').set('Authorization', `Bearer ${await other.login(DEMO.coordinator)}`).send({});
      expect(signed.status).toBe(409);
      expect(signed.body.details).toMatchObject({ checkpointStatus: 'foreign' });
    } finally {
      await other.close();
    }
  }, 120_000);

  it('TRUNCATE of an audited business table is refused (row triggers never see it)', async () => {
    for (const table of ['recommendation_theme', 'assignment', 'contribution']) {
      await expect(ctx.dataSource.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/TRUNCATE of audited table/);
    }
    expect(Number((await ctx.dataSource.query(`SELECT count(*)::int AS n FROM assignment`))[0].n)).toBeGreaterThan(0);
  });

  it("a user's role changed with an unrelated (even genuine) event in the transaction does not commit", async () => {
    const [{ id }] = await ctx.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [DEMO.focalJustice]);
    const escalate = ctx.dataSource.transaction(async (m) => {
      await m.query(`UPDATE app_user SET role = 'admin' WHERE id = $1`, [id]);
      await ctx.app.get(AuditWriter).append(m, SYSTEM_ACTOR, { action: 'recommendation.update', entityType: 'recommendation', entityId: 'unrelated' });
    });
    await expect(escalate).rejects.toThrow(/no audit event of this transaction names it/);
    const [{ role }] = await ctx.dataSource.query(`SELECT role FROM app_user WHERE id = $1`, [id]);
    expect(role).toBe('focal_point');
    // The same change with an event naming the user commits.
    await ctx.dataSource.transaction(async (m) => {
      await m.query(`UPDATE app_user SET role = 'validator' WHERE id = $1`, [id]);
      await ctx.app.get(AuditWriter).append(m, SYSTEM_ACTOR, { action: 'user.role_change', entityType: 'user', entityId: id, changes: { role: { before: 'focal_point', after: 'validator' } } });
    });
    expect((await ctx.dataSource.query(`SELECT role FROM app_user WHERE id = $1`, [id]))[0].role).toBe('validator');
  });

  it('every business table: a change beside an event naming another entity does not commit; named, it commits', async () => {
    const first = async (sql: string): Promise<string> => {
      const rows: Array<{ id: string }> = await ctx.dataSource.query(sql);
      expect(rows).toHaveLength(1);
      return rows[0]!.id;
    };
    const contribution = await first(`SELECT id FROM contribution ORDER BY id LIMIT 1`);
    const recommendation = await first(`SELECT recommendation_id AS id FROM recommendation_theme ORDER BY 1 LIMIT 1`);
    const assignment = await first(`SELECT id FROM assignment ORDER BY id LIMIT 1`);
    const campaign = await first(`SELECT campaign_id AS id FROM campaign_institution ORDER BY 1 LIMIT 1`);
    const user = await first(`SELECT id FROM app_user WHERE email = '${DEMO.focalJustice}'`);
    const institution = await first(`SELECT institution_id AS id FROM app_user WHERE id = '${user}'`);
    const cases: Array<{ table: string; sql: string; names: [string, string] }> = [
      { table: 'contribution', sql: `UPDATE contribution SET status = 'validated' WHERE id = '${contribution}'`, names: ['contribution', contribution] },
      { table: 'contribution_comment', sql: `INSERT INTO contribution_comment (contribution_id, author_id, body) VALUES ('${contribution}', '${user}', 'forged')`, names: ['contribution', contribution] },
      { table: 'evidence', sql: `INSERT INTO evidence (contribution_id, kind, title, url) VALUES ('${contribution}', 'link', 'forged', 'https://example.org')`, names: ['contribution', contribution] },
      { table: 'recommendation', sql: `UPDATE recommendation SET text_en = 'forged' WHERE id = '${recommendation}'`, names: ['recommendation', recommendation] },
      { table: 'recommendation_theme', sql: `DELETE FROM recommendation_theme WHERE recommendation_id = '${recommendation}'`, names: ['recommendation', recommendation] },
      { table: 'assignment', sql: `UPDATE assignment SET role = CASE role WHEN 'lead' THEN 'contributor' ELSE 'lead' END WHERE id = '${assignment}'`, names: ['assignment', assignment] },
      { table: 'campaign', sql: `UPDATE campaign SET title = 'forged' WHERE id = '${campaign}'`, names: ['campaign', campaign] },
      { table: 'campaign_institution', sql: `DELETE FROM campaign_institution WHERE campaign_id = '${campaign}'`, names: ['campaign', campaign] },
      { table: 'app_user', sql: `UPDATE app_user SET name = 'forged' WHERE id = '${user}'`, names: ['user', user] },
      {
        table: 'invitation',
        sql: `INSERT INTO invitation (id, email, name, role, institution_id, token_hash, expires_at) VALUES ('00000000-0000-4000-8000-00000000e001', 'forged@example.org', 'Forged', 'admin', '${institution}', repeat('a', 64), now() + interval '1 day')`,
        names: ['invitation', '00000000-0000-4000-8000-00000000e001'],
      },
    ];
    const writer = ctx.app.get(AuditWriter);
    for (const { table, sql, names } of cases) {
      const unrelated = ctx.dataSource.transaction(async (m) => {
        await m.query(sql);
        await writer.append(m, SYSTEM_ACTOR, { action: 'recommendation.update', entityType: 'recommendation', entityId: '00000000-0000-4000-8000-000000000000' });
      });
      await expect(unrelated).rejects.toThrow(new RegExp(`unaudited change to ${table} .*no audit event of this transaction names it`));
      await ctx.dataSource.transaction(async (m) => {
        await m.query(sql);
        await writer.append(m, SYSTEM_ACTOR, { action: `${table}.tamper_test`, entityType: names[0], entityId: names[1] });
      });
    }
    // What the named transactions committed is there (and what the refused ones tried was not, before them).
    expect((await ctx.dataSource.query(`SELECT status FROM contribution WHERE id = $1`, [contribution]))[0].status).toBe('validated');
    expect(Number((await ctx.dataSource.query(`SELECT count(*)::int AS n FROM contribution_comment WHERE body = 'forged'`))[0].n)).toBe(1);
  });

  it('known limit: events deleted after the last checkpoint (the tail) leave a shorter chain that still verifies', async () => {
    const seq = await checkpointThenMore();
    await asSuperuser(`DELETE FROM audit_event WHERE id > ${seq}`);
    // Documented in docs/audit-threat-model.md: only a later checkpoint, or a copy of the head, can reveal it.
    expect(await verify()).toMatchObject({ intact: true, checkpointStatus: 'matches' });
  });
});
