/**
 * Closed vocabularies shared by the API (DB check constraints, DTO validation) and the SPA (selects, labels).
 * Each list is the single source of truth; the union type and the type guard are derived from it so they
 * can never drift apart.
 */

/** Build a type guard for a readonly string list (inputs from HTTP/CSV are `unknown`). */
function guard<const T extends readonly string[]>(values: T): (x: unknown) => x is T[number] {
  const set = new Set<string>(values);
  return (x: unknown): x is T[number] => typeof x === 'string' && set.has(x);
}

/** UI/content languages; Arabic first because it is the primary official language of the first deployment. */
export const LOCALES = ['ar', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const isLocale: (x: unknown) => x is Locale = guard(LOCALES);
/** Right-to-left layout is needed for Arabic only among the supported locales. */
export function isRtl(locale: Locale): boolean {
  return locale === 'ar';
}

/** What a catalogue item is: a recommendation, or a question of a committee's list of issues (answered the same way). */
export const ITEM_KINDS = ['recommendation', 'question'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const isItemKind: (x: unknown) => x is ItemKind = guard(ITEM_KINDS);

export const MECHANISMS = ['UPR', 'TREATY_BODY', 'SPECIAL_PROCEDURE'] as const;
export type Mechanism = (typeof MECHANISMS)[number];
export const isMechanism: (x: unknown) => x is Mechanism = guard(MECHANISMS);

/** The state's response to a UPR recommendation (treaty bodies and special procedures have none). */
export const RECOMMENDATION_RESPONSES = ['supported', 'supported_in_part', 'noted'] as const;
export type RecommendationResponse = (typeof RECOMMENDATION_RESPONSES)[number];
export const isRecommendationResponse: (x: unknown) => x is RecommendationResponse = guard(RECOMMENDATION_RESPONSES);

export const IMPLEMENTATION_STATUSES = [
  'not_started',
  'in_progress',
  'partially_implemented',
  'implemented',
  'continuous',
  'not_applicable',
] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];
export const isImplementationStatus: (x: unknown) => x is ImplementationStatus = guard(IMPLEMENTATION_STATUSES);

/** An institution leads a recommendation (its status counts for consolidation) or contributes to it. */
export const ASSIGNMENT_ROLES = ['lead', 'contributor'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
export const isAssignmentRole: (x: unknown) => x is AssignmentRole = guard(ASSIGNMENT_ROLES);

/** See contribution-workflow.ts for the allowed transitions. */
export const CONTRIBUTION_STATUSES = ['draft', 'submitted', 'approved', 'validated', 'returned'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];
export const isContributionStatus: (x: unknown) => x is ContributionStatus = guard(CONTRIBUTION_STATUSES);

/** Confidentiality of evidence: only `public` may appear on the public portal. */
export const CONFIDENTIALITY = ['public', 'internal', 'restricted'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY)[number];
export const isConfidentiality: (x: unknown) => x is Confidentiality = guard(CONFIDENTIALITY);

/** OHCHR human-rights indicator framework (HRI/MC/2008/3). */
export const INDICATOR_TYPES = ['structural', 'process', 'outcome'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
export const isIndicatorType: (x: unknown) => x is IndicatorType = guard(INDICATOR_TYPES);

export const INSTITUTION_TYPES = [
  'ministry',
  'public_agency',
  'independent_institution',
  'judiciary',
  'parliament',
  'other',
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];
export const isInstitutionType: (x: unknown) => x is InstitutionType = guard(INSTITUTION_TYPES);
