import { many, one } from '../src/database/sql.js';
import { AuditChainService } from '../src/audit/audit-chain.service.js';
import { importFactory, type ImportRow } from './factories/import.factory.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * The commit's batched write (docs/decisions/0016-import-speed.md): new recommendations carry the
 * search document computed beforehand — on another connection of a server, one batch ahead — and
 * the trigger keeps it (migration 1763900023000). The stored document must be, byte for byte, the
 * one the trigger's own function computes, whichever way it was written; every created or updated
 * recommendation keeps exactly its one event, and the chain verifies.
 */
describe('import: batched writes and given search documents', () => {
  let ctx: TestContext;
  let factory: ReturnType<typeof importFactory>;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    factory = importFactory(ctx);
  }, 120_000);
  afterAll(() => ctx?.close());

  /** Recommendations of an import whose stored document is not the function's (bytes compared). */
  const differing = (importId: string) =>
    one<{ n: number }>(
      ctx.dataSource,
      `SELECT count(*)::int AS n FROM recommendation r JOIN import_recommendation l ON l.recommendation_id = r.id
        WHERE l.import_id = $1 AND tsvectorsend(r.search_vector) IS DISTINCT FROM tsvectorsend(sidh_search_vector(r.text_en, r.text_fr, r.text_ar))`,
      [importId],
    );
  /** Per recommendation of an import: its link's action and the actions of its events naming the import. */
  const eventsOf = (importId: string) =>
    many<{ action: string; events: string[] }>(
      ctx.dataSource,
      `SELECT l.action, coalesce((SELECT array_agg(e.action ORDER BY e.id) FROM audit_event e
                                   WHERE e.entity_type = 'recommendation' AND e.entity_id = l.recommendation_id::text AND e.changes #>> '{importId,after}' = $1::text), '{}') AS events
         FROM import_recommendation l WHERE l.import_id = $1::uuid`,
      [importId],
    );

  it('a commit of more than one batch stores the function’s search document for every new recommendation, and one event each', async () => {
    const rows = factory.rows(2100);
    const job = await factory.newImport({ rows });
    expect(job).toMatchObject({ status: 'succeeded', counts: { new: 2100, updated: 0, unchanged: 0 } });
    expect((await differing(job.id)).n).toBe(0);
    const links = await eventsOf(job.id);
    expect(links).toHaveLength(2100);
    expect(links.every((l) => l.action === 'created' && l.events.length === 1 && l.events[0] === 'recommendation.create')).toBe(true);
    // The documents are searchable: a word of one row's French text finds it.
    const found = await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM recommendation WHERE search_vector @@ sidh_term_query($1) AND external_code = $2`, ['numéro', rows[1234]!.code]);
    expect(found.n).toBe(1);
  }, 120_000);

  it('creates, updates and unchanged rows in one file: each created or updated recommendation has exactly its event; documents and chain hold', async () => {
    const first = factory.rows(6);
    await factory.newImport({ rows: first });
    const changed: ImportRow[] = first.map((r, i) => (i < 3 ? { ...r, textFr: `${r.textFr} révisée`, textAr: `${r.textAr ?? ''} معدلة` } : r));
    const added = factory.rows(4);
    const job = await factory.newImport({ rows: [...changed, ...added] });
    expect(job.counts).toMatchObject({ new: 4, updated: 3, unchanged: 3 });
    expect((await differing(job.id)).n).toBe(0);
    const links = await eventsOf(job.id);
    expect(links.map((l) => `${l.action}:${l.events.join(',')}`).sort()).toEqual([
      ...Array(4).fill('created:recommendation.create'),
      ...Array(3).fill('updated:recommendation.update'),
    ]);
    const update = await one<{ changes: Record<string, { before: unknown; after: unknown }> }>(
      ctx.dataSource,
      `SELECT e.changes FROM audit_event e JOIN recommendation r ON e.entity_id = r.id::text WHERE r.external_code = $1 AND e.action = 'recommendation.update'`,
      [first[0]!.code],
    );
    expect(update.changes['textFr']).toEqual({ before: first[0]!.textFr, after: `${first[0]!.textFr} révisée` });
    expect(await ctx.app.get(AuditChainService).verify()).toMatchObject({ firstBrokenEventId: null, reason: null });
  }, 120_000);

  it('outside an import’s commit, a given document is ignored: the trigger computes it', async () => {
    const runner = ctx.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const [row] = (await runner.query(
        `INSERT INTO recommendation (mechanism, body_id, text_fr, search_vector)
         SELECT 'UPR', id, 'Abolir la peine de mort', to_tsvector('simple', 'planted') FROM body ORDER BY code LIMIT 1
         RETURNING tsvectorsend(search_vector) = tsvectorsend(sidh_search_vector(text_en, text_fr, text_ar)) AS computed`,
      )) as Array<{ computed: boolean }>;
      expect(row!.computed).toBe(true);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
