import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Locale } from '@sidh/domain';
import { mockFetch, renderWithProviders, type FetchCall } from '../../../test/render';
import { recommendationDetail } from '../test-fixtures';
import { CreateRecommendationForm } from './CreateRecommendationForm';
import { RecommendationView } from './RecommendationView';
import { ResultCard } from './ResultCard';

const BODIES = [
  { id: 'upr', code: 'UPR', mechanism: 'UPR', nameAr: 'الاستعراض الدوري الشامل', nameFr: 'Examen périodique universel', nameEn: 'Universal Periodic Review', followUpMonths: null },
  { id: 'cat', code: 'CAT', mechanism: 'TREATY_BODY', nameAr: 'لجنة مناهضة التعذيب', nameFr: 'Comité contre la torture', nameEn: 'Committee against Torture', followUpMonths: 12 },
];

const QUESTION = {
  ...recommendationDetail({
    id: 'q-1',
    mechanism: 'TREATY_BODY',
    body: { id: 'cat', code: 'CAT', nameAr: 'لجنة مناهضة التعذيب', nameFr: 'Comité contre la torture', nameEn: 'Committee against Torture' },
    documentSymbol: 'CAT/C/MAR/QPR/5',
    paragraph: '12(a)',
    textAr: null,
    textFr: 'Fournir des renseignements sur les garanties juridiques fondamentales.',
    response: null,
    status: 'not_started',
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  }),
  kind: 'question' as const,
};

const RECOMMENDATION = { ...QUESTION, id: 'r-1', kind: 'recommendation' as const };

function setup(respond: (call: FetchCall) => { status: number; body?: unknown; headers?: Record<string, string> }, lang: Locale = 'fr') {
  const calls = mockFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
    if (call.url.endsWith('/reference/bodies')) return { status: 200, body: BODIES };
    if (call.method === 'POST' && call.url === '/api/v1/recommendations') return respond(call);
    return undefined;
  });
  const created: string[] = [];
  renderWithProviders(<CreateRecommendationForm initialKind="recommendation" onCancel={() => undefined} onCreated={(id) => created.push(id)} />, { lang });
  return { created, posts: () => calls.filter((c) => c.method === 'POST' && c.url === '/api/v1/recommendations') };
}

async function chooseBody(label: string) {
  fireEvent.click(screen.getByTestId('create-body'));
  fireEvent.click(await screen.findByRole('option', { name: label }));
}

describe('CreateRecommendationForm', () => {
  it('creates a question of a list of issues: kind, treaty body, symbol, paragraph, text; no response offered', async () => {
    const { created, posts } = setup(() => ({ status: 201, body: QUESTION, headers: { ETag: '"1"' } }));
    fireEvent.click(screen.getByRole('radio', { name: 'Question' }));
    expect(screen.queryByTestId('create-response')).toBeNull();
    expect(screen.getByText('Liste de points')).toBeTruthy();
    fireEvent.click(screen.getByTestId('create-body'));
    // Lists of issues come from treaty bodies only.
    expect(await screen.findByRole('option', { name: 'CAT — Comité contre la torture' })).toBeTruthy();
    expect(screen.queryByRole('option', { name: 'UPR — Examen périodique universel' })).toBeNull();
    fireEvent.click(screen.getByRole('option', { name: 'CAT — Comité contre la torture' }));
    fireEvent.change(screen.getByTestId('create-documentSymbol'), { target: { value: 'CAT/C/MAR/QPR/5' } });
    fireEvent.change(screen.getByTestId('create-paragraph'), { target: { value: '12(a)' } });
    fireEvent.change(screen.getByTestId('create-textFr'), { target: { value: QUESTION.textFr } });
    fireEvent.click(screen.getByTestId('create-submit'));
    await waitFor(() => expect(created).toEqual(['q-1']));
    expect(posts().map((c) => c.body)).toEqual([{ kind: 'question', bodyId: 'cat', documentSymbol: 'CAT/C/MAR/QPR/5', paragraph: '12(a)', textFr: QUESTION.textFr }]);
  });

  it('says what is missing before sending: a body and a text', async () => {
    const { posts } = setup(() => ({ status: 500 }));
    fireEvent.click(screen.getByTestId('create-submit'));
    expect(await screen.findAllByText('Ce champ est obligatoire.')).toHaveLength(2);
    expect(posts()).toHaveLength(0);
  });

  it('shows the field the API refuses (a response on a question) next to it', async () => {
    setup(() => ({ status: 400, body: { status: 400, code: 'validation.failed', message: 'invalid', details: { fields: { response: 'validation.invalid' } }, requestId: 'r' } }));
    await chooseBody('UPR — Examen périodique universel');
    fireEvent.change(screen.getByTestId('create-textEn'), { target: { value: 'Ratify OP-CAT' } });
    fireEvent.click(screen.getByTestId('create-submit'));
    expect(await screen.findByText("Cette valeur n'est pas valide.")).toBeTruthy();
    expect(screen.queryByText("L'élément n'a pas pu être créé.")).toBeNull();
  });

  it('speaks Arabic: question, list of issues', () => {
    setup(() => ({ status: 500 }), 'ar');
    fireEvent.click(screen.getByRole('radio', { name: 'سؤال' }));
    expect(screen.getByText('قائمة المسائل')).toBeTruthy();
  });
});

describe('ResultCard', () => {
  it('marks a question with its kind; a recommendation has no kind badge', () => {
    mockFetch(() => undefined);
    renderWithProviders(
      <>
        <ResultCard item={QUESTION} query="" />
        <ResultCard item={RECOMMENDATION} query="" />
      </>,
      { lang: 'en' },
    );
    expect(screen.getAllByTestId('kind-badge').map((b) => b.textContent)).toEqual(['Question']);
    expect(screen.getAllByTestId('result-citation').map((a) => a.textContent)).toEqual(['CAT/C/MAR/QPR/5 para 12(a)', 'CAT/C/MAR/QPR/5 para 12(a)']);
  });
});

describe('RecommendationView of a question', () => {
  it.each<[Locale, string, string, string]>([
    ['en', 'Question of the list of issues CAT/C/MAR/QPR/5', 'Question', 'List of issues'],
    ['fr', 'Question de la liste de points CAT/C/MAR/QPR/5', 'Question', 'Liste de points'],
    ['ar', 'سؤال من قائمة المسائل CAT/C/MAR/QPR/5', 'سؤال', 'قائمة المسائل'],
  ])('(%s) says it is a question of its list of issues, and shows no State response', async (lang, heading, kind, symbolLabel) => {
    mockFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
      if (call.url === '/api/v1/recommendations/q-1') return { status: 200, body: QUESTION, headers: { ETag: '"1"' } };
      return undefined;
    });
    renderWithProviders(<RecommendationView id="q-1" />, { lang });
    // The symbol is isolated (FSI … PDI) so that an Arabic sentence does not reorder it.
    expect((await screen.findByTestId('question-of')).textContent).toBe(heading.replace('CAT/C/MAR/QPR/5', '\u2068CAT/C/MAR/QPR/5\u2069'));
    expect(screen.getByTestId('metadata-kind').textContent).toBe(kind);
    expect(screen.getByText(symbolLabel)).toBeTruthy();
    expect(screen.queryByText(lang === 'fr' ? "Réponse de l'État" : lang === 'en' ? 'State response' : 'موقف الدولة')).toBeNull();
  });
});
