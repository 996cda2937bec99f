import request from 'supertest';
import { createTestApp, DEMO, type TestContext } from './harness.js';

describe('recommendation search (trilingual, identical on both engines)', () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    token = await ctx.login(DEMO.coordinator);
  });
  afterAll(() => ctx.close());

  const search = (query: Record<string, string>) =>
    request(ctx.http).get('/api/v1/recommendations').query(query).set('Authorization', `Bearer ${token}`);

  it('finds French text typed without accents (egalite → égalité)', async () => {
    const res = await search({ q: 'egalite', pageSize: '100' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    for (const item of res.body.items) expect(`${item.textFr} ${item.textEn} ${item.textAr}`.toLowerCase()).toMatch(/égal|egal|equal/);
  });

  it('finds Arabic text typed without hamza or diacritics (المراة → المرأة)', async () => {
    const res = await search({ q: 'المراة', pageSize: '100' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    expect(res.body.items.some((i: { textAr: string | null }) => i.textAr?.includes('المرأة'))).toBe(true);
  });

  it('finds English plurals from the singular (woman → women)', async () => {
    const res = await search({ q: 'woman', pageSize: '100' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    expect(res.body.items.some((i: { textEn: string | null }) => /\bwomen\b/i.test(i.textEn ?? ''))).toBe(true);
  });

  it('combines free text with filters and returns facet counts that add up', async () => {
    const all = await search({ q: 'torture', facets: 'true', pageSize: '5' });
    expect(all.status).toBe(200);
    const statusTotal = all.body.facets.status.reduce((s: number, b: { count: number }) => s + b.count, 0);
    expect(statusTotal).toBe(all.body.total);
    const bucket = all.body.facets.status[0];
    const filtered = await search({ q: 'torture', status: bucket.value, pageSize: '100' });
    expect(filtered.body.total).toBe(bucket.count);
    expect(filtered.body.items.every((i: { status: string }) => i.status === bucket.value)).toBe(true);
  });

  it('paginates with a stable total', async () => {
    const first = await search({ page: '1', pageSize: '10', sort: 'symbol' });
    const second = await search({ page: '2', pageSize: '10', sort: 'symbol' });
    expect(first.body.total).toBe(386);
    expect(second.body.total).toBe(386);
    const ids = new Set([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id));
    expect(ids.size).toBe(20);
  });

  it('refuses a page size over the cap (400)', async () => {
    expect((await search({ pageSize: '100000' })).status).toBe(400);
  });

  it('refuses an unknown sort (400 naming sort)', async () => {
    const res = await search({ sort: 'text_fr; DROP TABLE recommendation' });
    expect(res.status).toBe(400);
    expect(res.body.details.fields.sort).toBe('validation.enum');
  });
});
