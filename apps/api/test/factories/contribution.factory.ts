import type { AssignmentRole, ContributionAction, ContributionStatus } from '@sidh/domain';
import type { AuthUser } from '../../src/common/auth-user.js';
import { ContributionsService } from '../../src/modules/contributions/contributions.service.js';
import type { ContributionDetailDto, ContributionQueryDto, UpdateContributionDto } from '../../src/modules/contributions/dto/contribution.dto.js';
import { DEMO, type TestContext } from '../harness.js';
import { accountOf, actorOf, campaignFactory } from './campaign.factory.js';

/** Who writes, reviews and validates: by default the demo accounts of the Justice ministry (MJ) and the coordinator. */
export interface Participants {
  focalPoint: AuthUser;
  validator: AuthUser;
  coordinator: AuthUser;
}

export interface NewContribution {
  /** The status to reach, through the real transitions. */
  status: ContributionStatus;
  /**
   * What the focal point saves first. Default: nothing for a draft (so that submit is refused);
   * an implementation status and measures for every later status.
   */
  content: UpdateContributionDto | null;
  /** The validator's comment when the status is `returned`. */
  returnComment: string;
  /** The role of the assignment the contribution answers. */
  assignmentRole: AssignmentRole;
  participants: Partial<Participants>;
}

/** A complete content: what a submit needs. */
export const COMPLETE_CONTENT: UpdateContributionDto = {
  implementationStatus: 'in_progress',
  measures: 'Loi 10.16 adoptée ; **formation** de 300 magistrats.',
};

type Step = { action: ContributionAction; by: keyof Participants };

/** The steps from a new draft to each status (the shortest path of the state machine). */
const PATHS: Record<ContributionStatus, Step[]> = {
  draft: [],
  submitted: [{ action: 'submit', by: 'focalPoint' }],
  approved: [{ action: 'submit', by: 'focalPoint' }, { action: 'approve', by: 'validator' }],
  validated: [{ action: 'submit', by: 'focalPoint' }, { action: 'approve', by: 'validator' }, { action: 'validate', by: 'coordinator' }],
  returned: [{ action: 'submit', by: 'focalPoint' }, { action: 'return', by: 'validator' }],
};

/**
 * Contributions as the workflow makes them: a campaign opened on a new recommendation assigned to
 * the focal point's institution (one draft), the content saved by the focal point, then each step
 * taken by its role through `ContributionsService` (audit events, comments, notifications included).
 */
export function contributionFactory(ctx: TestContext) {
  const service = ctx.app.get(ContributionsService);
  const campaigns = campaignFactory(ctx);
  let people: Promise<Participants> | null = null;
  return {
    /** The demo accounts: focal.justice, validator.justice, coordinator. */
    participants(): Promise<Participants> {
      people ??= (async () => ({
        focalPoint: await accountOf(ctx, DEMO.focalJustice),
        validator: await accountOf(ctx, DEMO.validatorJustice),
        coordinator: await accountOf(ctx, DEMO.coordinator),
      }))();
      return people;
    },

    /** A contribution in `status` (a draft by default), as its focal point reads it. */
    async newContribution(overrides: Partial<NewContribution> = {}): Promise<ContributionDetailDto> {
      const status = overrides.status ?? 'draft';
      const who: Participants = { ...(await this.participants()), ...overrides.participants };
      const institutionId = who.focalPoint.institutionId!;
      const recommendationId = await campaigns.newAssignedRecommendation(institutionId, overrides.assignmentRole ?? 'lead');
      const campaign = await campaigns.newCampaign({ scope: { recommendationIds: [recommendationId] }, institutionIds: [institutionId] }, { by: who.coordinator });
      const query = { campaignId: campaign.id, page: 1, pageSize: 1 } as ContributionQueryDto;
      const [draft] = (await service.list(query, who.coordinator)).items;
      if (!draft) throw new Error('the campaign opened no contribution');
      let contribution = await service.get(draft.id, who.focalPoint);
      const content = overrides.content !== undefined ? overrides.content : status === 'draft' ? null : COMPLETE_CONTENT;
      if (content) contribution = await service.update(contribution.id, contribution.version, content, who.focalPoint, actorOf(who.focalPoint));
      for (const step of PATHS[status]) {
        const user = who[step.by];
        const comment = step.action === 'return' ? (overrides.returnComment ?? 'Ajoutez les chiffres de 2024.') : undefined;
        await service.transition(contribution.id, null, { action: step.action, ...(comment ? { comment } : {}) }, user, actorOf(user));
      }
      return service.get(contribution.id, who.focalPoint);
    },
  };
}
