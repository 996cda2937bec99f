/**
 * Contribution state machine: the ONE definition used by the API (to accept or refuse a transition) and
 * by the SPA (to show only the buttons that will work).
 *
 *   draft --submit(focal_point)--> submitted --approve(validator)--> approved --validate(coordinator)--> validated
 *                                  submitted --return(validator)---> returned
 *                                  approved  --return(coordinator)-> returned
 *   returned --revise(focal_point)--> draft   (done automatically when the focal point edits it)
 *
 * An institution with no active validator (e.g. a ministry that named only a focal point) would leave
 * its submitted contributions waiting forever. Rows marked `when: 'no_validator'` apply only then: the
 * submit notifies the coordinators instead, and the coordinator approves and validates in one step
 * (`submitted --validate--> validated`) or returns it. Rows marked `when: 'has_validator'` apply only
 * when the institution has one. The condition is read when the step is taken (a validator named later
 * takes the queue back); an unknown condition counts as "has a validator" (deny by default).
 *
 * `validated` is final: the contribution is locked and may be quoted in reports.
 */
import type { Confidentiality, ContributionStatus } from './enums.js';
import { hasPermission, Permission } from './permissions.js';
import type { Role } from './roles.js';

export const CONTRIBUTION_ACTIONS = ['submit', 'approve', 'return', 'validate', 'revise'] as const;
export type ContributionAction = (typeof CONTRIBUTION_ACTIONS)[number];

/** Who hears of a step: the contribution's institution's focal points or validators, or every coordinator. */
export type NotifiedParty = 'focal_point' | 'validator' | 'coordinator';

/** The notification (and mail) type a step sends. */
export type ContributionNotification = 'contribution.submitted' | 'contribution.approved' | 'contribution.returned' | 'contribution.validated';

/** A mail whose text differs from the notification type's usual one (it says why the reader gets it). */
export type ContributionMail = 'contribution.submitted_no_validator';

/** Condition on the contribution's institution under which a row applies (absent: always). */
export type ContributionCondition = 'has_validator' | 'no_validator';

/** What the rules read of the contribution's institution when a step is taken. */
export interface ContributionContext {
  /** The institution has at least one active validator. */
  readonly institutionHasValidator: boolean;
}

/** Deny by default: without knowing better, the institution's validator reviews. */
export const DEFAULT_CONTRIBUTION_CONTEXT: ContributionContext = Object.freeze({ institutionHasValidator: true });

/** Content a contribution must have before a step (submit): the fields the SPA lists as missing. */
export const CONTRIBUTION_REQUIRED_FIELDS = ['implementationStatus', 'measures'] as const;
export type ContributionRequiredField = (typeof CONTRIBUTION_REQUIRED_FIELDS)[number];

export interface ContributionTransition {
  readonly from: ContributionStatus;
  readonly action: ContributionAction;
  readonly to: ContributionStatus;
  readonly roles: readonly Role[];
  /** A comment is required (a return must say why, so the focal point knows what to fix). */
  readonly requiresComment: boolean;
  /** Fields that must be filled before the step. */
  readonly requires: readonly ContributionRequiredField[];
  /** What the step tells whom; none for `revise` (the focal point's own edit). */
  readonly notify: { readonly type: ContributionNotification; readonly to: readonly NotifiedParty[]; readonly mail?: ContributionMail } | null;
  /** The row applies only under this condition on the institution (absent: always). */
  readonly when?: ContributionCondition;
}

export const CONTRIBUTION_TRANSITIONS: readonly ContributionTransition[] = Object.freeze([
  { from: 'draft', action: 'submit', to: 'submitted', roles: ['focal_point'], requiresComment: false, requires: ['implementationStatus', 'measures'], notify: { type: 'contribution.submitted', to: ['validator'] }, when: 'has_validator' },
  { from: 'draft', action: 'submit', to: 'submitted', roles: ['focal_point'], requiresComment: false, requires: ['implementationStatus', 'measures'], notify: { type: 'contribution.submitted', to: ['coordinator'], mail: 'contribution.submitted_no_validator' }, when: 'no_validator' },
  { from: 'submitted', action: 'approve', to: 'approved', roles: ['validator'], requiresComment: false, requires: [], notify: { type: 'contribution.approved', to: ['coordinator', 'focal_point'] } },
  { from: 'submitted', action: 'return', to: 'returned', roles: ['validator'], requiresComment: true, requires: [], notify: { type: 'contribution.returned', to: ['focal_point'] } },
  { from: 'submitted', action: 'return', to: 'returned', roles: ['coordinator'], requiresComment: true, requires: [], notify: { type: 'contribution.returned', to: ['focal_point'] }, when: 'no_validator' },
  { from: 'submitted', action: 'validate', to: 'validated', roles: ['coordinator'], requiresComment: false, requires: [], notify: { type: 'contribution.validated', to: ['focal_point'] }, when: 'no_validator' },
  { from: 'approved', action: 'return', to: 'returned', roles: ['coordinator'], requiresComment: true, requires: [], notify: { type: 'contribution.returned', to: ['focal_point', 'validator'] } },
  { from: 'approved', action: 'validate', to: 'validated', roles: ['coordinator'], requiresComment: false, requires: [], notify: { type: 'contribution.validated', to: ['focal_point', 'validator'] } },
  { from: 'returned', action: 'revise', to: 'draft', roles: ['focal_point'], requiresComment: false, requires: [], notify: null },
] as const satisfies readonly ContributionTransition[]);

/** Statuses with no outgoing transition: the record is locked. */
export const FINAL_CONTRIBUTION_STATUSES: readonly ContributionStatus[] = ['validated'];

/** Actions whose every row requires a comment (derived from the table). */
export const actionsRequiringComment: readonly ContributionAction[] = CONTRIBUTION_ACTIONS.filter((action) => {
  const rows = CONTRIBUTION_TRANSITIONS.filter((t) => t.action === action);
  return rows.length > 0 && rows.every((t) => t.requiresComment);
});

/** Whether a row applies to a contribution whose institution is in this context. */
export function transitionApplies(row: ContributionTransition, context: ContributionContext = DEFAULT_CONTRIBUTION_CONTEXT): boolean {
  if (row.when === 'has_validator') return context.institutionHasValidator;
  if (row.when === 'no_validator') return !context.institutionHasValidator;
  return true;
}

/**
 * The table row for a step from a status in this context, if any; with `role`, the row of that role
 * (two roles may take the same step, e.g. `submitted/return` by the validator or, with none, by the coordinator).
 */
export function findContributionTransition(
  from: ContributionStatus,
  action: ContributionAction,
  context: ContributionContext = DEFAULT_CONTRIBUTION_CONTEXT,
  role?: Role,
): ContributionTransition | undefined {
  const rows = CONTRIBUTION_TRANSITIONS.filter((t) => t.from === from && t.action === action && transitionApplies(t, context));
  return (role ? rows.find((t) => t.roles.includes(role)) : undefined) ?? rows[0];
}

/** Who reviews a submitted contribution of the institution first: its validator, or the coordinator when it has none. */
export function contributionReviewer(context: ContributionContext = DEFAULT_CONTRIBUTION_CONTEXT): 'validator' | 'coordinator' {
  return context.institutionHasValidator ? 'validator' : 'coordinator';
}

/** The content a contribution needs before the step, empty when it may proceed. */
export function missingForTransition(
  from: ContributionStatus,
  action: ContributionAction,
  content: { readonly implementationStatus?: string | null; readonly measures?: string | null },
): ContributionRequiredField[] {
  const row = findContributionTransition(from, action);
  if (!row) return [];
  return row.requires.filter((field) => (field === 'measures' ? !(content.measures ?? '').trim() : !content.implementationStatus));
}

/**
 * The statuses waiting on a role ("my work") in a context: those from which the role has a step other
 * than `revise`, plus `returned` for focal points (they revise it by editing).
 */
export function contributionStatusesAwaiting(role: Role, context: ContributionContext = DEFAULT_CONTRIBUTION_CONTEXT): ContributionStatus[] {
  const rows = CONTRIBUTION_TRANSITIONS.filter((t) => transitionApplies(t, context) && t.roles.includes(role));
  const statuses = new Set<ContributionStatus>(rows.filter((t) => t.action !== 'revise').map((t) => t.from));
  if (rows.some((t) => t.action === 'revise')) statuses.add('returned');
  return [...statuses];
}

/**
 * A role's queue as a query needs it: the statuses waiting on it whatever the institution, and those
 * waiting on it only for institutions without an active validator (the coordinator's `submitted`).
 */
export function contributionQueue(role: Role): { always: ContributionStatus[]; withoutValidator: ContributionStatus[] } {
  const withValidator = contributionStatusesAwaiting(role, { institutionHasValidator: true });
  const without = contributionStatusesAwaiting(role, { institutionHasValidator: false });
  return { always: withValidator.filter((s) => without.includes(s)), withoutValidator: without.filter((s) => !withValidator.includes(s)) };
}

/** Whether the role may edit the content in this status (those who write contributions, while draft or returned). */
export function canEditContribution(status: ContributionStatus, role: Role): boolean {
  return hasPermission(role, Permission.ContributionWrite) && EDITABLE_CONTRIBUTION_STATUSES.includes(status);
}

/** Focal points may edit content only while the contribution is theirs (a returned one reverts to draft). */
export const EDITABLE_CONTRIBUTION_STATUSES: readonly ContributionStatus[] = ['draft', 'returned'];

/** Roles that may download `restricted` evidence of any institution (the institution's own people always may). */
export const RESTRICTED_EVIDENCE_READERS: readonly Role[] = ['coordinator', 'auditor'];

/**
 * Whether a caller who can see the contribution may download one of its files: `restricted` ones only
 * by the contribution's institution and the roles above (not the platform admin).
 */
export function canDownloadEvidence(confidentiality: Confidentiality, role: Role, ownInstitution: boolean): boolean {
  return confidentiality !== 'restricted' || ownInstitution || RESTRICTED_EVIDENCE_READERS.includes(role);
}

export function isContributionAction(x: unknown): x is ContributionAction {
  return typeof x === 'string' && (CONTRIBUTION_ACTIONS as readonly string[]).includes(x);
}

export function availableContributionActions(status: ContributionStatus, role: Role, context: ContributionContext = DEFAULT_CONTRIBUTION_CONTEXT): ContributionAction[] {
  return [...new Set(CONTRIBUTION_TRANSITIONS.filter((t) => t.from === status && t.roles.includes(role) && transitionApplies(t, context)).map((t) => t.action))];
}

export type ContributionTransitionResult =
  | { ok: true; to: ContributionStatus }
  | { ok: false; reason: 'illegal_transition' | 'forbidden_role' };

/**
 * `illegal_transition` when no row applying in the context matches (status, action) (e.g. the
 * coordinator validating a submitted contribution of an institution that has a validator),
 * `forbidden_role` when one exists but for other roles: the API maps them to 409 and 403 respectively.
 */
export function transitionContribution(
  status: ContributionStatus,
  action: ContributionAction,
  role: Role,
  context: ContributionContext = DEFAULT_CONTRIBUTION_CONTEXT,
): ContributionTransitionResult {
  const rows = CONTRIBUTION_TRANSITIONS.filter((t) => t.from === status && t.action === action && transitionApplies(t, context));
  if (rows.length === 0) return { ok: false, reason: 'illegal_transition' };
  const row = rows.find((t) => t.roles.includes(role));
  return row ? { ok: true, to: row.to } : { ok: false, reason: 'forbidden_role' };
}
