import request from 'supertest';
import { formatReportCitation, toTranslateMarker } from '@sidh/domain';
import { prepareDatabase } from '../src/database/prepare.js';
import { contributionText, loadDemoAchievements, recommendationKey, type DemoAchievement } from '../src/database/seeds/demo-contributions.js';
import { DEMO_REPORT_TITLES, seedDemoReports } from '../src/database/seeds/demo-reports.js';
import type { ReportDetailDto, ReportSummaryDto } from '../src/modules/reports/dto/report.dto.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth } from './workflow-helpers.js';

const CYCLE_3 = 'A/HRC/36/6';

/**
 * The demo seed's reports (issue 9): on first start the UPR cycle-3 mid-term report exists in French
 * and in Arabic, built from the validated demo contributions by the system — one section per cycle-3
 * recommendation that has one, citing it, with the measures as validated (a text in the other
 * language after its to-translate marker), due two years after the review; audited, and written once.
 */
describe('demo reports: the UPR cycle-3 mid-term report in French and Arabic on first start', () => {
  let ctx: TestContext;
  const t = {} as Record<'coord' | 'auditor', string>;
  const { contributions: entries } = loadDemoAchievements();
  const reports = {} as Record<'fr' | 'ar', ReportDetailDto>;
  /** Recommendation id → its symbol and paragraph, and the entries answering it. */
  const byRecommendation = new Map<string, { paragraph: string; entries: DemoAchievement[] }>();
  let cycle3Review: { id: string; code: string };

  const get = (path: string, token = t.coord) => request(ctx.http).get(`/api/v1${path}`).set(auth(token));
  /** Everything a seeding run could write. */
  const state = async () =>
    (
      await ctx.dataSource.query(
        `SELECT (SELECT count(*) FROM audit_event)::int AS events, (SELECT count(*) FROM report)::int AS reports,
                (SELECT coalesce(sum(version), 0) FROM report)::int AS report_versions, (SELECT count(*) FROM report_section)::int AS sections,
                (SELECT coalesce(sum(version), 0) FROM report_section)::int AS section_versions`,
      )
    )[0];

  beforeAll(async () => {
    ctx = await createTestApp();
    t.coord = await ctx.login(DEMO.coordinator);
    t.auditor = await ctx.login(DEMO.auditor);
    [cycle3Review] = await ctx.dataSource.query(`SELECT id, code FROM review WHERE code = 'MAR-UPR-3'`);
    const rows: Array<{ id: string; documentSymbol: string | null; paragraph: string | null; externalCode: string | null }> = await ctx.dataSource.query(
      `SELECT id, document_symbol AS "documentSymbol", paragraph, external_code AS "externalCode" FROM recommendation WHERE review_id = $1`,
      [cycle3Review.id],
    );
    const ids = new Map(rows.map((r) => [recommendationKey(r), r]));
    for (const e of entries) {
      const row = ids.get(recommendationKey(e.recommendation));
      if (!row) continue;
      const known = byRecommendation.get(row.id) ?? { paragraph: row.paragraph!, entries: [] };
      known.entries.push(e);
      byRecommendation.set(row.id, known);
    }
    const list = await get('/reports?type=upr_mid_term&pageSize=100');
    expect(list.status).toBe(200);
    for (const language of ['fr', 'ar'] as const) {
      const found = (list.body.items as ReportSummaryDto[]).filter((r) => r.title === DEMO_REPORT_TITLES[language]);
      expect(found).toHaveLength(1);
      reports[language] = (await get(`/reports/${found[0]!.id}`)).body as ReportDetailDto;
    }
  }, 120_000);
  afterAll(() => ctx.close());

  it('the two reports exist: UPR mid-term, UPR body, cycle-3 review, in French and Arabic, due two years after the review, drafts by the system', async () => {
    expect(byRecommendation.size).toBeGreaterThanOrEqual(10);
    const [{ due }] = await ctx.dataSource.query(`SELECT to_char(review_date + interval '2 years', 'YYYY-MM-DD') AS due FROM review WHERE id = $1`, [cycle3Review.id]);
    expect(due).toBe('2019-05-02');
    for (const language of ['fr', 'ar'] as const) {
      expect(reports[language]).toMatchObject({
        type: 'upr_mid_term',
        language,
        title: DEMO_REPORT_TITLES[language],
        body: { code: 'UPR' },
        review: { id: cycle3Review.id, code: 'MAR-UPR-3' },
        dueDate: due,
        status: 'draft',
        wordLimit: null,
        createdBy: null,
        versionCount: 0,
      });
    }
    expect(DEMO_REPORT_TITLES).toEqual({
      fr: "Rapport à mi-parcours — troisième cycle de l'Examen périodique universel",
      ar: 'تقرير منتصف المدة — الجولة الثالثة من الاستعراض الدوري الشامل',
    });
  });

  it('each has one section per cycle-3 recommendation with a validated contribution, in paragraph order, citing it', () => {
    const ids = [...byRecommendation.keys()];
    for (const language of ['fr', 'ar'] as const) {
      const sections = reports[language].sections;
      expect(sections.map((s) => s.itemIds).flat().sort()).toEqual([...ids].sort());
      expect(sections.every((s) => s.itemIds.length === 1)).toBe(true);
      const paragraphs = sections.map((s) => byRecommendation.get(s.itemIds[0]!)!.paragraph);
      expect(paragraphs).toEqual([...paragraphs].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])));
      expect(sections.map((s) => s.citations)).toEqual(paragraphs.map((p) => [formatReportCitation(CYCLE_3, p, language)]));
      expect(sections.every((s) => s.heading.includes(formatReportCitation(CYCLE_3, byRecommendation.get(s.itemIds[0]!)!.paragraph, language)))).toBe(true);
    }
  });

  it('the sections carry the validated measures: as written in the report’s language, after a to-translate marker in the other', () => {
    const cases: Array<['fr' | 'ar', 'fr' | 'ar']> = [
      ['fr', 'ar'],
      ['ar', 'fr'],
    ];
    for (const [language, other] of cases) {
      const marker = `> ${toTranslateMarker(language, other)}`;
      for (const section of reports[language].sections) {
        const { paragraph, entries: answering } = byRecommendation.get(section.itemIds[0]!)!;
        const where = `${language} ${paragraph}`;
        for (const e of answering) expect({ where, contains: section.body.includes(contributionText(e).trim()) }).toEqual({ where, contains: true });
        const written = answering.map((e) => (e.measuresFr !== undefined ? 'fr' : 'ar'));
        // A marker exactly when a text is in the other language; the report's own text comes first.
        expect({ where, marked: section.body.includes(marker) }).toEqual({ where, marked: written.includes(other) });
        if (written.includes(language) && written.includes(other)) {
          const own = answering.find((e) => (e.measuresFr !== undefined ? 'fr' : 'ar') === language)!;
          expect(section.body.indexOf(contributionText(own).trim())).toBeLessThan(section.body.indexOf(marker));
        }
      }
    }
    // Both languages are represented: the Arabic report quotes Arabic text as is, the French one French text.
    expect(reports.ar.sections.some((s) => /[\u0600-\u06FF]{3}/u.test(s.body) && !s.body.includes(toTranslateMarker('ar', 'fr')))).toBe(true);
    expect(reports.fr.sections.some((s) => !s.body.includes(toTranslateMarker('fr', 'ar')))).toBe(true);
    expect(reports.fr.sections.some((s) => s.body.includes(toTranslateMarker('fr', 'ar')))).toBe(true);
  });

  it('each report has one report.create event by the system naming its items and contributions, and the audit chain verifies', async () => {
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM contribution c JOIN recommendation r ON r.id = c.recommendation_id WHERE c.status = 'validated' AND r.review_id = $1`, [cycle3Review.id]);
    for (const language of ['fr', 'ar'] as const) {
      const history = await get(`/reports/${reports[language].id}/history`, t.auditor);
      expect(history.status).toBe(200);
      expect(history.body.items).toHaveLength(1);
      expect(history.body.items[0]).toMatchObject({ action: 'report.create', actor: null });
      const [event] = await ctx.dataSource.query(`SELECT actor_id, actor_role, changes FROM audit_event WHERE entity_type = 'report' AND entity_id = $1`, [reports[language].id]);
      expect({ actorId: event.actor_id, actorRole: event.actor_role }).toEqual({ actorId: null, actorRole: 'system' });
      expect(event.changes).toMatchObject({ type: 'upr_mid_term', language, title: DEMO_REPORT_TITLES[language], reviewId: cycle3Review.id, sections: byRecommendation.size });
      expect([...event.changes.itemIds].sort()).toEqual([...byRecommendation.keys()].sort());
      expect(event.changes.contributions).toHaveLength(n);
    }
    const verify = await get('/audit/verify', t.auditor);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ intact: true, firstBrokenEventId: null });
  });

  it('the Word file of each downloads', async () => {
    for (const language of ['fr', 'ar'] as const) {
      const res = await get(`/reports/${reports[language].id}/docx`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    }
  });

  it('a second start writes nothing, and neither does the seeder run again', async () => {
    const before = await state();
    await prepareDatabase(ctx.dataSource, { seedReference: true, seedDemo: true });
    expect(await ctx.dataSource.transaction((manager) => seedDemoReports(manager))).toBe(0);
    expect(await state()).toEqual(before);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM report WHERE title = ANY($1::text[])`, [Object.values(DEMO_REPORT_TITLES)]);
    expect(n).toBe(2);
  }, 120_000);
});
