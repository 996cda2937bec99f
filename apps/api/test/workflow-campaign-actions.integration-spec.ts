import request from 'supertest';
import { RemindersService } from '../src/modules/notifications/reminders.service.js';
import { accountOf, campaignFactory, inDays } from './factories/campaign.factory.js';
import { contributionFactory } from './factories/contribution.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth, waitForMail } from './workflow-helpers.js';

/**
 * What the coordinator does with a campaign from the SPA: close, reopen, extend the deadline (PATCH
 * with If-Match), send a reminder now, export the progress table; and what leaves "my work" when a
 * campaign closes or a later one supersedes its drafts.
 */
describe('managing a campaign', () => {
  let ctx: TestContext;
  let campaigns: ReturnType<typeof campaignFactory>;
  let contributions: ReturnType<typeof contributionFactory>;
  const t = {} as Record<'fp' | 'coord' | 'auditor', string>;

  beforeAll(async () => {
    ctx = await createTestApp();
    campaigns = campaignFactory(ctx);
    contributions = contributionFactory(ctx);
    t.fp = await ctx.login(DEMO.focalJustice);
    t.coord = await ctx.login(DEMO.coordinator);
    t.auditor = await ctx.login(DEMO.auditor);
  });
  afterAll(() => ctx.close());

  const read = (id: string, token = t.coord) => request(ctx.http).get(`/api/v1/campaigns/${id}`).set(auth(token));
  const patch = async (id: string, body: Record<string, unknown>, etag?: string) =>
    request(ctx.http).patch(`/api/v1/campaigns/${id}`).set(auth(t.coord)).set('If-Match', etag ?? (await read(id)).headers['etag']!).send(body);
  const remind = (id: string, token = t.coord) => request(ctx.http).post(`/api/v1/campaigns/${id}/reminders`).set(auth(token));
  const auditCount = async (id: string, action: string): Promise<number> =>
    (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'campaign' AND entity_id = $1 AND action = $2`, [id, action]))[0].n;
  const mine = async (token = t.fp): Promise<string[]> =>
    (await request(ctx.http).get('/api/v1/contributions').query({ mine: 'true', pageSize: '100' }).set(auth(token))).body.items.map((c: { id: string }) => c.id);

  describe('close, reopen, extend', () => {
    it('closes and reopens with If-Match, each audited', async () => {
      const c = await campaigns.newCampaign();
      const closed = await patch(c.id, { status: 'closed' });
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      const reopened = await patch(c.id, { status: 'open' });
      expect(reopened.body.status).toBe('open');
      expect(await auditCount(c.id, 'campaign.update')).toBe(2);
    });

    it('extends the deadline; a stale If-Match → 412 and the deadline stays', async () => {
      const c = await campaigns.newCampaign();
      const etag = (await read(c.id)).headers['etag']!;
      expect((await patch(c.id, { deadline: inDays(60) }, etag)).body.deadline).toBe(inDays(60));
      const stale = await patch(c.id, { deadline: inDays(90) }, etag);
      expect(stale.status).toBe(412);
      expect((await read(c.id)).body.deadline).toBe(inDays(60));
    });

    it('an invalid deadline → 400 naming deadline, nothing changes', async () => {
      const c = await campaigns.newCampaign();
      const res = await patch(c.id, { deadline: '31/12/2027' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toHaveProperty('deadline');
      expect(await auditCount(c.id, 'campaign.update')).toBe(0);
    });
  });

  describe('send a reminder now', () => {
    it('notifies and mails the focal points of the drafts, once a day, audited each time', async () => {
      const c = await campaigns.newCampaign();
      const res = await remind(c.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reminders: 1 });
      expect(res.body.notifications).toBeGreaterThanOrEqual(1);
      await waitForMail(ctx, (m) => m.to.includes(DEMO.focalJustice) && m.text.includes(c.title));
      const again = await remind(c.id);
      expect(again.body).toMatchObject({ reminders: 0, notifications: 0 });
      expect(await auditCount(c.id, 'campaign.remind')).toBe(2);
    });

    it('skips submitted contributions', async () => {
      const s = await contributions.newContribution({ status: 'submitted' });
      expect((await remind(s.campaign.id)).body).toMatchObject({ reminders: 0 });
    });

    it('a closed campaign sends none (409), nothing written', async () => {
      const c = await campaigns.newCampaign();
      await patch(c.id, { status: 'closed' });
      const res = await remind(c.id);
      expect(res.status).toBe(409);
      expect(await auditCount(c.id, 'campaign.remind')).toBe(0);
      expect((await ctx.dataSource.query(`SELECT count(*)::int AS n FROM reminder r JOIN contribution c ON c.id = r.contribution_id WHERE c.campaign_id = $1`, [c.id]))[0].n).toBe(0);
    });

    it('focal points and auditors may not (403); an unknown campaign is 404', async () => {
      const c = await campaigns.newCampaign();
      expect((await remind(c.id, t.fp)).status).toBe(403);
      expect((await remind(c.id, t.auditor)).status).toBe(403);
      expect((await remind('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });

  describe('export the progress table', () => {
    it('CSV with BOM, French headers by default, one row per institution, audited', async () => {
      const c = await campaigns.newCampaign();
      const res = await request(ctx.http).get(`/api/v1/campaigns/${c.id}/export`).set(auth(t.coord)).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="campaign-progress-.*\.csv"/);
      const lines = (res.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect((res.body as string).startsWith('\uFEFF')).toBe(true);
      expect(lines[0]).toBe('Institution,Code,Attendues,Brouillons,Soumises,Approuvées,Validées,Renvoyées,En retard,Examen');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/,MJ,1,1,0,0,0,0,0,Validateur/);
      expect(await auditCount(c.id, 'campaign.export')).toBe(1);
    });

    it('in Arabic: Arabic headers and names', async () => {
      const c = await campaigns.newCampaign({}, { institutionCode: 'MI' });
      const res = await request(ctx.http).get(`/api/v1/campaigns/${c.id}/export`).query({ lang: 'ar' }).set(auth(t.coord)).buffer(true).parse((r, cb) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (d: string) => (s += d));
        r.on('end', () => cb(null, s));
      });
      expect(res.status).toBe(200);
      expect(res.body).toContain('المؤسسة,الرمز');
      expect(res.body).toContain('المنسق (لا يوجد مصادق)');
    });

    it('an unknown format or language → 400 naming it, nothing audited', async () => {
      const c = await campaigns.newCampaign();
      const res = await request(ctx.http).get(`/api/v1/campaigns/${c.id}/export`).query({ format: 'pdf', lang: 'de' }).set(auth(t.coord));
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.details.fields).sort()).toEqual(['format', 'lang']);
      expect(await auditCount(c.id, 'campaign.export')).toBe(0);
    });
  });

  describe('"my work" keeps only live drafts', () => {
    it('a draft leaves it when its campaign closes, and comes back when it reopens', async () => {
      const d = await contributions.newContribution();
      expect(await mine()).toContain(d.id);
      await patch(d.campaign.id, { status: 'closed' });
      expect(await mine()).not.toContain(d.id);
      await patch(d.campaign.id, { status: 'open' });
      expect(await mine()).toContain(d.id);
    });

    it('a draft superseded by a later campaign’s leaves it, and gets no more reminders', async () => {
      const d = await contributions.newContribution();
      const coordinator = await accountOf(ctx, DEMO.coordinator);
      const later = await campaigns.newCampaign({ scope: { recommendationIds: [d.recommendation.id] } }, { by: coordinator });
      const ids = await mine();
      expect(ids).not.toContain(d.id);
      const [successor] = (await request(ctx.http).get('/api/v1/contributions').query({ campaignId: later.id }).set(auth(t.fp))).body.items;
      expect(successor.supersedesId).toBe(d.id);
      expect(ids).toContain(successor.id);
      expect((await remind(d.campaign.id)).body.reminders).toBe(0);
      const sweep = await ctx.app.get(RemindersService).sweep(new Date(Date.now() + 15 * 86400_000));
      const reminded = await ctx.dataSource.query(`SELECT 1 FROM reminder WHERE contribution_id = $1`, [d.id]);
      expect(sweep.reminders).toBeGreaterThan(0);
      expect(reminded).toHaveLength(0);
    });
  });
});
