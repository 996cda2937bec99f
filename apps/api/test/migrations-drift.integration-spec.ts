import { MIGRATIONS } from '../src/database/migrations/index.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * The migrations are the schema: on a fresh database with them applied, TypeORM's schema
 * builder finds nothing to change (entities and migrations agree), every migration is
 * recorded once, and running them again applies nothing.
 */
describe('migrations and entities agree', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
  });
  afterAll(() => ctx?.close());

  it('the schema builder has no pending change (no drift between entities and migrations)', async () => {
    const sql = await ctx.dataSource.driver.createSchemaBuilder().log();
    const pending = sql.upQueries.map((q) => q.query);
    expect(pending).toEqual([]);
  });

  it('schema_migration records each migration exactly once, in order', async () => {
    const rows: Array<{ name: string }> = await ctx.dataSource.query(`SELECT name FROM schema_migration ORDER BY id`);
    expect(rows).toHaveLength(MIGRATIONS.length);
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
  });

  it('re-running the migrations applies nothing and leaves the schema untouched', async () => {
    expect(await ctx.dataSource.showMigrations()).toBe(false);
    const applied = await ctx.dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toEqual([]);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM schema_migration`);
    expect(n).toBe(MIGRATIONS.length);
    expect((await ctx.dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('the objects the migrations add by hand exist (search index, chain and append-only triggers, assert_audited)', async () => {
    const triggers: Array<{ tgname: string }> = await ctx.dataSource.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`);
    const names = triggers.map((t) => t.tgname);
    expect(names).toEqual(expect.arrayContaining(['audit_event_chain', 'audit_event_no_change', 'audit_event_no_truncate', 'recommendation_search_vector', 'recommendation_audited', 'assignment_audited']));
    const [{ deferred }] = await ctx.dataSource.query(
      `SELECT bool_and(tgdeferrable AND tginitdeferred) AS deferred FROM pg_trigger WHERE tgname LIKE '%\\_audited'`,
    );
    expect(deferred).toBe(true);
    expect(await ctx.dataSource.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'ix_recommendation_search'`)).toHaveLength(1);
    expect(await ctx.dataSource.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'ix_recommendation_created_cover'`)).toHaveLength(1);
    expect(await ctx.dataSource.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'ix_contribution_supersedes'`)).toHaveLength(1);
    expect(await ctx.dataSource.query(`SELECT 1 FROM pg_statistic_ext WHERE stxname = 'st_recommendation_facets'`)).toHaveLength(1);
  });

  it('the drift check is sensitive: a missing index is reported, and restoring it clears the report', async () => {
    await ctx.dataSource.query(`DROP INDEX ix_recommendation_status_updated`);
    try {
      const pending = (await ctx.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
      expect(pending.some((q) => q.includes('ix_recommendation_status_updated'))).toBe(true);
    } finally {
      await ctx.dataSource.query(`CREATE INDEX ix_recommendation_status_updated ON recommendation (status, updated_at DESC, id)`);
    }
    expect((await ctx.dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
