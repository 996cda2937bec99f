import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { countReportDocumentWords } from '@sidh/domain';
import { session } from '../../../app/session';
import { mockFetch, renderApp, type FetchCall } from '../../../test/render';
import { reportRoutes } from '../routes';
import type { ReportDetail, ReportSection } from '../types';

const me = (role: string) => ({ id: 'u1', email: `${role}@demo.sidh`, name: 'Salma Bennani', role, locale: 'fr', institution: null, permissions: [] });

const section = (id: string, position: number, heading: string, body: string, version = 1): ReportSection => ({
  id,
  position,
  key: `item:${id}`,
  heading,
  body,
  itemIds: [`i-${id}`],
  citations: [`A/HRC/36/6, par. 144.${position}`],
  version,
  words: countReportDocumentWords([{ heading, body }]),
  updatedAt: '2026-01-05T10:00:00Z',
  updatedBy: null,
});

function report(patch: Partial<ReportDetail> = {}): ReportDetail {
  const sections = patch.sections ?? [
    section('s1', 1, 'Recommandation 144.1', 'Le Maroc a adopté **la loi 38.15**.'),
    section('s2', 2, 'Recommandation 144.2', '> [À traduire — texte en arabe]\n\nاتخذت الحكومة تدابير.'),
  ];
  const words = countReportDocumentWords(sections);
  return {
    id: 'r-1',
    type: 'upr_mid_term',
    title: 'Rapport à mi-parcours',
    language: 'fr',
    body: { id: 'b-1', code: 'UPR', nameAr: 'الاستعراض', nameFr: 'Examen périodique universel', nameEn: 'Universal periodic review' },
    review: null,
    dueDate: '2026-06-30',
    status: 'draft',
    words,
    wordLimit: 20,
    limitState: 'ok',
    versionCount: 0,
    version: 5,
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-01-05T10:00:00Z',
    groupBy: null,
    createdBy: null,
    versions: [],
    ...patch,
    sections,
  };
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

function setup(
  detail: ReportDetail,
  { role = 'coordinator', onSave, onFinalise }: { role?: string; onSave?: (call: FetchCall) => Reply; onFinalise?: (call: FetchCall) => Reply } = {},
) {
  const calls = mockFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'tok', expiresIn: 900, user: me(role) } };
    if (call.method === 'GET' && call.url === '/api/v1/reports/r-1') return { status: 200, body: detail, headers: { ETag: `"${detail.version}"` } };
    if (call.method === 'PATCH' && call.url.startsWith('/api/v1/reports/r-1/sections/')) return onSave?.(call);
    if (call.method === 'POST' && call.url === '/api/v1/reports/r-1/finalise') return onFinalise?.(call);
    return undefined;
  });
  renderApp(reportRoutes, { lang: 'fr', path: '/reports/r-1' });
  return calls;
}

const bar = () => screen.getAllByTestId('word-count')[0]!;
const bodies = () => screen.getAllByTestId('section-body') as HTMLTextAreaElement[];

describe('ReportEditor', () => {
  afterEach(() => session.setToken(null));

  it('moves the word count as the user types, amber from 90 % of the limit and red over it', async () => {
    const detail = report({ wordLimit: 40 });
    setup(detail);
    await screen.findByTestId('report-editor');
    const start = detail.words;
    expect(bar().dataset).toMatchObject({ words: String(start), state: 'ok', limit: '40' });

    // To exactly 36 words of 40 (90 %): amber.
    const needed = 36 - start;
    const body36 = `${detail.sections[0]!.body} ${Array.from({ length: needed }, (_, i) => `mot${i}`).join(' ')}`;
    fireEvent.change(bodies()[0]!, { target: { value: body36 } });
    await waitFor(() => expect(bar().dataset).toMatchObject({ words: '36', state: 'warning' }));
    expect(within(bar()).getByTestId('word-count-note').textContent).toContain('4');

    // The count is the whole report's, with the edited section's text as typed.
    const over = `${body36} encore cinq mots de plus`;
    fireEvent.change(bodies()[0]!, { target: { value: over } });
    const expected = countReportDocumentWords([{ heading: detail.sections[0]!.heading, body: over }, detail.sections[1]!]);
    await waitFor(() => expect(bar().dataset).toMatchObject({ words: String(expected), state: 'over' }));
    expect(screen.getAllByTestId('report-section')[0]!.dataset['dirty']).toBe('true');
  });

  it('saves a section with If-Match of its version and only what changed; a 412 says who changed it', async () => {
    const detail = report();
    const saves: FetchCall[] = [];
    setup(detail, {
      onSave: (call) => {
        saves.push(call);
        if (saves.length === 1) return { status: 200, body: { ...detail.sections[0]!, ...(call.body as object), version: 2 }, headers: { ETag: '"2"' } };
        return {
          status: 412,
          body: {
            code: 'concurrency.stale',
            message: 'stale',
            details: {
              current: { ...detail.sections[0]!, body: 'Texte de Karim.', version: 3 },
              lastChange: { actorName: 'Karim Alaoui', actorRole: 'admin', occurredAt: '2026-01-06T09:00:00Z' },
            },
          },
        };
      },
    });
    await screen.findByTestId('report-editor');
    const first = () => screen.getAllByTestId('report-section')[0]!;
    fireEvent.change(bodies()[0]!, { target: { value: 'Nouveau texte.' } });
    fireEvent.click(within(first()).getByTestId('section-save'));
    await waitFor(() => expect(within(first()).getByTestId('section-save-state').dataset['state']).toBe('saved'));
    expect(saves[0]!.headers['if-match']).toBe('"1"');
    expect(saves[0]!.body).toEqual({ body: 'Nouveau texte.' });

    fireEvent.change(bodies()[0]!, { target: { value: 'Mon texte.' } });
    fireEvent.click(within(first()).getByTestId('section-save'));
    const dialog = await screen.findByRole('dialog');
    expect(saves[1]!.headers['if-match']).toBe('"2"');
    expect(within(dialog).getByTestId('conflict-who').textContent).toContain('Karim Alaoui');
    expect(within(dialog).getByTestId('conflict-field-body').textContent).toContain('Texte de Karim.');
    fireEvent.click(within(dialog).getByTestId('conflict-reload'));
    await waitFor(() => expect(bodies()[0]!.value).toBe('Texte de Karim.'));
  });

  it('finalises over the limit only once the confirmation is ticked, and sends it', async () => {
    const long = section('s1', 1, 'Recommandation 144.1', Array.from({ length: 30 }, (_, i) => `mot${i}`).join(' '));
    const detail = report({ sections: [long], wordLimit: 20 });
    const finalised: FetchCall[] = [];
    setup(detail, {
      onFinalise: (call) => {
        finalised.push(call);
        return {
          status: 201,
          body: { number: 1, sha256: 'a'.repeat(64), sizeBytes: 1000, words: 32, wordLimit: 20, overLimit: true, overLimitConfirmed: true, createdAt: '2026-01-06T09:00:00Z', createdBy: null, reportVersion: 6 },
        };
      },
    });
    await screen.findByTestId('report-editor');
    fireEvent.click(screen.getByTestId('finalise'));
    const dialog = await screen.findByTestId('finalise-dialog');
    const confirm = within(dialog).getByTestId('finalise-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.click(within(dialog).getByLabelText('Je confirme l’envoi d’un rapport au-delà de la limite'));
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await screen.findByTestId('finalised-notice');
    expect(finalised[0]!.body).toEqual({ confirmOverLimit: true });
    expect(finalised[0]!.headers['if-match']).toBe('"5"');
  });

  it('writes an Arabic report right to left in a French interface, and shows a <script> as text', async () => {
    const detail = report({ language: 'ar', sections: [section('s1', 1, 'التوصية 144.1', 'نص <script>alert(1)</script>')] });
    setup(detail);
    await screen.findByTestId('report-editor');
    expect(document.documentElement.dir).toBe('ltr');
    expect(bodies()[0]!.getAttribute('dir')).toBe('rtl');
    expect(bodies()[0]!.getAttribute('lang')).toBe('ar');
    const preview = screen.getByTestId('section-preview');
    expect(preview.getAttribute('dir')).toBe('rtl');
    expect(preview.querySelector('script')).toBeNull();
    expect(preview.textContent).toBe('نص <script>alert(1)</script>');
  });

  it('is read-only for the auditor: no text field, no saving, no finalising', async () => {
    setup(report(), { role: 'auditor' });
    await screen.findByTestId('report-editor');
    expect(screen.queryAllByTestId('section-body')).toHaveLength(0);
    expect(screen.queryByTestId('finalise')).toBeNull();
    expect(screen.queryByTestId('section-save')).toBeNull();
    expect(screen.getAllByTestId('section-preview')).toHaveLength(2);
  });

  it('refuses the report pages to a focal point', async () => {
    setup(report(), { role: 'focal_point' });
    expect(await screen.findByTestId('reports-refused')).toBeTruthy();
    expect(screen.queryByTestId('report-editor')).toBeNull();
  });
});
