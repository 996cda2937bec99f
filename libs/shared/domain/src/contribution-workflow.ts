/**
 * Contribution state machine: the ONE definition used by the API (to accept or refuse a transition) and
 * by the SPA (to show only the buttons that will work).
 *
 *   draft --submit(focal_point)--> submitted --approve(validator)--> approved --validate(coordinator)--> validated
 *                                  submitted --return(validator)---> returned
 *                                  approved  --return(coordinator)-> returned
 *   returned --revise(focal_point)--> draft   (done automatically when the focal point edits it)
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
  readonly notify: { readonly type: ContributionNotification; readonly to: readonly NotifiedParty[] } | null;
}

export const CONTRIBUTION_TRANSITIONS: readonly ContributionTransition[] = Object.freeze([
  { from: 'draft', action: 'submit', to: 'submitted', roles: ['focal_point'], requiresComment: false, requires: ['implementationStatus', 'measures'], notify: { type: 'contribution.submitted', to: ['validator'] } },
  { from: 'submitted', action: 'approve', to: 'approved', roles: ['validator'], requiresComment: false, requires: [], notify: { type: 'contribution.approved', to: ['coordinator', 'focal_point'] } },
  { from: 'submitted', action: 'return', to: 'returned', roles: ['validator'], requiresComment: true, requires: [], notify: { type: 'contribution.returned', to: ['focal_point'] } },
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

/** The table row for a step from a status, if any. */
export function findContributionTransition(from: ContributionStatus, action: ContributionAction): ContributionTransition | undefined {
  return CONTRIBUTION_TRANSITIONS.find((t) => t.from === from && t.action === action);
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
 * The statuses waiting on a role ("my work"): those from which the role has a step other than
 * `revise`, plus `returned` for focal points (they revise it by editing).
 */
export function contributionStatusesAwaiting(role: Role): ContributionStatus[] {
  const statuses = new Set<ContributionStatus>(CONTRIBUTION_TRANSITIONS.filter((t) => t.roles.includes(role) && t.action !== 'revise').map((t) => t.from));
  if (CONTRIBUTION_TRANSITIONS.some((t) => t.action === 'revise' && t.roles.includes(role))) statuses.add('returned');
  return [...statuses];
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

export function availableContributionActions(status: ContributionStatus, role: Role): ContributionAction[] {
  return CONTRIBUTION_TRANSITIONS.filter((t) => t.from === status && t.roles.includes(role)).map((t) => t.action);
}

export type ContributionTransitionResult =
  | { ok: true; to: ContributionStatus }
  | { ok: false; reason: 'illegal_transition' | 'forbidden_role' };

/**
 * `illegal_transition` when no row matches (status, action) at all, `forbidden_role` when it exists but
 * for other roles: the API maps them to 409 and 403 respectively.
 */
export function transitionContribution(
  status: ContributionStatus,
  action: ContributionAction,
  role: Role,
): ContributionTransitionResult {
  const rows = CONTRIBUTION_TRANSITIONS.filter((t) => t.from === status && t.action === action);
  if (rows.length === 0) return { ok: false, reason: 'illegal_transition' };
  const row = rows.find((t) => t.roles.includes(role));
  return row ? { ok: true, to: row.to } : { ok: false, reason: 'forbidden_role' };
}
