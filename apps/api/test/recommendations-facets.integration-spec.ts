import request from 'supertest';
import { appendAuditEvent, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { RecommendationFacetsCache } from '../src/modules/recommendations/recommendation-facets.cache.js';
import { COUNT_CAP } from '../src/modules/recommendations/recommendations.repository.js';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

type Buckets = Array<{ value: string; count: number }>;
type Facets = Record<string, Buckets>;

/** Facet key → the list filter that selects one of its buckets. */
const FILTER_OF: Record<string, string> = {
  mechanism: 'mechanism',
  body: 'bodyId',
  review: 'reviewId',
  response: 'response',
  status: 'status',
  followUp: 'followUp',
  institution: 'institutionId',
  theme: 'theme',
  affectedPerson: 'affectedPerson',
  sdgGoal: 'sdgGoal',
  axis: 'axis',
};

/**
 * GET /recommendations/facets: the counts the list's filters produce, in the caller's scope, cached
 * in process until the catalogue stamp changes (a write through the API, or raw SQL in another
 * transaction, as another API instance would do). And the list's total, exact up to COUNT_CAP.
 */
describe('recommendation facets endpoint and capped total', () => {
  let ctx: TestContext;
  let token: string;
  let focalToken: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    token = await ctx.login(DEMO.coordinator);
    focalToken = await ctx.login(DEMO.focalJustice);
  });
  afterAll(() => ctx.close());

  const get = (path: string, query: Record<string, string>, bearer = token) =>
    request(ctx.http).get(`/api/v1/recommendations${path}`).query(query).set('Authorization', `Bearer ${bearer}`);
  const facets = async (query: Record<string, string> = {}, bearer = token): Promise<Facets> => {
    const res = await get('/facets', query, bearer);
    expect(res.status).toBe(200);
    return res.body;
  };
  const total = async (query: Record<string, string>, bearer = token): Promise<number> => {
    const res = await get('', { ...query, pageSize: '1' }, bearer);
    expect(res.status).toBe(200);
    expect(res.body.totalIsLowerBound).toBe(false);
    return res.body.total;
  };
  const count = (f: Facets, facet: string, value: string) => f[facet]!.find((b) => b.value === value)?.count ?? 0;
  const stamp = async () => (await ctx.dataSource.query(`SELECT stamp::text AS s FROM catalogue_stamp WHERE id = 1`))[0].s as string;

  const BASES: Array<[string, Record<string, string>]> = [
    ['unfiltered', {}],
    ['with free text', { q: 'torture' }],
    ['with a filter', { mechanism: 'UPR' }],
  ];

  it.each(BASES)('every bucket equals the total of the list filtered by it (%s)', async (_name, base) => {
    const f = await facets(base);
    const all = await total(base);
    expect(f['status']!.reduce((s, b) => s + b.count, 0)).toBe(all);
    for (const [facet, filter] of Object.entries(FILTER_OF)) {
      for (const bucket of f[facet]!.slice(0, 2)) {
        expect({ facet, value: bucket.value, count: await total({ ...base, [filter]: bucket.value }) }).toEqual({ facet, value: bucket.value, count: bucket.count });
      }
    }
  });

  it('equals the deprecated facets=true of the list', async () => {
    const query = { q: 'femmes', status: 'not_started' };
    const legacy = await get('', { ...query, facets: 'true' });
    expect(legacy.status).toBe(200);
    expect(await facets(query)).toEqual(legacy.body.facets);
  });

  it('refuses paging parameters (400)', async () => {
    expect((await get('/facets', { page: '2' })).status).toBe(400);
  });

  it('validates filters (400)', async () => {
    expect((await get('/facets', { status: 'nope' })).status).toBe(400);
  });

  it('requires authentication (401)', async () => {
    expect((await request(ctx.http).get('/api/v1/recommendations/facets')).status).toBe(401);
  });

  const focalRecommendations = async (): Promise<number> => {
    const [{ id: mj }] = await ctx.dataSource.query(`SELECT institution_id AS id FROM app_user WHERE email = $1`, [DEMO.focalJustice]);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(DISTINCT recommendation_id)::int AS n FROM assignment WHERE institution_id = $1`, [mj]);
    return n;
  };

  it('is scoped: a focal point counts only their institution, whatever institutionId says', async () => {
    const n = await focalRecommendations();
    const mine = await facets({}, focalToken);
    expect(mine['status']!.reduce((s, b) => s + b.count, 0)).toBe(n);
  });

  it("does not serve the coordinator's cached entry for the same filter to a focal point", async () => {
    const n = await focalRecommendations();
    const mine = await facets({}, focalToken);
    const everything = await facets({});
    expect(everything['status']!.reduce((s, b) => s + b.count, 0)).toBeGreaterThan(n);
    expect(await facets({}, focalToken)).toEqual(mine);
  });

  it('serves a repeated request from the cache', async () => {
    const cache = ctx.app.get(RecommendationFacetsCache);
    const before = await facets({ mechanism: 'UPR' });
    const size = cache.size;
    expect(await facets({ mechanism: 'UPR' })).toEqual(before);
    expect(cache.size).toBe(size);
  });

  it('is invalidated by a write through the API', async () => {
    const recommendation = await recommendationFactory(ctx).newRecommendation({ status: 'not_started' });
    const before = await facets({ mechanism: 'UPR' });
    const stampBefore = await stamp();
    const res = await request(ctx.http)
      .patch(`/api/v1/recommendations/${recommendation.id}`)
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', `"${recommendation.version}"`)
      .send({ status: 'implemented' });
    expect(res.status).toBe(200);
    expect(BigInt(await stamp())).toBeGreaterThan(BigInt(stampBefore));
    const after = await facets({ mechanism: 'UPR' });
    expect(count(after, 'status', 'implemented')).toBe(count(before, 'status', 'implemented') + 1);
    expect(count(after, 'status', recommendation.status)).toBe(count(before, 'status', recommendation.status) - 1);
  });

  it('is invalidated by raw SQL on a recommendation in another transaction (another instance)', async () => {
    const before = await facets({});
    const [row] = await ctx.dataSource.query(`SELECT id, status FROM recommendation WHERE status <> 'in_progress' ORDER BY id DESC LIMIT 1`);
    await ctx.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE recommendation SET status = 'in_progress', version = version + 1 WHERE id = $1`, [row.id]);
      await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'recommendation.update', entityType: 'recommendation', entityId: row.id, changes: { status: { before: row.status, after: 'in_progress' } } });
    });
    const afterUpdate = await facets({});
    expect(count(afterUpdate, 'status', 'in_progress')).toBe(count(before, 'status', 'in_progress') + 1);
  });

  it('is invalidated by raw SQL on an assignment in another transaction (another instance)', async () => {
    const before = await facets({});
    const [row] = await ctx.dataSource.query(`SELECT id FROM recommendation ORDER BY id DESC LIMIT 1`);
    const [{ id: institution }] = await ctx.dataSource.query(
      `SELECT i.id FROM institution i WHERE NOT EXISTS (SELECT 1 FROM assignment a WHERE a.institution_id = i.id AND a.recommendation_id = $1) ORDER BY i.code LIMIT 1`,
      [row.id],
    );
    await ctx.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO assignment (recommendation_id, institution_id, role) VALUES ($1, $2, 'contributor')`, [row.id, institution]);
      await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'assignment.create', entityType: 'recommendation', entityId: row.id, changes: { institutionId: { before: null, after: institution } } });
    });
    const afterAssignment = await facets({});
    expect(count(afterAssignment, 'institution', institution)).toBe(count(before, 'institution', institution) + 1);
  });

  it('keeps the stamp and the cached counts after a rolled-back change', async () => {
    const before = await facets({});
    const [row] = await ctx.dataSource.query(`SELECT id FROM recommendation ORDER BY id DESC LIMIT 1`);
    const stampBefore = await stamp();
    await expect(
      ctx.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE recommendation SET status = 'implemented' WHERE id = $1`, [row.id]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await stamp()).toBe(stampBefore);
    expect(await facets({})).toEqual(before);
  });

  describe(`total capped at ${COUNT_CAP.toLocaleString('en')}`, () => {
    let existing: number;

    beforeAll(async () => {
      [{ n: existing }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation`);
      const [body] = await ctx.dataSource.query(`SELECT id, mechanism FROM body WHERE mechanism = 'UPR' ORDER BY code LIMIT 1`);
      await ctx.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO recommendation (mechanism, body_id, text_en, status)
           SELECT $1, $2, 'Capped count filler ' || g, 'not_started' FROM generate_series(1, $3::int) g`,
          [body.mechanism, body.id, COUNT_CAP + 5],
        );
        await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'test.seed', entityType: 'dataset', entityId: 'capped-count', changes: {} });
      });
    });

    it(`says "at least ${COUNT_CAP.toLocaleString('en')}" beyond the cap`, async () => {
      const all = await get('', { pageSize: '5' });
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: COUNT_CAP, totalIsLowerBound: true, page: 1, pageSize: 5 });
      expect(all.body.items).toHaveLength(5);
    });

    it('says the same for free text matching more than the cap', async () => {
      expect((await get('', { q: 'filler', pageSize: '1' })).body).toMatchObject({ total: COUNT_CAP, totalIsLowerBound: true });
    });

    it('says the same for a page past the last one', async () => {
      const past = await get('', { q: 'filler', page: '100000', pageSize: '100' });
      expect(past.body).toMatchObject({ items: [], total: COUNT_CAP, totalIsLowerBound: true });
    });

    it('counts exactly under the cap', async () => {
      expect(await total({ q: 'torture' })).toBeLessThan(COUNT_CAP);
    });

    it('never caps facet counts', async () => {
      const f = await facets({});
      expect(f['status']!.reduce((s, b) => s + b.count, 0)).toBe(existing + COUNT_CAP + 5);
    });
  });
});
