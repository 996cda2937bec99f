import { many, one } from '../src/database/sql.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { addUser, counts, importAndWait, REAL, SHARED_AVAILABLE, upload } from './import-helpers.js';

/** The real files live in ../shared/data (CI has it); a clone of the product alone reports these as skipped. */
const withSharedData = SHARED_AVAILABLE ? describe : describe.skip;

/**
 * Each preset on the real file it was made for (../shared/data), starting from an empty
 * catalogue (reference data only): expected counts, links, recommending states, idempotence.
 */
withSharedData(`import presets on the real files${SHARED_AVAILABLE ? '' : ' — skipped: ../shared/data is not beside the repository'}`, () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    await addUser(ctx, DEMO.coordinator, 'coordinator');
    token = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterAll(() => ctx?.close());

  it('DIDH cycle-3 sheet (didh): the dry run reports 227 new recommendations and no rejection, and asks for the symbol the sheet does not give', async () => {
    const dry = await upload(ctx, token, REAL.didh, { mapping: { preset: 'didh' }, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.report.rejections).toEqual([]);
    expect(dry.body.counts).toMatchObject({ new: 227, updated: 0, unchanged: 0, rejected: 0 });
    const byField = Object.fromEntries(dry.body.report.parameters.map((p: { field: string }) => [p.field, p]));
    expect(byField.documentSymbol).toMatchObject({ value: null, rowsWithout: 227 });
    expect(byField.cycle).toMatchObject({ rowsWithout: 0, suggestions: [{ value: '3', rows: 227 }] });
  });

  /** The report's symbol, which the sheet does not say: given with the upload, as the wizard asks for it. */
  const DIDH_CYCLE3 = { preset: 'didh', defaults: { documentSymbol: 'A/HRC/36/6' } };

  it('DIDH cycle-3 sheet (didh): the commit creates 227 recommendations and 439 institution links', async () => {
    const job = await importAndWait(ctx, token, REAL.didh, { mapping: DIDH_CYCLE3 });
    expect(job.status).toBe('succeeded');
    expect(job.counts).toMatchObject({ new: 227, updated: 0, unchanged: 0, rejected: 0 });
    const { recs, links, symbols } = await one<{ recs: number; links: number; symbols: number }>(
      ctx.dataSource,
      `SELECT count(*)::int AS recs, (SELECT count(*)::int FROM assignment) AS links, count(DISTINCT document_symbol)::int AS symbols FROM recommendation`,
    );
    expect({ recs, links, symbols }).toEqual({ recs: 227, links: 439, symbols: 1 });
    const r = await one<{ paragraph: string; externalCode: string; status: string }>(ctx.dataSource, `SELECT paragraph, external_code, status FROM recommendation WHERE external_code = 'R144.110 P2'`);
    expect(r).toEqual({ paragraph: '144.110', externalCode: 'R144.110 P2', status: expect.any(String) });
  });

  it('DIDH cycle-3 sheet (didh): re-importing it → all unchanged, nothing written', async () => {
    const before = await counts(ctx);
    const again = await importAndWait(ctx, token, REAL.didh, { mapping: DIDH_CYCLE3 });
    expect(again.report.changes).toEqual([]);
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 227 });
    expect(await counts(ctx)).toEqual(before);
  });

  it('Morocco cycle-2 CSV (un-report-csv): 148 recommendations with recommending states and responses', async () => {
    const job = await importAndWait(ctx, token, REAL.cycle2, { mapping: { preset: 'un-report-csv' } });
    expect(job.report.rejections).toEqual([]);
    expect(job.counts).toMatchObject({ new: 148, rejected: 0 });
    const { n, states } = await one<{ n: number; states: number }>(
      ctx.dataSource,
      `SELECT count(*)::int AS n, (SELECT count(*)::int FROM recommendation_state s JOIN recommendation r ON r.id = s.recommendation_id WHERE r.document_symbol = 'A/HRC/21/3') AS states
         FROM recommendation WHERE document_symbol = 'A/HRC/21/3'`,
    );
    expect(n).toBe(148);
    expect(states).toBeGreaterThanOrEqual(148);
  });

  it('UPR Info Morocco (upr-info): 176 rows merge into fewer recommendations, each with its recommending states', async () => {
    const job = await importAndWait(ctx, token, REAL.uprInfoMorocco, { mapping: { preset: 'upr-info' } });
    expect(job.report.rejections).toEqual([]);
    expect(job.totalRows).toBe(176);
    expect(job.counts.new).toBeLessThan(176);
    expect(job.counts.new + job.counts.merged).toBe(176);
    const rows = await many<{ id: string; states: number }>(
      ctx.dataSource,
      `SELECT r.id, count(s.country_code)::int AS states FROM recommendation r JOIN review v ON v.id = r.review_id
         LEFT JOIN recommendation_state s ON s.recommendation_id = r.id WHERE v.code IN ('MAR-UPR-1', 'MAR-UPR-2') AND r.document_symbol IS NULL GROUP BY r.id`,
    );
    expect(rows).toHaveLength(job.counts.new);
    expect(rows.filter((r) => r.states > 1).length).toBeGreaterThan(0);
  });
});
