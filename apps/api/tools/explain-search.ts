// EXPLAIN (ANALYZE, BUFFERS) of every statement the search endpoints run for the benchmark's URLs.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/sidh_bench [RANDOM_PAGE_COST=1.1] [VERBOSE=1] \
//   npx tsx --tsconfig apps/api/tsconfig.spec.json apps/api/tools/explain-search.ts [path …]
// (keep the bench database with BENCH_KEEP_DB=1 npm run bench). Prints, per URL and statement,
// the execution time and, with VERBOSE=1, the plan.
import 'reflect-metadata';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { PAGE_SIZE_DEFAULT } from '@sidh/domain';
import { ALL } from '../src/access/index.js';
import { RecommendationsRepository } from '../src/modules/recommendations/recommendations.repository.js';
import { BENCH_FACET_PATHS, BENCH_LIST_PATHS } from '../src/bench/search.paths.js';

const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/sidh_bench';
const rpc = process.env['RANDOM_PAGE_COST'];
const client = new pg.Client({ connectionString: url, ...(rpc ? { options: `-c random_page_cost=${Number(rpc)}` } : {}) });
await client.connect();
const verbose = process.env['VERBOSE'] === '1';
let statements: Array<{ ms: number; plan: string[] }> = [];
const queryable = {
  query: async (sql: string, params?: unknown[]) => {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']!);
    statements.push({ ms: Number(/Execution Time: ([\d.]+)/.exec(plan.at(-1) ?? '')?.[1] ?? NaN), plan });
    return (await client.query(sql, params)).rows;
  },
};
const repository = new RecommendationsRepository(queryable as unknown as DataSource);
const paths = process.argv.slice(2).length ? process.argv.slice(2) : [...BENCH_LIST_PATHS, ...BENCH_FACET_PATHS];
for (const path of paths) {
  const parsed = new URL(path, 'http://x');
  const q: Record<string, unknown> = {};
  for (const [k, v] of parsed.searchParams) q[k] = k === 'page' || k === 'pageSize' ? Number(v) : k === 'followUp' ? v === 'true' : v;
  const { page = 1, pageSize = PAGE_SIZE_DEFAULT, sort, facets: _facets, ...filter } = q as Record<string, never>;
  statements = [];
  if (parsed.pathname.endsWith('/facets')) await repository.countFacets(filter, ALL);
  else await repository.search(filter, ALL, sort, page, pageSize);
  process.stdout.write(`${statements.map((s) => s.ms.toFixed(1).padStart(8)).join(' +')} ms  ${decodeURIComponent(path)}\n`);
  if (verbose) for (const s of statements) process.stdout.write(`${s.plan.join('\n')}\n\n`);
}
await client.end();
