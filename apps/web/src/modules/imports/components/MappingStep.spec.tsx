import { useState } from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { text, value } from '../test/dom';
import { PRESETS, UN_REPORT_COLUMNS } from '../test/fixtures';
import type { PresetName } from '@sidh/domain';
import { draftFromPreset, suggestPreset, toMappingJson, type MappingDraft } from '../utils/mapping';
import { MappingStep } from './MappingStep';

function Harness({ columns, onDryRun }: { columns: string[]; onDryRun: (mapping: Record<string, unknown>) => void }) {
  const suggested = suggestPreset(PRESETS, columns);
  const [draft, setDraft] = useState<MappingDraft>(() => draftFromPreset(PRESETS.find((p) => p.name === suggested), columns));
  return (
    <MappingStep
      columns={columns}
      presets={PRESETS}
      suggested={suggested}
      draft={draft}
      onChange={setDraft}
      onPreset={(name: PresetName) => setDraft(draftFromPreset(PRESETS.find((p) => p.name === name), columns))}
      onBack={() => undefined}
      onDryRun={() => onDryRun(toMappingJson(draft, PRESETS.find((p) => p.name === draft.preset)))}
      running={false}
    />
  );
}

function setup(lang: 'fr' | 'ar' = 'fr', columns = UN_REPORT_COLUMNS) {
  const runs: Array<Record<string, unknown>> = [];
  renderWithProviders(<Harness columns={columns} onDryRun={(m) => runs.push(m)} />, { lang });
  return { runs };
}

/** Picks an option of a Mantine Select by its visible label. */
function choose(testId: string, label: string) {
  fireEvent.click(screen.getByTestId(testId));
  fireEvent.click(screen.getByRole('option', { name: label }));
}

beforeEach(() => {
  mockFetch((call) => (call.url.endsWith('/auth/refresh') ? { status: 401, body: { code: 'auth.unauthorized' } } : undefined));
});

describe('MappingStep', () => {
  it('starts from the suggested preset with the detected columns', () => {
    setup();
    expect(value(screen.getByTestId('import-preset'))).toBe("Rapport de l'EPU (CSV) — suggéré pour ce fichier");
    expect(text(screen.getByTestId('import-preset-description'))).toContain('Recommandations extraites des rapports');
    expect(within(screen.getByTestId('import-columns')).getAllByText(/./)).toHaveLength(UN_REPORT_COLUMNS.length);
    expect(screen.getByText('10 colonnes détectées')).toBeTruthy();
    expect(value(screen.getByTestId('column-text.en'))).toBe('text');
    expect(value(screen.getByTestId('column-paragraph'))).toBe('recommendation_id');
    expect(value(screen.getByTestId('separator-recommendingStates'))).toBe(';');
    expect(value(screen.getByTestId('default-mechanism'))).toBe('Examen périodique universel');
    expect(screen.queryByTestId('import-preset-missing')).toBeNull();
  });

  it('sends the columns, value correspondences, defaults and options the coordinator chose', () => {
    const { runs } = setup();
    // Another column for the French text, a value correspondence for the response, a default status.
    choose('column-text.fr', 'paragraph');
    fireEvent.click(screen.getByTestId('values-toggle-response'));
    const panel = screen.getByTestId('values-response');
    expect(value(within(panel).getByTestId('value-from-response-0'))).toBe('Supported');
    fireEvent.click(within(panel).getByTestId('value-add-response'));
    fireEvent.change(within(panel).getByTestId('value-from-response-2'), { target: { value: 'Pending' } });
    choose('value-to-response-2', 'Notée');
    choose('default-status', 'En cours');
    fireEvent.click(screen.getByTestId('create-unknown-institutions'));
    choose('import-duplicates', 'Fusionner en une recommandation');
    fireEvent.click(screen.getByTestId('import-dry-run'));

    expect(runs).toHaveLength(1);
    const mapping = runs[0]!;
    expect(mapping).toMatchObject({
      preset: 'un-report-csv',
      defaults: { mechanism: 'UPR', body: 'UPR', status: 'in_progress' },
      createUnknown: ['institutions'],
      duplicates: 'merge',
    });
    const fields = mapping['fields'] as Record<string, { column?: string; values?: Record<string, string> }>;
    expect(fields['text.fr']).toEqual({ column: 'paragraph' });
    expect(fields['response']!.values).toEqual({ Supported: 'supported', 'Not supported (noted)': 'noted', Pending: 'noted' });
  });

  it('switching preset starts over from it, and says which columns it lacks', () => {
    setup();
    choose('import-preset', 'Tableau bilingue de la DIDH');
    expect(text(screen.getByTestId('import-preset-missing'))).toContain('code · text_fr');
    expect(value(screen.getByTestId('column-text.en'))).toBe('');
    // No text column: the dry run cannot start.
    expect(text(screen.getByTestId('import-mapping-problems'))).toContain('Associez au moins une colonne de texte');
    expect((screen.getByTestId('import-dry-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('is translated and mirrored in Arabic', () => {
    setup('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(screen.getByText('مطابقة القيم')).toBeTruthy();
    expect(screen.getByText('الدول المقدِّمة للتوصية')).toBeTruthy();
    expect(screen.getByText('10 أعمدة مكتشفة')).toBeTruthy();
    expect(value(screen.getByTestId('default-mechanism'))).toBe('الاستعراض الدوري الشامل');
  });
});
