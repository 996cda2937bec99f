import request from 'supertest';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

interface Item {
  id: string;
  documentSymbol: string | null;
  paragraph: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
  matchedVia?: string[];
}

/**
 * Cross-language search on fixtures: a concept typed in one language finds recommendations written
 * only in the others, through the trilingual vocabulary, and says so (`matchedVia`).
 */
describe('search across languages (trilingual vocabulary)', () => {
  let ctx: TestContext;
  let token: string;
  let englishOnly: string;
  let frenchArabic: string;
  let unrelated: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const factory = recommendationFactory(ctx);
    englishOnly = (await factory.newRecommendation({ textFr: null, textEn: 'Ensure universal birth registration, including for children born to migrant mothers.' })).id;
    frenchArabic = (
      await factory.newRecommendation({
        textEn: null,
        textFr: 'Garantir l’enregistrement des naissances de tous les enfants.',
        textAr: 'ضمان تسجيل المواليد لجميع الأطفال.',
      })
    ).id;
    unrelated = (await factory.newRecommendation({ textFr: 'Adopter une loi sur le droit d’accès à l’information.', textEn: 'Adopt a law on access to information.' })).id;
    token = await ctx.login(DEMO.coordinator);
  });
  afterAll(() => ctx.close());

  const search = async (q: string): Promise<{ total: number; items: Item[] }> => {
    const res = await request(ctx.http)
      .get('/api/v1/recommendations')
      .query({ q, pageSize: '100' })
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const byId = (items: Item[]) => new Map(items.map((i) => [i.id, i]));

  it('finds an English-only recommendation from the Arabic and the French query, marked as matched through English', async () => {
    for (const q of ['تسجيل المواليد', 'enregistrement des naissances']) {
      const found = byId((await search(q)).items);
      expect([q, found.get(englishOnly)?.matchedVia]).toEqual([q, ['en']]);
      expect([q, found.has(unrelated)]).toEqual([q, false]);
    }
  });

  it('does not mark a record found in the language of the query', async () => {
    const arabic = byId((await search('تسجيل المواليد')).items);
    expect(arabic.get(frenchArabic)).toBeDefined();
    expect(arabic.get(frenchArabic)!.matchedVia).toBeUndefined();
    const french = byId((await search('enregistrement des naissances')).items);
    expect(french.get(frenchArabic)!.matchedVia).toBeUndefined();
  });

  it('finds the French and Arabic recommendation from the English query, marked with both languages, after the direct match', async () => {
    const { items } = await search('birth registration');
    const found = byId(items);
    expect(found.get(englishOnly)!.matchedVia).toBeUndefined();
    expect(found.get(frenchArabic)!.matchedVia).toEqual(['ar', 'fr']);
    // Records matching the words as typed come first.
    const firstVia = items.findIndex((i) => i.matchedVia);
    expect(items.slice(firstVia).every((i) => i.matchedVia)).toBe(true);
    expect(items.findIndex((i) => i.id === englishOnly)).toBeLessThan(firstVia);
  });

  it('finds Arabic written with another article or clitic (بالتعذيب, التعذيب, تعذيب)', async () => {
    const factory = recommendationFactory(ctx);
    const arabic = (await factory.newRecommendation({ textEn: null, textFr: null, textAr: 'مكافحة جميع أشكال التعذيب في أماكن الاحتجاز.' })).id;
    const english = (await factory.newRecommendation({ textFr: null, textEn: 'Investigate all allegations of torture.' })).id;
    for (const q of ['تعذيب', 'التعذيب', 'torture']) {
      const ids = (await search(q)).items.map((i) => i.id);
      expect([q, ids.includes(arabic), ids.includes(english)]).toEqual([q, true, true]);
    }
  });

  it('keeps plain free text outside the vocabulary as it was', async () => {
    const { items } = await search('information');
    expect(items.map((i) => i.id)).toContain(unrelated);
    expect(items.every((i) => i.matchedVia === undefined && /informati/i.test(`${i.textEn} ${i.textFr}`))).toBe(true);
  });
});
