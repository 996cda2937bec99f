import request from 'supertest';
import { DEMO_CAMPAIGN_TITLE } from '../src/database/seeds/demo-campaign.js';
import { loadDemoAchievements } from '../src/database/seeds/demo-contributions.js';
import type { ContributionDetailDto } from '../src/modules/contributions/dto/contribution.dto.js';
import { assignmentFactory } from './factories/assignment.factory.js';
import { campaignFactory } from './factories/campaign.factory.js';
import { COMPLETE_CONTENT, contributionFactory } from './factories/contribution.factory.js';
import { userFactory } from './factories/user.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth, institutionId, saveDraft, transition, waitForMail } from './workflow-helpers.js';

/**
 * The validation chain through the API (shared state machine), institution scope (BOLA sweep),
 * auditors, concurrent drafts, consolidated-status suggestion, notifications and mail. Each
 * scenario starts from its own contribution, made by the factory through the real services.
 */
describe('contribution workflow', () => {
  let ctx: TestContext;
  let factory: ReturnType<typeof contributionFactory>;
  const t = {} as Record<'fp' | 'val' | 'coord' | 'fpMI' | 'auditor' | 'admin', string>;

  beforeAll(async () => {
    ctx = await createTestApp();
    factory = contributionFactory(ctx);
    t.fp = await ctx.login(DEMO.focalJustice);
    t.val = await ctx.login(DEMO.validatorJustice);
    t.coord = await ctx.login(DEMO.coordinator);
    t.fpMI = await ctx.login(DEMO.focalInterior);
    t.auditor = await ctx.login(DEMO.auditor);
    t.admin = await ctx.login(DEMO.admin);
  });
  afterAll(() => ctx.close());

  const comments = (id: string, token: string) => request(ctx.http).get(`/api/v1/contributions/${id}/comments`).set(auth(token));
  const auditCount = async (id: string, action: string): Promise<number> =>
    (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'contribution' AND entity_id = $1 AND action = $2`, [id, action]))[0].n;

  // Runs first: the factory's campaigns add assignments the demo campaign does not cover.
  it('the demo campaign opened one draft per MJ and MI assignment, and per assignment in scope of the institutions the demo contributions added', async () => {
    const res = await request(ctx.http).get('/api/v1/campaigns').set(auth(t.coord));
    expect(res.status).toBe(200);
    expect(res.body.items[0].title).toBe(DEMO_CAMPAIGN_TITLE);
    const [{ n, mjmi }] = await ctx.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE i.code IN ('MJ', 'MI'))::int AS mjmi
         FROM campaign cp JOIN campaign_institution ci ON ci.campaign_id = cp.id JOIN institution i ON i.id = ci.institution_id
         JOIN assignment a ON a.institution_id = ci.institution_id AND cp.scope->'recommendationIds' ? a.recommendation_id::text
        WHERE cp.title = $1`,
      [DEMO_CAMPAIGN_TITLE],
    );
    const [{ total }] = await ctx.dataSource.query(`SELECT count(*)::int AS total FROM assignment a JOIN institution i ON i.id = a.institution_id WHERE i.code IN ('MJ', 'MI')`);
    expect(mjmi).toBe(total);
    // The demo seed validated its contributions (seeds/demo-contributions.ts); every other one is a draft.
    const validated = loadDemoAchievements().contributions.length;
    expect(res.body.items[0].progress).toMatchObject({ expected: n, validated, draft: n - validated, submitted: 0, approved: 0, returned: 0 });
  });

  describe('submitting a draft', () => {
    it('without an implementation status → 400 naming implementationStatus', async () => {
      const c = await factory.newContribution();
      const res = await transition(ctx, t.fp, c.id, 'submit');
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ implementationStatus: 'validation.required' });
    });

    it('with an implementation status but no measures → 400 naming measures', async () => {
      const c = await factory.newContribution();
      expect((await saveDraft(ctx, t.fp, c.id, { implementationStatus: 'in_progress' })).status).toBe(200);
      const res = await transition(ctx, t.fp, c.id, 'submit');
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ measures: 'validation.required' });
    });

    it('the contribution lists what is still missing before submit', async () => {
      const c = await factory.newContribution();
      expect(c.missingForSubmit).toEqual(['implementationStatus', 'measures']);
      expect((await saveDraft(ctx, t.fp, c.id, { implementationStatus: 'in_progress' })).body.missingForSubmit).toEqual(['measures']);
      expect((await saveDraft(ctx, t.fp, c.id, { measures: '   ' })).body.missingForSubmit).toEqual(['measures']);
      expect((await saveDraft(ctx, t.fp, c.id, { measures: 'Fait.' })).body.missingForSubmit).toEqual([]);
      expect((await transition(ctx, t.fp, c.id, 'submit')).body.missingForSubmit).toEqual([]);
    });

    it('a complete draft (Markdown, Arabic, indicators) offers submit to its focal point', async () => {
      const c = await factory.newContribution({ content: { implementationStatus: 'in_progress' } });
      const res = await saveDraft(ctx, t.fp, c.id, {
        measures: 'Loi 10.16 adoptée ; **formation** de 300 magistrats.\n\nقانون جديد',
        indicators: [{ name: 'Magistrats formés', type: 'process', unit: 'persons', baseline: 0, target: 500, value: 300, date: '2025-06-30' }],
      });
      expect(res.status).toBe(200);
      expect(res.body.availableActions).toEqual(['submit']);
      expect(res.body.indicators).toEqual([{ name: 'Magistrats formés', type: 'process', unit: 'persons', baseline: 0, target: 500, value: 300, date: '2025-06-30' }]);
    });

    it('with a stale If-Match → 412 with the current contribution; If-Match is checked only when given', async () => {
      const c = await factory.newContribution({ content: COMPLETE_CONTENT });
      expect((await saveDraft(ctx, t.fp, c.id, { challenges: 'Budget.' })).status).toBe(200);
      const stale = await request(ctx.http).post(`/api/v1/contributions/${c.id}/transitions`).set(auth(t.fp)).set('If-Match', `"${c.version}"`).send({ action: 'submit' });
      expect(stale.status).toBe(412);
      expect(stale.body.details.current).toMatchObject({ id: c.id, status: 'draft', challenges: 'Budget.', version: c.version + 1 });
      expect(stale.body.details.lastChange).toMatchObject({ actorName: 'Omar Berrada', actorRole: 'focal_point' });
      const fresh = await request(ctx.http).post(`/api/v1/contributions/${c.id}/transitions`).set(auth(t.fp)).set('If-Match', `"${c.version + 1}"`).send({ action: 'submit' });
      expect(fresh.status).toBe(200);
      expect(fresh.headers['etag']).toBe(`"${c.version + 2}"`);
      expect(fresh.body.submittedAt).not.toBeNull();
      // stamped with the transaction's time, as updated_at
      const [{ same }] = await ctx.dataSource.query(`SELECT submitted_at = updated_at AS same FROM contribution WHERE id = $1`, [c.id]);
      expect(same).toBe(true);
    });

    it('by a validator or the coordinator → 403', async () => {
      const c = await factory.newContribution({ content: COMPLETE_CONTENT });
      expect((await transition(ctx, t.val, c.id, 'submit')).status).toBe(403);
      expect((await transition(ctx, t.coord, c.id, 'submit')).status).toBe(403);
    });

    it('a step that does not exist from draft → 409 contribution.illegal_transition', async () => {
      const c = await factory.newContribution({ content: COMPLETE_CONTENT });
      const res = await transition(ctx, t.val, c.id, 'approve');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('contribution.illegal_transition');
    });

    it('draft → submitted: no action left to the focal point', async () => {
      const c = await factory.newContribution({ content: COMPLETE_CONTENT });
      const res = await transition(ctx, t.fp, c.id, 'submit');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('submitted');
      expect(res.body.availableActions).toEqual([]);
    });
  });

  describe('a submitted contribution', () => {
    let c: ContributionDetailDto;
    beforeEach(async () => {
      c = await factory.newContribution({ status: 'submitted' });
    });

    it('is not editable (409), cannot be submitted again or validated (409)', async () => {
      expect((await saveDraft(ctx, t.fp, c.id, { measures: 'x' })).status).toBe(409);
      expect((await transition(ctx, t.fp, c.id, 'submit')).status).toBe(409);
      expect((await transition(ctx, t.coord, c.id, 'validate')).status).toBe(409);
    });

    it('cannot be returned without a comment, nor with a blank one (400)', async () => {
      const res = await transition(ctx, t.val, c.id, 'return');
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ comment: 'validation.required' });
      expect((await transition(ctx, t.val, c.id, 'return', '   ')).status).toBe(400);
    });

    it('is returned by the validator with a comment, which the thread keeps', async () => {
      const res = await transition(ctx, t.val, c.id, 'return', 'Ajoutez les chiffres de 2024.');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('returned');
      const thread = await comments(c.id, t.fp);
      expect(thread.body.items).toEqual([expect.objectContaining({ action: 'return', body: 'Ajoutez les chiffres de 2024.', authorRole: 'validator' })]);
    });

    it('is approved by the validator, not by the coordinator (403)', async () => {
      expect((await transition(ctx, t.coord, c.id, 'approve')).status).toBe(403);
      const res = await transition(ctx, t.val, c.id, 'approve');
      expect(res.body.status).toBe('approved');
    });
  });

  it('a returned contribution edited by its focal point goes back to draft', async () => {
    const c = await factory.newContribution({ status: 'returned' });
    const res = await saveDraft(ctx, t.fp, c.id, { measures: 'Loi 10.16 ; 300 magistrats formés en 2024.' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('draft');
  });

  describe('an approved contribution', () => {
    let c: ContributionDetailDto;
    beforeEach(async () => {
      c = await factory.newContribution({ status: 'approved' });
    });

    it('is returned by the coordinator only with a comment, then revised explicitly by the focal point', async () => {
      expect((await transition(ctx, t.coord, c.id, 'return')).status).toBe(400);
      expect((await transition(ctx, t.coord, c.id, 'return', 'Précisez le budget.')).body.status).toBe('returned');
      expect((await transition(ctx, t.fp, c.id, 'revise')).body.status).toBe('draft');
    });

    it('is validated by the coordinator, not by the validator (403)', async () => {
      expect((await transition(ctx, t.val, c.id, 'validate')).status).toBe(403);
      const res = await transition(ctx, t.coord, c.id, 'validate');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('validated');
      expect(res.body.validatedAt).not.toBeNull();
    });
  });

  it('a validated contribution is locked: edits → 409 contribution.locked, every step → 409', async () => {
    const c = await factory.newContribution({ status: 'validated' });
    const res = await saveDraft(ctx, t.fp, c.id, { measures: 'changed' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('contribution.locked');
    for (const [token, action] of [[t.fp, 'submit'], [t.val, 'approve'], [t.coord, 'return'], [t.coord, 'validate']] as const) {
      expect((await transition(ctx, token, c.id, action, 'x')).status).toBe(409);
    }
  });

  it('every accepted step writes exactly one contribution.transition event', async () => {
    const { id } = await factory.newContribution({ content: COMPLETE_CONTENT });
    expect((await transition(ctx, t.fp, id, 'submit')).body.status).toBe('submitted');
    expect((await transition(ctx, t.val, id, 'return', 'Ajoutez les chiffres de 2024.')).body.status).toBe('returned');
    expect((await saveDraft(ctx, t.fp, id, { measures: 'Loi 10.16 ; 300 magistrats formés en 2024.' })).body.status).toBe('draft');
    expect((await transition(ctx, t.fp, id, 'submit')).body.status).toBe('submitted');
    expect((await transition(ctx, t.val, id, 'approve')).body.status).toBe('approved');
    expect((await transition(ctx, t.coord, id, 'return', 'Précisez le budget.')).body.status).toBe('returned');
    expect((await transition(ctx, t.fp, id, 'revise')).body.status).toBe('draft');
    expect((await transition(ctx, t.fp, id, 'submit')).body.status).toBe('submitted');
    expect((await transition(ctx, t.val, id, 'approve')).body.status).toBe('approved');
    expect((await transition(ctx, t.coord, id, 'validate')).body.status).toBe('validated');
    expect(await auditCount(id, 'contribution.transition')).toBe(9); // submit, return, submit, approve, return, revise, submit, approve, validate
  });

  describe('notifications and mail', () => {
    const mj = async (): Promise<Record<'id' | 'code' | 'nameAr' | 'nameFr' | 'nameEn', string>> =>
      (await ctx.dataSource.query(`SELECT id, code, name_ar AS "nameAr", name_fr AS "nameFr", name_en AS "nameEn" FROM institution WHERE code = 'MJ'`))[0];
    const unread = async (token: string): Promise<number> => (await request(ctx.http).get('/api/v1/notifications/unread-count').set(auth(token))).body.unread;

    it('submit notifies the validators (the payload names the institution in three languages) and mails them in their language', async () => {
      const c = await factory.newContribution({ content: { implementationStatus: 'implemented', measures: 'Fait.' } });
      const before = await unread(t.val);
      expect((await transition(ctx, t.fp, c.id, 'submit')).status).toBe(200);
      const list = await request(ctx.http).get('/api/v1/notifications').set(auth(t.val));
      expect(list.body.unread).toBe(before + 1);
      const institution = await mj();
      // the payload carries the institution's three names: the SPA shows the one of the UI language
      expect(list.body.items[0]).toMatchObject({ type: 'contribution.submitted', readAt: null, payload: expect.objectContaining({ contributionId: c.id, institution }) });
      const mail = await waitForMail(ctx, (m) => m.to.includes(DEMO.validatorJustice) && m.text.includes(`/contributions/${c.id}`));
      expect(mail.subject).toMatch(/^Contribution soumise/);
      expect(mail.text).toContain(institution.nameFr);
    });

    it('a notification is marked read by its recipient only', async () => {
      const c = await factory.newContribution({ status: 'submitted' });
      const list = await request(ctx.http).get('/api/v1/notifications').set(auth(t.val));
      const notification = list.body.items.find((n: { payload: { contributionId?: string } }) => n.payload.contributionId === c.id);
      const before = await unread(t.val);
      expect((await request(ctx.http).post(`/api/v1/notifications/${notification.id}/read`).set(auth(t.fp))).status).toBe(404);
      expect((await request(ctx.http).post(`/api/v1/notifications/${notification.id}/read`).set(auth(t.val))).status).toBe(204);
      expect(await unread(t.val)).toBe(before - 1);
    });

    it('return mails the focal point, with the comment', async () => {
      const c = await factory.newContribution({ status: 'submitted' });
      await transition(ctx, t.val, c.id, 'return', 'Joindre le décret.');
      await waitForMail(ctx, (m) => m.to.includes(DEMO.focalJustice) && m.subject.startsWith('Contribution renvoyée') && m.text.includes('Joindre le décret.') && m.text.includes(`/contributions/${c.id}`));
    });

    it('approve notifies the coordinator, mailed in Arabic with the institution named in Arabic', async () => {
      const c = await factory.newContribution({ status: 'submitted' });
      await transition(ctx, t.val, c.id, 'approve');
      const arabic = await waitForMail(ctx, (m) => m.to.includes(DEMO.coordinator) && m.subject.startsWith('تمت الموافقة على مساهمة') && m.text.includes(`/contributions/${c.id}`));
      const institution = await mj();
      expect(arabic.text).toContain(institution.nameAr); // the institution named in the recipient's language
      expect(arabic.text).not.toContain(institution.nameFr);
      const coordinatorNotes = await request(ctx.http).get('/api/v1/notifications').set(auth(t.coord));
      expect(coordinatorNotes.body.items.map((n: { type: string }) => n.type)).toContain('contribution.approved');
    });

    it('validate mails the focal point', async () => {
      const c = await factory.newContribution({ status: 'approved' });
      await transition(ctx, t.coord, c.id, 'validate');
      await waitForMail(ctx, (m) => m.to.includes(DEMO.focalJustice) && m.subject.startsWith('Contribution validée') && m.text.includes(`/contributions/${c.id}`));
    });
  });

  describe('consolidated status', () => {
    it('is suggested from the validated lead contributions', async () => {
      const c = await factory.newContribution({ status: 'validated', content: { implementationStatus: 'in_progress', measures: 'En cours.' } });
      const res = await request(ctx.http).get(`/api/v1/recommendations/${c.recommendation.id}/status-suggestion`).set(auth(t.coord));
      expect(res.status).toBe(200);
      expect(res.body.basis).toEqual([expect.objectContaining({ contributionId: c.id, implementationStatus: 'in_progress' })]);
      expect(res.body.leadsWithoutValidated).toBe(0);
      expect(res.body.suggestion).toBe('in_progress');
    });

    it('is set by the coordinator with PATCH, and then shown as current', async () => {
      const c = await factory.newContribution({ status: 'validated', content: { implementationStatus: 'in_progress', measures: 'En cours.' } });
      const suggestion = (await request(ctx.http).get(`/api/v1/recommendations/${c.recommendation.id}/status-suggestion`).set(auth(t.coord))).body.suggestion;
      const rec = await request(ctx.http).get(`/api/v1/recommendations/${c.recommendation.id}`).set(auth(t.coord));
      const patched = await request(ctx.http).patch(`/api/v1/recommendations/${c.recommendation.id}`).set(auth(t.coord)).set('If-Match', rec.headers['etag']!).send({ status: suggestion });
      expect(patched.status).toBe(200);
      expect((await request(ctx.http).get(`/api/v1/recommendations/${c.recommendation.id}/status-suggestion`).set(auth(t.coord))).body.currentStatus).toBe('in_progress');
    });

    it('is 404 for a recommendation outside the caller’s institution', async () => {
      const c = await factory.newContribution();
      expect((await request(ctx.http).get(`/api/v1/recommendations/${c.recommendation.id}/status-suggestion`).set(auth(t.fpMI))).status).toBe(404);
    });
  });

  describe('two focal points of the same institution on one draft', () => {
    let fp2: string;
    let mj: string;

    beforeAll(async () => {
      mj = await institutionId(ctx, 'MJ');
      const users = userFactory(ctx);
      fp2 = await users.login(await users.newUser({ email: 'focal2.justice@demo.sidh', name: 'Alternate FP', role: 'focal_point', institutionId: mj, locale: 'en', focalPointKind: 'alternate' }));
    });

    it('the second save with the same ETag gets 412 with the current contribution and who changed it', async () => {
      const c = await factory.newContribution();
      const read = await request(ctx.http).get(`/api/v1/contributions/${c.id}`).set(auth(t.fp));
      const etag = read.headers['etag']!;
      const first = await request(ctx.http).patch(`/api/v1/contributions/${c.id}`).set(auth(t.fp)).set('If-Match', etag).send({ measures: 'Version A' });
      expect(first.status).toBe(200);
      const second = await request(ctx.http).patch(`/api/v1/contributions/${c.id}`).set(auth(fp2)).set('If-Match', etag).send({ measures: 'Version B' });
      expect(second.status).toBe(412);
      expect(second.body.details.current).toMatchObject({ id: c.id, measures: 'Version A', version: first.body.version });
      expect(second.body.details.lastChange.actorName).toBe('Omar Berrada');
    });

    it('a save without If-Match gets 428', async () => {
      const c = await factory.newContribution();
      expect((await request(ctx.http).patch(`/api/v1/contributions/${c.id}`).set(auth(fp2)).send({ measures: 'x' })).status).toBe(428);
    });

    it('the alternate focal point is listed among the institution’s members', async () => {
      const members = await request(ctx.http).get(`/api/v1/institutions/${mj}/members`).set(auth(t.coord));
      expect(members.body.members).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'focal2.justice@demo.sidh', focalPointKind: 'alternate', emailDomain: 'demo.sidh' })]));
    });
  });

  describe('institution scope (BOLA): focal.interior with the ids of MJ objects', () => {
    const demoCampaignId = async (): Promise<string> =>
      (await request(ctx.http).get('/api/v1/campaigns').query({ pageSize: '100' }).set(auth(t.coord))).body.items.find((c: { title: string }) => c.title === DEMO_CAMPAIGN_TITLE).id;

    it('gets 404 on every id-bearing route, and nothing changes', async () => {
      const mj = await institutionId(ctx, 'MJ');
      const c = await factory.newContribution({ status: 'returned' });
      const draft = await factory.newContribution();
      const campaignId = await demoCampaignId();
      const [{ id: commentId }] = (await comments(c.id, t.fp)).body.items;
      const ev = await request(ctx.http).post(`/api/v1/contributions/${draft.id}/evidence`).set(auth(t.fp)).send({ url: 'https://justice.gov.ma/loi', confidentiality: 'internal' });
      expect(ev.status).toBe(201);
      const snapshot = () => ctx.dataSource.query(`SELECT (SELECT sum(version) FROM contribution)::int AS cv, (SELECT count(*) FROM contribution_comment)::int AS cc, (SELECT count(*) FROM evidence)::int AS ev, (SELECT sum(version) FROM assignment)::int AS av, (SELECT count(*) FROM audit_event)::int AS ae`);
      const before = await snapshot();
      const calls: Array<[string, request.Test]> = [
        ['GET contribution', request(ctx.http).get(`/api/v1/contributions/${c.id}`)],
        ['PATCH contribution', request(ctx.http).patch(`/api/v1/contributions/${draft.id}`).set('If-Match', `"${draft.version}"`).send({ measures: 'pwned' })],
        ['POST transition', request(ctx.http).post(`/api/v1/contributions/${draft.id}/transitions`).send({ action: 'submit' })],
        ['GET comments', request(ctx.http).get(`/api/v1/contributions/${c.id}/comments`)],
        ['POST comment', request(ctx.http).post(`/api/v1/contributions/${c.id}/comments`).send({ body: 'hello' })],
        ['POST evidence', request(ctx.http).post(`/api/v1/contributions/${draft.id}/evidence`).send({ url: 'https://evil.example' })],
        ['GET evidence download', request(ctx.http).get(`/api/v1/evidence/${ev.body.id}/download`)],
        ['DELETE evidence', request(ctx.http).delete(`/api/v1/evidence/${ev.body.id}`)],
        ['GET assignment', request(ctx.http).get(`/api/v1/assignments/${c.assignment.id}`)],
        ['GET status suggestion', request(ctx.http).get(`/api/v1/recommendations/${c.recommendation.id}/status-suggestion`)],
        ['GET campaign of MJ only', request(ctx.http).get(`/api/v1/campaigns/${c.campaign.id}`)],
        ['GET campaign institution', request(ctx.http).get(`/api/v1/campaigns/${campaignId}/institutions/${mj}`)],
        ['GET members', request(ctx.http).get(`/api/v1/institutions/${mj}/members`)],
        ['GET notification read', request(ctx.http).post(`/api/v1/notifications/${commentId}/read`)],
      ];
      const wrong: string[] = [];
      for (const [name, call] of calls) {
        const res = await call.set(auth(t.fpMI));
        if (res.status !== 404) wrong.push(`${name}: ${res.status}`);
      }
      expect(wrong).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });

    it('lists are scoped, even when asking for MJ', async () => {
      const mj = await institutionId(ctx, 'MJ');
      await factory.newContribution();
      const list = await request(ctx.http).get('/api/v1/contributions').query({ institutionId: mj, pageSize: '100' }).set(auth(t.fpMI));
      expect(list.body.items.every((i: { institution: { code: string } }) => i.institution.code === 'MI')).toBe(true);
      const assignments = await request(ctx.http).get('/api/v1/assignments').query({ institutionId: mj, pageSize: '100' }).set(auth(t.fpMI));
      expect(assignments.body.items.every((i: { institution: { code: string } }) => i.institution.code === 'MI')).toBe(true);
      const campaign = await request(ctx.http).get(`/api/v1/campaigns/${await demoCampaignId()}`).set(auth(t.fpMI));
      expect(campaign.body.institutions.map((i: { code: string }) => i.code)).toEqual(['MI']);
    });
  });

  describe('auditors', () => {
    it('read contributions', async () => {
      const c = await factory.newContribution();
      expect((await request(ctx.http).get(`/api/v1/contributions/${c.id}`).set(auth(t.auditor))).status).toBe(200);
    });

    it('get 403 on every write route', async () => {
      const { id } = await factory.newContribution();
      const writes = [
        request(ctx.http).patch(`/api/v1/contributions/${id}`).set('If-Match', '"1"').send({ measures: 'x' }),
        request(ctx.http).post(`/api/v1/contributions/${id}/transitions`).send({ action: 'validate' }),
        request(ctx.http).post(`/api/v1/contributions/${id}/comments`).send({ body: 'x' }),
        request(ctx.http).post(`/api/v1/contributions/${id}/evidence`).send({ url: 'https://x.org' }),
        request(ctx.http).post('/api/v1/assignments').send({}),
        request(ctx.http).post('/api/v1/assignments/bulk').send({}),
        request(ctx.http).post('/api/v1/campaigns').send({}),
        request(ctx.http).post('/api/v1/invitations').send({}),
        request(ctx.http).post('/api/v1/notifications/read-all'),
      ];
      for (const w of writes) expect((await w.set(auth(t.auditor))).status).toBe(403);
    });
  });

  describe('assignments', () => {
    const assignments = () => assignmentFactory(ctx);

    it('bulk from a filter covers every recommendation of the body', async () => {
      const mi = await institutionId(ctx, 'MI');
      const [{ id: body }] = await ctx.dataSource.query(`SELECT id FROM body WHERE code = 'CAT'`);
      const bulk = await request(ctx.http).post('/api/v1/assignments/bulk').set(auth(t.coord)).send({ filter: { bodyId: body }, institutionId: mi, role: 'contributor', dueDate: '2026-12-31' });
      expect(bulk.status).toBe(200);
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation WHERE body_id = $1`, [body]);
      expect(bulk.body.created + bulk.body.skipped).toBe(n);
    });

    it('the same bulk again creates nothing', async () => {
      const mi = await institutionId(ctx, 'MI');
      const [{ id: body }] = await ctx.dataSource.query(`SELECT id FROM body WHERE code = 'CAT'`);
      await request(ctx.http).post('/api/v1/assignments/bulk').set(auth(t.coord)).send({ filter: { bodyId: body }, institutionId: mi, role: 'contributor' });
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation WHERE body_id = $1`, [body]);
      const again = await request(ctx.http).post('/api/v1/assignments/bulk').set(auth(t.coord)).send({ filter: { bodyId: body }, institutionId: mi, role: 'contributor' });
      expect(again.body).toEqual({ created: 0, skipped: n });
    });

    it('creates one assignment (201) and refuses the same one again (409)', async () => {
      const mi = await institutionId(ctx, 'MI');
      const recId = await assignments().newRecommendationId();
      const created = await request(ctx.http).post('/api/v1/assignments').set(auth(t.coord)).send({ recommendationId: recId, institutionId: mi, role: 'lead', dueDate: '2026-06-30' });
      expect(created.status).toBe(201);
      expect((await request(ctx.http).post('/api/v1/assignments').set(auth(t.coord)).send({ recommendationId: recId, institutionId: mi, role: 'lead' })).status).toBe(409);
    });

    it('reassigns with If-Match (428 without), audited as assignment.reassign', async () => {
      const mi = await institutionId(ctx, 'MI');
      const mj = await institutionId(ctx, 'MJ');
      const { id } = await assignments().newAssignment({ institutionId: mi });
      const read = await request(ctx.http).get(`/api/v1/assignments/${id}`).set(auth(t.coord));
      expect((await request(ctx.http).patch(`/api/v1/assignments/${id}`).set(auth(t.coord)).send({ institutionId: mj })).status).toBe(428);
      const moved = await request(ctx.http).patch(`/api/v1/assignments/${id}`).set(auth(t.coord)).set('If-Match', read.headers['etag']!).send({ institutionId: mj });
      expect(moved.status).toBe(200);
      expect(moved.body.institution.code).toBe('MJ');
      const [{ action }] = await ctx.dataSource.query(`SELECT action FROM audit_event WHERE entity_type = 'assignment' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [id]);
      expect(action).toBe('assignment.reassign');
    });

    it('a change with a stale If-Match → 412', async () => {
      const mi = await institutionId(ctx, 'MI');
      const mj = await institutionId(ctx, 'MJ');
      const { id } = await assignments().newAssignment({ institutionId: mi });
      const etag = (await request(ctx.http).get(`/api/v1/assignments/${id}`).set(auth(t.coord))).headers['etag']!;
      expect((await request(ctx.http).patch(`/api/v1/assignments/${id}`).set(auth(t.coord)).set('If-Match', etag).send({ institutionId: mj })).status).toBe(200);
      expect((await request(ctx.http).patch(`/api/v1/assignments/${id}`).set(auth(t.coord)).set('If-Match', etag).send({ role: 'contributor' })).status).toBe(412);
    });

    it('refuses deleting an assignment with contributions (409 assignment.has_contributions)', async () => {
      const c = await factory.newContribution();
      const a = await request(ctx.http).get(`/api/v1/assignments/${c.assignment.id}`).set(auth(t.coord));
      const del = await request(ctx.http).delete(`/api/v1/assignments/${c.assignment.id}`).set(auth(t.coord)).set('If-Match', a.headers['etag']!);
      expect(del.status).toBe(409);
      expect(del.body.code).toBe('assignment.has_contributions');
    });

    it('deletes an assignment without contributions (204)', async () => {
      const { id } = await assignments().newAssignment({ institutionId: await institutionId(ctx, 'MI') });
      const a = await request(ctx.http).get(`/api/v1/assignments/${id}`).set(auth(t.coord));
      expect((await request(ctx.http).delete(`/api/v1/assignments/${id}`).set(auth(t.coord)).set('If-Match', a.headers['etag']!)).status).toBe(204);
    });
  });

  describe('null for a value is either accepted (clears an optional field) or a 400 naming the field, never a 5xx (issue 8, item 6)', () => {
    it.each([['measures'], ['implementationStatus'], ['challenges'], ['indicators']])('PATCH a contribution with %s: null', async (field) => {
      const c = await factory.newContribution();
      const res = await saveDraft(ctx, t.fp, c.id, { [field]: null });
      expect(res.status).toBeLessThan(500);
      if (res.status !== 200) {
        expect(res.status).toBe(400);
        expect(Object.keys(res.body.details.fields)).toContain(field);
      }
    });

    it.each([['deadline'], ['title'], ['description'], ['status']])('PATCH a campaign with %s: null', async (field) => {
      const campaign = await campaignFactory(ctx).newCampaign();
      const res = await request(ctx.http).patch(`/api/v1/campaigns/${campaign.id}`).set(auth(t.coord)).set('If-Match', `"${campaign.version}"`).send({ [field]: null });
      expect(res.status).toBeLessThan(500);
      if (res.status !== 200) expect(res.status).toBe(400);
    });

    it.each([['deadline'], ['title']])('POST a campaign with %s: null', async (field) => {
      const [{ id }] = await ctx.dataSource.query(`SELECT recommendation_id AS id FROM assignment ORDER BY id LIMIT 1`);
      const body = { title: 'Null check', deadline: '2031-01-31', scope: { recommendationIds: [id] }, institutionIds: [await institutionId(ctx, 'MJ')], [field]: null };
      const res = await request(ctx.http).post('/api/v1/campaigns').set(auth(t.coord)).send(body);
      expect(res.status).toBe(400);
    });

    it.each([['role'], ['active'], ['name']])('PATCH a user with %s: null', async (field) => {
      const [{ id, version }] = await ctx.dataSource.query(`SELECT id, version FROM app_user WHERE email = $1`, [DEMO.focalInterior]);
      const res = await request(ctx.http).patch(`/api/v1/users/${id}`).set(auth(t.admin)).set('If-Match', `"${version}"`).send({ [field]: null });
      expect(res.status).toBeLessThan(500);
      if (res.status !== 200) expect(res.status).toBe(400);
    });
  });

  describe('campaigns', () => {
    const campaigns = () => campaignFactory(ctx);

    it('GET /campaigns/:id answers the campaign, its scope and the progress per institution, with its ETag', async () => {
      const campaign = await campaigns().newCampaign({ title: 'Shape check' });
      const res = await request(ctx.http).get(`/api/v1/campaigns/${campaign.id}`).set(auth(t.coord));
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe(`"${campaign.version}"`);
      expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'deadline', 'description', 'id', 'institutions', 'progress', 'scope', 'status', 'title', 'version']);
      expect(res.body).toMatchObject({ title: 'Shape check', status: 'open', scope: { recommendationIds: campaign.scope.recommendationIds }, progress: { expected: 1, draft: 1, submitted: 0, approved: 0, validated: 0, returned: 0, overdue: 0 } });
      expect(res.body.institutions).toEqual([{ institutionId: await institutionId(ctx, 'MJ'), code: 'MJ', nameAr: expect.any(String), nameFr: expect.any(String), nameEn: expect.any(String), hasValidator: true, expected: 1, draft: 1, submitted: 0, approved: 0, validated: 0, returned: 0, overdue: 0 }]);
    });

    it('a campaign that does not concern the caller’s institution is neither listed nor readable (404)', async () => {
      const campaign = await campaigns().newCampaign();
      const list = await request(ctx.http).get('/api/v1/campaigns').query({ pageSize: '100' }).set(auth(t.fpMI));
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(campaign.id);
      expect((await request(ctx.http).get(`/api/v1/campaigns/${campaign.id}`).set(auth(t.fpMI))).status).toBe(404);
      expect((await request(ctx.http).get(`/api/v1/campaigns/${campaign.id}`).set(auth(t.fp))).status).toBe(200);
    });

    it('GET /campaigns/:id lists to a focal point only the hand-picked recommendations of its institution', async () => {
      const [mj, mi] = [await institutionId(ctx, 'MJ'), await institutionId(ctx, 'MI')];
      const onlyOf = async (own: string, other: string): Promise<string> =>
        (
          await ctx.dataSource.query(
            `SELECT a.recommendation_id AS id FROM assignment a WHERE a.institution_id = $1
               AND NOT EXISTS (SELECT 1 FROM assignment b WHERE b.recommendation_id = a.recommendation_id AND b.institution_id = $2) ORDER BY a.id LIMIT 1`,
            [own, other],
          )
        )[0].id;
      const [ofMJ, ofMI] = [await onlyOf(mj, mi), await onlyOf(mi, mj)];
      const created = await request(ctx.http)
        .post('/api/v1/campaigns')
        .set(auth(t.coord))
        .send({ title: 'Two ministries', deadline: '2031-01-31', scope: { recommendationIds: [ofMJ, ofMI] }, institutionIds: [mj, mi] });
      expect(created.status).toBe(201);
      const asFocalMJ = await request(ctx.http).get(`/api/v1/campaigns/${created.body.id}`).set(auth(t.fp));
      expect(asFocalMJ.body.scope.recommendationIds).toEqual([ofMJ]);
      const asCoordinator = await request(ctx.http).get(`/api/v1/campaigns/${created.body.id}`).set(auth(t.coord));
      expect(asCoordinator.body.scope.recommendationIds).toEqual([ofMJ, ofMI]);
    });

    it('one institution’s page lists its contributions; 404 for an institution the campaign does not concern', async () => {
      const campaign = await campaigns().newCampaign();
      const mj = await institutionId(ctx, 'MJ');
      const page = await request(ctx.http).get(`/api/v1/campaigns/${campaign.id}/institutions/${mj}`).set(auth(t.fp));
      expect(page.status).toBe(200);
      expect(page.body.progress).toMatchObject({ code: 'MJ', expected: 1, draft: 1 });
      expect(page.body.contributions).toEqual([expect.objectContaining({ status: 'draft', canEdit: true, availableActions: ['submit'] })]);
      const other = await request(ctx.http).get(`/api/v1/campaigns/${campaign.id}/institutions/${await institutionId(ctx, 'MI')}`).set(auth(t.coord));
      expect(other.status).toBe(404);
      expect(other.body.message).toBe('Campaign institution not found');
    });

    it('PATCH needs If-Match (428); a stale one → 412 with the campaign as it is now', async () => {
      const campaign = await campaigns().newCampaign();
      expect((await request(ctx.http).patch(`/api/v1/campaigns/${campaign.id}`).set(auth(t.coord)).send({ title: 'x' })).status).toBe(428);
      const stale = await request(ctx.http).patch(`/api/v1/campaigns/${campaign.id}`).set(auth(t.coord)).set('If-Match', `"${campaign.version + 1}"`).send({ title: 'x' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('concurrency.stale');
      expect(stale.body.details.current).toMatchObject({ id: campaign.id, title: campaign.title, version: campaign.version });
    });

    it('PATCH with the current version changes it, audited as campaign.update with the changed fields only', async () => {
      const campaign = await campaigns().newCampaign();
      const res = await request(ctx.http).patch(`/api/v1/campaigns/${campaign.id}`).set(auth(t.coord)).set('If-Match', `"${campaign.version}"`).send({ status: 'closed', title: campaign.title });
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe(`"${campaign.version + 1}"`);
      expect(res.body).toMatchObject({ status: 'closed', version: campaign.version + 1 });
      const [{ changes }] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE entity_type = 'campaign' AND entity_id = $1 AND action = 'campaign.update'`, [campaign.id]);
      expect(changes).toEqual({ status: { before: 'open', after: 'closed' } });
    });
  });

  describe('a new campaign on recommendations already reported on', () => {
    let validated: ContributionDetailDto;
    let opened: request.Response;

    beforeAll(async () => {
      validated = await factory.newContribution({ status: 'validated' });
      opened = await request(ctx.http)
        .post('/api/v1/campaigns')
        .set(auth(t.coord))
        .send({ title: 'Follow-up 2026', deadline: '2026-03-31', scope: { recommendationIds: [validated.recommendation.id] }, institutionIds: [validated.institution.id] });
    });

    it('answers 201 with the progress per institution (one draft expected)', () => {
      expect(opened.status).toBe(201);
      expect(opened.headers['location']).toBe(`/api/v1/campaigns/${opened.body.id}`);
      expect(opened.headers['etag']).toBe(`"${opened.body.version}"`);
      expect(opened.body.institutions).toEqual([expect.objectContaining({ code: 'MJ', expected: 1, draft: 1 })]);
    });

    it('creates drafts that supersede the earlier contributions, which keep their history', async () => {
      const list = await request(ctx.http).get('/api/v1/contributions').query({ campaignId: opened.body.id }).set(auth(t.fp));
      expect(list.body.items[0].supersedesId).toBe(validated.id);
      const old = await request(ctx.http).get(`/api/v1/contributions/${validated.id}`).set(auth(t.fp));
      expect(old.body.supersededById).toBe(list.body.items[0].id);
      expect(old.body.status).toBe('validated');
    });

    it('records the expected contributions in its campaign.open event', async () => {
      const [{ changes }] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE entity_type = 'campaign' AND entity_id = $1 AND action = 'campaign.open'`, [opened.body.id]);
      expect(changes).toMatchObject({ title: 'Follow-up 2026', deadline: '2026-03-31', institutionIds: [validated.institution.id], expectedContributions: 1 });
    });
  });

  it('"mine" lists to a validator only the submitted contributions', async () => {
    const submitted = await factory.newContribution({ status: 'submitted' });
    const mine = await request(ctx.http).get('/api/v1/contributions').query({ mine: 'true', pageSize: '100' }).set(auth(t.val));
    expect(mine.body.items.every((i: { status: string }) => i.status === 'submitted')).toBe(true);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(submitted.id);
  });

  it('"mine" lists to a focal point the drafts and returned contributions', async () => {
    const returned = await factory.newContribution({ status: 'returned' });
    const mine = await request(ctx.http).get('/api/v1/contributions').query({ mine: 'true', pageSize: '100' }).set(auth(t.fp));
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((i: { status: string }) => i.status === 'draft' || i.status === 'returned')).toBe(true);
    const returnedOnly = await request(ctx.http).get('/api/v1/contributions').query({ mine: 'true', status: 'returned', pageSize: '100' }).set(auth(t.fp));
    expect(returnedOnly.body.items.map((i: { id: string }) => i.id)).toContain(returned.id);
  });
});
