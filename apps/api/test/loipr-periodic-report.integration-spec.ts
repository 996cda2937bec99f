import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { formatReportCitation, REPORT_LABELS, toTranslateMarker } from '@sidh/domain';
import type { ContributionSummaryDto } from '../src/modules/contributions/dto/contribution.dto.js';
import type { ReportDetailDto } from '../src/modules/reports/dto/report.dto.js';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { upload, waitForImport } from './import-helpers.js';
import { auth, institutionId, saveDraft, transition } from './workflow-helpers.js';

/** Committee against Torture, list of issues prior to Morocco's fifth periodic report: 30 questions. */
const LOIPR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/loipr-cat-mar-5.csv');
const SYMBOL = 'CAT/C/MAR/QPR/5';
/** The paragraphs in the file's order, which is the list's. */
const PARAGRAPHS = (parse(readFileSync(LOIPR, 'utf8'), { columns: true }) as Array<{ paragraph: string }>).map((r) => r.paragraph);

/** What the Justice ministry answers on a question: English, so that an English report quotes it as is. */
const measuresOn = (paragraph: string): string =>
  `Reply-${paragraph}: the Ministry of Justice has issued a circular to the prosecutors on paragraph ${paragraph} and has trained the judges concerned.`;

/** The text of the paragraphs of word/document.xml styled `style`, in document order. */
function styledParagraphs(docx: Buffer, style: string): string[] {
  const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return (xml.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g) ?? [])
    .filter((p) => p.includes(`<w:pStyle w:val="${style}"/>`))
    .map((p) => (p.match(/<w:t(?:\s[^>]*)?>[\s\S]*?<\/w:t>/g) ?? []).map((t) => unescape(t.replace(/^<w:t[^>]*>|<\/w:t>$/g, ''))).join(''));
}

/**
 * Issue 9's definition of done, end to end through the API: a list of issues prior to reporting
 * imported from a CSV of 30 questions, assigned to the Ministry of Justice in one bulk call, put in
 * a campaign, answered by its focal point, approved by its validator and validated by the
 * coordinator, produces a periodic report whose sections follow the questions in the list's order
 * (1, 2, 3, 4(a), 4(b)…), each citing its paragraph and carrying the validated answer — in the API
 * and in the Word file.
 */
describe('a list of issues answered and turned into a periodic report', () => {
  let ctx: TestContext;
  const t = {} as Record<'coord' | 'fp' | 'val', string>;
  let catId: string;
  let mj: string;
  /** Question id by paragraph. */
  const questions = new Map<string, string>();
  let campaignId: string;
  let report: ReportDetailDto;

  beforeAll(async () => {
    ctx = await createTestApp();
    t.coord = await ctx.login(DEMO.coordinator);
    t.fp = await ctx.login(DEMO.focalJustice);
    t.val = await ctx.login(DEMO.validatorJustice);
    catId = await recommendationFactory(ctx).bodyId('CAT');
    mj = await institutionId(ctx, 'MJ');
  }, 120_000);
  afterAll(() => ctx?.close());

  it('the fixture holds 30 questions in the list order', () => {
    expect(PARAGRAPHS).toHaveLength(30);
    expect(PARAGRAPHS.slice(0, 6)).toEqual(['1', '2', '3', '4(a)', '4(b)', '5']);
  });

  it('imports the 30 questions through the import route with the list-of-issues preset', async () => {
    const res = await upload(ctx, t.coord, LOIPR, { mapping: { preset: 'list-of-issues', defaults: { body: 'CAT', documentSymbol: SYMBOL } }, dryRun: false });
    expect({ status: res.status, body: res.status === 202 ? null : res.body }).toEqual({ status: 202, body: null });
    const job = await waitForImport(ctx, t.coord, res.body.id);
    expect(job.status).toBe('succeeded');
    expect(job.counts).toMatchObject({ new: 30, rejected: 0 });
    const rows: Array<{ id: string; paragraph: string; kind: string }> = await ctx.dataSource.query(
      `SELECT id, paragraph, kind FROM recommendation WHERE document_symbol = $1 AND body_id = $2`,
      [SYMBOL, catId],
    );
    for (const r of rows) questions.set(r.paragraph, r.id);
    expect(rows.every((r) => r.kind === 'question')).toBe(true);
    expect([...questions.keys()].sort()).toEqual([...PARAGRAPHS].sort());
  });

  it('assigns all 30 to the Ministry of Justice in one bulk call', async () => {
    const res = await request(ctx.http).post('/api/v1/assignments/bulk').set(auth(t.coord)).send({ filter: { kind: 'question', bodyId: catId }, institutionId: mj, role: 'lead', dueDate: '2031-03-31' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 30, skipped: 0 });
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM assignment WHERE institution_id = $1 AND recommendation_id = ANY($2::uuid[])`, [mj, [...questions.values()]]);
    expect(n).toBe(30);
  });

  it('opens a campaign on the questions: 30 drafts for the Justice focal point', async () => {
    const res = await request(ctx.http)
      .post('/api/v1/campaigns')
      .set(auth(t.coord))
      .send({ title: `CAT – replies to the list of issues (${SYMBOL})`, deadline: '2031-03-31', scope: { filter: { kind: 'question', bodyId: catId } }, institutionIds: [mj] });
    expect(res.status).toBe(201);
    expect(res.body.progress.expected).toBe(30);
    campaignId = res.body.id;
  });

  it('the focal point answers and submits each question, the validator approves, the coordinator validates', async () => {
    const list = await request(ctx.http).get('/api/v1/contributions').query({ campaignId, pageSize: '100' }).set(auth(t.fp));
    expect(list.status).toBe(200);
    const drafts = list.body.items as ContributionSummaryDto[];
    expect(drafts).toHaveLength(30);
    const paragraphOf = new Map([...questions].map(([paragraph, id]) => [id, paragraph]));
    for (const draft of drafts) {
      expect(draft.status).toBe('draft');
      const paragraph = paragraphOf.get(draft.recommendation.id)!;
      const saved = await saveDraft(ctx, t.fp, draft.id, { implementationStatus: 'in_progress', measures: measuresOn(paragraph) });
      expect(saved.status).toBe(200);
      for (const [token, action, to] of [
        [t.fp, 'submit', 'submitted'],
        [t.val, 'approve', 'approved'],
        [t.coord, 'validate', 'validated'],
      ] as const) {
        const res = await transition(ctx, token, draft.id, action);
        expect(`${paragraph} ${action} ${res.status} ${res.body.status}`).toBe(`${paragraph} ${action} 200 ${to}`);
      }
    }
    const campaign = await request(ctx.http).get(`/api/v1/campaigns/${campaignId}`).set(auth(t.coord));
    expect(campaign.body.progress).toMatchObject({ expected: 30, validated: 30, draft: 0, submitted: 0, approved: 0 });
  }, 120_000);

  it('a periodic report in English on the 30 questions has one section per question, in the list order, each citing its paragraph with its validated answer', async () => {
    // Given in another order: the report follows the list's.
    const itemIds = PARAGRAPHS.map((p) => questions.get(p)!).reverse();
    const res = await request(ctx.http)
      .post('/api/v1/reports')
      .set(auth(t.coord))
      .send({ type: 'periodic', bodyId: catId, language: 'en', title: 'Fifth periodic report of Morocco under the simplified procedure', itemIds });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ status: 201, body: null });
    report = res.body as ReportDetailDto;
    expect(report.sections).toHaveLength(30);
    expect(report.sections.map((s) => s.itemIds)).toEqual(PARAGRAPHS.map((p) => [questions.get(p)!]));
    expect(report.sections.map((s) => s.heading)).toEqual(PARAGRAPHS.map((p) => `Reply to paragraph ${p} of the list of issues`));
    expect(report.sections.map((s) => s.citations)).toEqual(PARAGRAPHS.map((p) => [`${SYMBOL}, para. ${p}`]));
    expect(report.sections[3]!.citations).toEqual([formatReportCitation(SYMBOL, '4(a)', 'en')]);
    for (const [i, section] of report.sections.entries()) {
      const paragraph = PARAGRAPHS[i]!;
      expect({ paragraph, measures: section.body.includes(measuresOn(paragraph)) }).toEqual({ paragraph, measures: true });
      // Only its own answer, written in the report's language (no to-translate marker), and who gave it.
      expect(section.body.match(/Reply-[^:]+:/g)).toEqual([`Reply-${paragraph}:`]);
      expect(section.body).not.toContain(toTranslateMarker('en', 'fr'));
      expect(section.body).not.toContain(REPORT_LABELS.en.noContribution.replace(/[[\]]/g, ''));
      expect(section.body).toContain('Ministry of Justice');
    }
    const [event] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE entity_type = 'report' AND entity_id = $1 AND action = 'report.create'`, [report.id]);
    expect(event.changes.contributions).toHaveLength(30);
  });

  it('the Word file has the 30 headings in the same order, each followed by its citation', async () => {
    const res = await request(ctx.http)
      .get(`/api/v1/reports/${report.id}/docx`)
      .set(auth(t.coord))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const docx = res.body as Buffer;
    expect(styledParagraphs(docx, 'Heading1')).toEqual(PARAGRAPHS.map((p) => `Reply to paragraph ${p} of the list of issues`));
    expect(styledParagraphs(docx, 'ReportCitations')).toEqual(PARAGRAPHS.map((p) => `${SYMBOL}, para. ${p}`));
    const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
    // The answers in the list's order too.
    const positions = PARAGRAPHS.map((p) => xml.indexOf(`Reply-${p}:`));
    expect(positions.every((at) => at > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
