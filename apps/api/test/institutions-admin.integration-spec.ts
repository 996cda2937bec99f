import request from 'supertest';
import { RemindersService } from '../src/modules/notifications/reminders.service.js';
import { assignmentFactory } from './factories/assignment.factory.js';
import { campaignFactory } from './factories/campaign.factory.js';
import { userFactory } from './factories/user.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth, saveDraft, waitForMail } from './workflow-helpers.js';

const DAY = 86400_000;

/** Institution administration (issue 13): create/edit, deactivate, merge, focal-point designation and the reminders that follow it. */
describe('institutions administration', () => {
  let ctx: TestContext;
  let admin: string;
  let coord: string;
  let seq = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await ctx.login(DEMO.admin);
    coord = await ctx.login(DEMO.coordinator);
  });
  afterAll(() => ctx.close());

  const api = () => request(ctx.http);
  const count = async (sql: string, params: unknown[] = []) => (await ctx.dataSource.query(sql, params))[0].n as number;
  const institutionCount = () => count(`SELECT count(*)::int AS n FROM institution`);
  const body = (overrides: Record<string, unknown> = {}) => {
    seq += 1;
    return { code: `T${seq}-${Date.now() % 100000}`, type: 'ministry', nameAr: `وزارة الاختبار ${seq}`, nameFr: `Ministère test ${seq}`, nameEn: `Test ministry ${seq}`, ...overrides };
  };
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await api().post('/api/v1/institutions').set(auth(admin)).send(body(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; code: string };
  };
  const current = async (id: string) => (await api().get(`/api/v1/institutions/${id}`).set(auth(admin))).body as { id: string; version: number; active: boolean; mergedIntoId: string | null; focalPoints: Array<{ id: string; focalPointKind: string | null }> };
  const patch = async (id: string, changes: Record<string, unknown>, token = admin) =>
    api().patch(`/api/v1/institutions/${id}`).set(auth(token)).set('If-Match', `"${(await current(id)).version}"`).send(changes);
  const post = async (id: string, action: string, send: Record<string, unknown> = {}) =>
    api().post(`/api/v1/institutions/${id}/${action}`).set(auth(admin)).set('If-Match', `"${(await current(id)).version}"`).send(send);

  describe('create and edit', () => {
    it('creates an institution with names in three languages, code, type, parent and domains; audited; ETag', async () => {
      const parent = await create();
      const res = await api().post('/api/v1/institutions').set(auth(admin)).send(body({ parentId: parent.id, emailDomains: ['@Justice.GOV.test', 'justice.gov.test'] }));
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.body).toMatchObject({ parentId: parent.id, emailDomains: ['justice.gov.test'], active: true, mergedIntoId: null, nameAr: expect.stringMatching(/^وزارة/) });
      expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'institution.create' AND entity_id = $1`, [res.body.id])).toBe(1);
    });

    it.each([
      [{ code: 'bad code' }, 'code'],
      [{ nameAr: '' }, 'nameAr'],
      [{ type: 'church' }, 'type'],
      [{ emailDomains: ['not a domain'] }, 'emailDomains'],
      [{ parentId: 'nope' }, 'parentId'],
    ])('refuses %j with 400 naming the field, and writes nothing', async (overrides, field) => {
      const before = await institutionCount();
      const res = await api().post('/api/v1/institutions').set(auth(admin)).send(body(overrides));
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.details.fields)).toContain(field);
      expect(await institutionCount()).toBe(before);
    });

    it('refuses a duplicate code (409 institution.code_taken, any case), nothing written', async () => {
      const first = await create();
      const before = await institutionCount();
      const res = await api().post('/api/v1/institutions').set(auth(admin)).send(body({ code: first.code }));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('institution.code_taken');
      expect(await institutionCount()).toBe(before);
    });

    it('refuses a parent cycle (422) and the institution as its own parent', async () => {
      const a = await create();
      const b = await create({ parentId: a.id });
      const c = await create({ parentId: b.id });
      const cycle = await patch(a.id, { parentId: c.id });
      expect(cycle.status).toBe(422);
      expect(cycle.body.code).toBe('institution.parent_cycle');
      expect((await patch(a.id, { parentId: a.id })).status).toBe(422);
      expect((await current(a.id)).version).toBe(1);
    });

    it('edits with If-Match: 412 on a stale version, 428 without; the edit is audited', async () => {
      const a = await create();
      const ok = await api().patch(`/api/v1/institutions/${a.id}`).set(auth(admin)).set('If-Match', '"1"').send({ nameFr: 'Nouveau nom' });
      expect(ok.status).toBe(200);
      expect(ok.headers['etag']).toBe('"2"');
      const stale = await api().patch(`/api/v1/institutions/${a.id}`).set(auth(admin)).set('If-Match', '"1"').send({ nameEn: 'Lost' });
      expect(stale.status).toBe(412);
      expect((await api().patch(`/api/v1/institutions/${a.id}`).set(auth(admin)).send({ nameEn: 'x' })).status).toBe(428);
      const [event] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE action = 'institution.update' AND entity_id = $1`, [a.id]);
      expect(event.changes.nameFr).toEqual({ before: expect.any(String), after: 'Nouveau nom' });
    });

    it('only the admin manages institutions (coordinator 403)', async () => {
      expect((await api().post('/api/v1/institutions').set(auth(coord)).send(body())).status).toBe(403);
    });
  });

  describe('e-mail domains and deactivation', () => {
    it('refuses an invitation outside the institution’s domains (422 naming the domains); a sub-domain is accepted', async () => {
      const inst = await create({ emailDomains: ['justice.test'] });
      const outside = await api().post('/api/v1/invitations').set(auth(admin)).send({ email: 'someone@gmail.test', name: 'X', role: 'focal_point', institutionId: inst.id });
      expect(outside.status).toBe(422);
      expect(outside.body).toMatchObject({ code: 'institution.email_domain', details: { domains: ['justice.test'] } });
      expect(await count(`SELECT count(*)::int AS n FROM invitation WHERE email = 'someone@gmail.test'`)).toBe(0);
      const inside = await api().post('/api/v1/invitations').set(auth(admin)).send({ email: 'pf@dajg.justice.test', name: 'PF', role: 'focal_point', institutionId: inst.id });
      expect(inside.status).toBe(201);
    });

    it('a deactivated institution gets no new assignment, campaign row or invitation; reactivating lifts it; history stays', async () => {
      const inst = await create();
      const assignments = assignmentFactory(ctx);
      const kept = await assignments.newAssignment({ institutionId: inst.id });
      expect((await post(inst.id, 'deactivate')).status).toBe(200);
      const recommendationId = await assignments.newRecommendationId();
      const assign = await api().post('/api/v1/assignments').set(auth(coord)).send({ recommendationId, institutionId: inst.id, role: 'lead' });
      expect(assign.status).toBe(409);
      expect(assign.body.code).toBe('institution.inactive');
      const campaign = await api().post('/api/v1/campaigns').set(auth(coord)).send({ title: 'C', deadline: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10), scope: { recommendationIds: [kept.recommendation.id] }, institutionIds: [inst.id] });
      expect(campaign.status).toBe(409);
      expect((await api().post('/api/v1/invitations').set(auth(admin)).send({ email: 'late@x.test', name: 'X', role: 'validator', institutionId: inst.id })).status).toBe(409);
      expect(await count(`SELECT count(*)::int AS n FROM assignment WHERE institution_id = $1`, [inst.id])).toBe(1);
      expect((await post(inst.id, 'reactivate')).status).toBe(200);
      expect((await api().post('/api/v1/assignments').set(auth(coord)).send({ recommendationId, institutionId: inst.id, role: 'lead' })).status).toBe(201);
    });
  });

  /** Every foreign key column that references institution(id), read from the catalog. */
  async function referencingColumns(): Promise<Array<{ table: string; column: string }>> {
    return ctx.dataSource.query(
      `SELECT c.conrelid::regclass::text AS "table", a.attname AS "column" FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'institution'::regclass ORDER BY 1, 2`,
    );
  }
  async function references(id: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const { table, column } of await referencingColumns()) out[`${table}.${column}`] = await count(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1`, [id]);
    return out;
  }

  describe('merge', () => {
    it('moves every reference to the target, folds duplicate assignments, keeps evidence and comments, and audits it all', async () => {
      const users = userFactory(ctx);
      const assignments = assignmentFactory(ctx);
      const campaigns = campaignFactory(ctx);
      const source = await create();
      const into = await create();
      const child = await create({ parentId: source.id });
      const fpSource = await users.newUser({ role: 'focal_point', institutionId: source.id });
      await users.newUser({ role: 'focal_point', institutionId: into.id });
      const r1 = await assignments.newRecommendationId();
      const r2 = await assignments.newRecommendationId();
      await assignments.newAssignment({ recommendationId: r1, institutionId: source.id, role: 'lead' });
      await assignments.newAssignment({ recommendationId: r2, institutionId: source.id, role: 'lead' });
      await assignments.newAssignment({ recommendationId: r2, institutionId: into.id, role: 'contributor' });
      const campaign = await campaigns.newCampaign({ scope: { recommendationIds: [r1, r2] }, institutionIds: [source.id, into.id] });
      // The source's contribution on r1 gets content, a link as evidence and a comment.
      const fpToken = await users.login(fpSource);
      const [{ id: c1 }] = await ctx.dataSource.query(`SELECT id FROM contribution WHERE campaign_id = $1 AND institution_id = $2 AND recommendation_id = $3`, [campaign.id, source.id, r1]);
      expect((await saveDraft(ctx, fpToken, c1, { measures: 'Une loi a été adoptée.' })).status).toBe(200);
      expect((await api().post(`/api/v1/contributions/${c1}/evidence`).set(auth(fpToken)).send({ url: 'https://example.test/loi', title: 'Loi' })).status).toBe(201);
      expect((await api().post(`/api/v1/contributions/${c1}/comments`).set(auth(fpToken)).send({ body: 'Voir la loi.' })).status).toBe(201);
      expect((await api().post('/api/v1/invitations').set(auth(admin)).send({ email: 'pending@source.test', name: 'P', role: 'validator', institutionId: source.id })).status).toBe(201);

      const before = { source: await references(source.id), target: await references(into.id) };
      const evidence = await count(`SELECT count(*)::int AS n FROM evidence WHERE contribution_id = $1`, [c1]);
      const comments = await count(`SELECT count(*)::int AS n FROM contribution_comment WHERE contribution_id = $1`, [c1]);
      expect(before.source).toMatchObject({ 'assignment.institution_id': 2, 'contribution.institution_id': 2, 'campaign_institution.institution_id': 1, 'app_user.institution_id': 1, 'invitation.institution_id': 1, 'institution.parent_id': 1 });

      const preview = await api().get(`/api/v1/institutions/${source.id}/merge-preview`).query({ targetId: into.id }).set(auth(admin));
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ refusal: null, conflicts: [], deduplicatedAssignments: 1, droppedDrafts: 1, moves: { assignments: 2, contributions: 1, evidence: 1, comments: 1, campaigns: 1, users: 1, invitations: 1, children: 1 } });

      const merged = await api().post(`/api/v1/institutions/${source.id}/merge`).set(auth(admin)).set('If-Match', `"${preview.body.version}"`).send({ targetId: into.id });
      expect(merged.status).toBe(200);

      const after = { source: await references(source.id), target: await references(into.id) };
      // Nothing references the source any more (it is only the target of its own merged_into link).
      for (const [key, n] of Object.entries(after.source)) expect({ key, n }).toEqual({ key, n: 0 });
      expect(after.target['assignment.institution_id']).toBe(before.target['assignment.institution_id']! + 1); // r1 moved, r2 folded
      expect(after.target['contribution.institution_id']).toBe(before.target['contribution.institution_id']! + 1); // the empty source draft on r2 dropped
      expect(after.target['campaign_institution.institution_id']).toBe(1);
      expect(after.target['app_user.institution_id']).toBe(before.target['app_user.institution_id']! + 1);
      expect(after.target['invitation.institution_id']).toBe(before.target['invitation.institution_id']! + 1);
      expect(after.target['institution.parent_id']).toBe(1);
      expect(after.target['institution.merged_into_id']).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM evidence WHERE contribution_id = $1`, [c1])).toBe(evidence);
      expect(await count(`SELECT count(*)::int AS n FROM contribution_comment WHERE contribution_id = $1`, [c1])).toBe(comments);
      expect((await ctx.dataSource.query(`SELECT parent_id FROM institution WHERE id = $1`, [child.id]))[0].parent_id).toBe(into.id);

      // The recommendations' assignments follow the target; the folded one keeps the strongest role.
      for (const r of [r1, r2]) {
        const rec = await api().get(`/api/v1/recommendations/${r}`).set(auth(coord));
        expect(rec.body.assignments.map((a: { institution: { id: string } }) => a.institution.id)).toEqual([into.id]);
      }
      expect((await ctx.dataSource.query(`SELECT role FROM assignment WHERE recommendation_id = $1`, [r2]))[0].role).toBe('lead');
      // The source's focal point joined as an alternate (the target has its main).
      const designations = (await current(into.id)).focalPoints;
      expect(designations.filter((f) => f.focalPointKind === 'main')).toHaveLength(1);
      expect(designations.find((f) => f.id === fpSource.id)?.focalPointKind).toBe('alternate');

      const sourceNow = await current(source.id);
      expect(sourceNow).toMatchObject({ active: false, mergedIntoId: into.id });
      const [event] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE action = 'institution.merge' AND entity_id = $1`, [source.id]);
      expect(event.changes.targetId).toBe(into.id);
      expect(event.changes.moved.contributions).toEqual([c1]);
      expect(event.changes.moved.users).toEqual([fpSource.id]);
      expect(event.changes.moved.evidence).toHaveLength(1);
      expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action IN ('assignment.merge_move', 'assignment.merge_fold') AND changes->>'mergeOf' = $1`, [source.id])).toBe(2);
      expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'user.merge_move' AND entity_id = $1`, [fpSource.id])).toBe(1);
      // The audit log filtered on the target includes what the source's people did before the merge (events keep the old id).
      const log = await api().get('/api/v1/audit/events').query({ institutionId: into.id, pageSize: 100 }).set(auth(admin));
      expect(log.status).toBe(200);
      expect(log.body.items.some((e: { actorInstitutionId: string; action: string }) => e.actorInstitutionId === source.id && e.action === 'contribution.comment')).toBe(true);
      const verify = await api().get('/api/v1/audit/verify').set(auth(admin));
      expect(verify.body.intact).toBe(true);

      // Refusals: again, into itself, into the merged one, into a descendant.
      const other = await create();
      expect((await api().post(`/api/v1/institutions/${source.id}/merge`).set(auth(admin)).send({ targetId: other.id })).body.details).toEqual({ reason: 'source_inactive' });
      expect((await api().post(`/api/v1/institutions/${other.id}/merge`).set(auth(admin)).send({ targetId: other.id })).body.details).toEqual({ reason: 'self' });
      expect((await api().post(`/api/v1/institutions/${other.id}/merge`).set(auth(admin)).send({ targetId: source.id })).body.details).toEqual({ reason: 'target_inactive' });
      const below = await create({ parentId: other.id });
      const cycle = await api().post(`/api/v1/institutions/${other.id}/merge`).set(auth(admin)).send({ targetId: below.id });
      expect(cycle.status).toBe(409);
      expect(cycle.body.details).toEqual({ reason: 'cycle' });
      expect((await post(source.id, 'reactivate')).status).toBe(409);
    });

    it('refuses (409 institution.merge_conflict, nothing written) when both sides wrote a contribution for the same campaign and recommendation', async () => {
      const users = userFactory(ctx);
      const assignments = assignmentFactory(ctx);
      const source = await create();
      const into = await create();
      const fpS = await users.login(await users.newUser({ role: 'focal_point', institutionId: source.id }));
      const fpT = await users.login(await users.newUser({ role: 'focal_point', institutionId: into.id }));
      const r = await assignments.newRecommendationId();
      await assignments.newAssignment({ recommendationId: r, institutionId: source.id });
      await assignments.newAssignment({ recommendationId: r, institutionId: into.id });
      const campaign = await campaignFactory(ctx).newCampaign({ scope: { recommendationIds: [r] }, institutionIds: [source.id, into.id] });
      for (const [inst, token] of [[source.id, fpS], [into.id, fpT]] as const) {
        const [{ id }] = await ctx.dataSource.query(`SELECT id FROM contribution WHERE campaign_id = $1 AND institution_id = $2`, [campaign.id, inst]);
        expect((await saveDraft(ctx, token, id, { measures: `Mesures ${inst}` })).status).toBe(200);
      }
      const before = await references(source.id);
      const res = await api().post(`/api/v1/institutions/${source.id}/merge`).set(auth(admin)).send({ targetId: into.id });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('institution.merge_conflict');
      expect(res.body.details.conflicts).toHaveLength(1);
      expect(await references(source.id)).toEqual(before);
      expect((await current(source.id)).active).toBe(true);
    });

    it('two concurrent merges leave a consistent state: one wins, the other is refused, no reference is lost', async () => {
      const assignments = assignmentFactory(ctx);
      const a = await create();
      const b = await create();
      await assignments.newAssignment({ institutionId: a.id });
      await assignments.newAssignment({ institutionId: b.id });
      const total = await count(`SELECT count(*)::int AS n FROM assignment WHERE institution_id = ANY($1::uuid[])`, [[a.id, b.id]]);
      const [ab, ba] = await Promise.all([
        api().post(`/api/v1/institutions/${a.id}/merge`).set(auth(admin)).send({ targetId: b.id }),
        api().post(`/api/v1/institutions/${b.id}/merge`).set(auth(admin)).send({ targetId: a.id }),
      ]);
      expect([ab.status, ba.status].sort()).toEqual([200, 409]);
      const [winner, loser] = ab.status === 200 ? [b.id, a.id] : [a.id, b.id];
      expect(await current(loser)).toMatchObject({ active: false, mergedIntoId: winner });
      expect(await current(winner)).toMatchObject({ active: true, mergedIntoId: null });
      expect(await count(`SELECT count(*)::int AS n FROM assignment WHERE institution_id = $1`, [winner])).toBe(total);
      expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'institution.merge' AND entity_id = ANY($1::text[])`, [[a.id, b.id]])).toBe(1);
    });
  });

  describe('focal-point designation and reminders', () => {
    it('designates one main and alternates; refuses non focal points (422), stale versions (412) and focal points (403); the coordinator may', async () => {
      const users = userFactory(ctx);
      const inst = await create();
      const u1 = await users.newUser({ role: 'focal_point', institutionId: inst.id, focalPointKind: null });
      const u2 = await users.newUser({ role: 'focal_point', institutionId: inst.id, focalPointKind: null });
      const validator = await users.newUser({ role: 'validator', institutionId: inst.id });
      const put = async (send: Record<string, unknown>, token = coord, version?: number) =>
        api().put(`/api/v1/institutions/${inst.id}/focal-points`).set(auth(token)).set('If-Match', `"${version ?? (await current(inst.id)).version}"`).send(send);
      expect((await put({ mainUserId: validator.id, alternateUserIds: [] })).body.code).toBe('institution.designation_invalid');
      expect((await put({ mainUserId: u1.id, alternateUserIds: [] }, await users.login(u1))).status).toBe(403);
      const ok = await put({ mainUserId: u2.id, alternateUserIds: [u1.id] });
      expect(ok.status).toBe(200);
      expect(ok.body.focalPoints.map((f: { id: string; focalPointKind: string }) => [f.id, f.focalPointKind])).toEqual([[u2.id, 'main'], [u1.id, 'alternate']]);
      expect((await put({ mainUserId: u1.id, alternateUserIds: [] }, coord, ok.body.version - 1)).status).toBe(412);
      const members = await api().get(`/api/v1/institutions/${inst.id}/members`).set(auth(admin));
      expect(members.body.members.filter((m: { focalPointKind: string }) => m.focalPointKind === 'main').map((m: { id: string }) => m.id)).toEqual([u2.id]);
      expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'user.designate' AND entity_id = ANY($1::text[])`, [[u1.id, u2.id]])).toBe(2);
    });

    it('an invitation as main focal point joins as an alternate when the institution has a main one', async () => {
      const users = userFactory(ctx);
      const inst = await create();
      const main = await users.newUser({ role: 'focal_point', institutionId: inst.id, focalPointKind: 'main' });
      const email = `second.main.${Date.now()}@x.test`;
      expect((await api().post('/api/v1/invitations').set(auth(admin)).send({ email, name: 'Second', role: 'focal_point', focalPointKind: 'main', institutionId: inst.id })).status).toBe(201);
      const mail = await waitForMail(ctx, (m) => m.to.includes(email));
      const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
      expect((await api().post('/api/v1/invitations/accept').send({ token, password: 'a-long-enough-password-42' })).status).toBe(200);
      const kinds = (await current(inst.id)).focalPoints.map((f) => [f.id === main.id ? 'first' : 'second', f.focalPointKind]);
      expect(kinds).toEqual([['first', 'main'], ['second', 'alternate']]);
    });

    it('reminders: before the deadline the main focal point only; once overdue the main and the alternates', async () => {
      const users = userFactory(ctx);
      const inst = await create();
      const main = await users.newUser({ role: 'focal_point', institutionId: inst.id, focalPointKind: 'alternate' });
      const alternate = await users.newUser({ role: 'focal_point', institutionId: inst.id, focalPointKind: 'alternate' });
      const set = await api().put(`/api/v1/institutions/${inst.id}/focal-points`).set(auth(admin)).set('If-Match', `"${(await current(inst.id)).version}"`).send({ mainUserId: main.id, alternateUserIds: [alternate.id] });
      expect(set.status).toBe(200);
      const own = await campaignFactory(ctx).newCampaign({ institutionIds: [inst.id] });
      const reminders = ctx.app.get(RemindersService);
      const notified = (userId: string, type: string) => count(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND type = $2`, [userId, type]);
      const deadline = new Date(`${own.deadline}T09:00:00Z`);
      await ctx.dataSource.transaction((m) => reminders.remindNow(m, own.id, new Date(deadline.getTime() - 2 * DAY)));
      expect([await notified(main.id, 'reminder.due_soon'), await notified(alternate.id, 'reminder.due_soon')]).toEqual([1, 0]);
      await ctx.dataSource.transaction((m) => reminders.remindNow(m, own.id, new Date(deadline.getTime() + 2 * DAY)));
      expect([await notified(main.id, 'reminder.overdue'), await notified(alternate.id, 'reminder.overdue')]).toEqual([1, 1]);
    });
  });
});
