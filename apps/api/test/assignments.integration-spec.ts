import request from 'supertest';
import { assignmentFactory } from './factories/assignment.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * Assignments (which institution answers for which recommendation): create, list, read with
 * institution scope, update with If-Match, delete refused once contributions exist, bulk; each
 * write is one audit event.
 */
describe('assignments', () => {
  let ctx: TestContext;
  let factory: ReturnType<typeof assignmentFactory>;
  let coordinator: string;
  let focalJustice: string;
  let mj: string;
  let mi: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    factory = assignmentFactory(ctx);
    coordinator = await ctx.login(DEMO.coordinator);
    focalJustice = await ctx.login(DEMO.focalJustice);
    mj = await factory.institutionId('MJ');
    mi = await factory.institutionId('MI');
  });
  afterAll(() => ctx.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const api = (path: string) => `/api/v1/assignments${path}`;
  const events = async (entityId: string) =>
    (await request(ctx.http).get('/api/v1/audit/events').query({ entityType: 'assignment', entityId }).set(as(coordinator))).body.items as Array<{ action: string; changes: Record<string, unknown> }>;

  describe('create', () => {
    it('answers 201 with the assignment, its ETag and Location, and writes one assignment.create event', async () => {
      const recommendationId = await factory.newRecommendationId();
      const res = await request(ctx.http).post(api('')).set(as(coordinator)).send({ recommendationId, institutionId: mi, role: 'lead', dueDate: '2026-06-30' });
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.headers['location']).toBe(`/api/v1/assignments/${res.body.id}`);
      expect(res.body).toMatchObject({ recommendation: { id: recommendationId }, institution: { id: mi, code: 'MI' }, role: 'lead', dueDate: '2026-06-30', contributionCount: 0, version: 1 });
      expect(await events(res.body.id)).toEqual([
        expect.objectContaining({
          action: 'assignment.create',
          changes: {
            recommendationId: { before: null, after: recommendationId },
            institutionId: { before: null, after: mi },
            role: { before: null, after: 'lead' },
            dueDate: { before: null, after: '2026-06-30' },
          },
        }),
      ]);
    });

    it('refuses a second assignment of the recommendation to the same institution (409)', async () => {
      const existing = await factory.newAssignment({ institutionId: mi });
      const res = await request(ctx.http).post(api('')).set(as(coordinator)).send({ recommendationId: existing.recommendation.id, institutionId: mi, role: 'contributor' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('common.conflict');
    });

    it('refuses an unknown recommendation (400 validation.unknownCode)', async () => {
      const res = await request(ctx.http).post(api('')).set(as(coordinator)).send({ recommendationId: '00000000-0000-4000-8000-000000000001', institutionId: mi, role: 'lead' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ recommendationId: 'validation.unknownCode' });
    });

    it('refuses an unknown institution (400 validation.unknownCode)', async () => {
      const res = await request(ctx.http).post(api('')).set(as(coordinator)).send({ recommendationId: await factory.newRecommendationId(), institutionId: '00000000-0000-4000-8000-000000000001', role: 'lead' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ institutionId: 'validation.unknownCode' });
    });

    it('is refused to a focal point (403)', async () => {
      const res = await request(ctx.http).post(api('')).set(as(focalJustice)).send({ recommendationId: await factory.newRecommendationId(), institutionId: mj, role: 'lead' });
      expect(res.status).toBe(403);
    });
  });

  describe('list and read', () => {
    it('filters by recommendation and role', async () => {
      const recommendationId = await factory.newRecommendationId();
      await factory.newAssignment({ recommendationId, institutionId: mj, role: 'lead' });
      await factory.newAssignment({ recommendationId, institutionId: mi, role: 'contributor' });
      const all = await request(ctx.http).get(api('')).query({ recommendationId }).set(as(coordinator));
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(2);
      const contributors = await request(ctx.http).get(api('')).query({ recommendationId, role: 'contributor' }).set(as(coordinator));
      expect(contributors.body.items.map((a: { institution: { code: string } }) => a.institution.code)).toEqual(['MI']);
    });

    it('shows a focal point their institution’s assignments only, whatever institutionId they ask for', async () => {
      const recommendationId = await factory.newRecommendationId();
      await factory.newAssignment({ recommendationId, institutionId: mi });
      const res = await request(ctx.http).get(api('')).query({ institutionId: mi, pageSize: '100' }).set(as(focalJustice));
      expect(res.status).toBe(200);
      expect(res.body.items.every((a: { institution: { code: string } }) => a.institution.code === 'MJ')).toBe(true);
      const mine = await request(ctx.http).get(api('')).query({ recommendationId }).set(as(focalJustice));
      expect(mine.body).toMatchObject({ items: [], total: 0 });
    });

    it('reads one assignment with its ETag', async () => {
      const created = await factory.newAssignment({ institutionId: mj });
      const res = await request(ctx.http).get(api(`/${created.id}`)).set(as(focalJustice));
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.body).toEqual(created);
    });

    it('answers 404 to a focal point reading another institution’s assignment', async () => {
      const other = await factory.newAssignment({ institutionId: mi });
      const res = await request(ctx.http).get(api(`/${other.id}`)).set(as(focalJustice));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('common.not_found');
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expect((await request(ctx.http).get(api('/00000000-0000-4000-8000-000000000001')).set(as(coordinator))).status).toBe(404);
      expect((await request(ctx.http).get(api('/not-a-uuid')).set(as(coordinator))).status).toBe(400);
    });
  });

  describe('update', () => {
    it('requires If-Match (428)', async () => {
      const created = await factory.newAssignment({ institutionId: mi });
      const res = await request(ctx.http).patch(api(`/${created.id}`)).set(as(coordinator)).send({ role: 'contributor' });
      expect(res.status).toBe(428);
    });

    it('reassigns to another institution: new version and ETag, one assignment.reassign event', async () => {
      const created = await factory.newAssignment({ institutionId: mi });
      const res = await request(ctx.http).patch(api(`/${created.id}`)).set(as(coordinator)).set('If-Match', '"1"').send({ institutionId: mj });
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe('"2"');
      expect(res.body).toMatchObject({ institution: { id: mj, code: 'MJ' }, version: 2 });
      const [last] = await events(created.id);
      expect(last).toMatchObject({ action: 'assignment.reassign', changes: { institutionId: { before: mi, after: mj } } });
    });

    it('changing the role or due date is an assignment.update event', async () => {
      const created = await factory.newAssignment({ institutionId: mi, dueDate: '2026-03-31' });
      const res = await request(ctx.http).patch(api(`/${created.id}`)).set(as(coordinator)).set('If-Match', '"1"').send({ role: 'contributor', dueDate: null });
      expect(res.status).toBe(200);
      const [last] = await events(created.id);
      expect(last).toMatchObject({ action: 'assignment.update', changes: { role: { before: 'lead', after: 'contributor' }, dueDate: { before: '2026-03-31', after: null } } });
    });

    it('answers 412 with details.current and details.lastChange to a stale If-Match', async () => {
      const created = await factory.newAssignment({ institutionId: mi });
      expect((await request(ctx.http).patch(api(`/${created.id}`)).set(as(coordinator)).set('If-Match', '"1"').send({ role: 'contributor' })).status).toBe(200);
      const stale = await request(ctx.http).patch(api(`/${created.id}`)).set(as(coordinator)).set('If-Match', '"1"').send({ dueDate: '2027-01-01' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('concurrency.stale');
      expect(stale.body.details.current).toMatchObject({ id: created.id, role: 'contributor', version: 2 });
      expect(stale.body.details.lastChange).toMatchObject({ actorName: expect.any(String), actorRole: 'coordinator', occurredAt: expect.any(String) });
    });

    it('refuses an unknown institution (400)', async () => {
      const created = await factory.newAssignment({ institutionId: mi });
      const res = await request(ctx.http).patch(api(`/${created.id}`)).set(as(coordinator)).set('If-Match', '"1"').send({ institutionId: '00000000-0000-4000-8000-000000000001' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ institutionId: 'validation.unknownCode' });
    });

    it('answers 404 for an unknown id', async () => {
      const res = await request(ctx.http).patch(api('/00000000-0000-4000-8000-000000000001')).set(as(coordinator)).set('If-Match', '"1"').send({ role: 'lead' });
      expect(res.status).toBe(404);
    });
  });

  describe('delete', () => {
    it('deletes an assignment without contributions (204) with one assignment.delete event', async () => {
      const created = await factory.newAssignment({ institutionId: mi, role: 'contributor' });
      const res = await request(ctx.http).delete(api(`/${created.id}`)).set(as(coordinator)).set('If-Match', '"1"');
      expect(res.status).toBe(204);
      expect((await request(ctx.http).get(api(`/${created.id}`)).set(as(coordinator))).status).toBe(404);
      const [last] = await events(created.id);
      expect(last).toMatchObject({
        action: 'assignment.delete',
        changes: { recommendationId: { before: created.recommendation.id, after: null }, institutionId: { before: mi, after: null }, role: { before: 'contributor', after: null } },
      });
    });

    it('refuses to delete an assignment that has contributions (409 assignment.has_contributions)', async () => {
      const list = await request(ctx.http).get(api('')).query({ institutionId: mj, pageSize: '100' }).set(as(coordinator));
      const withContributions = (list.body.items as Array<{ id: string; version: number; contributionCount: number }>).find((a) => a.contributionCount > 0);
      expect(withContributions).toBeDefined();
      const res = await request(ctx.http).delete(api(`/${withContributions!.id}`)).set(as(coordinator)).set('If-Match', `"${withContributions!.version}"`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'assignment.has_contributions', details: { contributionCount: withContributions!.contributionCount } });
    });

    it('answers 412 to a stale If-Match', async () => {
      const created = await factory.newAssignment({ institutionId: mi });
      const res = await request(ctx.http).delete(api(`/${created.id}`)).set(as(coordinator)).set('If-Match', '"7"');
      expect(res.status).toBe(412);
      expect(res.body.details.current).toMatchObject({ id: created.id, version: 1 });
    });
  });

  describe('bulk', () => {
    it('assigns the recommendations given, leaves those already assigned, and writes one assignment.bulk_create event and one event per assignment', async () => {
      const taken = await factory.newAssignment({ institutionId: mi });
      const fresh = [await factory.newRecommendationId(), await factory.newRecommendationId()];
      const res = await request(ctx.http).post(api('/bulk')).set(as(coordinator)).send({ recommendationIds: [taken.recommendation.id, ...fresh], institutionId: mi, role: 'contributor', dueDate: '2026-12-31' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ created: 2, skipped: 1 });
      const audit = await request(ctx.http).get('/api/v1/audit/events').query({ entityType: 'assignment' }).set(as(coordinator));
      const bulk = (audit.body.items as Array<{ action: string; entityId: string | null; changes: Record<string, unknown> }>).find((e) => e.action === 'assignment.bulk_create');
      expect(bulk).toMatchObject({ entityId: null, changes: { institutionId: mi, role: 'contributor', dueDate: '2026-12-31', source: { recommendationIds: [taken.recommendation.id, ...fresh] } } });
      expect(bulk!.changes['assignmentIds']).toHaveLength(2);
      // …and one assignment.create event naming each assignment created.
      for (const id of bulk!.changes['assignmentIds'] as string[]) {
        const history = await request(ctx.http).get('/api/v1/audit/events').query({ entityType: 'assignment', entityId: id }).set(as(coordinator));
        expect((history.body.items as Array<{ action: string }>).map((e) => e.action)).toEqual(['assignment.create']);
      }
    });

    it('assigns every recommendation matching a filter', async () => {
      const recommendationId = await factory.newRecommendationId();
      const bodyId = (await request(ctx.http).get(`/api/v1/recommendations/${recommendationId}`).set(as(coordinator))).body.body.id as string;
      const matching = await request(ctx.http).get('/api/v1/recommendations').query({ bodyId, pageSize: '1' }).set(as(coordinator));
      const res = await request(ctx.http).post(api('/bulk')).set(as(coordinator)).send({ filter: { bodyId }, institutionId: mj, role: 'contributor' });
      expect(res.status).toBe(200);
      expect(res.body.created + res.body.skipped).toBe(matching.body.total);
      const again = await request(ctx.http).post(api('/bulk')).set(as(coordinator)).send({ filter: { bodyId }, institutionId: mj, role: 'contributor' });
      expect(again.body).toEqual({ created: 0, skipped: matching.body.total });
    });

    it('refuses a body with neither filter nor recommendation ids (400)', async () => {
      const res = await request(ctx.http).post(api('/bulk')).set(as(coordinator)).send({ institutionId: mi, role: 'lead' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ filter: 'validation.required' });
    });

    it('refuses an unknown institution (400)', async () => {
      const res = await request(ctx.http).post(api('/bulk')).set(as(coordinator)).send({ recommendationIds: [await factory.newRecommendationId()], institutionId: '00000000-0000-4000-8000-000000000001', role: 'lead' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ institutionId: 'validation.unknownCode' });
    });
  });
});
