import fc from 'fast-check';
import {
  CONTRIBUTION_ACTIONS,
  CONTRIBUTION_TRANSITIONS,
  actionsRequiringComment,
  availableContributionActions,
  isContributionAction,
  transitionContribution,
  type ContributionAction,
} from './contribution-workflow.js';
import { CONTRIBUTION_STATUSES, type ContributionStatus } from './enums.js';
import { ROLES } from './roles.js';

describe('contribution workflow', () => {
  it('follows the happy path', () => {
    expect(transitionContribution('draft', 'submit', 'focal_point')).toEqual({ ok: true, to: 'submitted' });
    expect(transitionContribution('submitted', 'approve', 'validator')).toEqual({ ok: true, to: 'approved' });
    expect(transitionContribution('approved', 'validate', 'coordinator')).toEqual({ ok: true, to: 'validated' });
  });

  it('returns and revises', () => {
    expect(transitionContribution('submitted', 'return', 'validator')).toEqual({ ok: true, to: 'returned' });
    expect(transitionContribution('approved', 'return', 'coordinator')).toEqual({ ok: true, to: 'returned' });
    expect(transitionContribution('returned', 'revise', 'focal_point')).toEqual({ ok: true, to: 'draft' });
  });

  it('distinguishes illegal transitions from forbidden roles', () => {
    expect(transitionContribution('draft', 'validate', 'coordinator')).toEqual({
      ok: false,
      reason: 'illegal_transition',
    });
    expect(transitionContribution('submitted', 'return', 'coordinator')).toEqual({
      ok: false,
      reason: 'forbidden_role',
    });
    expect(transitionContribution('approved', 'return', 'validator')).toEqual({ ok: false, reason: 'forbidden_role' });
    expect(transitionContribution('draft', 'submit', 'admin')).toEqual({ ok: false, reason: 'forbidden_role' });
  });

  it('validated is final for every role and action', () => {
    for (const role of ROLES) {
      expect(availableContributionActions('validated', role)).toEqual([]);
      for (const a of CONTRIBUTION_ACTIONS) {
        expect(transitionContribution('validated', a, role)).toEqual({ ok: false, reason: 'illegal_transition' });
      }
    }
  });

  it('lists available actions per status and role', () => {
    expect(availableContributionActions('draft', 'focal_point')).toEqual(['submit']);
    expect(availableContributionActions('submitted', 'validator')).toEqual(['approve', 'return']);
    expect(availableContributionActions('approved', 'coordinator')).toEqual(['return', 'validate']);
    expect(availableContributionActions('returned', 'focal_point')).toEqual(['revise']);
    expect(availableContributionActions('submitted', 'focal_point')).toEqual([]);
    for (const s of CONTRIBUTION_STATUSES) {
      expect(availableContributionActions(s, 'auditor')).toEqual([]);
      expect(availableContributionActions(s, 'admin')).toEqual([]);
    }
  });

  it('table is deterministic: at most one target per (from, action)', () => {
    const keys = new Map<string, string>();
    for (const t of CONTRIBUTION_TRANSITIONS) {
      const k = `${t.from}/${t.action}`;
      if (keys.has(k)) expect(keys.get(k)).toBe(t.to);
      keys.set(k, t.to);
    }
  });

  it('only return requires a comment', () => {
    expect(actionsRequiringComment).toEqual(['return']);
  });

  it('isContributionAction', () => {
    expect(isContributionAction('submit')).toBe(true);
    expect(isContributionAction('delete')).toBe(false);
    expect(isContributionAction(3)).toBe(false);
  });

  it('random sequences stay inside the machine (property)', () => {
    const step = fc.tuple(fc.constantFrom(...CONTRIBUTION_ACTIONS), fc.constantFrom(...ROLES));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let status: ContributionStatus = 'draft';
        for (const [action, role] of steps) {
          const before: ContributionStatus = status;
          const r = transitionContribution(before, action as ContributionAction, role);
          if (!r.ok) continue;
          expect(before).not.toBe('validated');
          expect(
            CONTRIBUTION_TRANSITIONS.some(
              (t) => t.from === before && t.action === action && t.to === r.to && t.roles.includes(role),
            ),
          ).toBe(true);
          expect(availableContributionActions(before, role)).toContain(action);
          status = r.to;
          expect(CONTRIBUTION_STATUSES).toContain(status);
        }
      }),
      { numRuns: 500 },
    );
  });
});
