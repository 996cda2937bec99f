import path from 'node:path';
import request from 'supertest';
import { normalizeRecommendationText } from '@sidh/domain';
import { many, one } from '../src/database/sql.js';
import type { ImportJobDetailDto } from '../src/modules/imports/dto/import.dto.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { addUser, counts, FIXTURES, importAndWait, REAL, SHARED_AVAILABLE, upload } from './import-helpers.js';

const FIXTURE = path.join(FIXTURES, 'ok/un-report-semicolons.csv');
const UN_REPORT = { preset: 'un-report-csv' };

/**
 * One normal form of a recommendation's text (normalizeRecommendationText) for the seed, the
 * importer and the comparison (issue 10, item 7): a text read from a file is stored without the
 * list's trailing ";" and with its white space collapsed, and re-importing the same file changes
 * nothing, even over a text stored in the old form. The dry run shows each changed field before → after.
 */
describe('import: one text normalisation, re-importing a file is a no-op, the dry run shows before → after', () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    await addUser(ctx, DEMO.coordinator, 'coordinator');
    token = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterAll(() => ctx?.close());

  const textOf = (paragraph: string) => one<{ textEn: string }>(ctx.dataSource, `SELECT text_en FROM recommendation WHERE document_symbol = 'A/HRC/99/1' AND paragraph = $1`, [paragraph]);

  it('stores the texts of a UN report in the normal form: no trailing ";", one space for spaces, tabs and no-break spaces', async () => {
    const job = await importAndWait(ctx, token, FIXTURE, { mapping: UN_REPORT });
    expect(job.report.rejections).toEqual([]);
    expect(job.counts).toMatchObject({ new: 3, updated: 0 });
    expect((await textOf('101.1')).textEn).toBe('Ratify the Optional Protocol to the Convention against Torture (Denmark)');
    expect((await textOf('101.2')).textEn).toBe('Consider ratifying the Second Optional Protocol (Belgium, Estonia, France, Spain)');
    expect((await textOf('101.3')).textEn).toBe('Strengthen the national human rights institution (France).');
  });

  it('re-importing the same file: 0 new, 0 updated, 3 unchanged, nothing written', async () => {
    const before = await counts(ctx);
    const dry = await upload(ctx, token, FIXTURE, { mapping: UN_REPORT, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.counts).toMatchObject({ new: 0, updated: 0, unchanged: 3, rejected: 0 });
    const again = await importAndWait(ctx, token, FIXTURE, { mapping: UN_REPORT });
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    expect(again.report.changes).toEqual([]);
    // No recommendation, link, assignment or audit event written.
    expect(await counts(ctx)).toEqual(before);
  });

  it('a text stored in the old form (with its ";" and a double space) is not "updated" by the same file', async () => {
    // Written through the API (audited, If-Match), as an edit or an older import could have left them.
    const edit = async (paragraph: string, textEn: (t: string) => string) => {
      const { id, version, text } = await one<{ id: string; version: number; text: string }>(
        ctx.dataSource,
        `SELECT id, version, text_en AS text FROM recommendation WHERE document_symbol = 'A/HRC/99/1' AND paragraph = $1`,
        [paragraph],
      );
      const res = await request(ctx.http).patch(`/api/v1/recommendations/${id}`).set('Authorization', `Bearer ${token}`).set('If-Match', `"${version}"`).send({ textEn: textEn(text) });
      expect(res.status).toBe(200);
    };
    await edit('101.1', (t) => `${t} ;`);
    await edit('101.2', (t) => t.replace('Consider ', 'Consider  '));
    expect((await textOf('101.1')).textEn).toMatch(/ ;$/);
    const dry = await upload(ctx, token, FIXTURE, { mapping: UN_REPORT, dryRun: true });
    expect(dry.body.counts).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
  });

  it('a changed file: the dry run lists, per updated recommendation, each changed field with its value before and after', async () => {
    const changed = Buffer.from(
      [
        'document_symbol,cycle,session,state_under_review,recommendation_id,text,recommending_states,response_in_report',
        'A/HRC/99/1,3,99,Morocco,101.1,"Ratify the Optional Protocol to the Convention against Torture promptly (Denmark);",Denmark,Supported',
        'A/HRC/99/1,3,99,Morocco,101.3,"Strengthen the national human rights institution (France).",France; Spain,Supported',
      ].join('\r\n'),
    );
    const before = await counts(ctx);
    const dry = await upload(ctx, token, changed, { mapping: UN_REPORT, dryRun: true, fileName: 'changed.csv' });
    expect(dry.status).toBe(200);
    const job = dry.body as ImportJobDetailDto;
    expect(job.counts).toMatchObject({ new: 0, updated: 2, unchanged: 0 });
    const byCitation = new Map(job.report.changes.map((c) => [c.citation, c]));
    expect(byCitation.get('A/HRC/99/1 para 101.1')).toMatchObject({
      action: 'updated',
      fields: ['textEn'],
      // Before: the text as stored (the previous test left it in the old form).
      changes: [{ field: 'textEn', before: 'Ratify the Optional Protocol to the Convention against Torture (Denmark) ;', after: 'Ratify the Optional Protocol to the Convention against Torture promptly (Denmark)' }],
    });
    expect(byCitation.get('A/HRC/99/1 para 101.3')?.changes).toEqual(
      expect.arrayContaining([
        { field: 'response', before: 'noted', after: 'supported' },
        { field: 'recommendingStateCodes', before: ['FR'], after: ['ES', 'FR'] },
      ]),
    );
    // A dry run writes no recommendation.
    expect((await counts(ctx)).recs).toBe(before.recs);
  });
});

const withSharedData = SHARED_AVAILABLE ? describe : describe.skip;

/** The real UN report CSVs the seed was built from (../shared/data): after the seed, re-importing them changes nothing. */
withSharedData(`import: the UN report CSVs re-imported after the seed${SHARED_AVAILABLE ? '' : ' — skipped: ../shared/data is not beside the repository'}`, () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    token = await ctx.login(DEMO.coordinator);
  }, 120_000);
  afterAll(() => ctx?.close());

  it('every seeded text is in the normal form', async () => {
    const rows = await many<{ t: string }>(ctx.dataSource, `SELECT unnest(array[text_ar, text_fr, text_en]) AS t FROM recommendation`);
    const texts = rows.map((r) => r.t).filter((t) => t !== null);
    expect(texts.length).toBeGreaterThan(600);
    expect(texts.filter((t) => normalizeRecommendationText(t) !== t)).toEqual([]);
  });

  it.each([
    ['cycle 1 (A/HRC/8/22)', REAL.cycle1, 11],
    ['cycle 2 (A/HRC/21/3, 143 texts ending with ";")', REAL.cycle2, 148],
  ])('the UN report CSV of %s: 0 new, 0 updated, every recommendation unchanged', async (_, file, n) => {
    const dry = await upload(ctx, token, file, { mapping: UN_REPORT, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.report.rejections).toEqual([]);
    expect(dry.body.report.changes).toEqual([]);
    expect(dry.body.counts).toMatchObject({ new: 0, updated: 0, unchanged: n, rejected: 0 });
  });

  it('the DIDH sheet: only the two texts whose slips the seed corrects would change, each shown before → after', async () => {
    const dry = await upload(ctx, token, REAL.didh, { mapping: { preset: 'didh' }, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.report.rejections).toEqual([]);
    expect(dry.body.counts).toMatchObject({ new: 0, updated: 2, unchanged: 225, rejected: 0 });
    const changes = (dry.body as ImportJobDetailDto).report.changes.flatMap((c) => c.changes ?? []);
    expect(changes).toHaveLength(2);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'textFr', before: expect.not.stringContaining('de la de la'), after: expect.stringContaining('de la de la') }),
        expect.objectContaining({ field: 'textFr', before: expect.stringContaining('l’emploi, en'), after: expect.stringContaining('l’emploi , en') }),
      ]),
    );
  });
});
