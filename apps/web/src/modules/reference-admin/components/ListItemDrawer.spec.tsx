import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockFetch, renderWithProviders, type FetchCall } from '../../../test/render';
import { ListItemDrawer } from './ListItemDrawer';

const THEME = { code: 'women', nameAr: 'حقوق المرأة', nameFr: 'Droits des femmes', nameEn: "Women's rights", active: true, version: 3 };

function setup(respond: (call: FetchCall) => { status: number; body?: unknown }, item: typeof THEME | null) {
  const calls = mockFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return { status: 401, body: { code: 'auth.unauthorized' } };
    if (call.url.includes('/reference/themes') && call.method !== 'GET') return respond(call);
    if (call.url.endsWith('/reference/themes')) return { status: 200, body: [THEME] };
    return undefined;
  });
  const closed: boolean[] = [];
  renderWithProviders(<ListItemDrawer kind="themes" item={item} opened onClose={() => closed.push(true)} />, { lang: 'fr' });
  return { calls, closed };
}

describe('ListItemDrawer', () => {
  it('creates a theme with its code and three names, the Arabic one right to left', async () => {
    const { calls, closed } = setup(() => ({ status: 201, body: { ...THEME, code: 'air', version: 1 } }), null);
    // The theme's dir="auto": typed Arabic runs right to left, whatever the UI language.
    expect((await screen.findByTestId('field-nameAr')).getAttribute('dir')).toBe('auto');
    expect(screen.getByTestId('field-nameAr').getAttribute('lang')).toBe('ar');
    fireEvent.change(screen.getByTestId('field-code'), { target: { value: 'air' } });
    fireEvent.change(screen.getByTestId('field-nameAr'), { target: { value: 'الهواء' } });
    fireEvent.change(screen.getByTestId('field-nameFr'), { target: { value: 'Air' } });
    fireEvent.change(screen.getByTestId('field-nameEn'), { target: { value: 'Air' } });
    fireEvent.click(screen.getByTestId('reference-save'));
    await waitFor(() => expect(closed).toEqual([true]));
    const post = calls.find((c) => c.method === 'POST' && c.url.includes('/reference/'))!;
    expect(post.url).toBe('/api/v1/reference/themes');
    expect(post.body).toEqual({ code: 'air', nameAr: 'الهواء', nameFr: 'Air', nameEn: 'Air' });
  });

  it('edits with If-Match and shows the refusal under the field it names', async () => {
    const { calls, closed } = setup(() => ({ status: 400, body: { code: 'validation.failed', message: 'Invalid input', details: { fields: { nameFr: 'validation.required' } } } }), THEME);
    expect((screen.getByTestId('field-code') as HTMLInputElement).disabled).toBe(true);
    // Blank (the browser's own check lets spaces through; the API trims and names the field).
    fireEvent.change(screen.getByTestId('field-nameFr'), { target: { value: '   ' } });
    fireEvent.click(screen.getByTestId('reference-save'));
    await waitFor(() => expect(calls.map((c) => `${c.method} ${c.url}`)).toContain('PATCH /api/v1/reference/themes/women'));
    expect(await screen.findByText('Ce champ est obligatoire.')).toBeTruthy();
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.url).toBe('/api/v1/reference/themes/women');
    expect(patch.headers['if-match']).toBe('"3"');
    expect(closed).toEqual([]);
  });

  it('names a duplicate code (409) on the code field', async () => {
    setup(() => ({ status: 409, body: { code: 'common.conflict', message: 'used', details: { field: 'code' } } }), null);
    fireEvent.change(screen.getByTestId('field-code'), { target: { value: 'women' } });
    for (const field of ['field-nameAr', 'field-nameFr', 'field-nameEn']) fireEvent.change(screen.getByTestId(field), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('reference-save'));
    expect(await screen.findByText('Cette valeur est déjà utilisée.')).toBeTruthy();
  });
});
