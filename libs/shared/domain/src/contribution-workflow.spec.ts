import fc from 'fast-check';
import {
  CONTRIBUTION_ACTIONS,
  CONTRIBUTION_REQUIRED_FIELDS,
  CONTRIBUTION_TRANSITIONS,
  EDITABLE_CONTRIBUTION_STATUSES,
  actionsRequiringComment,
  availableContributionActions,
  canDownloadEvidence,
  canEditContribution,
  contributionQueue,
  contributionReviewer,
  contributionStatusesAwaiting,
  findContributionTransition,
  isContributionAction,
  missingForTransition,
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

describe('contribution transition table: comments, required content, notifications', () => {
  const row = (from: ContributionStatus, action: ContributionAction) => findContributionTransition(from, action);

  it('finds the row of a step, and none for a step that does not exist', () => {
    expect(row('draft', 'submit')).toMatchObject({ from: 'draft', action: 'submit', to: 'submitted', roles: ['focal_point'] });
    expect(row('approved', 'return')).toMatchObject({ to: 'returned', roles: ['coordinator'] });
    expect(row('draft', 'approve')).toBeUndefined();
    expect(row('validated', 'return')).toBeUndefined();
  });

  it('requires a comment on both returns and on no other step', () => {
    const withComment = CONTRIBUTION_TRANSITIONS.filter((t) => t.requiresComment).map((t) => `${t.from}/${t.action}/${t.roles.join()}`);
    expect(withComment).toEqual(['submitted/return/validator', 'submitted/return/coordinator', 'approved/return/coordinator']);
  });

  it('notifies, per step, exactly these parties with this notification type', () => {
    const table = Object.fromEntries(CONTRIBUTION_TRANSITIONS.map((t) => [`${t.from}/${t.action}/${t.roles.join()}${t.when ? `/${t.when}` : ''}`, t.notify]));
    expect(table).toEqual({
      'draft/submit/focal_point/has_validator': { type: 'contribution.submitted', to: ['validator'] },
      'draft/submit/focal_point/no_validator': { type: 'contribution.submitted', to: ['coordinator'], mail: 'contribution.submitted_no_validator' },
      'submitted/approve/validator': { type: 'contribution.approved', to: ['coordinator', 'focal_point'] },
      'submitted/return/validator': { type: 'contribution.returned', to: ['focal_point'] },
      'submitted/return/coordinator/no_validator': { type: 'contribution.returned', to: ['focal_point'] },
      'submitted/validate/coordinator/no_validator': { type: 'contribution.validated', to: ['focal_point'] },
      'approved/return/coordinator': { type: 'contribution.returned', to: ['focal_point', 'validator'] },
      'approved/validate/coordinator': { type: 'contribution.validated', to: ['focal_point', 'validator'] },
      'returned/revise/focal_point': null,
    });
  });

  it('only submit requires content: the implementation status, then the measures', () => {
    const requiring = CONTRIBUTION_TRANSITIONS.filter((t) => t.requires.length > 0).map((t) => [`${t.from}/${t.action}`, t.requires]);
    expect(requiring).toEqual([
      ['draft/submit', ['implementationStatus', 'measures']],
      ['draft/submit', ['implementationStatus', 'measures']],
    ]);
    expect(CONTRIBUTION_REQUIRED_FIELDS).toEqual(['implementationStatus', 'measures']);
  });
});

describe('an institution without an active validator', () => {
  const none = { institutionHasValidator: false };
  const some = { institutionHasValidator: true };

  it('with a validator, the coordinator cannot skip it: validating or returning a submitted contribution is refused', () => {
    expect(transitionContribution('submitted', 'validate', 'coordinator', some)).toEqual({ ok: false, reason: 'illegal_transition' });
    expect(transitionContribution('submitted', 'return', 'coordinator', some)).toEqual({ ok: false, reason: 'forbidden_role' });
    expect(availableContributionActions('submitted', 'coordinator', some)).toEqual([]);
  });

  it('an unknown context counts as "has a validator" (deny by default)', () => {
    expect(transitionContribution('submitted', 'validate', 'coordinator')).toEqual({ ok: false, reason: 'illegal_transition' });
    expect(contributionReviewer()).toBe('validator');
  });

  it('without one, the coordinator approves and validates in one step, or returns with a comment', () => {
    expect(transitionContribution('submitted', 'validate', 'coordinator', none)).toEqual({ ok: true, to: 'validated' });
    expect(transitionContribution('submitted', 'return', 'coordinator', none)).toEqual({ ok: true, to: 'returned' });
    expect(availableContributionActions('submitted', 'coordinator', none)).toEqual(['return', 'validate']);
    expect(findContributionTransition('submitted', 'return', none, 'coordinator')?.requiresComment).toBe(true);
    expect(contributionReviewer(none)).toBe('coordinator');
  });

  it('the submit notifies the coordinators (with the mail that says why) instead of the validators', () => {
    expect(findContributionTransition('draft', 'submit', none)?.notify).toEqual({ type: 'contribution.submitted', to: ['coordinator'], mail: 'contribution.submitted_no_validator' });
    expect(findContributionTransition('draft', 'submit', some)?.notify).toEqual({ type: 'contribution.submitted', to: ['validator'] });
  });

  it('the validated step tells the focal point (there is no validator to tell)', () => {
    expect(findContributionTransition('submitted', 'validate', none)?.notify?.to).toEqual(['focal_point']);
  });

  it('the other steps do not change: the focal point submits the same way, approved ones go on as before', () => {
    expect(transitionContribution('draft', 'submit', 'focal_point', none)).toEqual({ ok: true, to: 'submitted' });
    expect(availableContributionActions('approved', 'coordinator', none)).toEqual(['return', 'validate']);
    expect(missingForTransition('draft', 'submit', {})).toEqual(['implementationStatus', 'measures']);
  });

  it("the coordinator's queue: approved always, submitted only for institutions without a validator", () => {
    expect(contributionStatusesAwaiting('coordinator', none).sort()).toEqual(['approved', 'submitted']);
    expect(contributionQueue('coordinator')).toEqual({ always: ['approved'], withoutValidator: ['submitted'] });
    expect(contributionQueue('validator')).toEqual({ always: ['submitted'], withoutValidator: [] });
    expect(contributionQueue('focal_point')).toEqual({ always: ['draft', 'returned'], withoutValidator: [] });
  });

  it('in both contexts the table stays deterministic: one row per (from, action, role), one target per (from, action)', () => {
    for (const context of [none, some]) {
      for (const from of CONTRIBUTION_STATUSES) {
        for (const action of CONTRIBUTION_ACTIONS) {
          for (const role of ROLES) {
            const rows = CONTRIBUTION_TRANSITIONS.filter((t) => t.from === from && t.action === action && t.roles.includes(role) && (!t.when || (t.when === 'no_validator') === !context.institutionHasValidator));
            expect(rows.length).toBeLessThanOrEqual(1);
          }
        }
      }
    }
  });

  it('random sequences in either context stay inside the machine (property)', () => {
    const step = fc.tuple(fc.constantFrom(...CONTRIBUTION_ACTIONS), fc.constantFrom(...ROLES), fc.boolean());
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let status: ContributionStatus = 'draft';
        for (const [action, role, institutionHasValidator] of steps) {
          const r = transitionContribution(status, action as ContributionAction, role, { institutionHasValidator });
          if (!r.ok) continue;
          expect(status).not.toBe('validated');
          expect(availableContributionActions(status, role, { institutionHasValidator })).toContain(action);
          // only the coordinator, and only without a validator, leaves `submitted` for `validated`
          if (status === 'submitted' && r.to === 'validated') expect([role, institutionHasValidator]).toEqual(['coordinator', false]);
          status = r.to;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('missingForTransition', () => {
  it('lists every missing field before submit, implementation status first', () => {
    expect(missingForTransition('draft', 'submit', {})).toEqual(['implementationStatus', 'measures']);
    expect(missingForTransition('draft', 'submit', { implementationStatus: null, measures: '' })).toEqual(['implementationStatus', 'measures']);
  });

  it('names the measures once the implementation status is set', () => {
    expect(missingForTransition('draft', 'submit', { implementationStatus: 'in_progress', measures: '' })).toEqual(['measures']);
  });

  it('counts blank measures (spaces, new lines) as missing', () => {
    expect(missingForTransition('draft', 'submit', { implementationStatus: 'implemented', measures: '  \n\t ' })).toEqual(['measures']);
  });

  it('names the implementation status alone when only it is missing', () => {
    expect(missingForTransition('draft', 'submit', { implementationStatus: '', measures: 'Loi adoptée' })).toEqual(['implementationStatus']);
  });

  it('is empty when the content is complete', () => {
    expect(missingForTransition('draft', 'submit', { implementationStatus: 'implemented', measures: 'Loi adoptée' })).toEqual([]);
  });

  it('is empty for steps that require nothing, and for steps that do not exist', () => {
    expect(missingForTransition('submitted', 'approve', {})).toEqual([]);
    expect(missingForTransition('approved', 'validate', {})).toEqual([]);
    expect(missingForTransition('returned', 'revise', {})).toEqual([]);
    expect(missingForTransition('submitted', 'submit', {})).toEqual([]);
  });
});

describe('contributionStatusesAwaiting ("my work")', () => {
  it('focal points: drafts and returned contributions', () => {
    expect(contributionStatusesAwaiting('focal_point')).toEqual(['draft', 'returned']);
  });

  it('validators: submitted contributions', () => {
    expect(contributionStatusesAwaiting('validator')).toEqual(['submitted']);
  });

  it('coordinators: approved contributions', () => {
    expect(contributionStatusesAwaiting('coordinator')).toEqual(['approved']);
  });

  it('admins and auditors: nothing', () => {
    expect(contributionStatusesAwaiting('admin')).toEqual([]);
    expect(contributionStatusesAwaiting('auditor')).toEqual([]);
  });
});

describe('canEditContribution', () => {
  it('lets focal points edit drafts and returned contributions only', () => {
    const editable = CONTRIBUTION_STATUSES.filter((s) => canEditContribution(s, 'focal_point'));
    expect(editable).toEqual(['draft', 'returned']);
    expect(editable).toEqual([...EDITABLE_CONTRIBUTION_STATUSES]);
  });

  it('never lets other roles edit, whatever the status', () => {
    for (const role of ROLES.filter((r) => r !== 'focal_point')) {
      expect(CONTRIBUTION_STATUSES.filter((s) => canEditContribution(s, role))).toEqual([]);
    }
  });
});

describe('canDownloadEvidence', () => {
  it('public and internal files: anyone who can see the contribution', () => {
    for (const role of ROLES) {
      expect(canDownloadEvidence('public', role, false)).toBe(true);
      expect(canDownloadEvidence('internal', role, false)).toBe(true);
    }
  });

  it('restricted files: the institution, coordinators and auditors only', () => {
    expect(ROLES.filter((role) => canDownloadEvidence('restricted', role, false)).sort()).toEqual(['auditor', 'coordinator']);
    expect(canDownloadEvidence('restricted', 'focal_point', true)).toBe(true);
    expect(canDownloadEvidence('restricted', 'validator', true)).toBe(true);
    expect(canDownloadEvidence('restricted', 'admin', false)).toBe(false);
  });
});
