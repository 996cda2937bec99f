import request from 'supertest';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * Lost-update test (SECURITY.md Part 4 / Part 6.3): concurrent conflicting PATCHes of one
 * recommendation. On the embedded engine (one connection) the requests queue; on a server they
 * really overlap. Either way: no 5xx, one success per version, one audit event per success,
 * and no acknowledged write is lost.
 */

interface Outcome {
  status: number;
  etag?: string;
  value: string;
  currentVersion?: number;
}

describe('concurrent PATCHes of the same recommendation lose no acknowledged update', () => {
  let ctx: TestContext;
  let base: string;
  let token: string;
  let targets: string[];

  beforeAll(async () => {
    ctx = await createTestApp();
    // A real listening socket: concurrent supertest calls on an unbound server would race to bind it.
    await ctx.app.listen(0, '127.0.0.1');
    base = await ctx.app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
    token = await ctx.login(DEMO.coordinator);
    targets = (await ctx.dataSource.query(`SELECT id FROM recommendation ORDER BY document_symbol, paragraph, id LIMIT 2`)).map((r: { id: string }) => r.id);
  }, 120_000);
  afterAll(() => ctx?.close());

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
