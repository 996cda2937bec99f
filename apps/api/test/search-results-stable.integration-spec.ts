import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { ALL } from '../src/access/index.js';
import { RecommendationsRepository } from '../src/modules/recommendations/recommendations.repository.js';
import type { RecommendationFilter } from '../src/modules/recommendations/dto/recommendation-query.dto.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * The search answers for a fixed set of queries × filters × sorts on the demo catalogue are those
 * the search gave before it was reworked for 300,000 recommendations (issue 14): the same totals,
 * the same matches in the same order, the same `matchedVia` marks, the same facet counts.
 *
 * The "before" answers were captured from the earlier code into fixtures/search-results-before.json
 * (`SEARCH_FIXTURE_CAPTURE=1` rewrites it from the code under test: only when the answers are meant
 * to change). Ids are random per database, so an item is named by its citation and a digest of its
 * texts, and items the order leaves tied (same rank, same date, same citation — the final `id`
 * tie-breaker is random) are compared as a set within their run.
 */
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'search-results-before.json');
const CAPTURE = process.env['SEARCH_FIXTURE_CAPTURE'] === '1';

type Query = Record<string, string>;

/** `@institution:MJ`, `@review:MAR-UPR-2` are replaced by the demo ids. */
const CASES: Query[] = [
  // single words, very common to rare, in three languages (cross-language expansion included)
  { q: 'women' },
  { q: 'femmes' },
  { q: 'المرأة' },
  { q: 'torture' },
  { q: 'enfants' },
  { q: 'الطفل' },
  { q: 'education' },
  { q: 'justice' },
  { q: 'disabilities' },
  { q: 'egalite' },
  { q: 'migrants' },
  { q: 'corruption' },
  { q: 'journalistes' },
  { q: 'ratify' },
  { q: 'الإعاقة' },
  // phrases
  { q: 'droits de l’homme' },
  { q: 'violence against women' },
  { q: 'human rights defenders' },
  { q: 'peine de mort' },
  { q: 'العنف ضد المرأة' },
  { q: 'liberté d’expression' },
  // free text with filters and sorts
  { q: 'women', status: 'implemented' },
  { q: 'femmes', sort: '-updatedAt' },
  { q: 'women', sort: 'symbol' },
  { q: 'المرأة', sort: '-symbol', response: 'supported' },
  { q: 'torture', institutionId: '@institution:MJ' },
  { q: 'enfants', theme: 'rights-of-the-child' },
  { q: 'justice', reviewId: '@review:MAR-UPR-2', sort: 'updatedAt' },
  { q: 'education', affectedPerson: 'children' },
  { q: 'women', axis: 'AX6', followUp: 'false' },
  { q: 'women', mechanism: 'TREATY_BODY' },
  { q: 'detention', kind: 'recommendation', sort: 'relevance' },
  // references
  { q: 'A/HRC/36/6 para 144.97' },
  { q: 'R144.97' },
  { q: '144.1' },
  { q: 'A/HRC/21/3', sort: 'symbol' },
  // filters only
  {},
  { status: 'not_started' },
  { mechanism: 'UPR', sort: 'symbol' },
  { institutionId: '@institution:MSDS', sort: '-symbol' },
  { theme: 'womens-rights', sort: 'updatedAt' },
  { reviewId: '@review:MAR-UPR-1' },
  { response: 'noted', status: 'implemented' },
];

interface Item {
  id: string;
  documentSymbol: string | null;
  paragraph: string | null;
  externalCode: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
  matchedVia?: string[];
}

const itemKey = (i: Item) =>
  `${i.documentSymbol}|${i.paragraph}|${i.externalCode}|${createHash('sha1').update(`${i.textAr}\u0000${i.textFr}\u0000${i.textEn}`).digest('hex').slice(0, 10)}${i.matchedVia ? `>${i.matchedVia.join(',')}` : ''}`;

interface Answer {
  total: number;
  totalIsLowerBound: boolean;
  /** Every match in order, as runs of tied items (each run sorted by key). */
  runs: string[][];
  facets?: unknown;
}

describe('search answers are those of the earlier search (fixed queries × filters × sorts, both engines)', () => {
  let ctx: TestContext;
  let token: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    ctx = await createTestApp();
    token = await ctx.login(DEMO.coordinator);
    for (const { code, id } of await ctx.dataSource.query(`SELECT code, id FROM institution`)) ids.set(`@institution:${code}`, id);
    for (const { code, id } of await ctx.dataSource.query(`SELECT code, id FROM review`)) ids.set(`@review:${code}`, id);
  });
  afterAll(() => ctx.close());

  const resolve = (query: Query): Query => Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.startsWith('@') ? ids.get(v)! : v]));

  /** What the order compares for each item, besides the random id tie-breaker. */
  async function tieKeys(query: Query, itemIds: string[]): Promise<Map<string, string>> {
    const repository = ctx.app.get(RecommendationsRepository);
    const filter = query as unknown as RecommendationFilter;
    const { where, text, reference } = repository.buildWhere(filter, ALL);
    const sort = query['sort'] ?? (text || reference ? 'relevance' : '-updatedAt');
    let key: string;
    if (sort === 'relevance' && text) {
      key = `${text.isExpanded ? `(r.search_vector @@ (${text.direct}))::text || ':' || ` : ''}ts_rank(r.search_vector, ${text.rank}, 1)::text`;
    } else if (sort === 'relevance' && reference) {
      key = `concat_ws('|', r.document_symbol, r.paragraph, r.external_code)`;
    } else if (sort === 'symbol' || sort === '-symbol') {
      key = `concat_ws('|', r.document_symbol, r.paragraph)`;
    } else {
      key = `r.updated_at::text`;
    }
    where.add(`r.id = ANY(${where.param(itemIds)}::uuid[])`);
    const rows: Array<{ id: string; tie: string }> = await ctx.dataSource.query(`SELECT r.id::text AS id, ${key} AS tie FROM recommendation r ${where.toSql()}`, where.params);
    return new Map(rows.map((r) => [r.id, r.tie]));
  }

  async function answer(raw: Query): Promise<Answer> {
    const query = resolve(raw);
    const items: Item[] = [];
    let first: { total: number; totalIsLowerBound: boolean } | undefined;
    for (let page = 1; ; page += 1) {
      const res = await request(ctx.http).get('/api/v1/recommendations').query({ ...query, page: String(page), pageSize: '100' }).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      first ??= { total: res.body.total, totalIsLowerBound: res.body.totalIsLowerBound };
      expect(res.body.total).toBe(first.total);
      items.push(...res.body.items);
      if (res.body.items.length < 100) break;
    }
    expect(items.length).toBe(first!.total);
    const ties = items.length ? await tieKeys(query, items.map((i) => i.id)) : new Map<string, string>();
    const runs: string[][] = [];
    let previous: string | undefined;
    for (const item of items) {
      const tie = ties.get(item.id);
      expect(tie).toBeDefined();
      if (runs.length === 0 || tie !== previous) runs.push([]);
      runs[runs.length - 1]!.push(itemKey(item));
      previous = tie;
    }
    for (const run of runs) run.sort();
    const out: Answer = { ...first!, runs };
    if (!('sort' in raw)) {
      const facets = await request(ctx.http).get('/api/v1/recommendations/facets').query(query).set('Authorization', `Bearer ${token}`);
      expect(facets.status).toBe(200);
      // Facet values that are ids (institution, review, body) are random per database: named by code.
      // Buckets of equal count follow their (random) id: sorted by count, then name.
      out.facets = JSON.parse(
        JSON.stringify(facets.body, (_k, v) => (typeof v === 'string' ? ([...ids].find(([, id]) => id === v)?.[0] ?? (/^[0-9a-f-]{36}$/.test(v) ? 'uuid' : v)) : v)),
        (_k, v) => (Array.isArray(v) ? [...v].sort((a, b) => b.count - a.count || JSON.stringify(a).localeCompare(JSON.stringify(b))) : v),
      );
    }
    return out;
  }

  it('gives the same answers as before', async () => {
    const answers: Record<string, Answer> = {};
    for (const query of CASES) answers[JSON.stringify(query)] = await answer(query);
    // Tied runs stay meaningful: most cases order more than one run.
    expect(Object.values(answers).filter((a) => a.runs.length > 1).length).toBeGreaterThan(20);
    if (CAPTURE) {
      writeFileSync(FIXTURE, `${JSON.stringify(answers, null, 1)}\n`);
      return;
    }
    const before = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Answer>;
    expect(Object.keys(answers)).toEqual(Object.keys(before));
    for (const key of Object.keys(before)) expect({ key, ...answers[key] }).toEqual({ key, ...before[key] });
  });

  it('ranks only the most recent matches beyond the candidate limit, then lists the others most recent first', async () => {
    const repository = ctx.app.get(RecommendationsRepository);
    const filter = { q: 'women' } as RecommendationFilter;
    const full = await repository.search(filter, ALL, undefined, 1, 100);
    expect(full.total).toBeGreaterThan(30);
    const bounded: string[] = [];
    // Pages of 7 over a limit of 10 candidates: page 2 holds candidates and others.
    for (let page = 1; ; page += 1) {
      const { rows, total } = await repository.search(filter, ALL, undefined, page, 7, { rankCandidates: 10 });
      expect(total).toBe(full.total);
      bounded.push(...rows.map((r) => r.id));
      if (rows.length < 7) break;
    }
    expect(new Set(bounded).size).toBe(bounded.length);
    expect([...bounded].sort()).toEqual(full.rows.map((r) => r.id).sort());
    const { where } = repository.buildWhere(filter, ALL);
    const recent: string[] = (await ctx.dataSource.query(`SELECT r.id FROM recommendation r ${where.toSql()} ORDER BY r.updated_at DESC, r.id`, where.params)).map((r: { id: string }) => r.id);
    const candidates = new Set(recent.slice(0, 10));
    // The candidates in the order the full ranking gives them, then the rest by recency.
    expect(bounded.slice(0, 10)).toEqual(full.rows.map((r) => r.id).filter((id) => candidates.has(id)));
    expect(bounded.slice(10)).toEqual(recent.slice(10));
  });
});
