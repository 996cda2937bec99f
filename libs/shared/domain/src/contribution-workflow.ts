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
import type { ContributionStatus } from './enums.js';
import type { Role } from './roles.js';

export const CONTRIBUTION_ACTIONS = ['submit', 'approve', 'return', 'validate', 'revise'] as const;
export type ContributionAction = (typeof CONTRIBUTION_ACTIONS)[number];

export interface ContributionTransition {
  readonly from: ContributionStatus;
  readonly action: ContributionAction;
  readonly to: ContributionStatus;
  readonly roles: readonly Role[];
}

export const CONTRIBUTION_TRANSITIONS: readonly ContributionTransition[] = Object.freeze([
  { from: 'draft', action: 'submit', to: 'submitted', roles: ['focal_point'] },
  { from: 'submitted', action: 'approve', to: 'approved', roles: ['validator'] },
  { from: 'submitted', action: 'return', to: 'returned', roles: ['validator'] },
  { from: 'approved', action: 'return', to: 'returned', roles: ['coordinator'] },
  { from: 'approved', action: 'validate', to: 'validated', roles: ['coordinator'] },
  { from: 'returned', action: 'revise', to: 'draft', roles: ['focal_point'] },
] as const satisfies readonly ContributionTransition[]);

/** Statuses with no outgoing transition: the record is locked. */
export const FINAL_CONTRIBUTION_STATUSES: readonly ContributionStatus[] = ['validated'];

/** A return must say why, so the focal point knows what to fix. */
export const actionsRequiringComment: readonly ContributionAction[] = ['return'];

/** Focal points may edit content only while the contribution is theirs (a returned one reverts to draft). */
export const EDITABLE_CONTRIBUTION_STATUSES: readonly ContributionStatus[] = ['draft', 'returned'];

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
