import request from 'supertest';
import { IMPLEMENTATION_STATUSES } from '@sidh/domain';
import { StatsCache } from '../src/modules/stats/stats.cache.js';
import { STATS_DIMENSIONS } from '../src/modules/stats/dto/stats-query.dto.js';
import { accountOf, actorOf, campaignFactory, inDays } from './factories/campaign.factory.js';
import { assignmentFactory } from './factories/assignment.factory.js';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { appendAuditEvent, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { RecommendationsService } from '../src/modules/recommendations/recommendations.service.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

type Counts = Record<string, number>;
interface Group { key: string; total: number; counts: Counts; label: { code: string } | null }

/** Dimension → the list filter that selects one of its groups. */
const FILTER_OF: Record<string, string> = {
  mechanism: 'mechanism',
  body: 'bodyId',
  review: 'reviewId',
  institution: 'institutionId',
  theme: 'theme',
  affectedPerson: 'affectedPerson',
  sdgGoal: 'sdgGoal',
  axis: 'axis',
};

/** The same groups as plain SQL, written independently of the API's statements: key → status → count. */
const INDEPENDENT_SQL: Record<string, string> = {
  mechanism: `SELECT r.mechanism AS key, r.status, count(*)::int AS n FROM recommendation r WHERE SCOPE GROUP BY 1, 2`,
  body: `SELECT r.body_id::text AS key, r.status, count(*)::int AS n FROM recommendation r WHERE SCOPE GROUP BY 1, 2`,
  review: `SELECT r.review_id::text AS key, r.status, count(*)::int AS n FROM recommendation r WHERE r.review_id IS NOT NULL AND SCOPE GROUP BY 1, 2`,
  institution: `SELECT a.institution_id::text AS key, r.status, count(DISTINCT r.id)::int AS n FROM recommendation r JOIN assignment a ON a.recommendation_id = r.id WHERE SCOPE AND ($1::uuid IS NULL OR a.institution_id = $1) GROUP BY 1, 2`,
  theme: `SELECT t.theme_code AS key, r.status, count(*)::int AS n FROM recommendation r JOIN recommendation_theme t ON t.recommendation_id = r.id WHERE SCOPE GROUP BY 1, 2`,
  affectedPerson: `SELECT t.affected_person_code AS key, r.status, count(*)::int AS n FROM recommendation r JOIN recommendation_affected_person t ON t.recommendation_id = r.id WHERE SCOPE GROUP BY 1, 2`,
  sdgGoal: `SELECT split_part(t.sdg_target_code, '.', 1) AS key, r.status, count(DISTINCT r.id)::int AS n FROM recommendation r JOIN recommendation_sdg_target t ON t.recommendation_id = r.id WHERE SCOPE GROUP BY 1, 2`,
  axis: `SELECT t.axis_code AS key, r.status, count(*)::int AS n FROM recommendation r JOIN recommendation_axis t ON t.recommendation_id = r.id WHERE SCOPE GROUP BY 1, 2`,
};
/** `$1`: the institution of a scoped caller, or null. */
const SCOPE = `($1::uuid IS NULL OR EXISTS (SELECT 1 FROM assignment s WHERE s.recommendation_id = r.id AND s.institution_id = $1))`;

const asMap = (groups: Group[]) => Object.fromEntries(groups.map((g) => [g.key, Object.fromEntries(Object.entries(g.counts).filter(([, n]) => n > 0))]));

/**
 * GET /stats/*: the dashboards' aggregates equal counts computed here independently (plain SQL and
 * the list's totals), in the caller's institution scope, with the list's filters; cached until
 * what they depend on changes; bad input refused naming the field.
 */
describe('dashboard statistics', () => {
  let ctx: TestContext;
  let coordinator: string;
  let focal: string;
  let validator: string;
  let auditor: string;
  let mj: string;
  let mi: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    [coordinator, focal, validator, auditor] = await Promise.all([DEMO.coordinator, DEMO.focalJustice, DEMO.validatorJustice, DEMO.auditor].map((e) => ctx.login(e)));
    [{ id: mj }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MJ'`);
    [{ id: mi }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MI'`);
  });
  afterAll(() => ctx.close());

  const get = (path: string, query: Record<string, string> = {}, token = coordinator) =>
    request(ctx.http).get(`/api/v1${path}`).query(query).set('Authorization', `Bearer ${token}`);
  const ok = async (path: string, query: Record<string, string> = {}, token = coordinator) => {
    const res = await get(path, query, token);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** A fixture change by raw SQL, audited in its transaction as the application's writes are (the audit tie refuses it otherwise). */
  const audited = (entityType: string, entityId: string, sql: string, params: unknown[] = []) =>
    ctx.dataSource.transaction(async (m) => {
      await m.query(sql, params);
      await appendAuditEvent(m, SYSTEM_ACTOR, { action: 'test.fixture', entityType, entityId, changes: {} });
    });
  /** A change no trigger sees (no catalogue stamp, no audit tie): what a cache must not notice by itself. */
  const unseen = (sql: string, params: unknown[]) =>
    ctx.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });
  const listTotal = async (query: Record<string, string>, token = coordinator): Promise<number> => {
    const body = await ok('/recommendations', { ...query, pageSize: '1' }, token);
    expect(body.totalIsLowerBound).toBe(false);
    return body.total;
  };
  const independent = async (by: string, institution: string | null): Promise<Record<string, Counts>> => {
    const rows: Array<{ key: string; status: string; n: number }> = await ctx.dataSource.query(INDEPENDENT_SQL[by]!.replace('SCOPE', SCOPE), [institution]);
    const out: Record<string, Counts> = {};
    for (const r of rows) (out[r.key] ??= {})[r.status] = r.n;
    return out;
  };

  describe('GET /stats/status', () => {
    it.each(STATS_DIMENSIONS.map((d) => [d]))('by=%s equals plain SQL over the whole catalogue, for the coordinator', async (by) => {
      const body = await ok('/stats/status', { by });
      expect(body.by).toBe(by);
      expect(asMap(body.groups)).toEqual(await independent(by, null));
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation`);
      expect(body.total).toBe(n);
      for (const g of body.groups as Group[]) expect(g.total).toBe(IMPLEMENTATION_STATUSES.reduce((s, st) => s + g.counts[st]!, 0));
      if (by !== 'mechanism') expect((body.groups as Group[]).every((g) => g.label && g.label.code)).toBe(true);
    });

    it.each([
      ['unfiltered', {}],
      ['with a filter', { mechanism: 'UPR' }],
      ['with free text', { q: 'torture' }],
    ] as Array<[string, Record<string, string>]>)('each bar equals the list total with its filter added (%s)', async (_name, base) => {
      for (const by of ['body', 'theme', 'institution', 'sdgGoal'] as const) {
        const body = await ok('/stats/status', { ...base, by });
        expect(body.total).toBe(await listTotal(base));
        for (const g of (body.groups as Group[]).slice(0, 2)) {
          const filter = { ...base, [FILTER_OF[by]!]: g.key };
          expect({ by, key: g.key, total: await listTotal(filter) }).toEqual({ by, key: g.key, total: g.total });
          const status = IMPLEMENTATION_STATUSES.find((s) => g.counts[s]! > 0)!;
          expect({ by, key: g.key, status, n: await listTotal({ ...filter, status }) }).toEqual({ by, key: g.key, status, n: g.counts[status] });
        }
      }
    });

    it('a filter narrows every group (status=implemented leaves only that status)', async () => {
      const body = await ok('/stats/status', { by: 'mechanism', status: 'implemented' });
      expect(body.total).toBe(await listTotal({ status: 'implemented' }));
      for (const g of body.groups as Group[]) expect(g.total).toBe(g.counts['implemented']);
    });

    it.each(STATS_DIMENSIONS.map((d) => [d]))('by=%s: a focal point and a validator of MJ count only recommendations assigned to MJ, and only MJ as an institution', async (by) => {
      const expected = await independent(by, mj);
      for (const token of [focal, validator]) {
        const body = await ok('/stats/status', { by }, token);
        expect(asMap(body.groups)).toEqual(expected);
        expect(body.total).toBe(await listTotal({}, token));
        if (by === 'institution') expect((body.groups as Group[]).map((g) => g.key)).toEqual([mj]);
        // Asking for another institution does not widen the scope.
        const other = await ok('/stats/status', { by, institutionId: mi }, token);
        expect(other.total).toBe(await listTotal({ institutionId: mi }, token));
        for (const g of other.groups as Group[]) expect(g.total).toBeLessThanOrEqual(expected[g.key] ? Object.values(expected[g.key]!).reduce((s, n) => s + n, 0) : 0);
      }
      // The coordinator's figures are not the focal point's (the scope matters in this data set).
      expect((await ok('/stats/status', { by })).total).toBeGreaterThan((await ok('/stats/status', { by }, focal)).total);
    });
  });

  describe('GET /stats/responses', () => {
    const sqlResponses = async (institution: string | null) => {
      const rows: Array<{ response: string; status: string; n: number }> = await ctx.dataSource.query(
        `SELECT r.response, r.status, count(*)::int AS n FROM recommendation r WHERE r.response IS NOT NULL AND ${SCOPE} GROUP BY 1, 2`,
        [institution],
      );
      const out: Record<string, Counts> = {};
      for (const r of rows) (out[r.response] ??= {})[r.status] = r.n;
      return out;
    };
    const asResponseMap = (groups: Array<{ response: string; counts: Counts; total: number }>) =>
      Object.fromEntries(groups.filter((g) => g.total > 0).map((g) => [g.response, Object.fromEntries(Object.entries(g.counts).filter(([, n]) => n > 0))]));

    it('supported / supported in part / noted × status equals plain SQL, and each cell the filtered list', async () => {
      const body = await ok('/stats/responses');
      expect(body.groups.map((g: { response: string }) => g.response)).toEqual(['supported', 'supported_in_part', 'noted']);
      expect(asResponseMap(body.groups)).toEqual(await sqlResponses(null));
      const supported = body.groups[0];
      expect(supported.total).toBe(await listTotal({ response: 'supported' }));
      expect(supported.counts.not_started).toBe(await listTotal({ response: 'supported', status: 'not_started' }));
    });

    it('is scoped for a focal point', async () => {
      const body = await ok('/stats/responses', {}, focal);
      expect(asResponseMap(body.groups)).toEqual(await sqlResponses(mj));
      expect(body.total).toBeLessThan((await ok('/stats/responses')).total);
    });
  });

  describe('GET /stats/campaigns', () => {
    const sqlCampaigns = async (institution: string | null) =>
      (
        (await ctx.dataSource.query(
          `SELECT c.campaign_id, c.institution_id, count(*)::int AS expected, sum((c.status <> 'draft' AND c.status <> 'returned')::int)::int AS submitted,
                  sum((c.status = 'validated')::int)::int AS validated, sum((c.status IN ('draft', 'returned') AND cp.deadline < current_date)::int)::int AS overdue
             FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id WHERE ($1::uuid IS NULL OR c.institution_id = $1) GROUP BY 1, 2`,
          [institution],
        )) as Array<Record<string, unknown>>
      )
        .map((r) => `${r['campaign_id']} ${r['institution_id']} ${r['expected']}/${r['submitted']}/${r['validated']}/${r['overdue']}`)
        .sort();
    const asLines = (items: Array<Record<string, unknown>>) => items.map((r) => `${r['campaignId']} ${r['institutionId']} ${r['expected']}/${r['submitted']}/${r['validated']}/${r['overdue']}`).sort();

    beforeAll(async () => {
      // A campaign past its deadline for MI (overdue drafts), and one for MJ.
      const campaigns = campaignFactory(ctx);
      await campaigns.newCampaign({}, { institutionCode: 'MJ' });
      const past = await campaigns.newCampaign({}, { institutionCode: 'MI' });
      await audited('campaign', past.id, `UPDATE campaign SET deadline = current_date - 3 WHERE id = $1`, [past.id]);
    });

    it('expected / submitted / validated / overdue per campaign and institution equal plain SQL', async () => {
      const body = await ok('/stats/campaigns');
      expect(asLines(body.items)).toEqual(await sqlCampaigns(null));
      expect(body.items.some((i: { overdue: number }) => i.overdue > 0)).toBe(true);
      expect(body.items.some((i: { validated: number }) => i.validated > 0)).toBe(true);
    });

    it('a focal point sees only its institution’s rows, whatever it asks', async () => {
      for (const query of [{}, { institutionId: mi }] as Array<Record<string, string>>) {
        const body = await ok('/stats/campaigns', query, focal);
        expect(body.items.length).toBeGreaterThan(0);
        expect(body.items.every((i: { institutionId: string }) => i.institutionId === mj)).toBe(true);
      }
      expect(asLines((await ok('/stats/campaigns', {}, focal)).items)).toEqual(await sqlCampaigns(mj));
    });

    it('filters apply to the contributions’ recommendations', async () => {
      const body = await ok('/stats/campaigns', { mechanism: 'TREATY_BODY' });
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM contribution c JOIN recommendation r ON r.id = c.recommendation_id WHERE r.mechanism = 'TREATY_BODY'`);
      expect(body.items.reduce((s: number, i: { expected: number }) => s + i.expected, 0)).toBe(n);
    });
  });

  describe('GET /stats/follow-up', () => {
    let cat: string;
    beforeAll(async () => {
      // CAT with a 12-month follow-up delay; paragraphs due in the past, in the future, from a review date, implemented, and with no date.
      const factory = recommendationFactory(ctx);
      const bodyId = await factory.bodyId('CAT');
      cat = bodyId;
      await audited('body', bodyId, `UPDATE body SET follow_up_months = 12 WHERE id = $1`, [bodyId]);
      const reviewId: string = await ctx.dataSource.transaction(async (m) => {
        const [{ id }] = await m.query(
          `INSERT INTO review (body_id, code, title_ar, title_fr, title_en, review_date) VALUES ($1, 'stats-test', 'ت', 'Examen', 'Review', current_date - interval '13 months') RETURNING id`,
          [bodyId],
        );
        await appendAuditEvent(m, SYSTEM_ACTOR, { action: 'review.create', entityType: 'review', entityId: id, changes: {} });
        return id;
      });
      const base = { bodyId, followUp: true } as const;
      const late = await factory.newRecommendation({ ...base, followUpDueDate: inDays(-10) });
      await factory.newRecommendation({ ...base, followUpDueDate: inDays(30) });
      await factory.newRecommendation({ ...base, followUpDueDate: inDays(-40), status: 'implemented' });
      await factory.newRecommendation({ ...base, reviewId }); // review date + 12 months: a month ago → late
      await factory.newRecommendation({ ...base }); // no due date
      await assignmentFactory(ctx).newAssignment({ recommendationId: late.id, institutionId: mj, role: 'lead' });
    });

    const sqlFollowUp = async (institution: string | null) => {
      const rows: Array<{ body_id: string; status: string; due: string | null }> = await ctx.dataSource.query(
        `SELECT r.body_id, r.status, to_char(coalesce(r.follow_up_due_date, v.review_date + (b.follow_up_months || ' months')::interval), 'YYYY-MM-DD') AS due
           FROM recommendation r JOIN body b ON b.id = r.body_id LEFT JOIN review v ON v.id = r.review_id WHERE r.follow_up AND ${SCOPE}`,
        [institution],
      );
      const [{ today }] = await ctx.dataSource.query(`SELECT current_date::text AS today`);
      const out: Record<string, { total: number; due: number; late: number; done: number; noDueDate: number }> = {};
      for (const r of rows) {
        const b = (out[r.body_id] ??= { total: 0, due: 0, late: 0, done: 0, noDueDate: 0 });
        b.total += 1;
        if (r.status === 'implemented' || r.status === 'not_applicable') b.done += 1;
        else if (r.due === null) b.noDueDate += 1;
        else if (r.due < today) b.late += 1;
        else b.due += 1;
      }
      return out;
    };
    const asBodies = (items: Array<{ bodyId: string; total: number; due: number; late: number; done: number; noDueDate: number }>) =>
      Object.fromEntries(items.map((i) => [i.bodyId, { total: i.total, due: i.due, late: i.late, done: i.done, noDueDate: i.noDueDate }]));

    it('due and late per body equal a count made here from the paragraphs’ dates, the review date and the body’s delay', async () => {
      const body = await ok('/stats/follow-up');
      expect(asBodies(body.items)).toEqual(await sqlFollowUp(null));
      expect(asBodies(body.items)[cat]).toEqual({ total: 5, due: 1, late: 2, done: 1, noDueDate: 1 });
      expect(body.items.find((i: { bodyId: string }) => i.bodyId === cat).followUpMonths).toBe(12);
      expect(body.items.find((i: { bodyId: string }) => i.bodyId === cat).total).toBe(await listTotal({ bodyId: cat, followUp: 'true' }));
    });

    it('is scoped for a focal point', async () => {
      const body = await ok('/stats/follow-up', {}, focal);
      expect(asBodies(body.items)).toEqual(await sqlFollowUp(mj));
      expect(asBodies(body.items)[cat]).toEqual({ total: 1, due: 0, late: 1, done: 0, noDueDate: 0 });
    });
  });

  describe('GET /stats/status-history', () => {
    let recId: string;
    beforeAll(async () => {
      // A recommendation created "in January 2024" (not_started), implemented today through the API (audited).
      const created = await recommendationFactory(ctx).newRecommendation({ textFr: 'Historique de statut' });
      recId = created.id;
      await audited('recommendation', recId, `UPDATE recommendation SET created_at = '2024-01-15T12:00:00Z' WHERE id = $1`, [recId]);
      const user = await accountOf(ctx, DEMO.coordinator);
      const current = await ctx.app.get(RecommendationsService).get(recId, user);
      await ctx.app.get(RecommendationsService).update(recId, current.version, { status: 'in_progress' }, user, actorOf(user));
      const again = await ctx.app.get(RecommendationsService).get(recId, user);
      await ctx.app.get(RecommendationsService).update(recId, again.version, { status: 'implemented' }, user, actorOf(user));
    });

    it('rebuilds each month from the recorded changes, not from today’s values', async () => {
      const body = await ok('/stats/status-history', { interval: 'month' });
      expect(body.interval).toBe('month');
      const points = body.points as Array<{ period: string; total: number; counts: Counts }>;
      expect(points[0]!.period).toBe('2024-01-01');
      // Only the back-dated recommendation existed then, with the status it had before its recorded changes.
      const feb = points.find((p) => p.period === '2024-02-01')!;
      expect(feb.total).toBe(1);
      expect(feb.counts['not_started']).toBe(1);
      expect(feb.counts['implemented']).toBe(0);
      // The current month: today's statuses, as plain SQL counts them.
      const rows: Array<{ status: string; n: number }> = await ctx.dataSource.query(`SELECT status, count(*)::int AS n FROM recommendation GROUP BY 1`);
      const last = points.at(-1)!;
      expect(Object.fromEntries(Object.entries(last.counts).filter(([, n]) => n > 0))).toEqual(Object.fromEntries(rows.map((r) => [r.status, r.n])));
      // Contiguous months.
      expect(new Set(points.map((p) => p.period)).size).toBe(points.length);
      expect(points.length).toBeGreaterThanOrEqual(13);
    });

    it('keeps the filters and the scope (a focal point of MJ never counts the back-dated, unassigned recommendation)', async () => {
      const filtered = await ok('/stats/status-history', { q: 'Historique de statut' });
      expect(filtered.points[0].period).toBe('2024-01-01');
      expect(filtered.points.at(-1).counts.implemented).toBe(1);
      const scoped = await ok('/stats/status-history', {}, focal);
      expect(scoped.points[0].period).not.toBe('2024-01-01');
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation r WHERE ${SCOPE}`, [mj]);
      expect(scoped.points.at(-1).total).toBe(n);
      const yearly = await ok('/stats/status-history', { interval: 'year' }, auditor);
      expect(yearly.points[0].period).toBe('2024-01-01');
    });
  });

  describe('cache', () => {
    it('serves a figure from the cache until the catalogue stamp changes', async () => {
      const cache = ctx.app.get(StatsCache);
      const first = await ok('/stats/status', { by: 'mechanism' });
      expect(cache.catalogue.size).toBeGreaterThan(0);
      const [{ id }] = await ctx.dataSource.query(`SELECT id FROM recommendation WHERE status = 'not_started' AND mechanism = 'UPR' ORDER BY id LIMIT 1`);
      // A change the stamp does not see (triggers off): the cached figure is served.
      await unseen(`UPDATE recommendation SET status = 'implemented' WHERE id = $1`, [id]);
      expect(await ok('/stats/status', { by: 'mechanism' })).toEqual(first);
      // Any catalogue change bumps the stamp: the next read recomputes.
      await audited('recommendation', id, `UPDATE recommendation SET status = status WHERE id = $1`, [id]);
      const after = await ok('/stats/status', { by: 'mechanism' });
      const upr = (b: { groups: Group[] }) => b.groups.find((g) => g.key === 'UPR')!.counts;
      expect(upr(after)['implemented']).toBe(upr(first)['implemented']! + 1);
      expect(upr(after)['not_started']).toBe(upr(first)['not_started']! - 1);
    });

    it('keys by scope: the coordinator’s cached figures never answer a focal point', async () => {
      const all = await ok('/stats/responses');
      const mine = await ok('/stats/responses', {}, focal);
      expect(mine.total).toBeLessThan(all.total);
      expect(await ok('/stats/responses', {}, focal)).toEqual(mine);
    });

    it('campaign figures follow contribution changes (the audit chain’s head), which the catalogue stamp does not see', async () => {
      const before = await ok('/stats/campaigns');
      const [{ id, campaign_id: campaignId, institution_id: institutionId }] = await ctx.dataSource.query(
        `SELECT id, campaign_id, institution_id FROM contribution WHERE status = 'draft' ORDER BY id LIMIT 1`,
      );
      const row = (b: { items: Array<{ campaignId: string; institutionId: string; validated: number }> }) => b.items.find((i) => i.campaignId === campaignId && i.institutionId === institutionId)!;
      const stamp = async () => (await ctx.dataSource.query(`SELECT stamp::text AS s FROM catalogue_stamp`))[0].s as string;
      const catalogueBefore = await stamp();
      await unseen(`UPDATE contribution SET status = 'validated' WHERE id = $1`, [id]);
      // Nothing recorded yet: still the cached figure.
      expect(await ok('/stats/campaigns')).toEqual(before);
      // The services audit every contribution change in its transaction: the new head clears the cache.
      await ctx.dataSource.transaction((m) => appendAuditEvent(m, SYSTEM_ACTOR, { action: 'contribution.validate', entityType: 'contribution', entityId: id, changes: {} }));
      expect(row(await ok('/stats/campaigns')).validated).toBe(row(before).validated + 1);
      expect(await stamp()).toBe(catalogueBefore);
    });
  });

  describe('bad input', () => {
    it('returns 400 naming `by` for an unknown or missing grouping', async () => {
      for (const query of [{ by: 'colour' }, {}] as Array<Record<string, string>>) {
        const res = await get('/stats/status', query);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation.failed');
        expect(Object.keys(res.body.details.fields)).toEqual(['by']);
      }
    });

    it('returns 400 naming the field for a bad filter or interval, on every endpoint', async () => {
      for (const path of ['/stats/status?by=body', '/stats/responses', '/stats/campaigns', '/stats/follow-up', '/stats/status-history']) {
        const res = await request(ctx.http).get(`/api/v1${path}`).query({ status: 'finished' }).set('Authorization', `Bearer ${coordinator}`);
        expect({ path, status: res.status, fields: Object.keys(res.body.details?.fields ?? {}) }).toEqual({ path, status: 400, fields: ['status'] });
      }
      const interval = await get('/stats/status-history', { interval: 'week' });
      expect(interval.status).toBe(400);
      expect(Object.keys(interval.body.details.fields)).toEqual(['interval']);
      const unknown = await get('/stats/responses', { colour: 'red' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details.fields.colour).toBe('validation.unknownField');
    });

    it('every role may read; anonymous callers may not', async () => {
      for (const token of [coordinator, focal, validator, auditor]) expect((await get('/stats/responses', {}, token)).status).toBe(200);
      expect((await request(ctx.http).get('/api/v1/stats/responses')).status).toBe(401);
    });
  });
});
