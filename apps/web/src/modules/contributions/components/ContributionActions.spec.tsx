import { fireEvent, screen, waitFor } from '@testing-library/react';
import { CONTRIBUTION_STATUSES, ROLES, type ContributionStatus, type Role } from '@sidh/domain';
import type { ContributionDetail } from '../../reporting/types';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { ContributionActions, visibleActions } from './ContributionActions';

const contribution = (status: ContributionStatus) =>
  ({ id: 'c-1', status, version: 7, availableActions: [], canEdit: false }) as unknown as ContributionDetail;

function buttons(): string[] {
  return screen.queryAllByTestId(/^action-/).map((b) => b.dataset['testid']!.replace('action-', ''));
}

describe('ContributionActions', () => {
  const table: Array<[ContributionStatus, Role, string[]]> = [
    ['draft', 'focal_point', ['submit']],
    ['draft', 'validator', []],
    ['submitted', 'validator', ['approve', 'return']],
    ['submitted', 'focal_point', []],
    ['submitted', 'coordinator', []],
    ['approved', 'coordinator', ['validate', 'return']],
    ['approved', 'validator', []],
    ['returned', 'focal_point', []], // revise happens by editing, never a button
    ['validated', 'coordinator', []],
    ['validated', 'focal_point', []],
  ];

  it.each(table)('%s as %s shows %j', (status, role, expected) => {
    mockFetch(() => undefined);
    renderWithProviders(<ContributionActions loaded={{ contribution: contribution(status), etag: '"7"' }} role={role} />);
    expect(buttons().sort()).toEqual([...expected].sort());
  });

  it('never shows a step the state machine refuses (every status × role)', () => {
    for (const s of CONTRIBUTION_STATUSES) for (const r of ROLES) for (const a of visibleActions(s, r)) expect(a).not.toBe('revise');
    expect(visibleActions('draft', 'admin')).toEqual([]);
    expect(visibleActions('approved', 'auditor')).toEqual([]);
  });

  it('return asks for a comment and sends it with the action and If-Match', async () => {
    const calls = mockFetch((call) =>
      call.url.endsWith('/transitions')
        ? { status: 200, body: { ...contribution('returned'), version: 8 }, headers: { ETag: '"8"' } }
        : undefined,
    );
    renderWithProviders(<ContributionActions loaded={{ contribution: contribution('approved'), etag: '"7"' }} role="coordinator" />);
    fireEvent.click(screen.getByTestId('action-return'));
    const confirm = await screen.findByTestId('return-confirm');
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('return-comment'), { target: { value: 'Joindre le décret' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(calls.filter((c) => c.url.endsWith('/transitions'))).toHaveLength(1));
    const call = calls.find((c) => c.url.endsWith('/transitions'))!;
    expect(call.body).toEqual({ action: 'return', comment: 'Joindre le décret' });
    expect(call.headers['if-match']).toBe('"7"');
  });
});
