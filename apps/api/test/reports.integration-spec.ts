import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { countWords, DEFAULT_WORD_LIMITS, formatReportCitation, REPORT_LABELS, toTranslateMarker, uprGroupSectionKey } from '@sidh/domain';
import { SECTION_BODY_MAX, type ReportDetailDto } from '../src/modules/reports/dto/report.dto.js';
import { reportFactory, type Reporters } from './factories/report.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth } from './workflow-helpers.js';

/**
 * Reports to the UN (docs/security.md#c-access-control for the access rows): generation from
 * validated contributions, editing with If-Match, reordering, refresh, finalising with the word
 * limit, the Word file read back, stored versions and their hashes, bad input, and who may do what.
 */

const SYMBOL = 'A/HRC/36/6';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/* Reading a .docx back: the paragraphs of document.xml, each with its section (0 title page, 1 body, 2 annex), style and text. */
interface DocxParagraph {
  section: number;
  style: string | null;
  text: string;
  bidi: boolean;
}
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const documentXml = (docx: Buffer): string => strFromU8(unzipSync(docx)['word/document.xml']!);
function docxParagraphs(xml: string): DocxParagraph[] {
  const body = xml.slice(xml.indexOf('<w:body>'), xml.indexOf('</w:body>')).replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const out: DocxParagraph[] = [];
  let section = 0;
  for (const p of body.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g) ?? []) {
    const text = (p.match(/<w:t(?:\s[^>]*)?>[\s\S]*?<\/w:t>/g) ?? []).map((t) => unescapeXml(t.replace(/^<w:t[^>]*>|<\/w:t>$/g, ''))).join('');
    out.push({ section, style: /<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? null, text, bidi: p.includes('<w:bidi/>') });
    if (p.includes('<w:sectPr')) section += 1;
  }
  return out;
}
/** Rows of the annex table, header excluded. */
const annexRows = (xml: string): number => (xml.match(/<w:tr>/g) ?? []).length;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('reports', () => {
  let ctx: TestContext;
  let factory: ReturnType<typeof reportFactory>;
  const t = {} as Record<'coord' | 'admin' | 'auditor' | 'fp' | 'val', string>;
  let uprBodyId: string;
  let catBodyId: string;
  let reviewId: string;
  let coordinatorName: string;
  let other: Reporters;
  /** UPR items with validated contributions, by paragraph. */
  const items = {} as Record<'p2' | 'p5' | 'p10' | 'p100' | 'ar1' | 'ar2', string>;
  let questionIds: string[];
  let themes: string[];

  const get = (path: string, token = t.coord) => request(ctx.http).get(`/api/v1${path}`).set(auth(token));
  const post = (path: string, body: object, token = t.coord) => request(ctx.http).post(`/api/v1${path}`).set(auth(token)).send(body);
  const patch = (path: string, body: object, ifMatch: string | null, token = t.coord) => {
    const req = request(ctx.http).patch(`/api/v1${path}`).set(auth(token));
    return (ifMatch === null ? req : req.set('If-Match', ifMatch)).send(body);
  };
  /** A binary download, its bytes in `body`. */
  const download = (path: string, token = t.coord) =>
    request(ctx.http)
      .get(`/api/v1${path}`)
      .set(auth(token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  /** Everything a report write touches: any change shows here. */
  const writes = async () =>
    (
      await ctx.dataSource.query(
        `SELECT (SELECT count(*) FROM report)::int AS reports, (SELECT coalesce(sum(version), 0) FROM report)::int AS report_versions,
                (SELECT count(*) FROM report_section)::int AS sections, (SELECT coalesce(sum(version), 0) FROM report_section)::int AS section_versions,
                (SELECT count(*) FROM report_version)::int AS finalised, (SELECT count(*) FROM audit_event WHERE entity_type = 'report')::int AS events`,
      )
    )[0];
  const create = (body: object, token = t.coord) => post('/reports', body, token);
  const midTerm = (overrides: object = {}) => ({ type: 'upr_mid_term', bodyId: uprBodyId, reviewId, language: 'fr', title: 'Rapport à mi-parcours', ...overrides });

  beforeAll(async () => {
    ctx = await createTestApp();
    factory = reportFactory(ctx);
    t.coord = await ctx.login(DEMO.coordinator);
    t.admin = await ctx.login(DEMO.admin);
    t.auditor = await ctx.login(DEMO.auditor);
    t.fp = await ctx.login(DEMO.focalJustice);
    t.val = await ctx.login(DEMO.validatorJustice);
    uprBodyId = await factory.bodyId('UPR');
    catBodyId = await factory.bodyId('CAT');
    [{ id: reviewId }] = await ctx.dataSource.query(`SELECT id FROM review WHERE body_id = $1 ORDER BY code LIMIT 1`, [uprBodyId]);
    [{ name: coordinatorName }] = await ctx.dataSource.query(`SELECT name FROM app_user WHERE email = $1`, [DEMO.coordinator]);
    themes = (await ctx.dataSource.query(`SELECT code FROM theme ORDER BY code LIMIT 2`)).map((r: { code: string }) => r.code);
    other = await factory.newReporters({ nameFr: 'Délégation à la formation', nameAr: 'مندوبية التكوين', nameEn: 'Training delegation' });

    const upr = (paragraph: string, extra: object = {}) =>
      factory.newItem({ reviewId, documentSymbol: SYMBOL, paragraph, response: 'supported', status: 'in_progress', textFr: `Recommandation ${paragraph}`, textAr: `التوصية ${paragraph}`, ...extra });
    items.p10 = await upr('144.10', { themeCodes: [themes[1]!] });
    items.p2 = await upr('144.2', { themeCodes: [themes[0]!] });
    items.p100 = await upr('144.100', { themeCodes: [themes[0]!] });
    items.p5 = await upr('144.5');
    items.ar1 = await upr('144.300');
    items.ar2 = await upr('144.301');
    await factory.validate([
      { itemId: items.p2, measures: 'Mesure-B : la loi 10.16 a été adoptée et publiée au Bulletin officiel.' },
      {
        itemId: items.p10,
        measures: 'Mesure-J : un programme de **formation** des magistrats a été mis en place.',
        indicators: [{ name: 'Magistrats formés', type: 'process', unit: '%', baseline: null, target: null, value: 42.5, date: '2024-12-31' }],
      },
      { itemId: items.p100, measures: 'Mesure-C : une circulaire a été adressée aux parquets.' },
      { itemId: items.ar1, measures: 'اعتمد القانون رقم 10.16 ونُشر في الجريدة الرسمية.' },
    ]);
    await factory.validate([{ itemId: items.ar2, measures: 'La formation des agents a été organisée par la délégation.' }], other);
    questionIds = await factory.newQuestions({ bodyCode: 'CAT', symbol: 'CAT/C/MAR/QPR/5', count: 30 });
    await factory.validate([
      { itemId: questionIds[2]!, measures: 'Réponse-3 : le Code pénal a été modifié.' },
      { itemId: questionIds[19]!, measures: 'Réponse-20 : un mécanisme national de prévention a été désigné.' },
    ]);
  });
  afterAll(() => ctx.close());

  describe('generation', () => {
    it('creates a UPR mid-term report in French: 201 with ETag and Location, sections in paragraph order with citations and the validated measures', async () => {
      const res = await create(midTerm({ itemIds: [items.p100, items.p5, items.p2, items.p10] }));
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.headers['location']).toBe(`/api/v1/reports/${res.body.id}`);
      const report = res.body as ReportDetailDto;
      expect(report).toMatchObject({ type: 'upr_mid_term', language: 'fr', status: 'draft', version: 1, wordLimit: null, limitState: 'ok', versionCount: 0, body: { code: 'UPR' } });
      const order = ['144.2', '144.5', '144.10', '144.100'];
      expect(report.sections.map((s) => s.heading)).toEqual(order.map((p) => `Recommandation ${formatReportCitation(SYMBOL, p, 'fr')}`));
      expect(report.sections.map((s) => s.citations)).toEqual(order.map((p) => [formatReportCitation(SYMBOL, p, 'fr')]));
      expect(report.sections.map((s) => s.position)).toEqual([1, 2, 3, 4]);
      expect(report.sections.map((s) => s.itemIds)).toEqual([[items.p2], [items.p5], [items.p10], [items.p100]]);
      expect(report.sections[0]!.body).toContain('Mesure-B : la loi 10.16 a été adoptée');
      expect(report.sections[0]!.body).toContain(REPORT_LABELS.fr.measuresTaken);
      expect(report.sections[0]!.body).toContain('Justice');
      expect(report.sections[1]!.body).toContain(REPORT_LABELS.fr.noContribution.replace(/[[\]]/g, ''));
      expect(report.sections[2]!.body).toContain('**formation**');
      expect(report.sections[2]!.body).toContain('Magistrats formés\u00A0: 42,5\u00A0% (31 décembre 2024)');
      expect(report.sections[3]!.body).toContain('Mesure-C');
      expect(report.words).toBe(report.sections.reduce((sum, s) => sum + s.words, 0));
      expect(report.words).toBeGreaterThan(40);
      const [event] = await ctx.dataSource.query(`SELECT action, changes FROM audit_event WHERE entity_type = 'report' AND entity_id = $1`, [report.id]);
      expect(event.action).toBe('report.create');
      expect(event.changes.itemIds).toEqual([items.p100, items.p5, items.p2, items.p10]);
      expect(event.changes.sections).toBe(4);
      // The list shows it with the same count.
      const list = await get('/reports?type=upr_mid_term');
      expect(list.status).toBe(200);
      expect(list.body.items.find((r: { id: string }) => r.id === report.id)).toMatchObject({ words: report.words, wordLimit: null, limitState: 'ok', versionCount: 0, status: 'draft' });
    });

    it('creates an Arabic report: Arabic headings and citations, French text inserted after a to-translate marker, right-to-left Word file', async () => {
      const res = await create(midTerm({ language: 'ar', title: 'تقرير منتصف المدة', itemIds: [items.ar2, items.ar1] }));
      expect(res.status).toBe(201);
      const report = res.body as ReportDetailDto;
      expect(report.sections.map((s) => s.citations[0])).toEqual([formatReportCitation(SYMBOL, '144.300', 'ar'), formatReportCitation(SYMBOL, '144.301', 'ar')]);
      expect(report.sections[0]!.heading).toBe(`التوصية ${formatReportCitation(SYMBOL, '144.300', 'ar')}`);
      expect(report.sections[0]!.body).toContain('اعتمد القانون رقم 10.16');
      expect(report.sections[0]!.body).not.toContain(toTranslateMarker('ar', 'fr'));
      expect(report.sections[1]!.body).toContain(`> ${toTranslateMarker('ar', 'fr')}`);
      expect(report.sections[1]!.body).toContain('La formation des agents a été organisée');
      expect(report.sections[1]!.body).toContain('مندوبية التكوين');

      const file = await download(`/reports/${report.id}/docx`);
      expect(file.status).toBe(200);
      const paragraphs = docxParagraphs(documentXml(file.body as Buffer));
      const body = paragraphs.filter((p) => p.section === 1);
      expect(body.length).toBeGreaterThan(4);
      expect(body.every((p) => p.bidi)).toBe(true);
      expect(body.some((p) => p.text.includes('اعتمد القانون رقم 10.16'))).toBe(true);
      expect(body.filter((p) => p.style === 'ReportCitations').map((p) => p.text)).toEqual(report.sections.map((s) => s.citations.join('؛ ')));
    });

    it('plans a periodic report from 30 questions selected by filter: one section per question, in numeric order of their paragraphs', async () => {
      const res = await create({ type: 'periodic', bodyId: catBodyId, language: 'en', title: 'Fifth periodic report', filter: {} });
      expect(res.status).toBe(201);
      const report = res.body as ReportDetailDto;
      expect(report.wordLimit).toBe(DEFAULT_WORD_LIMITS.periodic);
      expect(report.sections).toHaveLength(30);
      expect(report.sections.map((s) => s.itemIds[0])).toEqual(questionIds);
      expect(report.sections.map((s) => s.heading)).toEqual(questionIds.map((_, i) => `Reply to paragraph ${i + 1} of the list of issues`));
      expect(report.sections[2]!.body).toContain('Réponse-3');
      expect(report.sections[2]!.body).toContain(`> ${toTranslateMarker('en', 'fr')}`);
      expect(report.sections[19]!.body).toContain('Réponse-20');
      expect(report.sections[0]!.body).toContain(REPORT_LABELS.en.noContribution.replace(/[[\]]/g, ''));
      const file = await download(`/reports/${report.id}/docx`);
      const title = docxParagraphs(documentXml(file.body as Buffer)).filter((p) => p.section === 0).map((p) => p.text);
      expect(title).toEqual(['Fifth periodic report', 'Periodic report', 'Committee against Torture (CAT)', 'CAT/C/MAR/QPR/5']);
    });
  });

  describe('editing', () => {
    it('edits a section with If-Match (the report moves too); a stale If-Match is 412 naming who changed it; none is 428', async () => {
      const report = (await create(midTerm({ itemIds: [items.p2, items.p10] }))).body as ReportDetailDto;
      const section = report.sections[0]!;
      const ok = await patch(`/reports/${report.id}/sections/${section.id}`, { body: 'Nouveau texte **révisé** du paragraphe.' }, '"1"');
      expect(ok.status).toBe(200);
      expect(ok.headers['etag']).toBe('"2"');
      expect(ok.body).toMatchObject({ id: section.id, version: 2, body: 'Nouveau texte **révisé** du paragraphe.', updatedBy: { name: coordinatorName } });
      expect(ok.body.words).toBe(countWords(section.heading) + countWords('Nouveau texte révisé du paragraphe.'));
      const after = (await get(`/reports/${report.id}`)).body as ReportDetailDto;
      expect(after.version).toBe(2);
      expect(after.words).toBe(report.words - section.words + ok.body.words);

      const before = await writes();
      const stale = await patch(`/reports/${report.id}/sections/${section.id}`, { body: 'Perdu' }, '"1"');
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('concurrency.stale');
      expect(stale.body.details.current).toMatchObject({ id: section.id, version: 2, body: 'Nouveau texte **révisé** du paragraphe.' });
      expect(stale.body.details.lastChange).toMatchObject({ actorName: coordinatorName, actorRole: 'coordinator' });
      const missing = await patch(`/reports/${report.id}/sections/${section.id}`, { body: 'Perdu' }, null);
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('concurrency.precondition_required');
      expect((await patch(`/reports/${report.id}/sections/${section.id}`, { body: 'Perdu' }, 'W/"2"')).status).toBe(412);
      expect(await writes()).toEqual(before);

      const [event] = await ctx.dataSource.query(
        `SELECT changes FROM audit_event WHERE entity_type = 'report' AND entity_id = $1 AND action = 'report.section.update' ORDER BY id DESC LIMIT 1`,
        [report.id],
      );
      expect(event.changes.sectionId).toBe(section.id);
      expect(event.changes.body.after).toEqual({ sha256: createHash('sha256').update(ok.body.body).digest('hex'), chars: ok.body.body.length, words: countWords('Nouveau texte révisé du paragraphe.'), text: ok.body.body });
      expect(event.changes.body.before.sha256).toBe(createHash('sha256').update(section.body).digest('hex'));
    });

    it('reorders the sections in one PATCH; sectionOrder must name every section once (400, nothing written)', async () => {
      const report = (await create(midTerm({ itemIds: [items.p2, items.p10, items.p100] }))).body as ReportDetailDto;
      const ids = report.sections.map((s) => s.id);
      const reversed = [...ids].reverse();
      const before = await writes();
      for (const bad of [ids.slice(1), [...ids, ids[0]!], [ids[0]!, ids[0]!, ids[1]!]]) {
        const res = await patch(`/reports/${report.id}`, { sectionOrder: bad }, '"1"');
        expect(res.status).toBe(400);
        expect(res.body.details.fields).toEqual({ sectionOrder: 'validation.invalid' });
      }
      expect(await writes()).toEqual(before);
      const res = await patch(`/reports/${report.id}`, { sectionOrder: reversed, title: 'Titre modifié' }, '"1"');
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe('"2"');
      expect(res.body.title).toBe('Titre modifié');
      expect(res.body.sections.map((s: { id: string }) => s.id)).toEqual(reversed);
      expect(res.body.sections.map((s: { position: number }) => s.position)).toEqual([1, 2, 3]);
      const [event] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE entity_type = 'report' AND entity_id = $1 AND action = 'report.update'`, [report.id]);
      expect(event.changes).toEqual({ title: { before: 'Rapport à mi-parcours', after: 'Titre modifié' }, sectionOrder: { before: ids, after: reversed } });
      expect((await patch(`/reports/${report.id}`, { title: 'Encore' }, '"1"')).status).toBe(412);
    });

    it('refresh proposes the text drawn from the current validated contributions and lists what changed, writing nothing', async () => {
      const item = await factory.newItem({ reviewId, documentSymbol: SYMBOL, paragraph: '144.400', textFr: 'Recommandation 144.400' });
      await factory.validate([{ itemId: item, measures: 'Mesure-R1 : premier rapport.' }]);
      const report = (await create(midTerm({ itemIds: [item] }))).body as ReportDetailDto;
      const section = report.sections[0]!;
      expect(section.body).toContain('Mesure-R1');
      const [newer] = await factory.validate([{ itemId: item, measures: 'Mesure-R2 : rapport complété.' }], undefined, { assign: false });
      const [added] = await factory.validate([{ itemId: item, measures: 'Mesure-R3 : contribution de la délégation.' }], other);
      const before = await writes();
      const res = await get(`/reports/${report.id}/sections/${section.id}/refresh`);
      expect(res.status).toBe(200);
      expect(res.body.current).toBe(section.body);
      expect(res.body.sectionVersion).toBe(1);
      expect(res.body.proposed).toContain('Mesure-R2');
      expect(res.body.proposed).toContain('Mesure-R3');
      expect(res.body.proposed).not.toContain('Mesure-R1');
      expect(res.body.changed).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ contributionId: newer, status: 'updated', institution: expect.objectContaining({ nameFr: 'Justice' }) }),
          expect.objectContaining({ contributionId: added, status: 'new', institution: expect.objectContaining({ nameFr: 'Délégation à la formation' }) }),
        ]),
      );
      expect(res.body.changed).toHaveLength(2);
      expect(await writes()).toEqual(before);
      // Adopting it is an ordinary PATCH.
      expect((await patch(`/reports/${report.id}/sections/${section.id}`, { body: res.body.proposed }, `"${res.body.sectionVersion}"`)).status).toBe(200);
    });
  });

  describe('finalising and the Word file', () => {
    let report: ReportDetailDto;

    beforeAll(async () => {
      report = (await create({ type: 'upr_national', bodyId: uprBodyId, reviewId, language: 'fr', title: 'Rapport national', itemIds: [items.p10, items.p2, items.p5, items.p100] })).body;
    });

    it('the Word file parses back: title page, headings in order, every citation, annex rows = items, and the body’s word count is the API’s', async () => {
      const res = await download(`/reports/${report.id}/docx`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(DOCX_TYPE);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="Rapport national.docx"; filename*=UTF-8''Rapport%20national.docx`);
      expect(res.headers['x-content-sha256']).toBe(sha256(res.body as Buffer));
      const xml = documentXml(res.body as Buffer);
      const paragraphs = docxParagraphs(xml);
      expect(paragraphs.filter((p) => p.section === 0).map((p) => p.text)[0]).toBe('Rapport national');
      const body = paragraphs.filter((p) => p.section === 1);
      // The sections in order, the groups of section III as its Heading 2 sub-sections.
      expect(body.filter((p) => p.style === 'Heading1' || p.style === 'Heading2').map((p) => p.text)).toEqual(report.sections.map((s) => s.heading));
      expect(body.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual(report.sections.filter((s) => s.key.startsWith('upr:implementation:')).map((s) => s.heading));
      // Section III, then one sub-section per theme (the items without one last), then IV and V.
      expect(report.sections.map((s) => s.key)).toEqual([
        'upr:methodology',
        'upr:developments',
        'upr:implementation',
        ...themes.map((code) => `upr:implementation:${code}`),
        uprGroupSectionKey(null),
        'upr:achievements',
        'upr:priorities',
      ]);
      const groups = report.sections.filter((s) => s.key.startsWith('upr:implementation:'));
      expect(groups.map((s) => s.heading.split(' ')[0])).toEqual(['III.1.', 'III.2.', 'III.3.']);
      expect(groups.map((s) => s.itemIds)).toEqual([[items.p2, items.p100], [items.p10], [items.p5]]);
      const implementation = { citations: groups.flatMap((s) => s.citations) };
      expect(implementation.citations).toEqual(['144.2', '144.100', '144.10', '144.5'].map((p) => formatReportCitation(SYMBOL, p, 'fr')));
      for (const citation of implementation.citations) expect(body.some((p) => p.style !== 'ReportCitations' && p.text === citation)).toBe(true);
      // Words of the body as Word shows it: every paragraph between the title page and the annex but the citation lines.
      const words = body.filter((p) => p.style !== 'ReportCitations').reduce((sum, p) => sum + countWords(p.text), 0);
      expect(words).toBe(report.words);
      const annex = paragraphs.filter((p) => p.section === 2);
      expect(annex.map((p) => p.text)).toEqual([REPORT_LABELS.fr.annexHeading]);
      expect(annexRows(xml) - 1).toBe(4);
      for (const citation of implementation.citations) expect(xml).toContain(`<w:t xml:space="preserve">${citation}</w:t>`);
      expect(paragraphs.every((p) => !p.bidi)).toBe(true);

      const sheet = await download(`/reports/${report.id}/annex.xlsx`);
      expect(sheet.status).toBe(200);
      expect(sheet.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(sheet.body as ArrayBuffer);
      expect(workbook.worksheets[0]!.actualRowCount).toBe(5);
    });

    it('over the word limit: 422 without confirmation (nothing written), 201 with; the stored bytes, their header and the audit event carry the same SHA-256', async () => {
      const limited = await patch(`/reports/${report.id}`, { wordLimit: 10 }, `"${report.version}"`);
      expect(limited.status).toBe(200);
      expect(limited.body.limitState).toBe('over');
      const version = limited.headers['etag']!;
      const before = await writes();
      const refused = await post(`/reports/${report.id}/finalise`, {}).set('If-Match', version);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('report.over_limit_unconfirmed');
      expect(refused.body.details).toMatchObject({ field: 'confirmOverLimit', wordLimit: 10, words: limited.body.words });
      expect((await post(`/reports/${report.id}/finalise`, { confirmOverLimit: true })).status).toBe(428);
      expect((await post(`/reports/${report.id}/finalise`, { confirmOverLimit: true }).set('If-Match', '"1"')).status).toBe(412);
      expect(await writes()).toEqual(before);

      const done = await post(`/reports/${report.id}/finalise`, { confirmOverLimit: true }).set('If-Match', version);
      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ number: 1, words: limited.body.words, wordLimit: 10, overLimit: true, overLimitConfirmed: true, createdBy: { name: coordinatorName } });
      const detail = (await get(`/reports/${report.id}`)).body as ReportDetailDto;
      expect(detail).toMatchObject({ status: 'finalised', versionCount: 1, version: done.body.reportVersion });

      const file = await download(`/reports/${report.id}/versions/1/docx`);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe(DOCX_TYPE);
      const bytes = file.body as Buffer;
      expect(sha256(bytes)).toBe(done.body.sha256);
      expect(file.headers['x-content-sha256']).toBe(done.body.sha256);
      expect(bytes.length).toBe(done.body.sizeBytes);
      const [stored] = await ctx.dataSource.query(`SELECT encode(sha256(docx), 'hex') AS computed, sha256 FROM report_version WHERE report_id = $1 AND number = 1`, [report.id]);
      expect(stored).toEqual({ computed: done.body.sha256, sha256: done.body.sha256 });
      const history = await get(`/reports/${report.id}/history`);
      const event = history.body.items.find((e: { action: string }) => e.action === 'report.finalise');
      expect(event.changes).toMatchObject({ number: 1, sha256: done.body.sha256, sizeBytes: bytes.length, words: limited.body.words, wordLimit: 10, overLimit: true, overLimitConfirmed: true });
      // One per section (the five, the annex's) and the three sub-sections of III under Heading 2.
      const headings = docxParagraphs(documentXml(bytes)).map((p) => p.style);
      expect(headings.filter((s) => s === 'Heading1').length).toBe(detail.sections.length - 3 + 1);
      expect(headings.filter((s) => s === 'Heading2').length).toBe(3);
      expect(detail.sections).toHaveLength(8);

      // Editing a finalised report starts a new draft; the stored version stays as it was.
      const section = detail.sections[1]!;
      expect((await patch(`/reports/${report.id}/sections/${section.id}`, { heading: 'II. Faits nouveaux' }, `"${section.version}"`)).status).toBe(200);
      const draft = (await get(`/reports/${report.id}`)).body as ReportDetailDto;
      expect(draft).toMatchObject({ status: 'draft', versionCount: 1 });
      expect(sha256((await download(`/reports/${report.id}/versions/1/docx`)).body as Buffer)).toBe(done.body.sha256);
      expect((await get(`/reports/${report.id}/versions`)).body.items).toEqual([expect.objectContaining({ number: 1, sha256: done.body.sha256 })]);
      expect((await download(`/reports/${report.id}/versions/2/docx`)).status).toBe(404);
      expect((await download(`/reports/${report.id}/versions/0/docx`)).status).toBe(400);
      // A stored version cannot be changed, even by the application's SQL.
      await expect(ctx.dataSource.query(`UPDATE report_version SET sha256 = repeat('0', 64) WHERE report_id = $1`, [report.id])).rejects.toThrow(/never changed/);
    });

    it('the history lists the report’s events, newest first', async () => {
      const res = await get(`/reports/${report.id}/history`, t.auditor);
      expect(res.status).toBe(200);
      expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['report.section.update', 'report.finalise', 'report.update', 'report.create']);
      expect(res.body.items[0].actor).toMatchObject({ name: coordinatorName, role: 'coordinator' });
    });
  });

  describe('bad input: 4xx naming the field, nothing written', () => {
    const refused = async (body: object, status: number, check: (res: request.Response) => void) => {
      const before = await writes();
      const res = await create(body);
      expect(res.status).toBe(status);
      check(res);
      expect(await writes()).toEqual(before);
    };

    it('unknown item ids → 400 naming itemIds, with the unknown ids', async () => {
      const unknown = '00000000-0000-4000-8000-000000000001';
      await refused(midTerm({ itemIds: [items.p2, unknown] }), 400, (res) => {
        expect(res.body.details).toEqual({ fields: { itemIds: 'validation.unknownCode' }, unknownIds: [unknown] });
      });
    });

    it('items of another body → 422 report.items_outside_body naming itemIds', async () => {
      await refused(midTerm({ itemIds: [items.p2, questionIds[0]] }), 422, (res) => {
        expect(res.body.code).toBe('report.items_outside_body');
        expect(res.body.details).toEqual({ field: 'itemIds', itemIds: [questionIds[0]] });
      });
      await refused(midTerm({ filter: { bodyId: catBodyId } }), 422, (res) => expect(res.body.details.field).toBe('filter.bodyId'));
    });

    it('an empty selection → 422 report.empty_selection; an item twice → 422 report.duplicate_item', async () => {
      await refused(midTerm({ itemIds: [] }), 422, (res) => expect(res.body).toMatchObject({ code: 'report.empty_selection', details: { field: 'itemIds' } }));
      await refused(midTerm({ type: 'follow_up', itemIds: [items.p2] }), 422, (res) => expect(res.body.code).toBe('report.empty_selection'));
      await refused(midTerm({ filter: { q: 'aucune-recommandation-ne-contient-ceci' } }), 422, (res) => expect(res.body.details.field).toBe('filter'));
      await refused(midTerm({ itemIds: [items.p2, items.p2] }), 422, (res) => expect(res.body).toMatchObject({ code: 'report.duplicate_item', details: { field: 'itemIds' } }));
    });

    it('a word limit ≤ 0 or not an integer, a language outside ar/fr/en, an unknown body or review → 400 naming the field', async () => {
      for (const [body, fields] of [
        [midTerm({ itemIds: [items.p2], wordLimit: 0 }), { wordLimit: 'validation.min' }],
        [midTerm({ itemIds: [items.p2], wordLimit: -5 }), { wordLimit: 'validation.min' }],
        [midTerm({ itemIds: [items.p2], wordLimit: 10.5 }), { wordLimit: 'validation.invalid' }],
        [midTerm({ itemIds: [items.p2], wordLimit: '100' }), { wordLimit: 'validation.invalid' }],
        [midTerm({ itemIds: [items.p2], language: 'de' }), { language: 'validation.enum' }],
        [midTerm({ itemIds: [items.p2], type: 'shadow_report' }), { type: 'validation.enum' }],
        [midTerm({ itemIds: [items.p2], bodyId: '00000000-0000-4000-8000-000000000002' }), { bodyId: 'validation.unknownCode' }],
        [midTerm({ itemIds: [items.p2], reviewId: '00000000-0000-4000-8000-000000000003' }), { reviewId: 'validation.unknownCode' }],
        [midTerm({ itemIds: [items.p2], filter: {} }), { filter: 'validation.invalid' }],
      ] as const) {
        await refused(body, 400, (res) => expect(res.body.details.fields).toEqual(fields));
      }
      const report = (await create(midTerm({ itemIds: [items.p2] }))).body as ReportDetailDto;
      for (const wordLimit of [0, 2.5]) {
        const res = await patch(`/reports/${report.id}`, { wordLimit }, '"1"');
        expect(res.status).toBe(400);
        expect(Object.keys(res.body.details.fields)).toEqual(['wordLimit']);
      }
    });

    it('a section text with <script> is stored and returned verbatim and written as literal text in the Word file', async () => {
      const report = (await create(midTerm({ itemIds: [items.p2] }))).body as ReportDetailDto;
      const section = report.sections[0]!;
      const text = 'Avant <script>alert("x")</script> & <b>après</b>';
      expect((await patch(`/reports/${report.id}/sections/${section.id}`, { body: text }, '"1"')).status).toBe(200);
      expect((await get(`/reports/${report.id}`)).body.sections[0].body).toBe(text);
      const xml = documentXml((await download(`/reports/${report.id}/docx`)).body as Buffer);
      expect(xml).toContain('Avant &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;après&lt;/b&gt;');
      expect(xml).not.toContain('<script>');
      expect(docxParagraphs(xml).some((p) => p.text === text)).toBe(true);
    });

    /** `n` characters of Arabic text (2 bytes each in UTF-8). */
    const arabic = (n: number): string => 'حماية حقوق الإنسان '.repeat(Math.ceil(n / 19)).slice(0, n);

    it('a section text of 150,000 Arabic characters (~300 kB, over the global JSON limit) is accepted and stored whole', async () => {
      const report = (await create(midTerm({ itemIds: [items.p2] }))).body as ReportDetailDto;
      const section = report.sections[0]!;
      const text = arabic(150_000);
      expect(Buffer.byteLength(JSON.stringify({ body: text }))).toBeGreaterThan(100 * 1024);
      const res = await patch(`/reports/${report.id}/sections/${section.id}`, { body: text }, '"1"');
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 200, code: undefined });
      expect(res.headers['etag']).toBe('"2"');
      const [stored] = await ctx.dataSource.query(`SELECT length(body)::int AS chars, body = $2 AS same FROM report_section WHERE id = $1`, [section.id, text]);
      expect(stored).toEqual({ chars: 150_000, same: true });
      expect(res.body.words).toBe(countWords(section.heading) + countWords(text));
    });

    it('a section text of 200,001 characters → 400 naming body; a 5 MB body → 413 request.payload_too_large; nothing written', async () => {
      const report = (await create(midTerm({ itemIds: [items.p2] }))).body as ReportDetailDto;
      const section = report.sections[0]!;
      const before = await writes();
      const over = await patch(`/reports/${report.id}/sections/${section.id}`, { body: arabic(SECTION_BODY_MAX + 1) }, '"1"');
      expect(over.status).toBe(400);
      expect(over.body).toMatchObject({ code: 'validation.failed', details: { fields: { body: 'validation.maxLength' } } });
      const huge = await patch(`/reports/${report.id}/sections/${section.id}`, { body: 'x'.repeat(5 * 1024 * 1024) }, '"1"');
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('request.payload_too_large');
      expect(await writes()).toEqual(before);
      // The cap is exactly SECTION_BODY_MAX.
      expect((await patch(`/reports/${report.id}/sections/${section.id}`, { body: arabic(SECTION_BODY_MAX) }, '"1"')).status).toBe(200);
      expect((await patch(`/reports/${report.id}/sections/${section.id}`, { heading: '' }, '"2"')).body.details.fields).toEqual({ heading: 'validation.minLength' });
    });

    it('POST and PATCH /reports take bodies over the global JSON limit too; other routes keep it (413)', async () => {
      const before = await writes();
      // 3,000 item ids (~117 kB): the report's own check answers, naming the field.
      const unknown = Array.from({ length: 3000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      const created = await create(midTerm({ itemIds: unknown }));
      expect(created.status).toBe(400);
      expect(created.body.details.fields).toEqual({ itemIds: 'validation.unknownCode' });
      const report = (await create(midTerm({ itemIds: [items.p2] }))).body as ReportDetailDto;
      const titled = await patch(`/reports/${report.id}`, { title: 'x'.repeat(150_000) }, '"1"');
      expect(titled.status).toBe(400);
      expect(titled.body.details.fields).toEqual({ title: 'validation.maxLength' });
      expect((await patch(`/reports/${report.id}`, { title: 'y'.repeat(5 * 1024 * 1024) }, '"1"')).status).toBe(413);
      expect((await writes()).reports).toBe(before.reports + 1);
      // The catalogue keeps the global limit (JSON_BODY_LIMIT_BYTES).
      const elsewhere = await post('/recommendations', { bodyId: uprBodyId, textFr: 'x'.repeat(150_000) });
      expect(elsewhere.status).toBe(413);
      expect(elsewhere.body.code).toBe('request.payload_too_large');
    });
  });

  describe('database guarantees', () => {
    it('a change to a report, a section or a version without an audit event naming the report cannot commit; TRUNCATE is refused', async () => {
      const report = (await create(midTerm({ itemIds: [items.p2] }))).body as ReportDetailDto;
      const before = await writes();
      await expect(ctx.dataSource.query(`UPDATE report SET title = 'Sans trace' WHERE id = $1`, [report.id])).rejects.toThrow(/unaudited change to report/);
      await expect(ctx.dataSource.query(`UPDATE report_section SET body = 'Sans trace' WHERE report_id = $1`, [report.id])).rejects.toThrow(/unaudited change to report_section/);
      // An event about another report does not cover it.
      const other = (await create(midTerm({ itemIds: [items.p10] }))).body as ReportDetailDto;
      const after = await writes();
      await expect(
        ctx.dataSource.transaction(async (manager) => {
          await manager.query(`INSERT INTO audit_event (action, entity_type, entity_id, changes) VALUES ('report.update', 'report', $1, '{}')`, [other.id]);
          await manager.query(`UPDATE report_section SET body = 'Sans trace' WHERE report_id = $1`, [report.id]);
        }),
      ).rejects.toThrow(/unaudited change to report_section/);
      for (const table of ['report', 'report_section', 'report_version']) await expect(ctx.dataSource.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/TRUNCATE/);
      expect(await writes()).toEqual(after);
      expect(after.reports).toBe(before.reports + 1);
    });
  });

  describe('access', () => {
    let report: ReportDetailDto;

    beforeAll(async () => {
      report = (await create(midTerm({ itemIds: [items.p2] }))).body;
      const finalised = await post(`/reports/${report.id}/finalise`, {}).set('If-Match', '"1"');
      expect(finalised.status).toBe(201);
      report = (await get(`/reports/${report.id}`)).body;
    });

    const routes = (): Array<{ method: 'get' | 'post' | 'patch'; path: string; body?: object; write: boolean }> => {
      const section = report.sections[0]!;
      return [
        { method: 'get', path: '/reports', write: false },
        { method: 'post', path: '/reports', body: midTerm({ itemIds: [items.p2] }), write: true },
        { method: 'get', path: `/reports/${report.id}`, write: false },
        { method: 'patch', path: `/reports/${report.id}`, body: { title: 'X' }, write: true },
        { method: 'patch', path: `/reports/${report.id}/sections/${section.id}`, body: { body: 'X' }, write: true },
        { method: 'get', path: `/reports/${report.id}/sections/${section.id}/refresh`, write: true },
        { method: 'get', path: `/reports/${report.id}/docx`, write: false },
        { method: 'get', path: `/reports/${report.id}/annex.xlsx`, write: false },
        { method: 'post', path: `/reports/${report.id}/finalise`, body: {}, write: true },
        { method: 'get', path: `/reports/${report.id}/versions`, write: false },
        { method: 'get', path: `/reports/${report.id}/versions/1/docx`, write: false },
        { method: 'get', path: `/reports/${report.id}/history`, write: false },
      ];
    };
    const call = (r: ReturnType<typeof routes>[number], token: string) => {
      const req = request(ctx.http)[r.method](`/api/v1${r.path}`).set(auth(token)).set('If-Match', `"${report.version}"`);
      return r.body ? req.send(r.body) : req;
    };

    it('focal points and validators get 403 on every report route, and nothing changes', async () => {
      const before = await writes();
      for (const token of [t.fp, t.val]) {
        for (const r of routes()) {
          const res = await call(r, token);
          expect(`${r.method} ${r.path} ${res.status} ${res.body.code}`).toBe(`${r.method} ${r.path} 403 auth.forbidden`);
        }
      }
      expect(await writes()).toEqual(before);
    });

    it('the auditor reads every report, file and version, and may not write (403, nothing changes)', async () => {
      const before = await writes();
      for (const r of routes()) {
        const res = await call(r, t.auditor);
        expect(`${r.method} ${r.path} ${res.status}`).toBe(`${r.method} ${r.path} ${r.write ? 403 : 200}`);
      }
      expect(await writes()).toEqual(before);
    });

    it('the administrator may read and write reports', async () => {
      expect((await get(`/reports/${report.id}`, t.admin)).status).toBe(200);
      expect((await patch(`/reports/${report.id}`, { title: 'Par l’administrateur' }, `"${report.version}"`, t.admin)).status).toBe(200);
    });

    it('an unknown report is 404 on every route', async () => {
      const missing = '00000000-0000-4000-8000-00000000000f';
      const sectionId = report.sections[0]!.id;
      for (const path of [`/reports/${missing}`, `/reports/${missing}/docx`, `/reports/${missing}/versions`, `/reports/${missing}/versions/1/docx`, `/reports/${missing}/history`, `/reports/${missing}/sections/${sectionId}/refresh`]) {
        expect(`${path} ${(await get(path)).status}`).toBe(`${path} 404`);
      }
      expect((await get(`/reports/${report.id}/sections/${missing}/refresh`)).status).toBe(404);
      expect((await patch(`/reports/${missing}`, { title: 'X' }, '"1"')).status).toBe(404);
      expect((await patch(`/reports/${report.id}/sections/${missing}`, { body: 'X' }, '"1"')).status).toBe(404);
    });
  });
});
