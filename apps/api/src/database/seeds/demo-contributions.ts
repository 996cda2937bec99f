import type { EntityManager } from 'typeorm';
import type { ImplementationStatus } from '@sidh/domain';
import { appendAuditEvent, SYSTEM_ACTOR, type AuditEventInput } from '../../audit/audit.writer.js';
import type { CampaignScope } from '../../modules/campaigns/campaign.entity.js';
import { CampaignsRepository } from '../../modules/campaigns/campaigns.repository.js';
import { ContributionsRepository, type IndicatorValue } from '../../modules/contributions/contributions.repository.js';
import { RecommendationsRepository } from '../../modules/recommendations/recommendations.repository.js';
import { many, maybeOne } from '../sql.js';
import { updateIfVersion } from '../versioned-write.js';
import { DEMO_CAMPAIGN_TITLE } from './demo-campaign.js';
import { readSeedFile } from './seed-data.js';
import type { SeedCounts } from './seeder.js';

/** One source text (`data/demo-achievements.json`, cited in `data/SOURCES.md`). */
export interface DemoAchievementSource {
  /** File name in the coordinating body's collection (its achievements texts; the excerpts used here are copied into `seeds/data/demo-achievements.json`). */
  file: string;
  institution: string;
  title: string;
  provenance: string;
}

/** What one institution reported on one recommendation, taken from the sources. */
export interface DemoAchievement {
  /** Institution code (`institutions.json`). */
  institution: string;
  /** The recommendation answered; `externalCode` tells apart the rows that share a paragraph. */
  recommendation: { documentSymbol: string; paragraph: string; externalCode: string };
  /** File names of `sources`. */
  sources: string[];
  implementationStatus: ImplementationStatus;
  /** The measures as the source states them (Markdown list). */
  measuresAr: string;
  /** A faithful French version: when given, it is the contribution's text (a French report quotes it as is). */
  measuresFr?: string;
  /** In the language of the contribution's text. */
  indicators: IndicatorValue[];
}

export interface DemoAchievements {
  sources: DemoAchievementSource[];
  contributions: DemoAchievement[];
}

export const loadDemoAchievements = (): DemoAchievements => readSeedFile('demo-achievements.json');

/** The text the contribution carries: the French version when there is one, else the Arabic. */
export const contributionText = (a: DemoAchievement): string => a.measuresFr ?? a.measuresAr;

/** Identifies a recommendation row of the demo catalogue. */
export const recommendationKey = (r: { documentSymbol: string | null; paragraph: string | null; externalCode: string | null }): string =>
  `${r.documentSymbol ?? ''} | ${r.paragraph ?? ''} | ${r.externalCode ?? ''}`;

interface Planned {
  achievement: DemoAchievement;
  institutionId: string;
  recommendationId: string;
}

interface ContributionState {
  id: string;
  recommendationId: string;
  institutionId: string;
  status: string;
  version: number;
  implementationStatus: ImplementationStatus | null;
  measures: string;
  indicators: IndicatorValue[];
}

const pairKey = (recommendationId: string, institutionId: string): string => `${recommendationId}/${institutionId}`;

/**
 * Validated contributions of the demo campaign, so that a report built on first start has content:
 * what Moroccan institutions reported (`data/demo-achievements.json`), each on the recommendation
 * it answers. For every entry, in the caller's transaction:
 *  1. the assignment (recommendation × institution) is created as `contributor` when missing;
 *  2. the campaign covers the recommendation and the institution: missing ones are added, and the
 *     campaign opens the drafts it would have opened with them (`createExpectedContributions`);
 *  3. an untouched draft (version 1) receives the content and goes to `validated`, with the
 *     timestamps of the workflow's steps.
 * Every change is audited by the system actor: `assignment.create`, `campaign.extend`, and one
 * `contribution.validate` per contribution (draft → validated, the content set, `seed: true`).
 * Idempotent: a contribution already validated, or edited by someone, is left alone; a run that
 * changes nothing writes no event. Skipped when the demo campaign does not exist.
 */
export async function seedDemoContributions(manager: EntityManager, data: DemoAchievements = loadDemoAchievements()): Promise<SeedCounts> {
  const counts: SeedCounts = { assignments: 0, campaignRecommendations: 0, campaignInstitutions: 0, contributionsOpened: 0, contributionsValidated: 0 };
  // Locked: two instances starting together seed one after the other.
  const campaign = await maybeOne<{ id: string; scope: CampaignScope }>(
    manager,
    `SELECT id, scope FROM campaign WHERE title = $1 ORDER BY created_at, id LIMIT 1 FOR UPDATE`,
    [DEMO_CAMPAIGN_TITLE],
  );
  if (!campaign) return counts;

  const planned = await plan(manager, data.contributions);
  if (planned.length === 0) return counts;
  const events: AuditEventInput[] = [];

  // 1. Assignments (catalogue writes first, as every writer does: see docs/architecture.md).
  const created = await many<{ id: string; recommendationId: string; institutionId: string }>(
    manager,
    `INSERT INTO assignment (recommendation_id, institution_id, role)
     SELECT t.r, t.i, 'contributor' FROM unnest($1::uuid[], $2::uuid[]) AS t(r, i)
     ON CONFLICT (recommendation_id, institution_id) DO NOTHING RETURNING id, recommendation_id, institution_id`,
    [planned.map((p) => p.recommendationId), planned.map((p) => p.institutionId)],
  );
  counts['assignments'] = created.length;
  for (const a of created) {
    events.push({
      action: 'assignment.create',
      entityType: 'assignment',
      entityId: a.id,
      changes: { recommendationId: { before: null, after: a.recommendationId }, institutionId: { before: null, after: a.institutionId }, role: { before: null, after: 'contributor' }, seed: true },
    });
  }

  // 2. The campaign's scope and institutions, and the drafts it opens for them.
  const repository = new CampaignsRepository(manager.connection, new RecommendationsRepository(manager.connection));
  const inScope = new Set(campaign.scope.recommendationIds ?? []);
  const addedRecommendations = campaign.scope.recommendationIds ? unique(planned.map((p) => p.recommendationId).filter((id) => !inScope.has(id))) : [];
  const concerned = new Set((await many<{ institutionId: string }>(manager, `SELECT institution_id FROM campaign_institution WHERE campaign_id = $1`, [campaign.id])).map((r) => r.institutionId));
  const addedInstitutions = unique(planned.map((p) => p.institutionId).filter((id) => !concerned.has(id)));
  const scope: CampaignScope = addedRecommendations.length ? { ...campaign.scope, recommendationIds: [...(campaign.scope.recommendationIds ?? []), ...addedRecommendations] } : campaign.scope;
  if (addedRecommendations.length) {
    await manager.query(`UPDATE campaign SET scope = $2::jsonb, version = version + 1, updated_at = now() WHERE id = $1`, [campaign.id, JSON.stringify(scope)]);
  }
  let opened = 0;
  if (addedInstitutions.length) {
    await repository.addInstitutions(manager, campaign.id, addedInstitutions);
    opened += await repository.createExpectedContributions(manager, campaign.id, scope, addedInstitutions);
  }
  if (addedRecommendations.length && concerned.size) {
    opened += await repository.createExpectedContributions(manager, campaign.id, { ...scope, recommendationIds: addedRecommendations }, [...concerned]);
  }
  // An assignment created after the campaign opened, for an institution it already concerned.
  opened += (
    await many<{ id: string }>(
      manager,
      `INSERT INTO contribution (campaign_id, assignment_id, institution_id, recommendation_id, supersedes_id)
       SELECT $1, a.id, a.institution_id, a.recommendation_id,
              (SELECT p.id FROM contribution p WHERE p.assignment_id = a.id ORDER BY p.created_at DESC, p.id LIMIT 1)
         FROM assignment a JOIN unnest($2::uuid[], $3::uuid[]) AS t(r, i) ON a.recommendation_id = t.r AND a.institution_id = t.i
       ON CONFLICT (campaign_id, assignment_id) DO NOTHING RETURNING id`,
      [campaign.id, planned.map((p) => p.recommendationId), planned.map((p) => p.institutionId)],
    )
  ).length;
  counts['campaignRecommendations'] = addedRecommendations.length;
  counts['campaignInstitutions'] = addedInstitutions.length;
  counts['contributionsOpened'] = opened;
  if (addedRecommendations.length || addedInstitutions.length || opened) {
    events.push({
      action: 'campaign.extend',
      entityType: 'campaign',
      entityId: campaign.id,
      changes: { recommendationIds: { added: addedRecommendations }, institutionIds: { added: addedInstitutions }, expectedContributions: opened, seed: true },
    });
  }

  // 3. Each untouched draft: content, then submitted, approved and validated in one step.
  const states = new Map(
    (
      await many<ContributionState>(
        manager,
        `SELECT c.id, c.recommendation_id, c.institution_id, c.status, c.version, c.implementation_status, c.measures, c.indicators
           FROM contribution c JOIN unnest($2::uuid[], $3::uuid[]) AS t(r, i) ON c.recommendation_id = t.r AND c.institution_id = t.i
          WHERE c.campaign_id = $1`,
        [campaign.id, planned.map((p) => p.recommendationId), planned.map((p) => p.institutionId)],
      )
    ).map((row) => [pairKey(row.recommendationId, row.institutionId), row]),
  );
  const contributions = new ContributionsRepository(manager.connection);
  const now = await contributions.transactionTime(manager);
  let validated = 0;
  for (const p of planned) {
    const state = states.get(pairKey(p.recommendationId, p.institutionId));
    if (!state || state.status !== 'draft' || state.version !== 1) continue;
    const measures = contributionText(p.achievement);
    const { implementationStatus, indicators } = p.achievement;
    const patch = contributions.columns({ implementationStatus, measures, indicators, status: 'validated', submittedAt: now, validatedAt: now });
    if (!(await updateIfVersion(manager, 'contribution', state.id, state.version, patch, { status: 'draft' }))) continue;
    validated++;
    events.push({
      action: 'contribution.validate',
      entityType: 'contribution',
      entityId: state.id,
      changes: {
        status: { before: state.status, after: 'validated' },
        implementationStatus: { before: state.implementationStatus, after: implementationStatus },
        measures: { before: state.measures, after: measures },
        indicators: { before: state.indicators, after: indicators },
        sources: p.achievement.sources,
        seed: true,
      },
    });
  }

  counts['contributionsValidated'] = validated;
  for (const event of events) await appendAuditEvent(manager, SYSTEM_ACTOR, event);
  return counts;
}

/** The entries whose institution and recommendation exist (the demo catalogue may have been edited since). */
async function plan(manager: EntityManager, achievements: readonly DemoAchievement[]): Promise<Planned[]> {
  const institutions = new Map(
    (await many<{ id: string; code: string }>(manager, `SELECT id, code FROM institution WHERE code = ANY($1::text[])`, [unique(achievements.map((a) => a.institution))])).map((r) => [r.code, r.id]),
  );
  const rows = await many<{ id: string; documentSymbol: string | null; paragraph: string | null; externalCode: string | null }>(
    manager,
    `SELECT id, document_symbol, paragraph, external_code FROM recommendation WHERE document_symbol = ANY($1::text[]) AND paragraph = ANY($2::text[])`,
    [unique(achievements.map((a) => a.recommendation.documentSymbol)), unique(achievements.map((a) => a.recommendation.paragraph))],
  );
  const recommendations = new Map<string, string[]>();
  for (const row of rows) recommendations.set(recommendationKey(row), [...(recommendations.get(recommendationKey(row)) ?? []), row.id]);
  const planned: Planned[] = [];
  for (const achievement of achievements) {
    const institutionId = institutions.get(achievement.institution);
    const matches = recommendations.get(recommendationKey(achievement.recommendation)) ?? [];
    // Ambiguous (several rows) or gone: nothing to attach the contribution to.
    if (institutionId && matches.length === 1) planned.push({ achievement, institutionId, recommendationId: matches[0]! });
  }
  return planned;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
