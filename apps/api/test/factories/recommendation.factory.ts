import { SYSTEM_ACTOR, type AuditActor } from '../../src/audit/audit.writer.js';
import type { CreateRecommendationDto, RecommendationDetailDto } from '../../src/modules/recommendations/dto/recommendation.dto.js';
import { RecommendationsService } from '../../src/modules/recommendations/recommendations.service.js';
import { ReferenceService } from '../../src/modules/reference/reference.service.js';
import type { TestContext } from '../harness.js';

export interface NewRecommendationOptions {
  /** Who creates it (the audit event's actor); the system by default. */
  actor?: AuditActor;
  /** The body, by code, when `bodyId` is not given; `UPR` by default. */
  bodyCode?: string;
}

/**
 * Recommendations created through the real service (validation, links, one audit event, catalogue
 * stamp): by default a UPR recommendation with a French and an English text, numbered so that
 * each is distinct.
 */
export function recommendationFactory(ctx: TestContext) {
  const service = ctx.app.get(RecommendationsService);
  const reference = ctx.app.get(ReferenceService);
  let sequence = 0;
  return {
    /** The id of a body, by code (reference data, through the reference service). */
    async bodyId(code = 'UPR'): Promise<string> {
      const body = (await reference.bodies()).find((b) => b.code === code);
      if (!body) throw new Error(`no body ${code}`);
      return body.id;
    },

    async newRecommendation(overrides: Partial<CreateRecommendationDto> = {}, options: NewRecommendationOptions = {}): Promise<RecommendationDetailDto> {
      const n = ++sequence;
      const input: CreateRecommendationDto = {
        bodyId: overrides.bodyId ?? (await this.bodyId(options.bodyCode)),
        textFr: `Recommandation de test ${n}`,
        textEn: `Test recommendation ${n}`,
        ...overrides,
      };
      return service.create(input, options.actor ?? SYSTEM_ACTOR);
    },
  };
}
