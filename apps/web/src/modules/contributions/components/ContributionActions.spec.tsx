import { fireEvent, screen, waitFor } from '@testing-library/react';
import { availableContributionActions, CONTRIBUTION_STATUSES, ROLES, type ContributionStatus, type Role } from '@sidh/domain';
import type { ContributionDetail } from '../../../app/api-types';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { ContributionActions } from './ContributionActions';

const contribution = (status: ContributionStatus, content: Partial<ContributionDetail> = { implementationStatus: 'in_progress', measures: 'Mesures' }) =>
  ({ id: 'c-1', status, version: 7, availableActions: [], canEdit: false, ...content }) as unknown as ContributionDetail;

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
    renderWithProviders(<ContributionActions loaded={{ data: contribution(status), etag: '"7"' }} role={role} />);
    expect(buttons().sort()).toEqual([...expected].sort());
  });

  it('shows, for every status × role, exactly the steps of the shared state machine (revise happens by editing)', () => {
    mockFetch(() => undefined);
    const seen: Array<{ status: ContributionStatus; role: Role; shown: string[] }> = [];
    for (const status of CONTRIBUTION_STATUSES) {
      for (const role of ROLES) {
        const { unmount } = renderWithProviders(<ContributionActions loaded={{ data: contribution(status), etag: '"7"' }} role={role} />);
        const shown = buttons().sort();
        seen.push({ status, role, shown });
        const allowed = availableContributionActions(status, role).filter((a) => a !== 'revise');
        expect({ status, role, shown }).toEqual({ status, role, shown: [...allowed].sort() });
        unmount();
      }
    }
    // A concrete case, by hand: a validator on a submitted contribution sees exactly Approve and Return.
    expect(seen.find((s) => s.status === 'submitted' && s.role === 'validator')!.shown).toEqual(['approve', 'return']);
  });

  it('lists the fields a step still needs and refuses the click until they are filled', () => {
    mockFetch(() => undefined);
    renderWithProviders(
      <ContributionActions loaded={{ data: contribution('draft', { implementationStatus: null, measures: '  ' }), etag: '"7"' }} role="focal_point" />,
      { lang: 'fr' },
    );
    expect((screen.getByTestId('action-submit') as HTMLButtonElement).disabled).toBe(true);
    const missing = screen.getByTestId('missing-fields');
    expect(missing.dataset['fields']).toBe('implementationStatus measures');
    expect(missing.textContent).toContain('État de mise en œuvre');
    expect(missing.textContent).toContain('Mesures prises');
  });

  it('return asks for a comment and sends it with the action and If-Match', async () => {
    const calls = mockFetch((call) =>
      call.url.endsWith('/transitions')
        ? { status: 200, body: { ...contribution('returned'), version: 8 }, headers: { ETag: '"8"' } }
        : undefined,
    );
    renderWithProviders(<ContributionActions loaded={{ data: contribution('approved'), etag: '"7"' }} role="coordinator" />);
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

  it('without a validator, the coordinator approves and validates a submitted contribution in one step, or returns it', async () => {
    const calls = mockFetch((call) =>
      call.url.endsWith('/transitions') ? { status: 200, body: { ...contribution('validated'), reviewer: 'coordinator', version: 8 }, headers: { ETag: '"8"' } } : undefined,
    );
    const submitted = { ...contribution('submitted'), reviewer: 'coordinator' } as ContributionDetail;
    renderWithProviders(<ContributionActions loaded={{ data: submitted, etag: '"7"' }} role="coordinator" />, { lang: 'fr' });
    expect(buttons().sort()).toEqual(['return', 'validate']);
    expect(screen.getByTestId('action-validate').textContent).toBe('Approuver et valider');
    expect(screen.getByTestId('validate-direct-help').textContent).toMatch(/pas de validateur actif/);
    fireEvent.click(screen.getByTestId('action-validate'));
    await waitFor(() => expect(calls.filter((c) => c.url.endsWith('/transitions'))).toHaveLength(1));
    expect(calls.find((c) => c.url.endsWith('/transitions'))!.body).toEqual({ action: 'validate' });
  });

  it('with a validator, the coordinator has no step on a submitted contribution', () => {
    mockFetch(() => undefined);
    const submitted = { ...contribution('submitted'), reviewer: 'validator' } as ContributionDetail;
    renderWithProviders(<ContributionActions loaded={{ data: submitted, etag: '"7"' }} role="coordinator" />);
    expect(buttons()).toEqual([]);
  });
});
