/**
 * Institution administration (issue 13): the refusals the API answers with, the e-mail domain rule
 * of invitations, the parent-cycle check and the focal-point reminder rule. One definition for the
 * API (which refuses) and the SPA (which warns before the click).
 */

export const InstitutionAdminError = {
  /** 409: another institution already has this code. */
  CodeTaken: 'institution.code_taken',
  /** 422: the parent chosen is the institution itself or one of its descendants. */
  ParentCycle: 'institution.parent_cycle',
  /** 409: the institution is deactivated (or merged): no new assignment, campaign row, invitation or designation. */
  Inactive: 'institution.inactive',
  /** 409: a merge that is not possible (`details.reason`: self, source_inactive, target_inactive, cycle). */
  MergeRefused: 'institution.merge_refused',
  /** 409: both institutions wrote a contribution for the same recommendation in the same campaign. */
  MergeConflict: 'institution.merge_conflict',
  /** 422: the invitation's e-mail is outside the institution's domains (`details.domains`). */
  EmailDomain: 'institution.email_domain',
  /** 422: a designated user is not an active focal point of the institution (`details.userIds`). */
  DesignationInvalid: 'institution.designation_invalid',
} as const;
export type InstitutionAdminError = (typeof InstitutionAdminError)[keyof typeof InstitutionAdminError];
export const INSTITUTION_ADMIN_ERROR_CODES: readonly InstitutionAdminError[] = Object.freeze(Object.values(InstitutionAdminError));

/** Why a merge is refused (`details.reason` of `institution.merge_refused`). */
/** `changed_meanwhile`: a record joined the source while the merge ran (e.g. an invitation accepted); nothing is written, the merge can be retried. */
export const MERGE_REFUSAL_REASONS = ['self', 'source_inactive', 'target_inactive', 'cycle', 'changed_meanwhile'] as const;
export type MergeRefusalReason = (typeof MERGE_REFUSAL_REASONS)[number];

/** A domain as stored: lower case, no leading `@`, at least one dot, letters, digits and hyphens. */
export const EMAIL_DOMAIN_PATTERN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** At most this many domains per institution. */
export const EMAIL_DOMAINS_MAX = 20;

/** `' @Justice.GOV.ma '` → `'justice.gov.ma'`. */
export function normaliseEmailDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^@/, '');
}

/**
 * Whether an e-mail address may be invited to an institution with these domains: any address when
 * the institution sets none; otherwise the address's domain must be one of them or a sub-domain of
 * one (`x@dajg.justice.gov.ma` for `justice.gov.ma`).
 */
export function emailDomainAllowed(email: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const domain = email.slice(at + 1).trim().toLowerCase();
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/**
 * Whether giving `institutionId` the parent `parentId` would make a cycle: `parentOf` maps every
 * institution to its current parent. True when the parent is the institution itself or one of its
 * descendants (walking up from the parent meets the institution).
 */
export function wouldMakeCycle(institutionId: string, parentId: string | null, parentOf: ReadonlyMap<string, string | null>): boolean {
  const seen = new Set<string>();
  for (let at: string | null = parentId; at !== null; at = parentOf.get(at) ?? null) {
    if (at === institutionId) return true;
    if (seen.has(at)) return true; // an existing cycle: refuse rather than loop
    seen.add(at);
  }
  return false;
}

export const FOCAL_POINT_DESIGNATIONS = ['main', 'alternate'] as const;
export type FocalPointDesignation = (typeof FOCAL_POINT_DESIGNATIONS)[number];

/** A focal point as the reminder rule sees them. */
export interface ReminderCandidate {
  id: string;
  /** `main`, `alternate` or null (not designated: counts as an alternate). */
  focalPointKind: string | null;
}

/**
 * Who gets a reminder (documented rule, docs in the institutions module):
 * - before the deadline (`due_soon`): the **main** focal point only; when the institution has no
 *   active main focal point, every active focal point (so nobody is left unreminded);
 * - once overdue (`overdue`, or a manual reminder after the deadline): the main focal point **and**
 *   every alternate, the main first.
 * `candidates` are the institution's active focal points, oldest account first; the first `main`
 * among them is the main focal point (a second `main`, from an old invitation, counts as an alternate).
 */
export function reminderRecipients<T extends ReminderCandidate>(candidates: readonly T[], overdue: boolean): T[] {
  const main = candidates.find((c) => c.focalPointKind === 'main');
  if (!main) return [...candidates];
  if (!overdue) return [main];
  return [main, ...candidates.filter((c) => c !== main)];
}
