import request from 'supertest';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth, contributionsOf, institutionId, saveDraft, transition, waitForMail } from './workflow-helpers.js';

/**
 * The validation chain through the API (shared state machine), institution scope (BOLA sweep),
 * auditors, concurrent drafts, consolidated-status suggestion, notifications and mail.
 */
describe('contribution workflow', () => {
  let ctx: TestContext;
  const t = {} as Record<'fp' | 'val' | 'coord' | 'fpMI' | 'auditor' | 'admin', string>;

  beforeAll(async () => {
    ctx = await createTestApp();
    t.fp = await ctx.login(DEMO.focalJustice);
    t.val = await ctx.login(DEMO.validatorJustice);
    t.coord = await ctx.login(DEMO.coordinator);
    t.fpMI = await ctx.login(DEMO.focalInterior);
    t.auditor = await ctx.login(DEMO.auditor);
    t.admin = await ctx.login(DEMO.admin);
  });
  afterAll(() => ctx.close());

  it('the demo campaign opened one draft per MJ and MI assignment', async () => {
    const res = await request(ctx.http).get('/api/v1/campaigns').set(auth(t.coord));
    expect(res.status).toBe(200);
    expect(res.body.items[0].title).toBe('UPR cycle 3 – mid-term report');
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM assignment a JOIN institution i ON i.id = a.institution_id WHERE i.code IN ('MJ', 'MI')`);
    expect(res.body.items[0].progress.expected).toBe(n);
    expect(res.body.items[0].progress.draft).toBe(n);
  });

  it('walks every legal transition; illegal → 409, wrong role → 403, return without comment → 400, validated locked', async () => {
    const [c] = await contributionsOf(ctx, 'MJ');
    const id = c!.id;
    // submit without content → 400 naming the field
    let res = await transition(ctx, t.fp, id, 'submit');
    expect(res.status).toBe(400);
    expect(res.body.details.fields).toEqual({ implementationStatus: 'validation.required' });
    res = await saveDraft(ctx, t.fp, id, { implementationStatus: 'in_progress' });
    expect(res.status).toBe(200);
    res = await transition(ctx, t.fp, id, 'submit');
    expect(res.status).toBe(400);
    expect(res.body.details.fields).toEqual({ measures: 'validation.required' });
    res = await saveDraft(ctx, t.fp, id, { measures: 'Loi 10.16 adoptée ; **formation** de 300 magistrats.\n\nقانون جديد', indicators: [{ name: 'Magistrats formés', type: 'process', unit: 'persons', baseline: 0, target: 500, value: 300, date: '2025-06-30' }] });
    expect(res.status).toBe(200);
    expect(res.body.availableActions).toEqual(['submit']);
    // wrong roles
    expect((await transition(ctx, t.val, id, 'submit')).status).toBe(403);
    expect((await transition(ctx, t.coord, id, 'submit')).status).toBe(403);
    // illegal
    res = await transition(ctx, t.val, id, 'approve');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('contribution.illegal_transition');
    // draft → submitted
    res = await transition(ctx, t.fp, id, 'submit');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('submitted');
    expect(res.body.availableActions).toEqual([]);
    // submitted is not editable
    expect((await saveDraft(ctx, t.fp, id, { measures: 'x' })).status).toBe(409);
    expect((await transition(ctx, t.fp, id, 'submit')).status).toBe(409);
    expect((await transition(ctx, t.coord, id, 'validate')).status).toBe(409);
    // submitted → returned by the validator needs a comment
    res = await transition(ctx, t.val, id, 'return');
    expect(res.status).toBe(400);
    expect(res.body.details.fields).toEqual({ comment: 'validation.required' });
    expect((await transition(ctx, t.val, id, 'return', '   ')).status).toBe(400);
    res = await transition(ctx, t.val, id, 'return', 'Ajoutez les chiffres de 2024.');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('returned');
    // returned: the focal point edits → back to draft; the comment is in the thread
    res = await saveDraft(ctx, t.fp, id, { measures: 'Loi 10.16 ; 300 magistrats formés en 2024.' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('draft');
    const comments = await request(ctx.http).get(`/api/v1/contributions/${id}/comments`).set(auth(t.fp));
    expect(comments.body.items).toEqual([expect.objectContaining({ action: 'return', body: 'Ajoutez les chiffres de 2024.', authorRole: 'validator' })]);
    // draft → submitted → approved
    expect((await transition(ctx, t.fp, id, 'submit')).body.status).toBe('submitted');
    expect((await transition(ctx, t.coord, id, 'approve')).status).toBe(403);
    res = await transition(ctx, t.val, id, 'approve');
    expect(res.body.status).toBe('approved');
    // approved → returned by the coordinator (with comment) → revise explicitly → submit → approve → validate
    expect((await transition(ctx, t.val, id, 'validate')).status).toBe(403);
    expect((await transition(ctx, t.coord, id, 'return')).status).toBe(400);
    expect((await transition(ctx, t.coord, id, 'return', 'Précisez le budget.')).body.status).toBe('returned');
    expect((await transition(ctx, t.fp, id, 'revise')).body.status).toBe('draft');
    expect((await transition(ctx, t.fp, id, 'submit')).body.status).toBe('submitted');
    expect((await transition(ctx, t.val, id, 'approve')).body.status).toBe('approved');
    res = await transition(ctx, t.coord, id, 'validate');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('validated');
    expect(res.body.validatedAt).not.toBeNull();
    // validated is locked
    res = await saveDraft(ctx, t.fp, id, { measures: 'changed' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('contribution.locked');
    for (const [token, action] of [[t.fp, 'submit'], [t.val, 'approve'], [t.coord, 'return'], [t.coord, 'validate']] as const) {
      expect((await transition(ctx, token, id, action, 'x')).status).toBe(409);
    }
    // every accepted step has exactly one audit event
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'contribution' AND entity_id = $1 AND action = 'contribution.transition'`, [id]);
    expect(n).toBe(9); // submit, return, submit, approve, return, revise, submit, approve, validate
  });

  it('notifies the validators on submit, the focal points on return, and mails them in their language', async () => {
    const [, c] = await contributionsOf(ctx, 'MJ');
    await saveDraft(ctx, t.fp, c!.id, { implementationStatus: 'implemented', measures: 'Fait.' });
    const before = (await request(ctx.http).get('/api/v1/notifications/unread-count').set(auth(t.val))).body.unread;
    expect((await transition(ctx, t.fp, c!.id, 'submit')).status).toBe(200);
    const list = await request(ctx.http).get('/api/v1/notifications').set(auth(t.val));
    expect(list.body.unread).toBe(before + 1);
    const [mj] = await ctx.dataSource.query(`SELECT id, code, name_ar AS "nameAr", name_fr AS "nameFr", name_en AS "nameEn" FROM institution WHERE code = 'MJ'`);
    // the payload carries the institution's three names: the SPA shows the one of the UI language
    expect(list.body.items[0]).toMatchObject({ type: 'contribution.submitted', readAt: null, payload: expect.objectContaining({ contributionId: c!.id, institution: mj }) });
    const mail = await waitForMail(ctx, (m) => m.to.includes(DEMO.validatorJustice) && m.text.includes(`/contributions/${c!.id}`));
    expect(mail.subject).toMatch(/^Contribution soumise/);
    expect(mail.text).toContain(mj.nameFr);
    // mark read (own only)
    const nid = list.body.items[0].id;
    expect((await request(ctx.http).post(`/api/v1/notifications/${nid}/read`).set(auth(t.fp))).status).toBe(404);
    expect((await request(ctx.http).post(`/api/v1/notifications/${nid}/read`).set(auth(t.val))).status).toBe(204);
    expect((await request(ctx.http).get('/api/v1/notifications/unread-count').set(auth(t.val))).body.unread).toBe(before);
    // return → the focal point; approve → coordinator (Arabic); validate → focal point
    await transition(ctx, t.val, c!.id, 'return', 'Joindre le décret.');
    await waitForMail(ctx, (m) => m.to.includes(DEMO.focalJustice) && m.subject.startsWith('Contribution renvoyée') && m.text.includes('Joindre le décret.'));
    await saveDraft(ctx, t.fp, c!.id, { measures: 'Fait, décret joint.' });
    await transition(ctx, t.fp, c!.id, 'submit');
    await transition(ctx, t.val, c!.id, 'approve');
    const arabic = await waitForMail(ctx, (m) => m.to.includes(DEMO.coordinator) && m.subject.startsWith('تمت الموافقة على مساهمة'));
    expect(arabic.text).toContain(mj.nameAr); // the institution named in the recipient's language
    expect(arabic.text).not.toContain(mj.nameFr);
    await transition(ctx, t.coord, c!.id, 'validate');
    await waitForMail(ctx, (m) => m.to.includes(DEMO.focalJustice) && m.subject.startsWith('Contribution validée'));
    const coordinatorNotes = await request(ctx.http).get('/api/v1/notifications').set(auth(t.coord));
    expect(coordinatorNotes.body.items.map((n: { type: string }) => n.type)).toContain('contribution.approved');
  });

  it('suggests the consolidated status from validated lead contributions; the coordinator sets it with PATCH', async () => {
    const [c] = await contributionsOf(ctx, 'MJ');
    const res = await request(ctx.http).get(`/api/v1/recommendations/${c!.recommendation_id}/status-suggestion`).set(auth(t.coord));
    expect(res.status).toBe(200);
    expect(res.body.basis).toEqual([expect.objectContaining({ contributionId: c!.id, implementationStatus: 'in_progress' })]);
    expect(res.body.suggestion).toBe(res.body.leadsWithoutValidated === 0 ? 'in_progress' : 'in_progress');
    const rec = await request(ctx.http).get(`/api/v1/recommendations/${c!.recommendation_id}`).set(auth(t.coord));
    const patched = await request(ctx.http).patch(`/api/v1/recommendations/${c!.recommendation_id}`).set(auth(t.coord)).set('If-Match', rec.headers['etag']!).send({ status: res.body.suggestion });
    expect(patched.status).toBe(200);
    expect((await request(ctx.http).get(`/api/v1/recommendations/${c!.recommendation_id}/status-suggestion`).set(auth(t.coord))).body.currentStatus).toBe('in_progress');
  });

  it('two focal points of the same institution on one draft: the second save gets 412 with the current state', async () => {
    const [, , c] = await contributionsOf(ctx, 'MJ');
    const [{ id: mj }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MJ'`);
    await ctx.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO app_user (email, name, role, institution_id, locale, password_hash, focal_point_kind) SELECT 'focal2.justice@demo.sidh', 'Alternate FP', 'focal_point', $1, 'en', password_hash, 'alternate' FROM app_user WHERE email = $2`, [mj, DEMO.focalJustice]);
      await m.query(`INSERT INTO audit_event (action, entity_type) VALUES ('test.setup', 'user')`);
    });
    const fp2 = await ctx.login('focal2.justice@demo.sidh');
    const read = await request(ctx.http).get(`/api/v1/contributions/${c!.id}`).set(auth(t.fp));
    const etag = read.headers['etag']!;
    const first = await request(ctx.http).patch(`/api/v1/contributions/${c!.id}`).set(auth(t.fp)).set('If-Match', etag).send({ measures: 'Version A' });
    expect(first.status).toBe(200);
    const second = await request(ctx.http).patch(`/api/v1/contributions/${c!.id}`).set(auth(fp2)).set('If-Match', etag).send({ measures: 'Version B' });
    expect(second.status).toBe(412);
    expect(second.body.details.current).toMatchObject({ id: c!.id, measures: 'Version A', version: first.body.version });
    expect(second.body.details.lastChange.actorName).toBe('Omar Berrada');
    expect((await request(ctx.http).patch(`/api/v1/contributions/${c!.id}`).set(auth(fp2)).send({ measures: 'x' })).status).toBe(428);
    const members = await request(ctx.http).get(`/api/v1/institutions/${mj}/members`).set(auth(t.coord));
    expect(members.body.members).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'focal2.justice@demo.sidh', focalPointKind: 'alternate', emailDomain: 'demo.sidh' })]));
  });

  describe('institution scope (BOLA): focal.interior with the ids of MJ objects', () => {
    it('gets 404 on every id-bearing route, and nothing changes', async () => {
      const mj = await institutionId(ctx, 'MJ');
      const [c] = await contributionsOf(ctx, 'MJ');
      const [draft] = (await contributionsOf(ctx, 'MJ')).filter((x) => x.status === 'draft');
      const [{ id: campaignId }] = await ctx.dataSource.query(`SELECT id FROM campaign LIMIT 1`);
      const [{ id: assignmentId }] = await ctx.dataSource.query(`SELECT a.id FROM assignment a WHERE a.institution_id = $1 AND NOT EXISTS (SELECT 1 FROM assignment b JOIN institution i ON i.id = b.institution_id WHERE b.recommendation_id = a.recommendation_id AND i.code = 'MI') LIMIT 1`, [mj]);
      const [{ id: commentId }] = await ctx.dataSource.query(`SELECT id FROM contribution_comment LIMIT 1`);
      const ev = await request(ctx.http).post(`/api/v1/contributions/${draft!.id}/evidence`).set(auth(t.fp)).send({ url: 'https://justice.gov.ma/loi', confidentiality: 'internal' });
      expect(ev.status).toBe(201);
      const snapshot = () => ctx.dataSource.query(`SELECT (SELECT sum(version) FROM contribution)::int AS cv, (SELECT count(*) FROM contribution_comment)::int AS cc, (SELECT count(*) FROM evidence)::int AS ev, (SELECT sum(version) FROM assignment)::int AS av, (SELECT count(*) FROM audit_event)::int AS ae`);
      const before = await snapshot();
      const calls: Array<[string, request.Test]> = [
        ['GET contribution', request(ctx.http).get(`/api/v1/contributions/${c!.id}`)],
        ['PATCH contribution', request(ctx.http).patch(`/api/v1/contributions/${draft!.id}`).set('If-Match', `"${draft!.version}"`).send({ measures: 'pwned' })],
        ['POST transition', request(ctx.http).post(`/api/v1/contributions/${draft!.id}/transitions`).send({ action: 'submit' })],
        ['GET comments', request(ctx.http).get(`/api/v1/contributions/${c!.id}/comments`)],
        ['POST comment', request(ctx.http).post(`/api/v1/contributions/${c!.id}/comments`).send({ body: 'hello' })],
        ['POST evidence', request(ctx.http).post(`/api/v1/contributions/${draft!.id}/evidence`).send({ url: 'https://evil.example' })],
        ['GET evidence download', request(ctx.http).get(`/api/v1/evidence/${ev.body.id}/download`)],
        ['DELETE evidence', request(ctx.http).delete(`/api/v1/evidence/${ev.body.id}`)],
        ['GET assignment', request(ctx.http).get(`/api/v1/assignments/${assignmentId}`)],
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
      // lists are scoped, even when asking for MJ
      const list = await request(ctx.http).get('/api/v1/contributions').query({ institutionId: mj, pageSize: '100' }).set(auth(t.fpMI));
      expect(list.body.items.every((i: { institution: { code: string } }) => i.institution.code === 'MI')).toBe(true);
      const assignments = await request(ctx.http).get('/api/v1/assignments').query({ institutionId: mj, pageSize: '100' }).set(auth(t.fpMI));
      expect(assignments.body.items.every((i: { institution: { code: string } }) => i.institution.code === 'MI')).toBe(true);
      const campaign = await request(ctx.http).get(`/api/v1/campaigns/${campaignId}`).set(auth(t.fpMI));
      expect(campaign.body.institutions.map((i: { code: string }) => i.code)).toEqual(['MI']);
    });
  });

  it('auditors read everything and every write route answers 403', async () => {
    const [c] = await contributionsOf(ctx, 'MJ');
    expect((await request(ctx.http).get(`/api/v1/contributions/${c!.id}`).set(auth(t.auditor))).status).toBe(200);
    const id = c!.id;
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

  it('assignments: create, bulk from a filter, reassign with If-Match, refuse deleting one with contributions', async () => {
    const mi = await institutionId(ctx, 'MI');
    const [{ id: body }] = await ctx.dataSource.query(`SELECT id FROM body WHERE code = 'CAT'`);
    const bulk = await request(ctx.http).post('/api/v1/assignments/bulk').set(auth(t.coord)).send({ filter: { bodyId: body }, institutionId: mi, role: 'contributor', dueDate: '2026-12-31' });
    expect(bulk.status).toBe(200);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation WHERE body_id = $1`, [body]);
    expect(bulk.body.created + bulk.body.skipped).toBe(n);
    const again = await request(ctx.http).post('/api/v1/assignments/bulk').set(auth(t.coord)).send({ filter: { bodyId: body }, institutionId: mi, role: 'contributor' });
    expect(again.body).toEqual({ created: 0, skipped: n });
    const [{ id: recId }] = await ctx.dataSource.query(`SELECT id FROM recommendation r WHERE NOT EXISTS (SELECT 1 FROM assignment a WHERE a.recommendation_id = r.id) LIMIT 1`);
    const created = await request(ctx.http).post('/api/v1/assignments').set(auth(t.coord)).send({ recommendationId: recId, institutionId: mi, role: 'lead', dueDate: '2026-06-30' });
    expect(created.status).toBe(201);
    expect((await request(ctx.http).post('/api/v1/assignments').set(auth(t.coord)).send({ recommendationId: recId, institutionId: mi, role: 'lead' })).status).toBe(409);
    const mj = await institutionId(ctx, 'MJ');
    expect((await request(ctx.http).patch(`/api/v1/assignments/${created.body.id}`).set(auth(t.coord)).send({ institutionId: mj })).status).toBe(428);
    const moved = await request(ctx.http).patch(`/api/v1/assignments/${created.body.id}`).set(auth(t.coord)).set('If-Match', created.headers['etag']!).send({ institutionId: mj });
    expect(moved.status).toBe(200);
    expect(moved.body.institution.code).toBe('MJ');
    expect((await request(ctx.http).patch(`/api/v1/assignments/${created.body.id}`).set(auth(t.coord)).set('If-Match', created.headers['etag']!).send({ role: 'contributor' })).status).toBe(412);
    const [{ action }] = await ctx.dataSource.query(`SELECT action FROM audit_event WHERE entity_type = 'assignment' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [created.body.id]);
    expect(action).toBe('assignment.reassign');
    const [withContribution] = await contributionsOf(ctx, 'MJ');
    const a = await request(ctx.http).get(`/api/v1/assignments/${withContribution!.assignment_id}`).set(auth(t.coord));
    const del = await request(ctx.http).delete(`/api/v1/assignments/${withContribution!.assignment_id}`).set(auth(t.coord)).set('If-Match', a.headers['etag']!);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('assignment.has_contributions');
    expect((await request(ctx.http).delete(`/api/v1/assignments/${created.body.id}`).set(auth(t.coord)).set('If-Match', moved.headers['etag']!)).status).toBe(204);
  });

  it('a new campaign creates drafts that supersede the earlier contributions (history kept); progress per institution', async () => {
    const mj = await institutionId(ctx, 'MJ');
    const [validated] = (await contributionsOf(ctx, 'MJ')).filter((c) => c.status === 'validated');
    const res = await request(ctx.http).post('/api/v1/campaigns').set(auth(t.coord)).send({
      title: 'Follow-up 2026', deadline: '2026-03-31', scope: { recommendationIds: [validated!.recommendation_id] }, institutionIds: [mj],
    });
    expect(res.status).toBe(201);
    expect(res.body.institutions).toEqual([expect.objectContaining({ code: 'MJ', expected: 1, draft: 1 })]);
    const list = await request(ctx.http).get('/api/v1/contributions').query({ campaignId: res.body.id }).set(auth(t.fp));
    expect(list.body.items[0].supersedesId).toBe(validated!.id);
    const old = await request(ctx.http).get(`/api/v1/contributions/${validated!.id}`).set(auth(t.fp));
    expect(old.body.supersededById).toBe(list.body.items[0].id);
    expect(old.body.status).toBe('validated');
    const mine = await request(ctx.http).get('/api/v1/contributions').query({ mine: 'true', pageSize: '100' }).set(auth(t.val));
    expect(mine.body.items.every((i: { status: string }) => i.status === 'submitted')).toBe(true);
  });
});
