import request from 'supertest';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

interface Item {
  id: string;
  documentSymbol: string | null;
  paragraph: string | null;
}

/** Search by reference: a document symbol, a paragraph, or both, as users copy them from reports. */
describe('search by reference (symbol, paragraph, both)', () => {
  let ctx: TestContext;
  let token: string;
  const cat: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    token = await ctx.login(DEMO.coordinator);
    const factory = recommendationFactory(ctx);
    for (const paragraph of ['12(a)', '12(b)', '13', '112']) {
      cat[paragraph] = (await factory.newRecommendation({ documentSymbol: 'CAT/C/MAR/CO/4', paragraph }, { bodyCode: 'CAT' })).id;
    }
  });
  afterAll(() => ctx.close());

  const search = async (q: string, extra: Record<string, string> = {}): Promise<{ total: number; items: Item[] }> => {
    const res = await request(ctx.http)
      .get('/api/v1/recommendations')
      .query({ q, pageSize: '100', ...extra })
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const citations = (items: Item[]) => items.map((i) => `${i.documentSymbol} ${i.paragraph}`);

  it.each(['144.97', 'R144.97', 'A/HRC/36/6 para 144.97', 'A/HRC/36/6, par. 144.97', 'par. 144.97', 'الفقرة 144.97', 'الفقرة ١٤٤٫٩٧', 'a/hrc/36/6 144.97'])(
    'finds A/HRC/36/6 para 144.97 from %j',
    async (q) => {
      const { items, total } = await search(q);
      expect(total).toBeGreaterThan(0);
      expect(new Set(citations(items))).toEqual(new Set(['A/HRC/36/6 144.97']));
    },
  );

  it('finds every recommendation of a document from its symbol, in paragraph order', async () => {
    const upr = await search('A/HRC/36/6');
    expect(upr.total).toBe(227);
    expect(upr.items.every((i) => i.documentSymbol === 'A/HRC/36/6')).toBe(true);
    const numbers = upr.items.map((i) => Number(i.paragraph!.split('.')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const { items } = await search('CAT/C/MAR/CO/4');
    expect(items.map((i) => i.id)).toEqual([cat['12(a)'], cat['12(b)'], cat['13'], cat['112']]);
  });

  it('finds a paragraph with its sub-paragraphs, and a sub-paragraph alone (§ 12, 12(b))', async () => {
    expect((await search('CAT/C/MAR/CO/4 § 12')).items.map((i) => i.id)).toEqual([cat['12(a)'], cat['12(b)']]);
    expect((await search('§ 12')).items.map((i) => i.id)).toEqual([cat['12(a)'], cat['12(b)']]);
    expect((await search('CAT/C/MAR/CO/4 para 12 (b)')).items.map((i) => i.id)).toEqual([cat['12(b)']]);
    expect((await search('CAT/C/MAR/CO/4 para 112')).items.map((i) => i.id)).toEqual([cat['112']]);
  });

  it('finds nothing for a reference that does not exist (no free-text noise)', async () => {
    expect((await search('A/HRC/36/6 para 999.1')).total).toBe(0);
    expect((await search('CAT/C/XYZ/CO/1')).total).toBe(0);
  });

  it('combines a reference with the filters', async () => {
    const { items } = await search('A/HRC/36/6', { status: 'not_started' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.documentSymbol === 'A/HRC/36/6')).toBe(true);
    const facets = await request(ctx.http).get('/api/v1/recommendations/facets').query({ q: 'CAT/C/MAR/CO/4' }).set('Authorization', `Bearer ${token}`);
    expect(facets.body.mechanism).toEqual([{ value: 'TREATY_BODY', count: 4 }]);
  });

  it('keeps free text working beside references (torture, 2030 are words)', async () => {
    expect((await search('torture')).total).toBeGreaterThan(0);
    const factory = recommendationFactory(ctx);
    const agenda = (await factory.newRecommendation({ textEn: 'Align the national plan with the 2030 Agenda.', textFr: null })).id;
    expect((await search('2030')).items.map((i) => i.id)).toContain(agenda);
  });
});
