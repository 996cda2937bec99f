import { fireEvent, screen, within } from '@testing-library/react';
import { mockFetch, renderWithProviders } from '../../../test/render';
import { text } from '../test/dom';
import { dryRunJob, PRESETS, UN_REPORT_COLUMNS } from '../test/fixtures';
import type { ImportJobDetail, ImportRejection } from '../../../app/api-types';
import type { TargetField } from '@sidh/domain';
import { draftFromPreset } from '../utils/mapping';
import { DryRunReport } from './DryRunReport';

const draft = draftFromPreset(PRESETS.find((p) => p.name === 'un-report-csv'), UN_REPORT_COLUMNS);

function setup(job: ImportJobDetail, lang: 'fr' | 'ar' | 'en' = 'fr') {
  const fixes: Array<[TargetField, string, string]> = [];
  const created: string[] = [];
  renderWithProviders(
    <DryRunReport job={job} draft={draft} onFixValue={(...args) => fixes.push(args)} onCreateUnknown={(f) => created.push(f)} />,
    { lang },
  );
  return { fixes, created };
}

beforeEach(() => {
  mockFetch((call) => (call.url.endsWith('/auth/refresh') ? { status: 401, body: { code: 'auth.unauthorized' } } : undefined));
});

describe('DryRunReport', () => {
  it('shows the counts, the detected encoding and delimiter, and blocks the import while rows are rejected', () => {
    setup(dryRunJob());
    expect(text(screen.getByTestId('count-new'))).toContain('Nouvelles20');
    expect(text(screen.getByTestId('count-updated'))).toContain('À mettre à jour0');
    expect(text(screen.getByTestId('count-unchanged'))).toContain('Inchangées0');
    expect(text(screen.getByTestId('count-rejected'))).toContain('Lignes rejetées1');
    expect(text(screen.getByTestId('fact-encoding'))).toContain('UTF-8');
    expect(text(screen.getByTestId('fact-delimiter'))).toContain('Virgule ( , )');
    expect(text(screen.getByTestId('fact-sha256'))).toContain('a3f1c2d4e5b6');
    expect(text(screen.getByTestId('dry-run-blocked'))).toContain('1 ligne rejetée');
    expect(screen.queryByTestId('dry-run-ready')).toBeNull();
  });

  it('lists each rejected row with its number, column and translated reason', () => {
    setup(
      dryRunJob({
        counts: { new: 18, updated: 0, unchanged: 0, rejected: 2, merged: 0 },
        report: {
          ...dryRunJob().report,
          rejections: [
            { row: 22, column: 'response_in_report', code: 'value.unknown', message: 'Unknown response "Pending"', value: 'Pending' },
            { row: 23, column: null, code: 'row.text_missing', message: 'The row has no text in any language' },
          ],
        },
      }),
    );
    const rows = within(screen.getByTestId('rejections')).getAllByTestId('rejection');
    expect(rows).toHaveLength(2);
    expect(text(within(rows[0]!).getByTestId('rejection-row'))).toContain('22');
    expect(text(within(rows[0]!).getByTestId('rejection-column'))).toContain('response_in_report (Réponse de l\'État)');
    expect(text(within(rows[0]!).getByTestId('rejection-reason'))).toContain('Valeur inconnue.');
    expect(text(rows[0])).toContain('Pending');
    expect(text(within(rows[1]!).getByTestId('rejection-reason'))).toContain("La ligne n'a de texte dans aucune langue.");
    // Only the unknown value can be fixed by a correspondence.
    expect(within(rows[1]!).queryByTestId('fix-value')).toBeNull();
  });

  it('maps an unknown value from the report', () => {
    const { fixes } = setup(dryRunJob());
    fireEvent.click(screen.getByTestId('fix-value'));
    fireEvent.click(screen.getByTestId('fix-value-noted'));
    expect(fixes).toEqual([['response', 'Pending', 'noted']]);
  });

  it('gives the reason in Arabic, falling back to the server message for an unknown code', () => {
    setup(
      dryRunJob({
        report: {
          ...dryRunJob().report,
          rejections: [
            { row: 22, column: 'response_in_report', code: 'value.unknown', message: 'Unknown response', value: 'Pending' },
            // A code this SPA does not know yet (a newer API): the server's message is shown.
            { row: 30, column: null, code: 'row.some_future_code' as ImportRejection['code'], message: 'Server message' },
          ],
        },
      }),
      'ar',
    );
    const rows = screen.getAllByTestId('rejection');
    expect(text(within(rows[0]!).getByTestId('rejection-reason'))).toContain('قيمة غير معروفة.');
    expect(text(within(rows[1]!).getByTestId('rejection-reason'))).toContain('Server message');
    expect(text(screen.getByTestId('dry-run-blocked'))).toContain('سطر واحد مرفوض');
  });

  it('says the file is ready when nothing is rejected, and offers to create unknown labels', () => {
    const { created } = setup(
      dryRunJob({
        counts: { new: 12, updated: 3, unchanged: 5, rejected: 0, merged: 2 },
        report: {
          ...dryRunJob().report,
          rejections: [],
          unknownLabels: [{ field: 'institutions', label: 'Ministère X', rows: 2, candidates: [] }],
          changes: [
            { rows: [2], action: 'new', recommendationId: null, citation: 'A/HRC/21/3 para 129.1', fields: [] },
            { rows: [3, 4], action: 'updated', recommendationId: 'r2', citation: 'A/HRC/21/3 para 129.2', fields: ['textEn', 'recommendingStateCodes', 'response'] },
          ],
        },
      }),
    );
    expect(text(screen.getByTestId('dry-run-ready'))).toContain('15 recommandations seront créées ou mises à jour');
    expect(text(screen.getByTestId('count-merged'))).toContain('2 lignes fusionnées');
    expect(screen.queryByTestId('rejections')).toBeNull();
    const changes = screen.getAllByTestId('import-change');
    expect(text(changes[1])).toContain('A/HRC/21/3 para 129.2');
    expect(text(changes[1])).toContain('3, 4');
    expect(text(changes[1])).toContain('Mise à jour');
    expect(text(changes[1])).toContain("Texte (anglais) · États auteurs · Réponse de l'État");
    fireEvent.click(screen.getByTestId('create-institutions'));
    expect(created).toEqual(['institutions']);
  });

  it.each([
    ['fr', 'Réponse de l\'État', 'Notée', 'Acceptée'],
    ['ar', 'موقف الدولة', 'أُحيط بها علمًا', 'حظيت بالتأييد'],
  ] as const)('shows each changed field of an updated recommendation before → after (%s)', (lang, responseLabel, noted, supported) => {
    setup(
      dryRunJob({
        counts: { new: 0, updated: 1, unchanged: 0, rejected: 0, merged: 0 },
        report: {
          ...dryRunJob().report,
          rejections: [],
          changes: [
            {
              rows: [3],
              action: 'updated',
              recommendationId: 'r2',
              citation: 'A/HRC/21/3 para 129.2',
              fields: ['textEn', 'response', 'recommendingStateCodes'],
              changes: [
                { field: 'textEn', before: 'Ratify the Convention (Denmark)', after: 'Ratify the Convention promptly (Denmark)' },
                { field: 'response', before: 'noted', after: 'supported' },
                { field: 'recommendingStateCodes', before: ['FR', 'MA'], after: ['ES', 'FR'] },
              ],
            },
          ],
        },
      }),
      lang,
    );
    const fields = screen.getAllByTestId('field-change');
    expect(fields.map((f) => f.getAttribute('data-field'))).toEqual(['textEn', 'response', 'recommendingStateCodes']);
    const [textChange, response, states] = fields;
    expect(text(within(textChange!).getByTestId('field-before'))).toContain('Ratify the Convention (Denmark)');
    expect(within(textChange!).getByTestId('field-after').querySelector('ins')?.textContent).toBe('promptly ');
    expect(text(response)).toContain(responseLabel);
    expect(text(within(response!).getByTestId('field-before'))).toContain(noted);
    expect(text(within(response!).getByTestId('field-after'))).toContain(supported);
    expect(within(states!).getByTestId('field-before').querySelector('del')?.textContent).toBe('MA');
    expect(within(states!).getByTestId('field-after').querySelector('ins')?.textContent).toBe('ES');
  });
});
