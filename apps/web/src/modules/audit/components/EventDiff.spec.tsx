import { screen } from '@testing-library/react';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { EventDiff } from './EventDiff';

const EVENT = {
  id: '42',
  occurredAt: '2026-11-27T10:15:00.000Z',
  actorId: '6b1d0c9e-2f0a-4a51-9f57-0c2c9d3f0a11',
  actorName: 'Nadia Bennani',
  actorRole: 'coordinator',
  actorInstitutionId: null,
  actorInstitution: null,
  action: 'recommendation.update',
  entityType: 'recommendation',
  entityId: '01389031-1eb1-458d-9412-cd305d0d547c',
  changes: {},
  requestId: '48f9eb7f-2b83-4d41-9c6f-038ef4714289',
  ip: '127.0.0.1',
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  fields: [
    { field: 'status', kind: 'change', before: 'not_started', after: 'in_progress' },
    { field: 'textFr', kind: 'change', before: 'Adopter une loi contre la torture.', after: 'Adopter sans délai une loi complète contre la torture.' },
    { field: 'textAr', kind: 'change', before: 'اعتماد قانون بشأن التعذيب في أقرب الآجال.', after: 'اعتماد قانون شامل بشأن التعذيب في أقرب الآجال.' },
    { field: 'importId', kind: 'detail', before: null, after: 'job-1' },
  ],
};

beforeEach(() => {
  mockFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
    if (call.url.endsWith('/api/v1/audit/events/42')) return { status: 200, body: EVENT };
    return undefined;
  });
});

describe('EventDiff', () => {
  it('shows who, when, the request id, short values side by side and long texts as word diffs', async () => {
    renderWithProviders(<EventDiff id="42" />, { lang: 'fr' });
    await screen.findByTestId('event-diff');
    expect(screen.getByText('Nadia Bennani')).toBeTruthy();
    expect(screen.getByTestId('event-request-id').textContent).toBe(EVENT.requestId);
    expect(screen.getByText('Non entamée')).toBeTruthy();
    expect(screen.getByText('En cours')).toBeTruthy();
    const fr = screen.getByTestId('word-diff-textFr');
    expect([...fr.querySelectorAll('ins')].map((e) => e.textContent?.trim())).toEqual(['sans délai', 'complète']);
    expect(fr.querySelectorAll('del')).toHaveLength(0);
    expect(fr.textContent).toBe(EVENT.fields[1]!.after);
    expect(screen.getByText('Consigné')).toBeTruthy();
  });

  it('lays the Arabic text out right to left, in the Arabic interface too', async () => {
    renderWithProviders(<EventDiff id="42" />, { lang: 'ar' });
    const ar = await screen.findByTestId('word-diff-textAr');
    expect(ar.getAttribute('dir')).toBe('rtl');
    expect(ar.getAttribute('lang')).toBe('ar');
    expect([...ar.querySelectorAll('ins')].map((e) => e.textContent?.trim())).toEqual(['شامل']);
    expect(screen.getByText('من')).toBeTruthy();
  });
});
