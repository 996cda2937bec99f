import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ContributionDetail } from '../../../app/api-types';
import { mockFetch, renderWithProviders, type FetchCall } from '../../../test/render';
import { ContributionEditor } from './ContributionEditor';

const base: ContributionDetail = {
  id: 'c-1',
  campaign: { id: 'cp-1', title: 'CAT 5e rapport', deadline: '2099-03-31' },
  assignment: { id: 'a-1', role: 'lead', dueDate: null },
  institution: { id: 'i-1', code: 'MJ', nameAr: 'وزارة العدل', nameFr: 'Ministère de la Justice', nameEn: 'Ministry of Justice' },
  recommendation: { id: 'r-1', mechanism: 'TREATY_BODY', kind: 'recommendation', bodyCode: 'CAT', documentSymbol: 'CAT/C/MAR/CO/4', paragraph: '12', textAr: null, textFr: 'Texte', textEn: null },
  status: 'draft',
  implementationStatus: 'in_progress',
  overdue: false,
  supersedesId: null,
  supersededById: null,
  submittedAt: null,
  validatedAt: null,
  availableActions: ['submit'],
  canEdit: true,
  reviewer: 'validator',
  updatedBy: null,
  version: 3,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
  measures: 'Mesures initiales',
  challenges: '',
  nextSteps: '',
  indicators: [],
  evidence: [],
};

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

function setup(onPatch: (call: FetchCall, n: number) => Reply, onTransition?: (call: FetchCall) => Reply) {
  let n = 0;
  const calls = mockFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
    if (call.method === 'PATCH' && call.url === '/api/v1/contributions/c-1') return onPatch(call, ++n);
    if (call.method === 'POST' && call.url.endsWith('/transitions')) return onTransition?.(call);
    return undefined;
  });
  renderWithProviders(<ContributionEditor loaded={{ data: base, etag: '"3"' }} role="focal_point" delayMs={30} />, { lang: 'fr' });
  return { patches: () => calls.filter((c) => c.method === 'PATCH'), calls };
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('ContributionEditor', () => {
  it('saves the draft automatically, once, after typing stops: only the changed fields, with If-Match', async () => {
    const { patches } = setup((call) => ({
      status: 200,
      body: { ...base, ...(call.body as object), version: 4 },
      headers: { ETag: '"4"' },
    }));
    type('field-measures', 'Mesures a');
    type('field-measures', 'Mesures ab');
    type('field-challenges', 'Manque de moyens');
    expect(screen.getByTestId('save-state').dataset['state']).toBe('pending');
    await waitFor(() => expect(screen.getByTestId('save-state').dataset['state']).toBe('saved'));
    expect(patches()).toHaveLength(1);
    expect(patches()[0]!.headers['if-match']).toBe('"3"');
    expect(patches()[0]!.body).toEqual({ measures: 'Mesures ab', challenges: 'Manque de moyens' });

    // The next save uses the new version.
    type('field-nextSteps', 'Adopter le décret');
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1]!.headers['if-match']).toBe('"4"');
    expect(patches()[1]!.body).toEqual({ nextSteps: 'Adopter le décret' });
  });

  it('sends indicator rows once named, and none after they are removed', async () => {
    const { patches } = setup((call) => ({ status: 200, body: { ...base, ...(call.body as object), version: 4 }, headers: { ETag: '"4"' } }));
    fireEvent.click(screen.getByTestId('indicator-add'));
    expect(screen.getAllByTestId('indicator-row')).toHaveLength(1);
    type('indicator-name', 'Magistrats formés');
    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0]!.body).toEqual({
      indicators: [{ name: 'Magistrats formés', type: 'process', unit: null, baseline: null, target: null, value: null, date: null }],
    });
    await waitFor(() => expect(screen.getByTestId('save-state').dataset['state']).toBe('saved'));
    fireEvent.click(screen.getByTestId('indicator-remove'));
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1]!.body).toEqual({ indicators: [] });
  });

  it('on 412 stops autosaving, shows who saved and the differing fields; reapply sends mine on their version', async () => {
    const theirs = { ...base, version: 5, measures: 'Version de Samira', challenges: 'Budget' };
    const { patches } = setup((call, n) =>
      n === 1
        ? {
            status: 412,
            body: {
              code: 'concurrency.stale',
              message: 'stale',
              details: { current: theirs, lastChange: { actorName: 'Samira Alaoui', actorRole: 'focal_point', occurredAt: '2025-02-03T10:15:00Z' } },
            },
          }
        : { status: 200, body: { ...theirs, ...(call.body as object), version: 6 }, headers: { ETag: '"6"' } },
    );
    type('field-measures', 'Ma version');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('conflict-who').textContent).toContain('Samira Alaoui');
    expect(within(dialog).getByTestId('conflict-field-measures').textContent).toContain('Version de Samira');
    expect(within(dialog).getByTestId('conflict-field-measures').textContent).toContain('Ma version');
    expect(within(dialog).getByTestId('conflict-field-challenges').textContent).toContain('Budget');
    expect(screen.getByTestId('save-state').dataset['state']).toBe('conflict');
    // No further save while the conflict is open.
    await new Promise((r) => setTimeout(r, 100));
    expect(patches()).toHaveLength(1);

    fireEvent.click(within(dialog).getByTestId('conflict-reapply'));
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1]!.headers['if-match']).toBe('"5"');
    expect(patches()[1]!.body).toEqual({ measures: 'Ma version' });
    await waitFor(() => expect(screen.getByTestId('save-state').dataset['state']).toBe('saved'));
    // Their other change is kept.
    expect((screen.getByTestId('field-challenges') as HTMLTextAreaElement).value).toBe('Budget');
  });

  it('on 412, reload takes their version and drops mine', async () => {
    const theirs = { ...base, version: 5, measures: 'Version de Samira' };
    const { patches } = setup(() => ({
      status: 412,
      body: { code: 'concurrency.stale', message: 'stale', details: { current: theirs, lastChange: null } },
    }));
    type('field-measures', 'Ma version');
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('conflict-reload'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((screen.getByTestId('field-measures') as HTMLTextAreaElement).value).toBe('Version de Samira');
    await new Promise((r) => setTimeout(r, 100));
    expect(patches()).toHaveLength(1);
  });

  it('on 412 from a person no longer named, says "someone"', async () => {
    const theirs = { ...base, version: 5, measures: 'Version enregistrée' };
    setup(() => ({
      status: 412,
      body: {
        code: 'concurrency.stale',
        message: 'stale',
        details: { current: theirs, lastChange: { actorName: null, actorRole: 'focal_point', occurredAt: '2025-02-03T10:15:00Z' } },
      },
    }));
    type('field-measures', 'Ma version');
    const dialog = await screen.findByRole('dialog');
    const who = within(dialog).getByTestId('conflict-who').textContent!;
    expect(who).toContain("Enregistrée par Quelqu'un (Point focal)");
    expect(who).not.toContain('null');
  });

  it('shows what Submit still needs while the content is edited, before any click', async () => {
    setup((call) => ({ status: 200, body: { ...base, ...(call.body as object), version: 4 }, headers: { ETag: '"4"' } }));
    expect(screen.queryByTestId('missing-fields')).toBeNull();
    expect((screen.getByTestId('action-submit') as HTMLButtonElement).disabled).toBe(false);
    type('field-measures', '   ');
    expect(screen.getByTestId('missing-fields').textContent).toBe("À renseigner d'abord : Mesures prises.");
    expect((screen.getByTestId('action-submit') as HTMLButtonElement).disabled).toBe(true);
    type('field-measures', 'Décret publié');
    expect(screen.queryByTestId('missing-fields')).toBeNull();
    expect((screen.getByTestId('action-submit') as HTMLButtonElement).disabled).toBe(false);
    await waitFor(() => expect(screen.getByTestId('save-state').dataset['state']).toBe('saved'));
  });

  it('submit saves pending changes first, then posts the transition with the new version', async () => {
    const { calls } = setup(
      (call) => ({ status: 200, body: { ...base, ...(call.body as object), version: 4 }, headers: { ETag: '"4"' } }),
      () => ({ status: 200, body: { ...base, status: 'submitted', canEdit: false, availableActions: [], version: 5 }, headers: { ETag: '"5"' } }),
    );
    type('field-measures', 'Mesures complètes');
    fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/transitions'))).toBe(true));
    const order = calls.filter((c) => c.method !== 'GET' && !c.url.includes('/auth/')).map((c) => `${c.method} ${c.url}`);
    expect(order).toEqual(['PATCH /api/v1/contributions/c-1', 'POST /api/v1/contributions/c-1/transitions']);
    const transition = calls.find((c) => c.url.endsWith('/transitions'))!;
    expect(transition.body).toEqual({ action: 'submit' });
    expect(transition.headers['if-match']).toBe('"4"');
  });
});
