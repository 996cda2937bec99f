import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../../audit/audit.writer.js';
import { openCampaign } from '../../modules/campaigns/campaigns.service.js';
import { CampaignsRepository } from '../../modules/campaigns/campaigns.repository.js';
import { RecommendationsRepository } from '../../modules/recommendations/recommendations.repository.js';

export const DEMO_CAMPAIGN_TITLE = 'UPR cycle 3 – mid-term report';

/**
 * The demo's reporting campaign: every recommendation assigned to the Justice (MJ) and Interior
 * (MI) ministries, due in 30 days. Skipped when it exists. Runs in the caller's transaction (audited).
 */
export async function seedDemoCampaign(manager: EntityManager, now: Date = new Date()): Promise<number> {
  const existing: unknown[] = await manager.query(`SELECT 1 FROM campaign WHERE title = $1`, [DEMO_CAMPAIGN_TITLE]);
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
      description: 'Contributions of the ministries for the voluntary mid-term report on the third UPR cycle.',
      deadline,
      scope: { recommendationIds: recommendations.map((r) => r.id) },
      institutionIds: institutions.map((i) => i.id),
    },
    SYSTEM_ACTOR,
  );
  return expected;
}
