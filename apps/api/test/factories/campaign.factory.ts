import type { AuditActor } from '../../src/audit/audit.writer.js';
import type { AuthUser } from '../../src/common/auth-user.js';
import { one } from '../../src/database/sql.js';
import { CampaignsService } from '../../src/modules/campaigns/campaigns.service.js';
import type { CampaignDetailDto, CreateCampaignDto } from '../../src/modules/campaigns/dto/campaign.dto.js';
import { DEMO, type TestContext } from '../harness.js';
import { assignmentFactory } from './assignment.factory.js';

/** A demo account as the services receive it (the request's user). */
export async function accountOf(ctx: TestContext, email: string): Promise<AuthUser> {
  const user = await one<Omit<AuthUser, 'sessionId'>>(ctx.dataSource.manager, `SELECT id, email, name, role, institution_id, locale FROM app_user WHERE email = $1`, [email]);
  return { ...user, sessionId: 'factory' };
}

/** The audit actor of a request by `user`. */
export const actorOf = (user: AuthUser): AuditActor => ({ userId: user.id, role: user.role, institutionId: user.institutionId, requestId: null, ip: null });

/** A date `days` from today (YYYY-MM-DD). */
export const inDays = (days: number): string => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);

export interface NewCampaignOptions {
  /** Who opens it: the demo coordinator by default. */
  by?: AuthUser;
  /** The institution concerned when `institutionIds` is not given: `MJ` by default. */
  institutionCode?: string;
}

/**
 * Campaigns opened through the real service (institutions checked, one draft per assignment in
 * scope, one `campaign.open` event). By default: one new recommendation assigned (lead) to the
 * Justice ministry, due in 20 days (before the demo campaign, which stays first in the list).
 */
export function campaignFactory(ctx: TestContext) {
  const service = ctx.app.get(CampaignsService);
  const assignments = assignmentFactory(ctx);
  let sequence = 0;
  return {
    /** A new recommendation assigned to the institution (through the assignments factory). */
    async newAssignedRecommendation(institutionId: string, role: 'lead' | 'contributor' = 'lead'): Promise<string> {
      const recommendationId = await assignments.newRecommendationId();
      await assignments.newAssignment({ recommendationId, institutionId, role });
      return recommendationId;
    },

    async newCampaign(overrides: Partial<CreateCampaignDto> = {}, options: NewCampaignOptions = {}): Promise<CampaignDetailDto> {
      const n = ++sequence;
      const by = options.by ?? (await accountOf(ctx, DEMO.coordinator));
      const institutionIds = overrides.institutionIds ?? [await assignments.institutionId(options.institutionCode ?? 'MJ')];
      const input: CreateCampaignDto = {
        title: `Factory campaign ${n}`,
        description: 'Opened by the test factory',
        deadline: inDays(20),
        scope: overrides.scope ?? { recommendationIds: [await this.newAssignedRecommendation(institutionIds[0]!)] },
        ...overrides,
        institutionIds,
      };
      return service.create(input, by, actorOf(by));
    },
  };
}
