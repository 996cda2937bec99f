import request from 'supertest';
import type { ContributionDetailDto } from '../src/modules/contributions/dto/contribution.dto.js';
import { accountOf } from './factories/campaign.factory.js';
import { contributionFactory } from './factories/contribution.factory.js';
import { FACTORY_PASSWORD, userFactory } from './factories/user.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth, institutionId, saveDraft, transition, waitForMail } from './workflow-helpers.js';

/**
 * An institution with no active validator (the demo's Interior ministry, MI): the submit notifies the
 * coordinators instead of nobody, the coordinator validates in one step (or returns), and the rule
 * follows the institution as it is when the step is taken. With a validator (MJ), nothing changes.
 */
describe('contributions of an institution without a validator', () => {
  let ctx: TestContext;
  let factory: ReturnType<typeof contributionFactory>;
  const t = {} as Record<'fpMI' | 'fpMJ' | 'val' | 'coord', string>;

  beforeAll(async () => {
    ctx = await createTestApp();
    factory = contributionFactory(ctx);
    t.fpMI = await ctx.login(DEMO.focalInterior);
    t.fpMJ = await ctx.login(DEMO.focalJustice);
    t.val = await ctx.login(DEMO.validatorJustice);
    t.coord = await ctx.login(DEMO.coordinator);
  });
  afterAll(() => ctx.close());

  /** A contribution of MI (no validator) in `status`, taken there through the API by its focal point. */
  const interior = async (status: 'draft' | 'submitted'): Promise<ContributionDetailDto> => {
    const focalPoint = await accountOf(ctx, DEMO.focalInterior);
    return factory.newContribution({ status: status === 'draft' ? 'draft' : 'submitted', participants: { focalPoint } });
  };
  const get = (id: string, token: string) => request(ctx.http).get(`/api/v1/contributions/${id}`).set(auth(token));
  const events = async (id: string): Promise<Array<{ action: string; changes: Record<string, unknown> }>> =>
    ctx.dataSource.query(`SELECT action, changes FROM audit_event WHERE entity_type = 'contribution' AND entity_id = $1 ORDER BY id`, [id]);
  const queue = async (token: string): Promise<string[]> =>
    (await request(ctx.http).get('/api/v1/contributions').query({ mine: 'true', pageSize: '100' }).set(auth(token))).body.items.map((c: { id: string }) => c.id);

  it('the demo Interior ministry has a focal point and no active validator; Justice has one', async () => {
    const res = await request(ctx.http).get('/api/v1/campaigns/institutions-without-validator').set(auth(t.coord));
    expect(res.status).toBe(200);
    const codes = res.body.items.map((i: { code: string }) => i.code);
    expect(codes).toContain('MI');
    expect(codes).not.toContain('MJ');
  });

  it('only campaign managers read which institutions have no validator (403 for a focal point)', async () => {
    expect((await request(ctx.http).get('/api/v1/campaigns/institutions-without-validator').set(auth(t.fpMI))).status).toBe(403);
  });

  it('the draft tells its focal point the coordinator will review it', async () => {
    const c = await interior('draft');
    expect(c.reviewer).toBe('coordinator');
    const mj = await factory.newContribution();
    expect(mj.reviewer).toBe('validator');
  });

  it('submit notifies and mails the coordinators (saying there is no validator), and no one else', async () => {
    const c = await interior('draft');
    await saveDraft(ctx, t.fpMI, c.id, { implementationStatus: 'in_progress', measures: 'Circulaire du ministère.' });
    const res = await transition(ctx, t.fpMI, c.id, 'submit');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('submitted');
    const list = await request(ctx.http).get('/api/v1/notifications').set(auth(t.coord));
    const n = list.body.items.find((x: { payload: { contributionId?: string } }) => x.payload.contributionId === c.id);
    expect(n).toMatchObject({ type: 'contribution.submitted', payload: expect.objectContaining({ reason: 'no_active_validator' }) });
    const mail = await waitForMail(ctx, (m) => m.to.includes(DEMO.coordinator) && m.text.includes(`/contributions/${c.id}`));
    expect(mail.text).toMatch(/validateur actif|active validator|مصادق نشط/);
    // the Justice validator hears nothing of another ministry's contribution
    const validatorNotes = (await request(ctx.http).get('/api/v1/notifications').query({ pageSize: '100' }).set(auth(t.val))).body.items;
    expect(validatorNotes.some((x: { payload: { contributionId?: string } }) => x.payload.contributionId === c.id)).toBe(false);
  });

  it('the coordinator finds it in the review queue, with validate and return offered', async () => {
    const c = await interior('submitted');
    expect(await queue(t.coord)).toContain(c.id);
    const res = await get(c.id, t.coord);
    expect(res.body).toMatchObject({ status: 'submitted', reviewer: 'coordinator', availableActions: ['return', 'validate'] });
  });

  it('the coordinator approves and validates in one step: validated, audited with the reason, the focal point mailed', async () => {
    const c = await interior('submitted');
    const etag = (await get(c.id, t.coord)).headers['etag']!;
    const res = await request(ctx.http).post(`/api/v1/contributions/${c.id}/transitions`).set(auth(t.coord)).set('If-Match', etag).send({ action: 'validate' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'validated', availableActions: [] });
    expect(res.body.validatedAt).not.toBeNull();
    const last = (await events(c.id)).at(-1)!;
    expect(last).toMatchObject({ action: 'contribution.transition', changes: { status: { before: 'submitted', after: 'validated' }, action: 'validate', reason: 'no_active_validator' } });
    await waitForMail(ctx, (m) => m.to.includes(DEMO.focalInterior) && m.text.includes(`/contributions/${c.id}`) && /valid|اعتمد/.test(m.subject));
    expect(await queue(t.coord)).not.toContain(c.id);
  });

  it('a stale If-Match on the one-step validation → 412, nothing written', async () => {
    const c = await interior('submitted');
    const before = (await events(c.id)).length;
    const res = await request(ctx.http).post(`/api/v1/contributions/${c.id}/transitions`).set(auth(t.coord)).set('If-Match', '"999"').send({ action: 'validate' });
    expect(res.status).toBe(412);
    expect((await get(c.id, t.coord)).body.status).toBe('submitted');
    expect((await events(c.id)).length).toBe(before);
  });

  it('the coordinator returns it only with a comment (400 naming comment), then with one', async () => {
    const c = await interior('submitted');
    const blank = await transition(ctx, t.coord, c.id, 'return', '  ');
    expect(blank.status).toBe(400);
    expect(blank.body.details.fields).toHaveProperty('comment');
    const res = await transition(ctx, t.coord, c.id, 'return', 'Précisez le budget.');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('returned');
  });

  describe('with a validator (Justice), the coordinator cannot skip it', () => {
    it('validate on a submitted contribution → 409 contribution.illegal_transition, nothing written', async () => {
      const c = await factory.newContribution({ status: 'submitted' });
      const before = (await events(c.id)).length;
      const res = await transition(ctx, t.coord, c.id, 'validate');
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'contribution.illegal_transition', details: { availableActions: [] } });
      expect((await transition(ctx, t.coord, c.id, 'return', 'Non.')).status).toBe(403);
      expect((await get(c.id, t.coord)).body).toMatchObject({ status: 'submitted', reviewer: 'validator', availableActions: [] });
      expect((await events(c.id)).length).toBe(before);
      expect(await queue(t.coord)).not.toContain(c.id);
      expect(await queue(t.val)).toContain(c.id);
    });

    it('submit notifies the validator, not the coordinators', async () => {
      const c = await factory.newContribution({ status: 'submitted' });
      const coordNotes = (await request(ctx.http).get('/api/v1/notifications').query({ pageSize: '100' }).set(auth(t.coord))).body.items;
      expect(coordNotes.some((x: { payload: { contributionId?: string } }) => x.payload.contributionId === c.id)).toBe(false);
      const valNotes = (await request(ctx.http).get('/api/v1/notifications').query({ pageSize: '100' }).set(auth(t.val))).body.items;
      expect(valNotes.some((x: { type: string; payload: { contributionId?: string } }) => x.type === 'contribution.submitted' && x.payload.contributionId === c.id)).toBe(true);
    });
  });

  it('the rule follows the institution when the step is taken: a validator named later takes the queue back', async () => {
    const users = userFactory(ctx);
    const fp = await users.newUser({ role: 'focal_point' });
    const focalPoint = await accountOf(ctx, fp.email);
    const c = await factory.newContribution({ status: 'submitted', participants: { focalPoint } });
    expect((await get(c.id, t.coord)).body.availableActions).toEqual(['return', 'validate']);
    const validator = await users.newUser({ role: 'validator', institutionId: fp.institutionId });
    expect((await transition(ctx, t.coord, c.id, 'validate')).status).toBe(409);
    const valToken = await ctx.login(validator.email, FACTORY_PASSWORD);
    expect((await transition(ctx, valToken, c.id, 'approve')).status).toBe(200);
  });

  it('the campaign progress says which institutions the coordinator reviews', async () => {
    const c = await interior('draft');
    const res = await request(ctx.http).get(`/api/v1/campaigns/${c.campaign.id}`).set(auth(t.coord));
    const mi = await institutionId(ctx, 'MI');
    expect(res.body.institutions.find((i: { institutionId: string }) => i.institutionId === mi)).toMatchObject({ code: 'MI', hasValidator: false });
  });
});
