import request from 'supertest';
import { toTranslateMarker } from '@sidh/domain';
import { prepareDatabase } from '../src/database/prepare.js';
import { DEMO_CAMPAIGN_TITLE } from '../src/database/seeds/demo-campaign.js';
import { contributionText, loadDemoAchievements, seedDemoContributions, type DemoAchievement } from '../src/database/seeds/demo-contributions.js';
import type { ContributionDetailDto, ContributionSummaryDto } from '../src/modules/contributions/dto/contribution.dto.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth } from './workflow-helpers.js';

/**
 * The demo seed's validated contributions (issue 9): on first start the demo campaign holds what
 * Moroccan institutions reported (`seeds/data/demo-achievements.json`), validated and linked to the
 * recommendations they answer, with an audit history that verifies; a second start changes nothing.
 */
describe('demo contributions: validated content on first start', () => {
  let ctx: TestContext;
  const t = {} as Record<'coord' | 'auditor' | 'fpJustice', string>;
  const { contributions: entries } = loadDemoAchievements();
  let campaignId: string;
  /** Entry → its contribution as the coordinator reads it. */
  const seeded = new Map<DemoAchievement, ContributionDetailDto>();

  const get = (path: string, token = t.coord) => request(ctx.http).get(`/api/v1${path}`).set(auth(token));
  const recommendationId = async (e: DemoAchievement): Promise<string> => {
    const rows: Array<{ id: string }> = await ctx.dataSource.query(`SELECT id FROM recommendation WHERE document_symbol = $1 AND paragraph = $2 AND external_code = $3`, [
      e.recommendation.documentSymbol,
      e.recommendation.paragraph,
      e.recommendation.externalCode,
    ]);
    expect(rows).toHaveLength(1);
    return rows[0]!.id;
  };
  /** Everything the seed writes: any change shows here. */
  const state = async () =>
    (
      await ctx.dataSource.query(
        `SELECT (SELECT count(*) FROM audit_event)::int AS events, (SELECT count(*) FROM assignment)::int AS assignments,
                (SELECT count(*) FROM contribution)::int AS contributions, (SELECT coalesce(sum(version), 0) FROM contribution)::int AS contribution_versions,
                (SELECT count(*) FROM campaign_institution)::int AS campaign_institutions, (SELECT coalesce(sum(version), 0) FROM campaign)::int AS campaign_versions`,
      )
    )[0];

  beforeAll(async () => {
    ctx = await createTestApp();
    t.coord = await ctx.login(DEMO.coordinator);
    t.auditor = await ctx.login(DEMO.auditor);
    t.fpJustice = await ctx.login(DEMO.focalJustice);
    const campaigns = await get('/campaigns?pageSize=100');
    campaignId = (campaigns.body.items as Array<{ id: string; title: string }>).find((c) => c.title === DEMO_CAMPAIGN_TITLE)!.id;
    const list = await get(`/contributions?campaignId=${campaignId}&status=validated&pageSize=100`);
    expect(list.status).toBe(200);
    for (const e of entries) {
      const recId = await recommendationId(e);
      const item = (list.body.items as ContributionSummaryDto[]).find((c) => c.institution.code === e.institution && c.recommendation.id === recId);
      if (item) seeded.set(e, (await get(`/contributions/${item.id}`)).body as ContributionDetailDto);
    }
  }, 120_000);
  afterAll(() => ctx.close());

  it('the demo campaign holds one validated contribution per entry, and no other', async () => {
    expect(entries.length).toBeGreaterThanOrEqual(12);
    expect([...seeded.keys()]).toEqual(entries);
    const campaign = await get(`/campaigns/${campaignId}`);
    expect(campaign.body.progress.validated).toBe(entries.length);
    // Per institution, as the campaign page shows it.
    const perInstitution = new Map<string, number>();
    for (const e of entries) perInstitution.set(e.institution, (perInstitution.get(e.institution) ?? 0) + 1);
    for (const [code, n] of perInstitution) {
      expect(campaign.body.institutions.find((i: { code: string }) => i.code === code)).toMatchObject({ code, validated: n });
    }
  });

  it('each contribution carries the entry text, status and indicators, validated and submitted, on the intended recommendation', async () => {
    for (const e of entries) {
      const c = seeded.get(e)!;
      expect({ where: `${e.institution} ${e.recommendation.externalCode}`, c }).toMatchObject({
        c: {
          status: 'validated',
          institution: { code: e.institution },
          recommendation: { documentSymbol: e.recommendation.documentSymbol, paragraph: e.recommendation.paragraph },
          campaign: { id: campaignId },
          measures: contributionText(e),
          implementationStatus: e.implementationStatus,
          indicators: e.indicators,
          availableActions: [],
          canEdit: false,
        },
      });
      expect(c.recommendation.id).toBe(await recommendationId(e));
      expect(c.validatedAt).not.toBeNull();
      expect(c.submittedAt).toBe(c.validatedAt);
    }
  });

  it('the texts are Arabic, except the 3–4 given in French', () => {
    const arabic = [...seeded.values()].filter((c) => /[\u0600-\u06FF]/u.test(c.measures));
    const french = entries.filter((e) => e.measuresFr !== undefined);
    expect(arabic).toHaveLength(entries.length - french.length);
    expect(french.length).toBeGreaterThanOrEqual(3);
    for (const e of french) expect(seeded.get(e)!.measures).not.toMatch(/[\u0600-\u06FF]/u);
    // The figures of the sources, as the contributions state them.
    const measures = [...seeded.values()].map((c) => c.measures).join('\n');
    for (const figure of ['147', '35', '217', '301', '4 400', '825']) expect(measures).toContain(figure);
  });

  it('each contribution has one history event: contribution.validate by the system, draft → validated, marked as seeded', async () => {
    for (const c of seeded.values()) {
      const res = await get(`/audit/events?entityType=contribution&entityId=${c.id}`, t.auditor);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        action: 'contribution.validate',
        actorId: null,
        actorRole: 'system',
        changes: { status: { before: 'draft', after: 'validated' }, measures: { before: '', after: c.measures }, seed: true },
      });
    }
  });

  it('the audit chain verifies (auditor)', async () => {
    const res = await get('/audit/verify', t.auditor);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ intact: true, firstBrokenEventId: null });
  });

  it('a validated seeded contribution is locked for its focal point (409), like any validated one', async () => {
    const mj = [...seeded.values()].find((c) => c.institution.code === 'MJ')!;
    const res = await request(ctx.http).patch(`/api/v1/contributions/${mj.id}`).set(auth(t.fpJustice)).set('If-Match', `"${mj.version}"`).send({ measures: 'x' });
    expect(res.status).toBe(409);
  });

  it('a French report on UPR cycle 3 quotes the French text as is and marks the Arabic one "to translate"', async () => {
    const french = entries.find((e) => e.measuresFr !== undefined && e.institution === 'MJ')!;
    const arabic = entries.find((e) => e.measuresFr === undefined && e.institution === 'DGAPR')!;
    const [{ bodyId, reviewId }] = await ctx.dataSource.query(`SELECT r.body_id AS "bodyId", r.id AS "reviewId" FROM review r WHERE r.code = 'MAR-UPR-3'`);
    const res = await request(ctx.http)
      .post('/api/v1/reports')
      .set(auth(t.coord))
      .send({ type: 'upr_mid_term', bodyId, reviewId, language: 'fr', title: 'Rapport à mi-parcours (démo)', itemIds: [await recommendationId(french), await recommendationId(arabic)] });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ status: 201, body: null });
    const sectionOf = async (e: DemoAchievement) => {
      const id = await recommendationId(e);
      return (res.body.sections as Array<{ itemIds: string[]; body: string }>).find((s) => s.itemIds.includes(id))!.body;
    };
    const marker = toTranslateMarker('fr', 'ar');
    const frenchSection = await sectionOf(french);
    expect(frenchSection).toContain(french.measuresFr!.split('\n').find((l) => l.startsWith('- '))!.slice(2, 40));
    expect(frenchSection).not.toContain(marker);
    const arabicSection = await sectionOf(arabic);
    expect(arabicSection).toContain(marker);
    expect(arabicSection).toContain(arabic.measuresAr.split('\n')[0]!.slice(2, 40));
  });

  it('a second seeding run changes nothing and writes no event', async () => {
    const before = await state();
    await prepareDatabase(ctx.dataSource, { seedReference: true, seedDemo: true });
    const counts = await ctx.dataSource.transaction((manager) => seedDemoContributions(manager));
    expect(counts).toEqual({ assignments: 0, campaignRecommendations: 0, campaignInstitutions: 0, contributionsOpened: 0, contributionsValidated: 0 });
    expect(await state()).toEqual(before);
  }, 60_000);

  it('reaches what it needs: contributor assignments and the campaign extended to the entries, each audited once', async () => {
    const [campaign] = await ctx.dataSource.query(`SELECT scope FROM campaign WHERE id = $1`, [campaignId]);
    for (const e of entries) expect(campaign.scope.recommendationIds).toContain(await recommendationId(e));
    const institutions: Array<{ code: string }> = await ctx.dataSource.query(
      `SELECT i.code FROM campaign_institution ci JOIN institution i ON i.id = ci.institution_id WHERE ci.campaign_id = $1 ORDER BY i.code`,
      [campaignId],
    );
    expect(institutions.map((i) => i.code)).toEqual([...new Set(['MJ', 'MI', ...entries.map((e) => e.institution)])].sort());
    const events: Array<{ action: string; entity_id: string; changes: Record<string, unknown> }> = await ctx.dataSource.query(
      `SELECT action, entity_id, changes FROM audit_event WHERE action IN ('assignment.create', 'campaign.extend') AND actor_role = 'system' ORDER BY id`,
    );
    expect(events.filter((e) => e.action === 'campaign.extend')).toEqual([expect.objectContaining({ entity_id: campaignId, changes: expect.objectContaining({ seed: true }) })]);
    const contributors: Array<{ id: string }> = await ctx.dataSource.query(`SELECT id FROM assignment WHERE role = 'contributor'`);
    expect(events.filter((e) => e.action === 'assignment.create').map((e) => e.entity_id).sort()).toEqual(contributors.map((a) => a.id).sort());
  });

  it('leaves a draft someone edited as it is, and validates an untouched one', async () => {
    const mj = (await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MJ'`))[0].id as string;
    // Two MJ drafts of the campaign whose recommendation is identified by its symbol, paragraph and code.
    const drafts: Array<{ id: string; documentSymbol: string; paragraph: string; externalCode: string }> = await ctx.dataSource.query(
      `SELECT c.id, r.document_symbol AS "documentSymbol", r.paragraph, r.external_code AS "externalCode"
         FROM contribution c JOIN recommendation r ON r.id = c.recommendation_id
        WHERE c.campaign_id = $1 AND c.institution_id = $2 AND c.status = 'draft' AND c.version = 1
          AND (SELECT count(*) FROM recommendation o WHERE o.document_symbol = r.document_symbol AND o.paragraph = r.paragraph AND o.external_code = r.external_code) = 1
        ORDER BY r.paragraph LIMIT 2`,
      [campaignId, mj],
    );
    expect(drafts).toHaveLength(2);
    const [edited, untouched] = drafts as [(typeof drafts)[0], (typeof drafts)[0]];
    const saved = await request(ctx.http).patch(`/api/v1/contributions/${edited.id}`).set(auth(t.fpJustice)).set('If-Match', '"1"').send({ measures: 'Brouillon du point focal.' });
    expect(saved.status).toBe(200);
    const entry = (d: (typeof drafts)[0]): DemoAchievement => ({
      institution: 'MJ',
      recommendation: { documentSymbol: d.documentSymbol, paragraph: d.paragraph, externalCode: d.externalCode },
      sources: [],
      implementationStatus: 'in_progress',
      measuresAr: 'إجراء تجريبي.',
      indicators: [],
    });
    const counts = await ctx.dataSource.transaction((manager) => seedDemoContributions(manager, { sources: [], contributions: [entry(edited), entry(untouched)] }));
    expect(counts).toMatchObject({ assignments: 0, contributionsOpened: 0, contributionsValidated: 1 });
    expect((await get(`/contributions/${edited.id}`)).body).toMatchObject({ status: 'draft', measures: 'Brouillon du point focal.', version: 2 });
    expect((await get(`/contributions/${untouched.id}`)).body).toMatchObject({ status: 'validated', measures: 'إجراء تجريبي.', version: 2 });
    expect((await get('/audit/verify', t.auditor)).body).toMatchObject({ intact: true });
  });
});
