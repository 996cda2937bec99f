import { readFileSync } from 'node:fs';
import path from 'node:path';
import { many, one } from '../src/database/sql.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { addUser, counts, FIXTURES, importAndWait, upload } from './import-helpers.js';

/**
 * The `didh` preset on a sheet it was not written for: the DIDH's treaty-body and special-procedure
 * recommendations in the same bilingual format as its UPR cycle-3 sheet (fixture
 * ok/didh-treaty-bodies-special-procedures.csv, see the fixtures' README). Mechanism and body come
 * from each row (the committee, else the mandate as staff typed it); nothing in the preset names
 * this file.
 */
const SHEET = path.join(FIXTURES, 'ok/didh-treaty-bodies-special-procedures.csv');
const ROWS = 38;
/** The one true error: a bare part code, no paragraph (row 39). */
const BARE_P65_ROW = 39;
/** Rows 37 and 38: a mandate no name matches closely enough ("… droit alimentation et nutrition des populations rurales"). */
const UNMATCHED = 'Rapporteuse spéciale droit alimentation et nutrition des populations rurales';
const UNMATCHED_ROWS = [37, 38];

/** The sheet without its row 39 (the bare P65): what a coordinator commits once the dry run named it. */
const withoutBareP65 = () => {
  const lines = readFileSync(SHEET, 'utf8').split('\r\n');
  return Buffer.from(lines.filter((l) => !/^38,/.test(l)).join('\r\n'), 'utf8');
};

describe('didh preset on a treaty-body and special-procedure sheet', () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    await addUser(ctx, DEMO.coordinator, 'coordinator');
    token = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterAll(() => ctx?.close());

  it('dry run: every row is planned but the bare P65 (with its reason) and the unmatched mandate (with candidates)', async () => {
    const res = await upload(ctx, token, SHEET, { mapping: { preset: 'didh' }, dryRun: true });
    expect(res.status).toBe(200);
    const { report, counts: c, totalRows } = res.body;
    expect(totalRows).toBe(ROWS);
    expect(report.rejections.map((r: { row: number; code: string; column: string | null }) => [r.row, r.code, r.column])).toEqual([
      ...UNMATCHED_ROWS.map((row) => [row, 'body.unknown', 'special_procedure_mandate_fr']),
      [BARE_P65_ROW, 'paragraph.invalid', 'code'],
    ]);
    expect(report.rejections.at(-1).message).toBe('No paragraph number in "P65"');
    expect(c).toMatchObject({ new: ROWS - 3, rejected: 3 });
    // The unmatched mandate, once, with its rows and the closest mandates.
    expect(report.unknownLabels).toEqual([{ field: 'body', label: UNMATCHED, rows: 2, candidates: expect.any(Array) }]);
    const [best] = report.unknownLabels[0].candidates;
    expect(best).toMatchObject({ code: 'SP-FOOD', score: expect.any(Number) });
    expect(best.score).toBeGreaterThan(0.5);
    expect(best.score).toBeLessThan(0.9);
    expect(report.unknownLabelsMore).toBe(0);
    // What the sheet does not say, with its own values as suggestions: no symbol; the years of review as UPR cycles.
    const byField = Object.fromEntries(report.parameters.map((p: { field: string }) => [p.field, p]));
    expect(byField.documentSymbol).toMatchObject({ value: null, rowsWithout: ROWS, suggestions: [] });
    expect(byField.cycle.suggestions.map((s: { value: string }) => s.value).sort()).toEqual(['1', '2', '3']);
    expect(byField.stateUnderReview).toMatchObject({ value: 'MA' });
  });

  it('commit with the mandate mapped in one entry: every row in, mandates matched despite feminine forms, articles, case and quotes', async () => {
    const before = await counts(ctx);
    const job = await importAndWait(ctx, token, withoutBareP65(), {
      fileName: 'didh-tb-sp.csv',
      mapping: { preset: 'didh', valueMappings: { body: { [UNMATCHED]: 'SP-FOOD' } } },
    });
    expect(job.status).toBe('succeeded');
    expect(job.report.rejections).toEqual([]);
    expect(job.counts).toMatchObject({ new: ROWS - 1, updated: 0, unchanged: 0, rejected: 0 });
    expect((await counts(ctx)).recs).toBe(before.recs + ROWS - 1);
    const perBody = await many<{ code: string; mechanism: string; n: number }>(
      ctx.dataSource,
      `SELECT b.code, r.mechanism, count(*)::int AS n FROM recommendation r JOIN body b ON b.id = r.body_id GROUP BY b.code, r.mechanism ORDER BY b.code`,
    );
    expect(Object.fromEntries(perBody.map((b) => [b.code, [b.mechanism, b.n]]))).toEqual({
      CAT: ['TREATY_BODY', 4],
      CEDAW: ['TREATY_BODY', 4],
      CRC: ['TREATY_BODY', 5],
      CRPD: ['TREATY_BODY', 4],
      SPT: ['TREATY_BODY', 3],
      'SP-FOOD': ['SPECIAL_PROCEDURE', 4],
      'SP-WGAD': ['SPECIAL_PROCEDURE', 2],
      'SP-EDUCATION': ['SPECIAL_PROCEDURE', 2],
      'SP-MIGRANTS': ['SPECIAL_PROCEDURE', 1],
      'SP-TORTURE': ['SPECIAL_PROCEDURE', 1],
      'SP-CHILDREN': ['SPECIAL_PROCEDURE', 1],
      'SP-RACISM': ['SPECIAL_PROCEDURE', 1],
      'SP-TRAFFICKING': ['SPECIAL_PROCEDURE', 1],
      'SP-WG-WOMEN': ['SPECIAL_PROCEDURE', 1],
      'SP-CULTURE': ['SPECIAL_PROCEDURE', 1],
      'SP-SOLIDARITY': ['SPECIAL_PROCEDURE', 1],
      'SP-WGEID': ['SPECIAL_PROCEDURE', 1],
    });
    // The duplicate code R18P1P2 of the CRC: two recommendations (duplicates: keep), paragraph and part read from the code.
    const crc = await many<{ paragraph: string; externalCode: string; textAr: string | null }>(
      ctx.dataSource,
      `SELECT r.paragraph, r.external_code, r.text_ar FROM recommendation r JOIN body b ON b.id = r.body_id WHERE b.code = 'CRC' AND r.external_code = 'R18P1P2' ORDER BY r.text_fr`,
    );
    expect(crc).toEqual([
      { paragraph: '18', externalCode: 'R18P1P2', textAr: 'رفع السن الأدنى للزواج إلى 18 سنة للفتيات والفتيان' },
      { paragraph: '18', externalCode: 'R18P1P2', textAr: null },
    ]);
    // Institutions by name (accents ignored: "Education nationale" is MEN's "Éducation nationale").
    const { links } = await one<{ links: number }>(ctx.dataSource, `SELECT count(*)::int AS links FROM assignment`);
    expect(links).toBe(ROWS - 1 + 1);
  });

  it('re-importing the same sheet changes nothing', async () => {
    const before = await counts(ctx);
    const again = await importAndWait(ctx, token, withoutBareP65(), {
      fileName: 'didh-tb-sp.csv',
      mapping: { preset: 'didh', valueMappings: { body: { [UNMATCHED]: 'SP-FOOD' } } },
    });
    expect(again.status).toBe('succeeded');
    expect(again.report.changes).toEqual([]);
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: ROWS - 1, rejected: 0 });
    const after = await counts(ctx);
    expect({ ...after, links: 0 }).toEqual({ ...before, links: 0 });
    expect(after.events).toBe(before.events);
  });

  describe('bad input: 4xx or per-row reasons, nothing written', () => {
    let before: Awaited<ReturnType<typeof counts>>;
    beforeEach(async () => {
      before = await counts(ctx);
    });
    afterEach(async () => {
      // Only the dry-run/refused job rows may be added (import_recommendation links stay as they were).
      expect({ ...(await counts(ctx)), links: 0 }).toEqual({ ...before, links: 0 });
    });

    it('a mapping naming two columns the file lacks → 422 naming both', async () => {
      const mapping = { preset: 'didh', fields: { body: { columns: ['comite', 'mandat'] } } };
      const res = await upload(ctx, token, SHEET, { mapping, dryRun: true });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('import.missing_required_column');
      expect(res.body.details.unknownColumns).toEqual(['comite', 'mandat']);
      expect(res.body.message).toContain('"comite", "mandat"');
    });

    it('a custom mapping naming two unknown columns → 422 import.mapping_unknown_column naming both', async () => {
      const mapping = { preset: 'custom', fields: { 'text.fr': { column: 'text_fr' }, body: { columns: ['treaty_body', 'organe'] }, themes: { column: 'themes' } }, defaults: { mechanism: 'TREATY_BODY' } };
      const res = await upload(ctx, token, SHEET, { mapping, dryRun: true });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('import.mapping_unknown_column');
      expect(res.body.details).toMatchObject({ unknownColumns: ['organe', 'themes'], fields: ['body', 'themes'] });
    });

    it('a fallback chain longer than the file has columns → 400 naming the field', async () => {
      const tiny = Buffer.from('code,text_fr\r\nR1,Texte\r\n', 'utf8');
      const mapping = { preset: 'custom', fields: { 'text.fr': { column: 'text_fr' }, body: { columns: ['code', 'text_fr', 'x'] } } };
      const res = await upload(ctx, token, tiny, { mapping, dryRun: true, fileName: 'tiny.csv' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('import.mapping_invalid');
      expect(res.body.details.path).toBe('mapping.fields.body.columns');
    });

    it.each([
      ['a chain naming a column twice', { body: { columns: ['treaty_body', 'treaty_body'] } }, 'mapping.fields.body.columns'],
      ['a chain of more than five columns', { body: { columns: ['a', 'b', 'c', 'd', 'e', 'f'] } }, 'mapping.fields.body.columns'],
      ['column and columns together', { body: { column: 'treaty_body', columns: ['treaty_body', 'x'] } }, 'mapping.fields.body.columns'],
    ])('%s → 400 import.mapping_invalid naming the field', async (_, fields, where) => {
      const res = await upload(ctx, token, SHEET, { mapping: { preset: 'didh', fields }, dryRun: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('import.mapping_invalid');
      expect(res.body.details.path).toBe(where);
    });

    it.each([
      ['cycle', 'troisième'],
      ['cycle', '12'],
      ['documentSymbol', 'rapport 2017'],
    ])('a refused %s parameter (%s) → 400 naming it', async (field, value) => {
      const res = await upload(ctx, token, SHEET, { mapping: { preset: 'didh', defaults: { [field]: value } }, dryRun: true });
      expect(res.status).toBe(400);
      expect(res.body.details.path).toBe(`mapping.defaults.${field}`);
    });

    it('a value mapped to a code that does not exist → 400 naming the field and the code', async () => {
      const res = await upload(ctx, token, SHEET, { mapping: { preset: 'didh', valueMappings: { body: { [UNMATCHED]: 'SP-NOPE' } } }, dryRun: true });
      expect(res.status).toBe(400);
      expect(res.body.details).toMatchObject({ path: 'mapping.valueMappings.body', code: 'SP-NOPE' });
    });

    it('unknown mechanism values → a reason per row; a commit writes nothing', async () => {
      const sheet = readFileSync(SHEET, 'utf8').replace(/^(\d+),TREATY_BODY,/gm, (m, id: string) => (Number(id) <= 2 ? `${id},Comité,` : m));
      const res = await upload(ctx, token, Buffer.from(sheet, 'utf8'), { mapping: { preset: 'didh' }, dryRun: false, fileName: 'bad-mechanism.csv' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('import.rows_rejected');
      const reasons = res.body.details.report.rejections.filter((r: { code: string }) => r.code === 'value.unknown');
      expect(reasons.map((r: { row: number; column: string; value: string }) => [r.row, r.column, r.value])).toEqual([
        [2, 'mechanism', 'Comité'],
        [3, 'mechanism', 'Comité'],
      ]);
    });

    it('10,000 distinct unmatched labels: the report lists 200 with how many more, in one request', async () => {
      const lines = ['code,text_fr,mechanism,special_procedure_mandate_fr'];
      for (let i = 0; i < 10_000; i++) lines.push(`R${i + 1},Texte ${i},SPECIAL_PROCEDURE,Mandat inconnu numéro ${i} sur un sujet ${(i * 7919) % 10007}`);
      const res = await upload(ctx, token, Buffer.from(lines.join('\r\n'), 'utf8'), { mapping: { preset: 'didh' }, dryRun: true, fileName: 'many.csv' });
      expect(res.status).toBe(200);
      expect(res.body.counts.rejected).toBe(10_000);
      expect(res.body.report.unknownLabels).toHaveLength(200);
      expect(res.body.report.unknownLabelsMore).toBe(9_800);
    }, 120_000);
  });
});
