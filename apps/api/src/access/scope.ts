import { isInstitutionScoped } from '@sidh/domain';
import type { AuthUser } from '../common/auth-user.js';
import type { SqlParams } from '../database/sql.js';

/**
 * Which records a caller may see: every record (coordinator, auditor, admin) or those of one
 * institution (focal points and validators). An account with a scoped role and no institution
 * never gets this far: the JWT strategy refuses it.
 */
export type Scope = { readonly kind: 'all' } | { readonly kind: 'institution'; readonly institutionId: string };

export const ALL: Scope = Object.freeze({ kind: 'all' });

export function scopeFor(user: Pick<AuthUser, 'role' | 'institutionId'>): Scope {
  if (!isInstitutionScoped(user.role)) return ALL;
  if (!user.institutionId) throw new Error('scoped account without institution');
  return { kind: 'institution', institutionId: user.institutionId };
}

/** The institution of a scoped caller, else null. */
export const scopedInstitution = (scope: Scope): string | null => (scope.kind === 'institution' ? scope.institutionId : null);

/** The kinds of record that belong to institutions, and how each reaches its institution. */
export type ScopedEntity = 'recommendation' | 'assignment' | 'contribution' | 'evidence' | 'campaign' | 'institution' | 'user';

const TABLES: Record<ScopedEntity, string> = {
  recommendation: 'recommendation',
  assignment: 'assignment',
  contribution: 'contribution',
  evidence: 'evidence',
  campaign: 'campaign',
  institution: 'institution',
  user: 'app_user',
};

export const tableOf = (entity: ScopedEntity): string => TABLES[entity];

/**
 * The one place the institution-scope clause is written. `alias` is the entity's table alias in
 * the caller's statement; the institution id goes in as a parameter. Null for an unscoped caller.
 *
 * - a recommendation is visible to an institution it is assigned to;
 * - an assignment or contribution, to its institution;
 * - evidence, to its contribution's institution;
 * - a campaign, to the institutions it concerns;
 * - an institution, to itself;
 * - a user account, to its institution.
 */
export function scopeClause(scope: Scope, entity: ScopedEntity, alias: string, params: SqlParams): string | null {
  if (scope.kind === 'all') return null;
  const institution = `${params.add(scope.institutionId)}::uuid`;
  switch (entity) {
    case 'recommendation':
      return `EXISTS (SELECT 1 FROM assignment scope_a WHERE scope_a.recommendation_id = ${alias}.id AND scope_a.institution_id = ${institution})`;
    case 'assignment':
    case 'contribution':
    case 'user':
      return `${alias}.institution_id = ${institution}`;
    case 'evidence':
      return `EXISTS (SELECT 1 FROM contribution scope_c WHERE scope_c.id = ${alias}.contribution_id AND scope_c.institution_id = ${institution})`;
    case 'campaign':
      return `EXISTS (SELECT 1 FROM campaign_institution scope_ci WHERE scope_ci.campaign_id = ${alias}.id AND scope_ci.institution_id = ${institution})`;
    case 'institution':
      return `${alias}.id = ${institution}`;
  }
}

/** `AND <clause>` or nothing: for statements that already have a WHERE. */
export function andScope(scope: Scope, entity: ScopedEntity, alias: string, params: SqlParams): string {
  const clause = scopeClause(scope, entity, alias, params);
  return clause ? ` AND ${clause}` : '';
}
