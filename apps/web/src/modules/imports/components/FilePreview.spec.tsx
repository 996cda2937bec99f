import { screen } from '@testing-library/react';
import { mockFetch, renderWithProviders } from '../../../test/render';
import type { ImportPreview } from '../api';
import { text } from '../test/dom';
import { FilePreview } from './FilePreview';

const preview = (over: Partial<ImportPreview> = {}): ImportPreview => ({
  uploadId: '11111111-1111-4111-8111-111111111111',
  expiresAt: '2026-11-28T10:00:00.000Z',
  fileName: 'didh.csv',
  sha256: 'a'.repeat(64),
  sizeBytes: 2048,
  format: 'csv',
  encoding: 'utf-8',
  delimiter: ';',
  sheets: [],
  sheet: null,
  columns: ['code', 'text_fr', 'text_ar', ''],
  totalRows: 37,
  rows: [
    { row: 2, cells: ['R65', 'Renforcer l’indépendance de la justice', 'تعزيز استقلال القضاء', ''] },
    { row: 3, cells: ['R66', 'x'.repeat(200), '', ''] },
  ],
  ...over,
});

function setup(p: ImportPreview, lang: 'fr' | 'ar' | 'en' = 'fr') {
  const sheets: string[] = [];
  renderWithProviders(<FilePreview preview={p} onSheet={(s) => sheets.push(s)} changingSheet={false} />, { lang });
  return { sheets };
}

beforeEach(() => {
  mockFetch((call) => (call.url.endsWith('/auth/refresh') ? { status: 401, body: { code: 'auth.unauthorized' } } : undefined));
});

describe('FilePreview', () => {
  it('shows what the API read: facts, every column (an unnamed one named by position), the first rows in their own direction', () => {
    setup(preview());
    expect(text(screen.getByTestId('preview-fact-delimiter'))).toBe('Point-virgule ( ; )');
    expect(text(screen.getByTestId('preview-fact-encoding'))).toBe('utf-8');
    expect(text(screen.getByTestId('preview-fact-rows'))).toBe('37');
    expect(text(screen.getByTestId('preview-fact-columns'))).toBe('4');
    expect(screen.getAllByTestId('preview-column').map(text)).toEqual(['code', 'text_fr', 'text_ar', 'Colonne 4 (sans nom)']);
    const rows = screen.getAllByTestId('preview-row');
    expect(rows.map((r) => r.getAttribute('data-row'))).toEqual(['2', '3']);
    expect(rows[0]!.querySelectorAll('td')[3]!.getAttribute('dir')).toBe('auto');
    expect(text(rows[0]!.querySelectorAll('td')[3])).toBe('تعزيز استقلال القضاء');
    // A long text is cut, whole in its title.
    expect(text(rows[1]!.querySelectorAll('td')[2])).toHaveLength(121);
    expect(rows[1]!.querySelectorAll('td')[2]!.getAttribute('title')).toHaveLength(200);
    expect(text(screen.getByTestId('preview-caption'))).toContain('2 premières lignes sur 37');
    expect(screen.queryByTestId('preview-sheet')).toBeNull();
  });

  it('a workbook of several sheets offers them, the one read selected', () => {
    setup(preview({ format: 'xlsx', encoding: null, delimiter: null, sheets: ['Recommandations', 'Notes'], sheet: 'Recommandations' }));
    expect((screen.getByTestId('preview-sheet') as HTMLInputElement).value).toBe('Recommandations');
    expect(text(screen.getByTestId('preview-fact-delimiter'))).toBe('Sans objet');
  });

  it('in Arabic', () => {
    setup(preview(), 'ar');
    // Arabic plural: the dual for two rows.
    expect(text(screen.getByTestId('preview-caption'))).toBe('السطران الأولان من أصل 37، كما سيقرؤهما الاستيراد.');
    expect(screen.getAllByTestId('preview-column').map(text)[3]).toBe('العمود 4 (بلا اسم)');
  });
});
