import request from 'supertest';
import { appendAuditEvent, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * The audit trail (docs/audit-threat-model.md): append-only even for the table
 * owner, hash-chained so that an edit or a deletion made behind the application's back is
 * named by the verifier, written in the same transaction as the change it describes, required
 * by a deferred constraint trigger on every audited table, and gap-free under concurrent writers.
 */
describe('audit chain: append-only, tamper-evident, transactional, gap-free', () => {
  let ctx: TestContext;
  let base: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    for (const [key, email] of Object.entries({
      coordinator: DEMO.coordinator,
      auditor: DEMO.auditor,
      admin: DEMO.admin,
      focalJustice: DEMO.focalJustice,
      focalInterior: DEMO.focalInterior,
    })) {
      tokens[key] = await ctx.login(email);
    }
  }, 120_000);
  afterAll(() => ctx?.close());

  const auth = (who = 'auditor') => ({ Authorization: `Bearer ${tokens[who]}` });
  const verify = async () => {
    const res = await request(base).get('/api/v1/audit/verify').set(auth());
    expect(res.status).toBe(200);
    return res.body as { intact: boolean; eventsChecked: number; firstBrokenEventId: string | null; headHash: string | null; matchesCheckpoint: boolean | null };
  };
  const eventCount = async (): Promise<number> => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
  /** Runs SQL with the append-only trigger switched off, as a superuser could. */
  const behindTheAppsBack = (sql: string, params: unknown[] = [], trigger = 'audit_event_no_change') =>
    ctx.dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE audit_event DISABLE TRIGGER ${trigger}`);
      await m.query(sql, params);
      await m.query(`ALTER TABLE audit_event ENABLE TRIGGER ${trigger}`);
    });
  const patchRecommendation = async (id: string, body: Record<string, unknown>) => {
    const [{ version }] = await ctx.dataSource.query(`SELECT version FROM recommendation WHERE id = $1`, [id]);
    return request(base).patch(`/api/v1/recommendations/${id}`).set(auth('coordinator')).set('If-Match', `"${version}"`).send(body);
  };

  describe('append-only, even for the database owner', () => {
    it.each([
      ['UPDATE', `UPDATE audit_event SET action = 'forged' WHERE id = 1`],
      ['DELETE', `DELETE FROM audit_event WHERE id = 1`],
      ['TRUNCATE', `TRUNCATE audit_event`],
    ])('%s audit_event fails', async (_, sql) => {
      const before = await eventCount();
      await expect(ctx.dataSource.query(sql)).rejects.toThrow(/append-only/);
      expect(await eventCount()).toBe(before);
      const [first] = await ctx.dataSource.query(`SELECT action FROM audit_event WHERE id = 1`);
      expect(first.action).not.toBe('forged');
    });
  });

  describe('hash chain verification', () => {
    let k: string;
    /** The event as jsonb text: keeps the timestamp's microseconds, which a JS Date would drop. */
    let original: string;

    beforeAll(async () => {
      // Some business events first, so the chain holds more than the seed and logins.
      const ids: string[] = (await ctx.dataSource.query(`SELECT id FROM recommendation ORDER BY id LIMIT 3`)).map((r: { id: string }) => r.id);
      for (const id of ids) expect((await patchRecommendation(id, { status: 'in_progress' })).status).toBe(200);
      const n = await eventCount();
      k = String(Math.ceil(n / 2));
      [{ original }] = await ctx.dataSource.query(`SELECT to_jsonb(e)::text AS original FROM audit_event e WHERE id = $1`, [k]);
    });

    it('GET /audit/verify → intact, every event checked', async () => {
      const n = await eventCount();
      expect(n).toBeGreaterThan(5);
      const result = await verify();
      expect(result).toEqual({
        intact: true,
        eventsChecked: n,
        firstBrokenEventId: null,
        reason: null,
        genesisHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        legacyEvents: 0,
        checkpoint: null,
        checkpointStatus: 'none',
        matchesCheckpoint: null,
      });
      const [{ hash }] = await ctx.dataSource.query(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`);
      expect(result.headHash).toBe(hash);
    });

    it('an edit made with the trigger disabled is named: firstBrokenEventId = k', async () => {
      await behindTheAppsBack(`UPDATE audit_event SET changes = '{"x":1}' WHERE id = $1`, [k]);
      const result = await verify();
      expect(result.intact).toBe(false);
      expect(result.firstBrokenEventId).toBe(k);
      expect(result.eventsChecked).toBe(await eventCount());
    });

    it('restoring the original content makes the chain verify again (the verifier recomputes, it does not remember)', async () => {
      await behindTheAppsBack(`UPDATE audit_event SET changes = ($2::jsonb)->'changes' WHERE id = $1`, [k, original]);
      expect(await verify()).toMatchObject({ intact: true, firstBrokenEventId: null });
    });

    it('a deleted event is named by its successor: firstBrokenEventId = k + 1', async () => {
      const n = await eventCount();
      await behindTheAppsBack(`DELETE FROM audit_event WHERE id = $1`, [k]);
      const result = await verify();
      expect(result).toMatchObject({ intact: false, eventsChecked: n - 1, firstBrokenEventId: String(Number(k) + 1) });
    });

    it('re-inserting the deleted event verbatim repairs the chain', async () => {
      await behindTheAppsBack(`INSERT INTO audit_event SELECT * FROM jsonb_populate_record(NULL::audit_event, $1::jsonb)`, [original], 'audit_event_chain');
      expect(await verify()).toMatchObject({ intact: true, firstBrokenEventId: null, eventsChecked: await eventCount() });
    });
  });

  describe('an audit event commits with its change, and a change cannot commit without one', () => {
    it('rollback: a transaction that inserts a recommendation and its audit event, then throws, leaves neither', async () => {
      const head = await eventCount();
      const [{ id: bodyId }] = await ctx.dataSource.query(`SELECT id FROM body WHERE code = 'UPR'`);
      await expect(
        ctx.dataSource.transaction(async (m) => {
          const [row] = await m.query(`INSERT INTO recommendation (mechanism, body_id, text_fr, external_code) VALUES ('UPR', $1, 'rollback probe', 'ROLLBACK-PROBE') RETURNING id`, [bodyId]);
          await appendAuditEvent(m, SYSTEM_ACTOR, { action: 'recommendation.create', entityType: 'recommendation', entityId: row.id, changes: { probe: true } });
          // Visible inside the transaction, waiting to be chained at commit (docs/decisions/0012-audit-commit-order.md).
          const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM audit_event_pending WHERE action = 'recommendation.create' AND changes = '{"probe": true}'`);
          expect(n).toBe(1);
          throw new Error('fail after both writes');
        }),
      ).rejects.toThrow('fail after both writes');
      expect(await ctx.dataSource.query(`SELECT 1 FROM recommendation WHERE external_code = 'ROLLBACK-PROBE'`)).toHaveLength(0);
      expect(await ctx.dataSource.query(`SELECT 1 FROM audit_event WHERE changes = '{"probe": true}'`)).toHaveLength(0);
      expect(await ctx.dataSource.query(`SELECT 1 FROM audit_event_pending`)).toHaveLength(0);
      expect(await eventCount()).toBe(head);
      expect((await verify()).intact).toBe(true);
    });

    it('an UPDATE with no audit event in its transaction fails at COMMIT (deferred assert_audited) and changes nothing', async () => {
      const [target] = await ctx.dataSource.query(
        `SELECT id, status, version, (SELECT count(*)::int FROM recommendation_theme t WHERE t.recommendation_id = r.id) AS themes
           FROM recommendation r WHERE status <> 'implemented' AND EXISTS (SELECT 1 FROM recommendation_theme t WHERE t.recommendation_id = r.id) ORDER BY id LIMIT 1`,
      );
      const runner = ctx.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.query('BEGIN');
        await runner.query(`UPDATE recommendation SET status = 'implemented' WHERE id = $1`, [target.id]);
        await expect(runner.query('COMMIT')).rejects.toThrow(/unaudited change to recommendation/);
        await runner.query('ROLLBACK').catch(() => undefined);
        await runner.query('BEGIN');
        await runner.query(`DELETE FROM recommendation_theme WHERE recommendation_id = $1`, [target.id]);
        await expect(runner.query('COMMIT')).rejects.toThrow(/unaudited change to recommendation_theme/);
        await runner.query('ROLLBACK').catch(() => undefined);
      } finally {
        await runner.release();
      }
      const [after] = await ctx.dataSource.query(
        `SELECT id, status, version, (SELECT count(*)::int FROM recommendation_theme t WHERE t.recommendation_id = r.id) AS themes FROM recommendation r WHERE id = $1`,
        [target.id],
      );
      expect(after).toEqual(target);
    });

    it('the same UPDATE with an audit event in the same transaction commits (the trigger checks, it does not just block)', async () => {
      const [target] = await ctx.dataSource.query(`SELECT id FROM recommendation WHERE status <> 'implemented' ORDER BY id LIMIT 1`);
      await ctx.dataSource.transaction(async (m) => {
        await m.query(`UPDATE recommendation SET status = 'implemented', version = version + 1 WHERE id = $1`, [target.id]);
        await appendAuditEvent(m, SYSTEM_ACTOR, { action: 'recommendation.update', entityType: 'recommendation', entityId: target.id, changes: { status: { before: null, after: 'implemented' } } });
      });
      const [after] = await ctx.dataSource.query(`SELECT status FROM recommendation WHERE id = $1`, [target.id]);
      expect(after.status).toBe('implemented');
    });
  });

  it('30 concurrent updates of different recommendations leave a gap-free chain (ids 1..n, each prev_hash = previous hash)', async () => {
    const head = await eventCount();
    const targets: Array<{ id: string; version: number }> = await ctx.dataSource.query(`SELECT id, version FROM recommendation ORDER BY id DESC LIMIT 30`);
    const responses = await Promise.all(
      targets.map((t, i) =>
        request(base).patch(`/api/v1/recommendations/${t.id}`).set(auth('coordinator')).set('If-Match', `"${t.version}"`).send({ textEn: `concurrent chain write ${i}` }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(targets.map(() => 200));
    const n = await eventCount();
    expect(n).toBe(head + 30);
    const [shape] = await ctx.dataSource.query(
      `SELECT min(id)::int AS min, max(id)::int AS max, count(*)::int AS n,
              count(DISTINCT tx_id)::int AS txs,
              bool_and(prev_hash = coalesce(prev, repeat('0', 64))) AS linked
         FROM (SELECT id, tx_id, prev_hash, lag(hash) OVER (ORDER BY id) AS prev FROM audit_event) c`,
    );
    expect(shape).toMatchObject({ min: 1, max: n, n, linked: true });
    const [{ writes }] = await ctx.dataSource.query(
      `SELECT count(DISTINCT tx_id)::int AS writes FROM audit_event WHERE id > $1 AND action = 'recommendation.update'`,
      [head],
    );
    expect(writes).toBe(30);
    expect(await verify()).toMatchObject({ intact: true, eventsChecked: n, firstBrokenEventId: null, reason: null, legacyEvents: 0, checkpointStatus: 'none' });
  });

  describe('GET /audit/events?entityType=recommendation&entityId=…', () => {
    let id: string;
    beforeAll(async () => {
      [{ id }] = await ctx.dataSource.query(`SELECT r.id FROM recommendation r JOIN assignment a ON a.recommendation_id = r.id JOIN institution i ON i.id = a.institution_id WHERE i.code = 'MJ' ORDER BY r.id LIMIT 1`);
      expect((await patchRecommendation(id, { followUp: true })).status).toBe(200);
    });

    it.each(['auditor', 'coordinator', 'admin'])('works for %s', async (who) => {
      const res = await request(base).get('/api/v1/audit/events').query({ entityType: 'recommendation', entityId: id }).set(auth(who));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThanOrEqual(1);
      expect(res.body.items.every((e: { entityType: string; entityId: string }) => e.entityType === 'recommendation' && e.entityId === id)).toBe(true);
      expect(res.body.items[0]).toMatchObject({ action: 'recommendation.update', actorRole: 'coordinator', changes: { followUp: { before: false, after: true } } });
    });

    it.each(['focalJustice', 'focalInterior'])('is 403 for a focal point (%s), even for a recommendation of their institution', async (who) => {
      const res = await request(base).get('/api/v1/audit/events').query({ entityType: 'recommendation', entityId: id }).set(auth(who));
      expect(res.status).toBe(403);
      expect(res.body.items).toBeUndefined();
    });
  });
});
