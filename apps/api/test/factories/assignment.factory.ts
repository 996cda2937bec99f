import type { AssignmentRole } from '@sidh/domain';
import { SYSTEM_ACTOR, type AuditActor } from '../../src/audit/audit.writer.js';
import { AssignmentsService } from '../../src/modules/assignments/assignments.service.js';
import type { AssignmentDto } from '../../src/modules/assignments/dto/assignment.dto.js';
import { InstitutionsService } from '../../src/modules/institutions/institutions.service.js';
import type { TestContext } from '../harness.js';
import { recommendationFactory } from './recommendation.factory.js';

export interface NewAssignment {
  /** Default: a new recommendation (see `newRecommendationId`), so the pair is never taken. */
  recommendationId: string;
  /** Default: the first institution of the directory. */
  institutionId: string;
  role: AssignmentRole;
  dueDate: string | null;
  actor: AuditActor;
}

/**
 * Assignments created through the real service (existence checks, conflict, one audit event);
 * the recommendations they need come from the recommendation factory.
 */
export function assignmentFactory(ctx: TestContext) {
  const assignments = ctx.app.get(AssignmentsService);
  const recommendations = recommendationFactory(ctx);
  return {
    /** A new recommendation (the recommendation factory's default), assigned to no one. */
    async newRecommendationId(actor: AuditActor = SYSTEM_ACTOR): Promise<string> {
      return (await recommendations.newRecommendation({}, { actor })).id;
    },

    /** An institution's id by its code (`MJ`, `MI`…). */
    async institutionId(code: string): Promise<string> {
      const institution = (await ctx.app.get(InstitutionsService).list()).find((i) => i.code === code);
      if (!institution) throw new Error(`no institution ${code}`);
      return institution.id;
    },

    async newAssignment(overrides: Partial<NewAssignment> = {}): Promise<AssignmentDto> {
      const input: NewAssignment = {
        recommendationId: overrides.recommendationId ?? (await this.newRecommendationId()),
        institutionId: overrides.institutionId ?? (await ctx.app.get(InstitutionsService).list())[0]!.id,
        role: 'lead',
        dueDate: null,
        actor: SYSTEM_ACTOR,
        ...overrides,
      };
      return assignments.create({ recommendationId: input.recommendationId, institutionId: input.institutionId, role: input.role, dueDate: input.dueDate }, input.actor);
    },
  };
}
