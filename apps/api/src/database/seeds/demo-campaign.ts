import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../../audit/audit.writer.js';
import { openCampaign } from '../../modules/campaigns/campaigns.service.js';
import { CampaignsRepository } from '../../modules/campaigns/campaigns.repository.js';
import { RecommendationsRepository } from '../../modules/recommendations/recommendations.repository.js';

/**
 * A campaign has one title and one description (no column per language): the demo's carry the
 * three languages of the product, Arabic first (the coordinating body's working languages are
 * Arabic and French), each description paragraph in one language.
 */
export const DEMO_CAMPAIGN_TITLE = 'تقرير منتصف المدة – الجولة الثالثة للاستعراض الدوري الشامل · Rapport à mi-parcours – EPU, 3e cycle · UPR cycle 3 – mid-term report';
/** The English-only title of earlier versions: a database seeded with it keeps its campaign (no second one). */
export const LEGACY_DEMO_CAMPAIGN_TITLE = 'UPR cycle 3 – mid-term report';
export const DEMO_CAMPAIGN_DESCRIPTION = [
  'مساهمات القطاعات الوزارية في التقرير الطوعي لمنتصف المدة بشأن تنفيذ توصيات الجولة الثالثة للاستعراض الدوري الشامل.',
  'Contributions des départements ministériels au rapport volontaire à mi-parcours sur la mise en œuvre des recommandations du troisième cycle de l’Examen périodique universel.',
  'Contributions of the ministries to the voluntary mid-term report on the implementation of the third UPR cycle’s recommendations.',
].join('\n\n');

/**
 * The demo's reporting campaign: every recommendation assigned to the Justice (MJ) and Interior
 * (MI) ministries, due in 30 days. Skipped when it exists. Runs in the caller's transaction (audited).
 */
export async function seedDemoCampaign(manager: EntityManager, now: Date = new Date()): Promise<number> {
  const existing: unknown[] = await manager.query(`SELECT 1 FROM campaign WHERE title = ANY($1::text[])`, [[DEMO_CAMPAIGN_TITLE, LEGACY_DEMO_CAMPAIGN_TITLE]]);
  if (existing.length > 0) return 0;
  const institutions: Array<{ id: string }> = await manager.query(`SELECT id FROM institution WHERE code = ANY($1::text[]) ORDER BY code`, [['MJ', 'MI']]);
  if (institutions.length === 0) return 0;
  const recommendations: Array<{ id: string }> = await manager.query(
    `SELECT DISTINCT recommendation_id AS id FROM assignment WHERE institution_id = ANY($1::uuid[])`,
    [institutions.map((i) => i.id)],
  );
  if (recommendations.length === 0) return 0;
  const deadline = new Date(now.getTime() + 30 * 86400_000).toISOString().slice(0, 10);
  const repository = new CampaignsRepository(manager.connection, new RecommendationsRepository(manager.connection));
  const { expected } = await openCampaign(
    repository,
    manager,
    {
      title: DEMO_CAMPAIGN_TITLE,
      description: DEMO_CAMPAIGN_DESCRIPTION,
      deadline,
      scope: { recommendationIds: recommendations.map((r) => r.id) },
      institutionIds: institutions.map((i) => i.id),
    },
    SYSTEM_ACTOR,
  );
  return expected;
}
