import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { RecommendationDetail } from '../../../app/api-types';
import { mockFetch, renderWithProviders, type FetchCall } from '../../../test/render';
import { recommendationDetail } from '../test-fixtures';
import { EditRecommendationForm } from './EditRecommendationForm';

const base: RecommendationDetail = recommendationDetail();
const theirs: RecommendationDetail = { ...base, version: 5, textFr: 'Texte modifié par Karim', status: 'implemented' };

function setup(respond: (call: FetchCall, patchCount: number) => { status: number; body?: unknown; headers?: Record<string, string> }) {
  let patches = 0;
  const calls = mockFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
    if (call.method === 'PATCH') return respond(call, ++patches);
    return undefined;
  });
  const done: Array<RecommendationDetail | null> = [];
  renderWithProviders(<EditRecommendationForm loaded={{ data: base, etag: '"4"' }} onDone={(r) => done.push(r)} />, {
    lang: 'fr',
  });
  return { calls, done, patchCalls: () => calls.filter((c) => c.method === 'PATCH') };
}

const stale = {
  status: 412,
  body: {
    code: 'concurrency.stale',
    message: 'stale',
    details: { current: theirs, lastChange: { actorName: 'Karim Alaoui', actorRole: 'coordinator', occurredAt: '2025-02-03T10:15:00Z' } },
  },
};

function editFrenchText(value: string) {
  fireEvent.change(screen.getByTestId('edit-textFr'), { target: { value } });
  fireEvent.click(screen.getByTestId('edit-save'));
}

describe('EditRecommendationForm', () => {
  it('sends only the changed fields with If-Match', async () => {
    const { patchCalls, done } = setup(() => ({ status: 200, body: { ...base, textFr: 'Nouveau', version: 5 }, headers: { ETag: '"5"' } }));
    editFrenchText('Nouveau');
    await waitFor(() => expect(done).toHaveLength(1));
    expect(patchCalls()).toHaveLength(1);
    expect(patchCalls()[0]!.url).toBe('/api/v1/recommendations/rec-1');
    expect(patchCalls()[0]!.headers['if-match']).toBe('"4"');
    expect(patchCalls()[0]!.body).toEqual({ textFr: 'Nouveau' });
  });

  it('on 412 shows who changed it and when, and the fields that differ', async () => {
    setup(() => stale);
    editFrenchText('Ma version');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('conflict-who').textContent).toContain('Karim Alaoui (Coordinateur)');
    expect(within(dialog).getByTestId('conflict-who').textContent).toMatch(/2025/);
    const row = within(dialog).getByTestId('conflict-field-textFr');
    expect(row.textContent).toContain('Texte (français)');
    expect(row.textContent).toContain('Texte modifié par Karim');
    expect(row.textContent).toContain('Ma version');
    // Only fields I changed are listed: the status they changed is not a conflict of mine.
    expect(within(dialog).queryByTestId('conflict-field-status')).toBeNull();
  });

  it('"Reapply my changes" retries with the new ETag', async () => {
    const { patchCalls, done } = setup((_call, n) =>
      n === 1 ? stale : { status: 200, body: { ...theirs, textFr: 'Ma version', version: 6 }, headers: { ETag: '"6"' } },
    );
    editFrenchText('Ma version');
    fireEvent.click(await screen.findByTestId('conflict-reapply'));
    await waitFor(() => expect(done).toHaveLength(1));
    expect(patchCalls().map((c) => c.headers['if-match'])).toEqual(['"4"', '"5"']);
    expect(patchCalls()[1]!.body).toEqual({ textFr: 'Ma version' });
    expect(done[0]!.version).toBe(6);
  });

  it('"Reload" discards my changes and loads theirs, and the next save uses their ETag', async () => {
    const { patchCalls } = setup((_call, n) => (n === 1 ? stale : { status: 200, body: { ...theirs, version: 6 } }));
    editFrenchText('Ma version');
    fireEvent.click(await screen.findByTestId('conflict-reload'));
    await waitFor(() => expect((screen.getByTestId('edit-textFr') as HTMLTextAreaElement).value).toBe('Texte modifié par Karim'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(patchCalls()).toHaveLength(1);
    editFrenchText('Encore une autre');
    await waitFor(() => expect(patchCalls()).toHaveLength(2));
    expect(patchCalls()[1]!.headers['if-match']).toBe('"5"');
  });

  it('shows field errors from the API under the fields, translated', async () => {
    setup(() => ({
      status: 400,
      body: { code: 'validation.failed', message: 'invalid', details: { fields: { textFr: 'validation.maxLength', paragraph: 'validation.required' } } },
    }));
    editFrenchText('x'.repeat(10));
    expect(await screen.findByText('Ce texte est trop long.')).toBeTruthy();
    expect(screen.getByText('Ce champ est obligatoire.')).toBeTruthy();
  });
});
