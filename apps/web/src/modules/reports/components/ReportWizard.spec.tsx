import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { session } from '../../../app/session';
import { mockFetch, renderApp, type FetchCall } from '../../../test/render';
import { reportRoutes } from '../routes';

const me = { id: 'u1', email: 'coordinator@demo.sidh', name: 'Salma Bennani', role: 'coordinator', locale: 'fr', institution: null, permissions: [] };
const upr = { id: 'b-upr', code: 'UPR', mechanism: 'UPR', nameAr: 'الاستعراض الدوري الشامل', nameFr: 'Examen périodique universel', nameEn: 'Universal periodic review', followUpMonths: null };
const cat = { ...upr, id: 'b-cat', code: 'CAT', mechanism: 'TREATY_BODY', nameFr: 'Comité contre la torture' };
const item = (id: string, paragraph: string) => ({
  id,
  kind: 'recommendation',
  mechanism: 'UPR',
  body: { id: 'b-upr', code: 'UPR', nameAr: '', nameFr: 'EPU', nameEn: 'UPR' },
  review: null,
  documentSymbol: 'A/HRC/36/6',
  paragraph,
  externalCode: null,
  textAr: null,
  textFr: `Recommandation ${paragraph}`,
  textEn: null,
  response: 'supported',
  status: 'in_progress',
  followUp: false,
  version: 1,
});

function setup(onCreate: (call: FetchCall) => { status: number; body?: unknown }) {
  const calls = mockFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return { status: 200, body: { accessToken: 'tok', expiresIn: 900, user: me } };
    if (call.url === '/api/v1/reference/bodies') return { status: 200, body: [upr, cat] };
    if (call.url === '/api/v1/reference/reviews') return { status: 200, body: [] };
    if (call.method === 'GET' && call.url.startsWith('/api/v1/recommendations?')) {
      return { status: 200, body: { items: [item('i-1', '144.1'), item('i-2', '144.2')], total: 2, totalIsLowerBound: false, page: 1, pageSize: 50 } };
    }
    if (call.method === 'POST' && call.url === '/api/v1/reports') return onCreate(call);
    return undefined;
  });
  const { i18n } = renderApp(reportRoutes, { lang: 'fr', path: '/reports/new' });
  return { calls, i18n };
}

async function fillAndCreate() {
  await screen.findByTestId('report-wizard');
  fireEvent.change(screen.getByTestId('wizard-title'), { target: { value: 'Rapport à mi-parcours' } });
  fireEvent.change(screen.getByTestId('wizard-word-limit'), { target: { value: '150' } });
  fireEvent.click(screen.getByTestId('wizard-next'));
  // The UPR is the only body a UPR report may go to: chosen already.
  await waitFor(() => expect((screen.getByTestId('wizard-body') as HTMLInputElement).value).toBe('Examen périodique universel (UPR)'));
  fireEvent.click(screen.getByTestId('wizard-next'));
  const boxes = await screen.findAllByTestId('wizard-item');
  fireEvent.click(boxes[1]!);
  await waitFor(() => expect(screen.getByTestId('wizard-picked-count').dataset['count']).toBe('1'));
  fireEvent.click(screen.getByTestId('wizard-create'));
}

describe('ReportWizard', () => {
  afterEach(() => session.setToken(null));

  it('asks only for the items of the chosen body, and does not go on without a title', async () => {
    const { calls } = setup(() => ({ status: 500 }));
    await screen.findByTestId('report-wizard');
    fireEvent.click(screen.getByTestId('wizard-next'));
    expect(await screen.findByText('Obligatoire.')).toBeTruthy();
    fireEvent.change(screen.getByTestId('wizard-title'), { target: { value: 'Rapport' } });
    fireEvent.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect((screen.getByTestId('wizard-body') as HTMLInputElement).value).toBe('Examen périodique universel (UPR)'));
    fireEvent.click(screen.getByTestId('wizard-next'));
    await screen.findAllByTestId('wizard-item');
    const search = calls.find((c) => c.url.startsWith('/api/v1/recommendations?'))!;
    expect(Object.fromEntries(new URL(search.url, 'http://x').searchParams)).toMatchObject({ kind: 'recommendation', bodyId: 'b-upr', sort: 'symbol' });
  });

  it('sends the report with the items ticked, and shows a 422 on the items next to them', async () => {
    const creates: FetchCall[] = [];
    setup((call) => {
      creates.push(call);
      return { status: 422, body: { code: 'report.items_outside_body', message: 'outside', details: { field: 'itemIds', itemIds: ['i-2'] } } };
    });
    await fillAndCreate();
    // The chip of the ticked item cites it as the cards do, in the UI's language.
    expect(screen.getByTestId('wizard-picked').textContent).toBe('A/HRC/36/6 par. 144.2');
    const error = await screen.findByTestId('wizard-items-error');
    expect(error.textContent).toBe("Certaines recommandations sélectionnées relèvent d'un autre organe que celui du rapport.");
    expect(creates[0]!.body).toEqual({
      type: 'upr_mid_term',
      bodyId: 'b-upr',
      reviewId: null,
      language: 'fr',
      title: 'Rapport à mi-parcours',
      dueDate: null,
      wordLimit: 150,
      itemIds: ['i-2'],
    });
  });

  it("cites the ticked items in the UI's language, and again in the new one after a switch", async () => {
    const { i18n } = setup(() => ({ status: 500 }));
    await screen.findByTestId('report-wizard');
    fireEvent.change(screen.getByTestId('wizard-title'), { target: { value: 'Rapport' } });
    fireEvent.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect((screen.getByTestId('wizard-body') as HTMLInputElement).value).toBe('Examen périodique universel (UPR)'));
    fireEvent.click(screen.getByTestId('wizard-next'));
    fireEvent.click((await screen.findAllByTestId('wizard-item'))[0]!);
    await waitFor(() => expect(screen.getByTestId('wizard-picked').textContent).toBe('A/HRC/36/6 par. 144.1'));
    await act(() => i18n.changeLanguage('ar'));
    await waitFor(() => expect(screen.getByTestId('wizard-picked').textContent).toBe('A/HRC/36/6 الفقرة 144.1'));
    expect(screen.getByTestId('wizard-picked-count').dataset['count']).toBe('1');
  });

  it('goes back to the step of a field a 400 names, with its message under the field', async () => {
    setup(() => ({ status: 400, body: { code: 'validation.failed', message: 'invalid', details: { fields: { wordLimit: 'validation.max' } } } }));
    await fillAndCreate();
    const limit = await screen.findByTestId('wizard-word-limit');
    const wrapper = limit.closest('.mantine-InputWrapper-root') as HTMLElement;
    expect(within(wrapper).getByText('Cette valeur est trop grande.')).toBeTruthy();
  });
});
