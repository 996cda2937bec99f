import request from 'supertest';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * Create / read / update / delete of a recommendation by the coordinator: strong ETags, If-Match
 * required (428) and checked (412), and exactly one audit event per successful write, carrying
 * who, from where, which request and the per-field before/after of what changed.
 */

interface AuditRow {
  id: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_institution_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  request_id: string | null;
  ip: string | null;
}

describe('recommendations CRUD: ETag / If-Match and one audit event per write', () => {
  let ctx: TestContext;
  const tokens: Record<string, string> = {};
  let coordinator: { id: string; name: string; role: string; institution_id: string | null };
  let uprBodyId: string;
  let themes: string[];
  let id: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    for (const [key, email] of Object.entries({ coordinator: DEMO.coordinator, focal: DEMO.focalJustice, validator: DEMO.validatorJustice, auditor: DEMO.auditor })) {
      tokens[key] = await ctx.login(email);
    }
    [coordinator] = await ctx.dataSource.query(`SELECT id, name, role, institution_id FROM app_user WHERE email = $1`, [DEMO.coordinator]);
    uprBodyId = await recommendationFactory(ctx).bodyId('UPR');
    themes = (await ctx.dataSource.query(`SELECT code FROM theme ORDER BY code LIMIT 3`)).map((r: { code: string }) => r.code);
  });
  afterAll(() => ctx?.close());

  const auth = (who = 'coordinator') => ({ Authorization: `Bearer ${tokens[who]}` });
  const headAuditId = async (): Promise<number> => Number((await ctx.dataSource.query(`SELECT coalesce(max(id), 0) AS m FROM audit_event`))[0].m);
  const auditSince = (after: number): Promise<AuditRow[]> => ctx.dataSource.query(`SELECT * FROM audit_event WHERE id > $1 ORDER BY id`, [after]);
  const row = async (rid: string) => (await ctx.dataSource.query(`SELECT version, text_fr, status FROM recommendation WHERE id = $1`, [rid]))[0];

  function expectActor(event: AuditRow, requestId: string): void {
    expect(event.actor_id).toBe(coordinator.id);
    expect(event.actor_role).toBe('coordinator');
    expect(event.actor_institution_id).toBe(coordinator.institution_id);
    expect(event.request_id).toBe(requestId);
    expect(event.ip).toMatch(/127\.0\.0\.1|::1/);
    expect(event.entity_type).toBe('recommendation');
  }

  it('creates: 201 with ETag "1" and Location, and exactly one recommendation.create audit event', async () => {
    const before = await headAuditId();
    const res = await request(ctx.http)
      .post('/api/v1/recommendations')
      .set(auth())
      .set('X-Request-Id', 'test-123')
      .send({ bodyId: uprBodyId, textFr: 'Renforcer la protection des défenseurs', textEn: 'Strengthen the protection of defenders', themeCodes: [themes[1], themes[0]] });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"1"');
    id = res.body.id;
    expect(res.headers['location']).toBe(`/api/v1/recommendations/${id}`);
    expect(res.body.version).toBe(1);
    expect(res.body.mechanism).toBe('UPR');
    expect(res.body.themes.map((t: { code: string }) => t.code).sort()).toEqual([themes[0], themes[1]].sort());

    const events = await auditSince(before);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.action).toBe('recommendation.create');
    expect(event!.entity_id).toBe(id);
    expectActor(event!, 'test-123');
    // A creation records every field that has a value, each from null.
    expect(Object.keys(event!.changes).sort()).toEqual(['bodyId', 'followUp', 'status', 'textEn', 'textFr', 'themeCodes']);
    expect(event!.changes['textFr']).toEqual({ before: null, after: 'Renforcer la protection des défenseurs' });
    expect(event!.changes['themeCodes']).toEqual({ before: null, after: [themes[0], themes[1]].sort() });
    expect(event!.changes['status']).toEqual({ before: null, after: 'not_started' });
  });

  it('reads: 200 with ETag "1"', async () => {
    const res = await request(ctx.http).get(`/api/v1/recommendations/${id}`).set(auth());
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.body.textFr).toBe('Renforcer la protection des défenseurs');
  });

  it('answers 404 (not 403) to a focal point reading a recommendation outside their institution', async () => {
    const outside = await recommendationFactory(ctx).newRecommendation();
    expect((await request(ctx.http).get(`/api/v1/recommendations/${outside.id}`).set(auth())).status).toBe(200);
    const res = await request(ctx.http).get(`/api/v1/recommendations/${outside.id}`).set(auth('focal'));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('common.not_found');
  });

  it('answers 404 to a focal point asking for the history of a recommendation outside their institution', async () => {
    const outside = await recommendationFactory(ctx).newRecommendation();
    expect((await request(ctx.http).get(`/api/v1/recommendations/${outside.id}/history`).set(auth('focal'))).status).toBe(404);
  });

  it('refuses a PATCH without If-Match: 428, nothing written', async () => {
    const before = await headAuditId();
    const res = await request(ctx.http).patch(`/api/v1/recommendations/${id}`).set(auth()).send({ textFr: 'sans précondition' });
    expect(res.status).toBe(428);
    expect(res.body.code).toBe('concurrency.precondition_required');
    expect(await auditSince(before)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ version: 1, text_fr: 'Renforcer la protection des défenseurs' });
  });

  it('updates with If-Match: 200, ETag "2", and one audit event with exactly the changed fields', async () => {
    const before = await headAuditId();
    const res = await request(ctx.http)
      .patch(`/api/v1/recommendations/${id}`)
      .set(auth())
      .set('If-Match', '"1"')
      .set('X-Request-Id', 'test-123')
      .send({ textFr: 'Renforcer la protection des défenseurs des droits humains', themeCodes: [themes[2]], textEn: 'Strengthen the protection of defenders' });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"2"');
    expect(res.body.version).toBe(2);
    expect(res.body.textFr).toBe('Renforcer la protection des défenseurs des droits humains');
    expect(res.body.themes.map((t: { code: string }) => t.code)).toEqual([themes[2]]);

    const events = await auditSince(before);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.action).toBe('recommendation.update');
    expect(event!.entity_id).toBe(id);
    expectActor(event!, 'test-123');
    // textEn was sent unchanged: not a change.
    expect(event!.changes).toEqual({
      textFr: { before: 'Renforcer la protection des défenseurs', after: 'Renforcer la protection des défenseurs des droits humains' },
      themeCodes: { before: [themes[0], themes[1]].sort(), after: [themes[2]] },
    });
  });

  it('refuses a stale If-Match: 412 with the current detail and who changed it last, nothing written', async () => {
    const before = await headAuditId();
    const res = await request(ctx.http).patch(`/api/v1/recommendations/${id}`).set(auth()).set('If-Match', '"1"').send({ status: 'in_progress' });
    expect(res.status).toBe(412);
    expect(res.body.code).toBe('concurrency.stale');
    expect(res.body.details.current).toMatchObject({ id, version: 2, textFr: 'Renforcer la protection des défenseurs des droits humains', status: 'not_started' });
    expect(res.body.details.lastChange).toMatchObject({ actorName: coordinator.name, actorRole: 'coordinator' });
    expect(await auditSince(before)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ version: 2, status: 'not_started' });
  });

  it('refuses an unknown theme code: 400 naming themeCodes, nothing written', async () => {
    const before = await headAuditId();
    const res = await request(ctx.http).patch(`/api/v1/recommendations/${id}`).set(auth()).set('If-Match', '"2"').send({ themeCodes: ['no-such-theme'], status: 'in_progress' });
    expect(res.status).toBe(400);
    expect(res.body.details.fields.themeCodes).toBe('validation.unknownCode');
    expect(await auditSince(before)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ version: 2, status: 'not_started' });
  });

  it('refuses an unknown field: 400, nothing written', async () => {
    const before = await headAuditId();
    const res = await request(ctx.http).patch(`/api/v1/recommendations/${id}`).set(auth()).set('If-Match', '"2"').send({ status: 'in_progress', version: 99, isAdmin: true });
    expect(res.status).toBe(400);
    expect(res.body.details.fields.isAdmin).toBe('validation.unknownField');
    expect(await auditSince(before)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ version: 2, status: 'not_started' });
  });

  it('lists the update with its changes in GET /recommendations/:id/history', async () => {
    const res = await request(ctx.http).get(`/api/v1/recommendations/${id}/history`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['recommendation.update', 'recommendation.create']);
    const [update] = res.body.items;
    expect(update.actor).toEqual({ id: coordinator.id, name: coordinator.name, role: 'coordinator' });
    expect(update.changes.textFr).toEqual({ before: 'Renforcer la protection des défenseurs', after: 'Renforcer la protection des défenseurs des droits humains' });
    expect(update.changes.themeCodes.after).toEqual([themes[2]]);
    expect(Object.keys(update.changes).sort()).toEqual(['textFr', 'themeCodes']);
  });

  const WRITES = {
    POST: (who: string) => request(ctx.http).post('/api/v1/recommendations').set(auth(who)).send({ bodyId: uprBodyId, textFr: 'interdit' }),
    PATCH: (who: string) => request(ctx.http).patch(`/api/v1/recommendations/${id}`).set(auth(who)).set('If-Match', '"2"').send({ status: 'in_progress' }),
    DELETE: (who: string) => request(ctx.http).delete(`/api/v1/recommendations/${id}`).set(auth(who)).set('If-Match', '"2"'),
  };
  const FORBIDDEN = ['focal', 'validator', 'auditor'].flatMap((who) => (['POST', 'PATCH', 'DELETE'] as const).map((method) => [who, method] as const));

  it.each(FORBIDDEN)('%s cannot %s (403) and nothing is written', async (who, method) => {
    const before = await headAuditId();
    const [{ n: countBefore }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation`);
    expect((await WRITES[method](who)).status).toBe(403);
    expect(await auditSince(before)).toHaveLength(0);
    const [{ n: countAfter }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation`);
    expect(countAfter).toBe(countBefore);
    expect(await row(id)).toMatchObject({ version: 2, status: 'not_started' });
  });

  it('refuses a DELETE without If-Match: 428, nothing written', async () => {
    const before = await headAuditId();
    expect((await request(ctx.http).delete(`/api/v1/recommendations/${id}`).set(auth())).status).toBe(428);
    expect(await auditSince(before)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ version: 2 });
  });

  it('refuses a DELETE with a stale If-Match: 412 with the current version, nothing written', async () => {
    const before = await headAuditId();
    const stale = await request(ctx.http).delete(`/api/v1/recommendations/${id}`).set(auth()).set('If-Match', '"1"');
    expect(stale.status).toBe(412);
    expect(stale.body.details.current.version).toBe(2);
    expect(await auditSince(before)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ version: 2 });
  });

  it('deletes with If-Match: 204, then 404, and one recommendation.delete audit event', async () => {
    const before = await headAuditId();
    const res = await request(ctx.http).delete(`/api/v1/recommendations/${id}`).set(auth()).set('If-Match', '"2"').set('X-Request-Id', 'test-123');
    expect(res.status).toBe(204);
    expect((await request(ctx.http).get(`/api/v1/recommendations/${id}`).set(auth())).status).toBe(404);
    expect(await row(id)).toBeUndefined();
    expect(await ctx.dataSource.query(`SELECT 1 FROM recommendation_theme WHERE recommendation_id = $1`, [id])).toHaveLength(0);

    const events = await auditSince(before);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.action).toBe('recommendation.delete');
    expect(event!.entity_id).toBe(id);
    expectActor(event!, 'test-123');
    // The deleted state: every field that had a value, each to null.
    expect(Object.keys(event!.changes).sort()).toEqual(['bodyId', 'followUp', 'status', 'textEn', 'textFr', 'themeCodes']);
    expect(event!.changes['textFr']).toEqual({ before: 'Renforcer la protection des défenseurs des droits humains', after: null });
    expect(event!.changes['themeCodes']).toEqual({ before: [themes[2]], after: null });
  });

  it('leaves the audit chain intact after all of it', async () => {
    const res = await request(ctx.http).get('/api/v1/audit/verify').set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ intact: true, firstBrokenEventId: null });
  });
});
