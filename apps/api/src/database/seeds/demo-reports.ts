import type { EntityManager } from 'typeorm';
import type { Locale } from '@sidh/domain';
import { SYSTEM_ACTOR } from '../../audit/audit.writer.js';
import { RecommendationsRepository } from '../../modules/recommendations/recommendations.repository.js';
import { ReportsRepository } from '../../modules/reports/reports.repository.js';
import { createReport } from '../../modules/reports/reports.service.js';
import { many, maybeOne } from '../sql.js';

/** The review the demo reports answer: Morocco's third UPR cycle (A/HRC/36/6). */
export const DEMO_REPORT_REVIEW_CODE = 'MAR-UPR-3';

/** The demo's reports, one per language; a report with one of these titles is never created again. */
export const DEMO_REPORT_TITLES: Readonly<Record<'fr' | 'ar', string>> = Object.freeze({
  fr: "Rapport à mi-parcours — troisième cycle de l'Examen périodique universel",
  ar: 'تقرير منتصف المدة — الجولة الثالثة من الاستعراض الدوري الشامل',
});

/** The due date when the review has no date. */
export const DEMO_REPORT_FALLBACK_DUE_DATE = '2027-05-31';

/**
 * The demo's two UPR mid-term reports on cycle 3, in French and in Arabic, so that a newcomer sees
 * the feature at once: every cycle-3 recommendation that has a validated contribution (the demo
 * contributions, `demo-contributions.ts`), due two years after the review. Built by the service's
 * own creation (`createReport`: plan, sections, `report.create` event) under the system actor, in
 * the caller's transaction. Idempotent by title: a report with the title is left alone (edited or
 * not), and a run that creates nothing writes nothing. Skipped when the review or its validated
 * contributions are missing (the demo catalogue may have been edited).
 *
 * @returns how many reports were created
 */
export async function seedDemoReports(manager: EntityManager): Promise<number> {
  // The voluntary mid-term report comes about two years after the review (DOMAIN.md). Locked: two
  // instances starting together seed one after the other (the second finds the titles).
  const review = await maybeOne<{ id: string; bodyId: string; midTermDate: string | null }>(
    manager,
    `SELECT v.id, v.body_id, to_char(v.review_date + interval '2 years', 'YYYY-MM-DD') AS mid_term_date FROM review v JOIN body b ON b.id = v.body_id
      WHERE b.code = 'UPR' AND v.code = $1 ORDER BY v.id LIMIT 1 FOR UPDATE OF v`,
    [DEMO_REPORT_REVIEW_CODE],
  );
  if (!review) return 0;
  const existing = new Set(
    (await many<{ title: string }>(manager, `SELECT title FROM report WHERE title = ANY($1::text[])`, [Object.values(DEMO_REPORT_TITLES)])).map((r) => r.title),
  );
  const missing = (Object.entries(DEMO_REPORT_TITLES) as Array<[Locale, string]>).filter(([, title]) => !existing.has(title));
  if (missing.length === 0) return 0;
  const itemIds = (
    await many<{ id: string }>(
      manager,
      `SELECT r.id FROM recommendation r
        WHERE r.review_id = $1 AND EXISTS (SELECT 1 FROM contribution c WHERE c.recommendation_id = r.id AND c.status = 'validated')
        ORDER BY r.id`,
      [review.id],
    )
  ).map((r) => r.id);
  if (itemIds.length === 0) return 0;

  const reports = new ReportsRepository(manager.connection, new RecommendationsRepository(manager.connection));
  const dueDate = review.midTermDate ?? DEMO_REPORT_FALLBACK_DUE_DATE;
  for (const [language, title] of missing) {
    await createReport(reports, manager, { type: 'upr_mid_term', bodyId: review.bodyId, reviewId: review.id, language, title, dueDate, itemIds }, SYSTEM_ACTOR);
  }
  return missing.length;
}
