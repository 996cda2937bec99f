import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { ImportJobDetailDto } from '../src/modules/imports/dto/import.dto.js';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { counts, upload, waitForImport } from './import-helpers.js';
import { auth, institutionId, saveDraft } from './workflow-helpers.js';

/** Committee against Torture, list of issues prior to Morocco's fifth periodic report: 30 questions in English and French. */
const LOIPR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/loipr-cat-mar-5.csv');
const SYMBOL = 'CAT/C/MAR/QPR/5';
const PARAGRAPHS = [
  '1', '2', '3', '4(a)', '4(b)', '5', '6', '7', '8', '9', '10(a)', '10(b)', '10(c)', '11', '12', '13', '14', '15', '16', '17',
  '18(a)', '18(b)', '19', '20', '21', '22', '23', '24', '25', '26',
];
/** The file's texts by paragraph, as read by a CSV parser of its own. */
const FILE_TEXTS = new Map(
  (parse(readFileSync(LOIPR, 'utf8'), { columns: true }) as Array<{ paragraph: string; text_en: string; text_fr: string }>).map((r) => [r.paragraph, { en: r.text_en, fr: r.text_fr }]),
);
const LOI_MAPPING = { preset: 'list-of-issues', defaults: { body: 'CAT', documentSymbol: SYMBOL } };

interface StoredItem {
  id: string;
  kind: string;
  mechanism: string;
  body_code: string;
  document_symbol: string | null;
  paragraph: string | null;
  text_en: string | null;
  text_fr: string | null;
  response: string | null;
  version: number;
}

interface AuditRow {
  action: string;
  entity_id: string;
  changes: Record<string, { before: unknown; after: unknown }>;
}

/**
 * Questions of a committee's list of issues (prior to reporting) are catalogue items of kind
 * `question`: imported with the list-of-issues preset (body and symbol given per upload), listed
 * and counted apart, created by hand, validated (no response on a question), found again by
 * (symbol, paragraph) on re-import, exported and read back, and assigned, put in a campaign and
 * answered by a focal point exactly like recommendations.
 */
describe('questions of a list of issues', () => {
  let ctx: TestContext;
  let coordinator: string;
  let focal: string;
  let catId: string;
  let questionIds: string[];
  /** The question of paragraph 1. */
  let firstQuestion: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    coordinator = await ctx.login(DEMO.coordinator);
    focal = await ctx.login(DEMO.focalJustice);
    catId = await recommendationFactory(ctx).bodyId('CAT');
  });
  afterAll(() => ctx?.close());

  const questions = (): Promise<StoredItem[]> =>
    ctx.dataSource.query(
      `SELECT r.id, r.kind, r.mechanism, b.code AS body_code, r.document_symbol, r.paragraph, r.text_en, r.text_fr, r.response, r.version
         FROM recommendation r JOIN body b ON b.id = r.body_id WHERE r.document_symbol = $1 ORDER BY r.id`,
      [SYMBOL],
    );
  const eventsOf = (ids: string[]): Promise<AuditRow[]> =>
    ctx.dataSource.query(`SELECT action, entity_id, changes FROM audit_event WHERE entity_id = ANY($1::text[]) ORDER BY id`, [ids]);
  const list = (query: Record<string, string>, token = coordinator) =>
    request(ctx.http).get('/api/v1/recommendations').query({ pageSize: '100', ...query }).set(auth(token));
  const create = (body: Record<string, unknown>) => request(ctx.http).post('/api/v1/recommendations').set(auth(coordinator)).send(body);
  const importLoi = async (): Promise<ImportJobDetailDto> => {
    const res = await upload(ctx, coordinator, LOIPR, { mapping: LOI_MAPPING, dryRun: false });
    expect({ status: res.status, body: res.status === 202 ? null : res.body }).toEqual({ status: 202, body: null });
    return waitForImport(ctx, coordinator, res.body.id);
  };

  it('the fixture is a list of 30 questions, each in English and French', () => {
    expect([...FILE_TEXTS.keys()]).toEqual(PARAGRAPHS);
    for (const texts of FILE_TEXTS.values()) expect(texts.en.length > 50 && texts.fr.length > 50).toBe(true);
  });

  describe('import with the list-of-issues preset', () => {
    it('the dry run plans 30 new questions and writes nothing but its job', async () => {
      const before = await counts(ctx);
      const res = await upload(ctx, coordinator, LOIPR, { mapping: LOI_MAPPING, dryRun: true });
      expect(res.status).toBe(200);
      expect(res.body.report.rejections).toEqual([]);
      expect(res.body.counts).toMatchObject({ new: 30, updated: 0, unchanged: 0, rejected: 0 });
      expect(res.body.report.changes.map((c: { citation: string }) => c.citation)).toEqual(PARAGRAPHS.map((p) => `${SYMBOL} para ${p}`));
      expect(await counts(ctx)).toEqual(before);
    });

    it('without the body and the symbol of the list → 400 import.mapping_invalid naming the field, nothing recorded', async () => {
      const before = await counts(ctx);
      const res = await upload(ctx, coordinator, LOIPR, { mapping: { preset: 'list-of-issues', defaults: { body: 'CAT' } }, dryRun: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('import.mapping_invalid');
      expect(res.body.details.path).toBe('mapping.fields.documentSymbol');
      expect(await counts(ctx)).toEqual(before);
    });

    it('the commit creates 30 questions of CAT with the symbol and their paragraphs, each with one recommendation.create event naming it', async () => {
      const before = await counts(ctx);
      const job = await importLoi();
      expect(job.status).toBe('succeeded');
      expect(job.counts).toMatchObject({ new: 30, updated: 0, unchanged: 0, rejected: 0 });
      const stored = await questions();
      questionIds = stored.map((q) => q.id);
      firstQuestion = stored.find((q) => q.paragraph === '1')!.id;
      expect(stored.map((q) => q.paragraph).sort()).toEqual([...PARAGRAPHS].sort());
      for (const q of stored) {
        expect({ kind: q.kind, mechanism: q.mechanism, body: q.body_code, symbol: q.document_symbol, response: q.response, version: q.version }).toEqual({
          kind: 'question',
          mechanism: 'TREATY_BODY',
          body: 'CAT',
          symbol: SYMBOL,
          response: null,
          version: 1,
        });
        expect({ paragraph: q.paragraph, en: q.text_en, fr: q.text_fr }).toEqual({ paragraph: q.paragraph, ...FILE_TEXTS.get(q.paragraph!) });
      }
      expect(stored.find((q) => q.id === firstQuestion)!.text_en).toContain('all fundamental legal safeguards from the outset of deprivation of liberty');
      const events = await eventsOf(questionIds);
      expect(events).toHaveLength(30);
      expect(new Set(events.map((e) => e.entity_id))).toEqual(new Set(questionIds));
      for (const e of events) {
        expect(e.action).toBe('recommendation.create');
        expect(e.changes['kind']).toEqual({ before: null, after: 'question' });
        expect(e.changes['documentSymbol']).toEqual({ before: null, after: SYMBOL });
        expect(e.changes['importId']).toEqual({ before: null, after: job.id });
      }
      expect((await counts(ctx)).recs).toBe(before.recs + 30);
    });

    it('re-importing the same file changes nothing: 30 unchanged, no write, no audit event', async () => {
      const before = await counts(ctx);
      const versions = (await questions()).map((q) => q.version);
      const job = await importLoi();
      expect(job.status).toBe('succeeded');
      expect(job.counts).toMatchObject({ new: 0, updated: 0, unchanged: 30, rejected: 0 });
      expect(job.report.changes).toEqual([]);
      expect((await questions()).map((q) => q.version)).toEqual(versions);
      expect(await counts(ctx)).toEqual(before);
    });
  });

  describe('list, facets and search', () => {
    it('kind=question lists exactly the imported questions, each with its kind', async () => {
      const res = await list({ kind: 'question' });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(30);
      expect(res.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...questionIds].sort());
      expect(res.body.items.every((i: { kind: string; documentSymbol: string }) => i.kind === 'question' && i.documentSymbol === SYMBOL)).toBe(true);
    });

    it('kind=recommendation lists everything else; the kind facet counts both', async () => {
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation`);
      const recs = await list({ kind: 'recommendation', pageSize: '1' });
      expect(recs.body.total).toBe(n - 30);
      const facets = await request(ctx.http).get('/api/v1/recommendations/facets').set(auth(coordinator));
      expect(facets.status).toBe(200);
      expect(facets.body.kind).toEqual([
        { value: 'recommendation', count: n - 30 },
        { value: 'question', count: 30 },
      ]);
      const catQuestions = await request(ctx.http).get('/api/v1/recommendations/facets').query({ bodyId: catId, kind: 'question' }).set(auth(coordinator));
      expect(catQuestions.body.kind).toEqual([{ value: 'question', count: 30 }]);
    });

    it('free text finds a question, in the search results with its kind', async () => {
      const res = await list({ q: 'Istanbul Protocol', kind: 'question' });
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { paragraph: string; kind: string }) => [i.paragraph, i.kind])).toEqual([['10(c)', 'question']]);
    });

    it('an unknown kind filter → 400 naming kind', async () => {
      const res = await list({ kind: 'questions' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ kind: 'validation.enum' });
    });
  });

  describe('export and import back', () => {
    it('the export carries the kind, and the sidh-export preset reads it back: nothing changes', async () => {
      const file = await request(ctx.http)
        .get('/api/v1/recommendations/export')
        .query({ format: 'csv', lang: 'en,fr', kind: 'question' })
        .set(auth(coordinator))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(file.status).toBe(200);
      const rows: string[][] = parse((file.body as Buffer).subarray(3).toString('utf8'));
      const kind = rows[0]!.indexOf('kind');
      expect(kind).toBe(rows[0]!.length - 1);
      expect(rows.slice(1).map((r) => r[kind])).toEqual(Array(30).fill('question'));
      const dry = await upload(ctx, coordinator, file.body as Buffer, { mapping: { preset: 'sidh-export' }, dryRun: true, fileName: 'questions.csv' });
      expect(dry.status).toBe(200);
      expect(dry.body.report.rejections).toEqual([]);
      expect(dry.body.counts).toMatchObject({ new: 0, updated: 0, unchanged: 30 });
    });
  });

  describe('by hand: POST /recommendations with a kind', () => {
    it('creates a question: 201 with its kind; its event names the kind', async () => {
      const res = await create({ kind: 'question', bodyId: catId, documentSymbol: SYMBOL, paragraph: '27', textEn: 'Please provide information on any other measures taken.', textFr: 'Fournir des renseignements sur toute autre mesure prise.' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'question', mechanism: 'TREATY_BODY', documentSymbol: SYMBOL, paragraph: '27', response: null });
      const read = await request(ctx.http).get(`/api/v1/recommendations/${res.body.id}`).set(auth(coordinator));
      expect(read.body.kind).toBe('question');
      const [event] = await eventsOf([res.body.id]);
      expect(event!.changes['kind']).toEqual({ before: null, after: 'question' });
      expect((await list({ kind: 'question', pageSize: '1' })).body.total).toBe(31);
    });

    it('without kind creates a recommendation, and its event does not name the kind (as every event before questions)', async () => {
      const res = await create({ bodyId: catId, textEn: 'Ensure that all allegations of torture are investigated.' });
      expect(res.status).toBe(201);
      expect(res.body.kind).toBe('recommendation');
      const [event] = await eventsOf([res.body.id]);
      expect(event!.changes).not.toHaveProperty('kind');
    });

    it.each([
      ['an unknown kind', { kind: 'issue' }],
      ['a null kind', { kind: null }],
      ['a kind of another type', { kind: 1 }],
    ])('%s → 400 naming kind, nothing written', async (_, extra) => {
      const before = await counts(ctx);
      const res = await create({ bodyId: catId, textEn: 'x', ...extra });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation.failed');
      expect(res.body.details.fields).toEqual({ kind: 'validation.enum' });
      expect(await counts(ctx)).toEqual(before);
    });

    it('a response on a question → 400 naming response, nothing written', async () => {
      const before = await counts(ctx);
      const res = await create({ kind: 'question', bodyId: catId, documentSymbol: SYMBOL, paragraph: '28', textEn: 'x', response: 'noted' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ response: 'validation.invalid' });
      expect(await counts(ctx)).toEqual(before);
    });
  });

  describe('PATCH: kind and response', () => {
    const patch = async (id: string, body: Record<string, unknown>) => {
      const current = await request(ctx.http).get(`/api/v1/recommendations/${id}`).set(auth(coordinator));
      return request(ctx.http).patch(`/api/v1/recommendations/${id}`).set(auth(coordinator)).set('If-Match', current.headers['etag']!).send(body);
    };

    it('a response given to a question → 400 naming response; the question is unchanged', async () => {
      const res = await patch(firstQuestion, { response: 'supported' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ response: 'validation.invalid' });
      expect((await questions()).find((q) => q.id === firstQuestion)).toMatchObject({ version: 1, response: null });
    });

    it('a recommendation with a response becomes a question only with its response cleared; the event records both', async () => {
      const rec = await create({ bodyId: catId, textEn: 'Entered by mistake as a recommendation.', response: 'noted' });
      expect(rec.status).toBe(201);
      const refused = await patch(rec.body.id, { kind: 'question' });
      expect(refused.status).toBe(400);
      expect(refused.body.details.fields).toEqual({ response: 'validation.invalid' });
      const done = await patch(rec.body.id, { kind: 'question', response: null });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ kind: 'question', response: null, version: 2 });
      const events = await eventsOf([rec.body.id]);
      expect(events.map((e) => e.action)).toEqual(['recommendation.create', 'recommendation.update']);
      expect(events[1]!.changes).toEqual({ kind: { before: 'recommendation', after: 'question' }, response: { before: 'noted', after: null } });
    });
  });

  describe('an edited export imported back', () => {
    it('a kind changed to question in the file updates the item: kind set, response cleared, one event with both', async () => {
      const rec = await create({ bodyId: catId, documentSymbol: 'CAT/C/MAR/CO/4', paragraph: '31', textEn: 'Provide information on the follow-up visits.', response: 'supported' });
      expect(rec.status).toBe(201);
      const file = ['symbol,paragraph,body,text_en,response,kind', 'CAT/C/MAR/CO/4,31,CAT,Provide information on the follow-up visits.,,question', ''].join('\r\n');
      const res = await upload(ctx, coordinator, Buffer.from(file, 'utf8'), { mapping: { preset: 'sidh-export' }, dryRun: false, fileName: 'edited.csv' });
      expect(res.status).toBe(202);
      const job = await waitForImport(ctx, coordinator, res.body.id);
      expect(job.counts).toMatchObject({ new: 0, updated: 1, unchanged: 0, rejected: 0 });
      expect(job.report.changes).toEqual([expect.objectContaining({ action: 'updated', recommendationId: rec.body.id, fields: ['kind', 'response'] })]);
      const read = await request(ctx.http).get(`/api/v1/recommendations/${rec.body.id}`).set(auth(coordinator));
      expect(read.body).toMatchObject({ kind: 'question', response: null, version: 2 });
      const events = await eventsOf([rec.body.id]);
      expect(events.map((e) => e.action)).toEqual(['recommendation.create', 'recommendation.update']);
      expect(events[1]!.changes).toEqual({ kind: { before: 'recommendation', after: 'question' }, response: { before: 'supported', after: null }, importId: { before: null, after: job.id } });
    });
  });

  describe('answered like a recommendation', () => {
    it('a question is assigned to an institution, put in a campaign (scope: kind=question), and its focal point answers it', async () => {
      const mj = await institutionId(ctx, 'MJ');
      const question = firstQuestion;
      const assigned = await request(ctx.http).post('/api/v1/assignments').set(auth(coordinator)).send({ recommendationId: question, institutionId: mj, role: 'lead' });
      expect(assigned.status).toBe(201);

      // The focal point sees the question in the catalogue, within their institution's scope.
      const seen = await list({ kind: 'question' }, focal);
      expect(seen.body.items.map((i: { id: string; kind: string }) => [i.id, i.kind])).toEqual([[question, 'question']]);

      const campaign = await request(ctx.http)
        .post('/api/v1/campaigns')
        .set(auth(coordinator))
        .send({ title: 'CAT – replies to the list of issues (CAT/C/MAR/QPR/5)', deadline: '2031-03-31', scope: { filter: { kind: 'question', bodyId: catId } }, institutionIds: [mj] });
      expect(campaign.status).toBe(201);
      expect(campaign.body.progress.expected).toBe(1);

      const contributions = await request(ctx.http).get('/api/v1/contributions').query({ campaignId: campaign.body.id }).set(auth(focal));
      expect(contributions.status).toBe(200);
      expect(contributions.body.items).toHaveLength(1);
      const [contribution] = contributions.body.items;
      expect(contribution.recommendation).toMatchObject({ id: question, documentSymbol: SYMBOL, paragraph: '1', bodyCode: 'CAT', kind: 'question' });
      expect(contribution.status).toBe('draft');
      expect(contribution.canEdit).toBe(true);

      const saved = await saveDraft(ctx, focal, contribution.id, {
        implementationStatus: 'in_progress',
        measures: 'Article 66 du Code de procédure pénale : accès à l’avocat dès la première heure de garde à vue (projet de loi 03.23).',
      });
      expect(saved.status).toBe(200);
      expect(saved.body.missingForSubmit).toEqual([]);
      expect(saved.body.availableActions).toEqual(['submit']);
    });
  });
});
