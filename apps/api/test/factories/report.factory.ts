import type { ContributionQueryDto, IndicatorDto } from '../../src/modules/contributions/dto/contribution.dto.js';
import { AuditWriter, SYSTEM_ACTOR } from '../../src/audit/audit.writer.js';
import type { AuthUser } from '../../src/common/auth-user.js';
import { many } from '../../src/database/sql.js';
import { ContributionsService } from '../../src/modules/contributions/contributions.service.js';
import type { CreateRecommendationDto } from '../../src/modules/recommendations/dto/recommendation.dto.js';
import type { CreateReportDto, ReportDetailDto } from '../../src/modules/reports/dto/report.dto.js';
import { ReportsService } from '../../src/modules/reports/reports.service.js';
import { DEMO, type TestContext } from '../harness.js';
import { assignmentFactory } from './assignment.factory.js';
import { accountOf, actorOf, campaignFactory } from './campaign.factory.js';
import { recommendationFactory } from './recommendation.factory.js';
import { userFactory } from './user.factory.js';

/** What one institution reports on one item, validated through the real workflow. */
export interface ValidatedInput {
  itemId: string;
  measures: string;
  indicators?: IndicatorDto[];
}

/** The people of one institution who write and approve its contributions. */
export interface Reporters {
  institutionId: string;
  focalPoint: AuthUser;
  validator: AuthUser;
}

export interface NewQuestionsOptions {
  /** The committee, by code: `CAT` by default. */
  bodyCode?: string;
  /** The list of issues: `CAT/C/MAR/QPR/5` by default. */
  symbol?: string;
  /** Questions numbered 1..count (paragraphs), inserted in a shuffled order. */
  count?: number;
}

/**
 * Reports and what they are made of: catalogue items (recommendations through the real service,
 * questions set-based with one `recommendation.create` event naming each), validated contributions
 * through the real workflow (assignment, campaign, save, submit, approve, validate), and reports
 * through ReportsService.
 */
export function reportFactory(ctx: TestContext) {
  const recommendations = recommendationFactory(ctx);
  const assignments = assignmentFactory(ctx);
  const campaigns = campaignFactory(ctx);
  const users = userFactory(ctx);
  const contributions = ctx.app.get(ContributionsService);
  let justice: Promise<Reporters> | null = null;

  return {
    bodyId: (code: string) => recommendations.bodyId(code),

    /** A recommendation of `bodyCode` (UPR by default) through RecommendationsService. */
    async newItem(overrides: Partial<CreateRecommendationDto> = {}, bodyCode = 'UPR'): Promise<string> {
      return (await recommendations.newRecommendation(overrides, { bodyCode })).id;
    },

    /**
     * `count` questions of a list of issues (kind `question`, paragraphs 1..count), inserted in a
     * shuffled order in one transaction with one audit event per question. Returns their ids by paragraph.
     */
    async newQuestions(options: NewQuestionsOptions = {}): Promise<string[]> {
      const count = options.count ?? 30;
      const symbol = options.symbol ?? 'CAT/C/MAR/QPR/5';
      const bodyId = await recommendations.bodyId(options.bodyCode ?? 'CAT');
      // A fixed permutation (so runs are reproducible) that is far from the numeric order.
      const order = Array.from({ length: count }, (_, i) => ((i * 7) % count) + 1);
      if (new Set(order).size !== count) throw new Error('the permutation must cover every paragraph');
      const audit = ctx.app.get(AuditWriter);
      return ctx.dataSource.transaction(async (manager) => {
        const rows = await many<{ id: string; paragraph: string }>(
          manager,
          `INSERT INTO recommendation (kind, mechanism, body_id, document_symbol, paragraph, text_fr, text_en, status)
           SELECT 'question', 'TREATY_BODY', $1, $2, p::text, 'Question ' || p || ' : informations sur les mesures prises.', 'Question ' || p || ': information on the measures taken.', 'not_started'
             FROM unnest($3::int[]) WITH ORDINALITY AS t(p, n) ORDER BY t.n
           RETURNING id, paragraph`,
          [bodyId, symbol, order],
        );
        await audit.appendMany(
          manager,
          SYSTEM_ACTOR,
          rows.map((r) => ({ action: 'recommendation.create', entityType: 'recommendation', entityId: r.id, changes: { kind: 'question', documentSymbol: symbol, paragraph: r.paragraph } })),
        );
        return rows.sort((a, b) => Number(a.paragraph) - Number(b.paragraph)).map((r) => r.id);
      });
    },

    /** The demo Justice ministry's focal point and validator. */
    justice(): Promise<Reporters> {
      justice ??= (async () => {
        const focalPoint = await accountOf(ctx, DEMO.focalJustice);
        return { institutionId: focalPoint.institutionId!, focalPoint, validator: await accountOf(ctx, DEMO.validatorJustice) };
      })();
      return justice;
    },

    /** A new institution (names `nameFr`…), with a focal point and a validator. */
    async newReporters(names: { nameFr: string; nameAr: string; nameEn: string }): Promise<Reporters> {
      const institution = await users.newInstitution(names);
      const focal = await users.newUser({ role: 'focal_point', institutionId: institution.id, locale: 'fr' });
      const validator = await users.newUser({ role: 'validator', institutionId: institution.id, locale: 'fr' });
      return { institutionId: institution.id, focalPoint: await accountOf(ctx, focal.email), validator: await accountOf(ctx, validator.email) };
    },

    /**
     * One validated contribution per input, by `reporters` (the Justice ministry by default): each
     * item is assigned to the institution (lead; `assign: false` when it already is, for a later
     * contribution on the same assignment), one campaign asks for all of them, and each draft is
     * saved, submitted, approved and validated through ContributionsService. Returns the
     * contribution ids in the inputs' order.
     */
    async validate(inputs: readonly ValidatedInput[], reporters?: Reporters, options: { assign?: boolean } = {}): Promise<string[]> {
      const who = reporters ?? (await this.justice());
      const coordinator = await accountOf(ctx, DEMO.coordinator);
      if (options.assign ?? true) {
        for (const input of inputs) await assignments.newAssignment({ recommendationId: input.itemId, institutionId: who.institutionId, role: 'lead' });
      }
      const campaign = await campaigns.newCampaign({ scope: { recommendationIds: inputs.map((i) => i.itemId) }, institutionIds: [who.institutionId] }, { by: coordinator });
      const drafts = (await contributions.list({ campaignId: campaign.id, page: 1, pageSize: 100 } as ContributionQueryDto, coordinator)).items;
      const ids: string[] = [];
      for (const input of inputs) {
        const draft = drafts.find((d) => d.recommendation.id === input.itemId);
        if (!draft) throw new Error(`the campaign opened no contribution for ${input.itemId}`);
        const current = await contributions.get(draft.id, who.focalPoint);
        await contributions.update(
          draft.id,
          current.version,
          { implementationStatus: 'in_progress', measures: input.measures, ...(input.indicators ? { indicators: input.indicators } : {}) },
          who.focalPoint,
          actorOf(who.focalPoint),
        );
        await contributions.transition(draft.id, null, { action: 'submit' }, who.focalPoint, actorOf(who.focalPoint));
        await contributions.transition(draft.id, null, { action: 'approve' }, who.validator, actorOf(who.validator));
        await contributions.transition(draft.id, null, { action: 'validate' }, coordinator, actorOf(coordinator));
        ids.push(draft.id);
      }
      return ids;
    },

    /** A report created through ReportsService by the demo coordinator. */
    async newReport(input: CreateReportDto): Promise<ReportDetailDto> {
      const coordinator = await accountOf(ctx, DEMO.coordinator);
      return ctx.app.get(ReportsService).create(input, coordinator, actorOf(coordinator));
    },
  };
}
