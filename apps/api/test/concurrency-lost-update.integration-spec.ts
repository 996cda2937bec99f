import request from 'supertest';
import { COMPLETE_CONTENT, contributionFactory } from './factories/contribution.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * Lost-update test (docs/security.md#d-input-business-rules-and-concurrency): concurrent conflicting writes of one
 * recommendation and of one contribution. On the embedded engine (one connection) the requests
 * queue; on a server they really overlap. Either way: no 5xx, one success per version, one audit
 * event per success, and no acknowledged write is lost.
 */

interface Outcome {
  status: number;
  etag?: string;
  value: string;
  currentVersion?: number;
}

describe('lost updates under concurrency', () => {
  let ctx: TestContext;
  let base: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    // A real listening socket: concurrent supertest calls on an unbound server would race to bind it.
    await ctx.app.listen(0, '127.0.0.1');
    base = await ctx.app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
  }, 120_000);
  afterAll(() => ctx?.close());

  describe('concurrent PATCHes of the same recommendation lose no acknowledged update', () => {
    let token: string;
    let targets: string[];

    beforeAll(async () => {
      token = await ctx.login(DEMO.coordinator);
      targets = (await ctx.dataSource.query(`SELECT id FROM recommendation ORDER BY document_symbol, paragraph, id LIMIT 2`)).map((r: { id: string }) => r.id);
    }, 120_000);

    const version = async (id: string): Promise<number> => (await ctx.dataSource.query(`SELECT version FROM recommendation WHERE id = $1`, [id]))[0].version;
    const headAuditId = async (): Promise<number> => Number((await ctx.dataSource.query(`SELECT coalesce(max(id), 0) AS m FROM audit_event`))[0].m);
    const updateEvents = (id: string, after: number): Promise<Array<{ id: string; changes: Record<string, { before: unknown; after: unknown }> }>> =>
      ctx.dataSource.query(`SELECT id, changes FROM audit_event WHERE entity_type = 'recommendation' AND entity_id = $1 AND action = 'recommendation.update' AND id > $2 ORDER BY id`, [id, after]);

    const get = (id: string) => request(base).get(`/api/v1/recommendations/${id}`).set('Authorization', `Bearer ${token}`);
    const patch = (id: string, ifMatch: string, body: Record<string, unknown>) =>
      request(base).patch(`/api/v1/recommendations/${id}`).set('Authorization', `Bearer ${token}`).set('If-Match', ifMatch).send(body);

    it('50 simultaneous PATCHes with the same If-Match: exactly one succeeds, 49 × 412, no 5xx', async () => {
      const id = targets[0]!;
      const initial = await version(id);
      const audit0 = await headAuditId();
      const outcomes: Outcome[] = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const value = `concurrent write ${i}`;
          const res = await patch(id, `"${initial}"`, { textEn: value });
          return { status: res.status, etag: res.headers['etag'], value, currentVersion: res.body?.details?.current?.version };
        }),
      );
      const statuses = outcomes.map((o) => o.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.every((s) => s === 200 || s === 412)).toBe(true);
      const successes = outcomes.filter((o) => o.status === 200);
      const final = await version(id);
      const events = await updateEvents(id, audit0);
      expect(successes).toHaveLength(1);
      expect(final - initial).toBe(successes.length);
      expect(events).toHaveLength(successes.length);
      expect(new Set(successes.map((s) => s.etag)).size).toBe(successes.length);
      expect(successes[0]!.etag).toBe(`"${initial + 1}"`);
      // Every loser was shown the winner's version, and the stored value is the winner's.
      for (const o of outcomes.filter((x) => x.status === 412)) expect(o.currentVersion).toBe(initial + 1);
      const [{ text_en }] = await ctx.dataSource.query(`SELECT text_en FROM recommendation WHERE id = $1`, [id]);
      expect(text_en).toBe(successes[0]!.value);
      expect(events[0]!.changes['textEn']!.after).toBe(successes[0]!.value);
    });

    it('20 clients looping GET → PATCH(If-Match) → retry on 412: every acknowledged value is in the audit trail', async () => {
      const id = targets[1]!;
      const initial = await version(id);
      const audit0 = await headAuditId();
      const acknowledged: Array<{ value: string; etag: string; readEtag: string; readValue: string | null }> = [];
      const statuses: number[] = [];
      let gaveUp = 0;

      await Promise.all(
        Array.from({ length: 20 }, async (_, client) => {
          const value = `client ${client} wrote this`;
          for (let attempt = 0; attempt <= 10; attempt++) {
            const read = await get(id);
            statuses.push(read.status);
            if (read.status !== 200) return;
            const res = await patch(id, read.headers['etag'] as string, { textFr: value });
            statuses.push(res.status);
            if (res.status === 200) {
              acknowledged.push({ value, etag: res.headers['etag'] as string, readEtag: read.headers['etag'] as string, readValue: read.body.textFr });
              return;
            }
            if (res.status !== 412) return;
          }
          gaveUp++;
        }),
      );

      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.every((s) => s === 200 || s === 412)).toBe(true);
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(acknowledged.length + gaveUp).toBe(20);
      const final = await version(id);
      const events = await updateEvents(id, audit0);
      expect(final - initial).toBe(acknowledged.length);
      expect(events).toHaveLength(acknowledged.length);
      expect(new Set(acknowledged.map((a) => a.etag)).size).toBe(acknowledged.length);
      // 0 lost acknowledged updates: each acknowledged value is recorded as written…
      const written = events.map((e) => e.changes['textFr']?.after);
      for (const a of acknowledged) expect(written).toContain(a.value);
      // …each acknowledged write was applied on top of exactly the state its client had read…
      for (const a of acknowledged) {
        expect(Number(JSON.parse(a.etag))).toBe(Number(JSON.parse(a.readEtag)) + 1);
        expect(events.find((e) => e.changes['textFr']?.after === a.value)!.changes['textFr']!.before).toBe(a.readValue);
      }
      // …and each write started from the previous one (no write silently replaced another).
      for (let i = 1; i < events.length; i++) expect(events[i]!.changes['textFr']!.before).toBe(events[i - 1]!.changes['textFr']!.after);
      const [{ text_fr }] = await ctx.dataSource.query(`SELECT text_fr FROM recommendation WHERE id = $1`, [id]);
      expect(text_fr).toBe(written[written.length - 1]);
    });
  });

  describe('concurrent writes to one contribution', () => {
    let token: string;
    let contributions: ReturnType<typeof contributionFactory>;

    beforeAll(async () => {
      token = await ctx.login(DEMO.focalJustice);
      contributions = contributionFactory(ctx);
    }, 120_000);

    const events = (id: string, action: string): Promise<Array<{ changes: Record<string, unknown> }>> =>
      ctx.dataSource.query(`SELECT changes FROM audit_event WHERE entity_type = 'contribution' AND entity_id = $1 AND action = $2 ORDER BY id`, [id, action]);

    it('30 simultaneous saves with the same If-Match: exactly one succeeds, 29 × 412 showing the winner, one audit event', async () => {
      const c = await contributions.newContribution();
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const value = `concurrent measures ${i}`;
          const res = await request(base).patch(`/api/v1/contributions/${c.id}`).set('Authorization', `Bearer ${token}`).set('If-Match', `"${c.version}"`).send({ measures: value });
          return { status: res.status, value, etag: res.headers['etag'], current: res.body?.details?.current as { version: number; measures: string } | undefined };
        }),
      );
      expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
      const winners = outcomes.filter((o) => o.status === 200);
      expect(winners).toHaveLength(1);
      expect(winners[0]!.etag).toBe(`"${c.version + 1}"`);
      expect(outcomes.filter((o) => o.status === 412)).toHaveLength(29);
      for (const loser of outcomes.filter((o) => o.status === 412)) expect(loser.current).toMatchObject({ version: c.version + 1, measures: winners[0]!.value });
      const updates = await events(c.id, 'contribution.update');
      expect(updates).toHaveLength(1);
      expect(updates[0]!.changes['measures']).toEqual({ before: '', after: winners[0]!.value });
    });

    it('30 simultaneous submits of one draft: one transition, 29 × 409, one audit event', async () => {
      const c = await contributions.newContribution({ content: COMPLETE_CONTENT });
      const statuses = await Promise.all(
        Array.from({ length: 30 }, async () => (await request(base).post(`/api/v1/contributions/${c.id}/transitions`).set('Authorization', `Bearer ${token}`).send({ action: 'submit' })).status),
      );
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(29);
      expect(await events(c.id, 'contribution.transition')).toEqual([{ changes: { status: { before: 'draft', after: 'submitted' }, action: 'submit' } }]);
      const [{ version }] = await ctx.dataSource.query(`SELECT version FROM contribution WHERE id = $1`, [c.id]);
      expect(version).toBe(c.version + 1);
    });
  });
});
