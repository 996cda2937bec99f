import { PRESETS, UN_REPORT_COLUMNS } from '../test/fixtures';
import type { ImportPreset, ImportRejection } from '../../../app/api-types';
import {
  draftFromPreset,
  draftProblems,
  fieldOfColumn,
  guessColumns,
  isFixableByValue,
  missingPresetColumns,
  suggestPreset,
  toMappingJson,
  withField,
  withValueMapping,
  withValue,
} from './mapping';

const unReport = PRESETS.find((p) => p.name === 'un-report-csv')!;
const didh = PRESETS.find((p) => p.name === 'didh')!;
const custom = PRESETS.find((p) => p.name === 'custom')!;

describe('mapping draft', () => {
  it('suggests the preset whose required columns the file has', () => {
    expect(suggestPreset(PRESETS, UN_REPORT_COLUMNS)).toBe('un-report-csv');
    expect(suggestPreset(PRESETS, ['code', 'text_fr', 'text_ar', 'responsible_entities_fr'])).toBe('didh');
    expect(suggestPreset(PRESETS, ['Foo', 'Bar'])).toBe('custom');
  });

  it('lists the columns a preset needs and the file lacks (optional ones aside)', () => {
    expect(missingPresetColumns(didh, UN_REPORT_COLUMNS)).toEqual(['code', 'text_fr']);
    expect(missingPresetColumns(unReport, UN_REPORT_COLUMNS)).toEqual([]);
  });

  it('starts from the preset: columns, separators, value correspondences and defaults', () => {
    const d = draftFromPreset(unReport, UN_REPORT_COLUMNS);
    expect(d.preset).toBe('un-report-csv');
    expect(d.fields['text.en'].column).toBe('text');
    expect(d.fields.recommendingStates).toMatchObject({ column: 'recommending_states', separator: ';' });
    expect(d.fields.response.values).toContainEqual({ from: 'Supported', to: 'supported' });
    expect(d.defaults).toEqual({ mechanism: 'UPR', body: 'UPR' });
    expect(d.duplicates).toBe('reject');
  });

  it('leaves unmapped the preset columns the file does not have', () => {
    const d = draftFromPreset(didh, ['code', 'text_fr']);
    expect(d.fields['text.ar'].column).toBeNull();
    expect(d.fields.externalCode.column).toBe('code');
  });

  it('guesses columns named like fields without a preset', () => {
    expect(guessColumns(['Code', 'Texte FR', 'text_ar', 'Response', 'Thèmes'])).toEqual({
      externalCode: 'Code',
      'text.fr': 'Texte FR',
      'text.ar': 'text_ar',
      response: 'Response',
      themes: 'Thèmes',
    });
    const d = draftFromPreset(custom, ['Code', 'text_fr', 'Themes']);
    expect(d.fields.themes).toMatchObject({ column: 'Themes', separator: ';' });
  });

  it('produces the API mapping: every mapped field, removed preset fields as null, empty defaults left out', () => {
    let d = draftFromPreset(unReport, UN_REPORT_COLUMNS);
    d = withField(d, 'session', { column: null });
    d = withValue(d, 'response', 'Pending', 'noted');
    d = { ...d, defaults: { ...d.defaults, review: '  ' }, createUnknown: ['themes'] };
    const json = toMappingJson(d, unReport);
    expect(json).toMatchObject({
      preset: 'un-report-csv',
      defaults: { mechanism: 'UPR', body: 'UPR' },
      createUnknown: ['themes'],
      duplicates: 'reject',
    });
    const fields = json['fields'] as Record<string, unknown>;
    expect(fields['session']).toBeNull();
    expect(fields['text.en']).toEqual({ column: 'text' });
    expect(fields['recommendingStates']).toEqual({ column: 'recommending_states', separator: ';', optional: true });
    expect(fields['response']).toEqual({
      column: 'response_in_report',
      optional: true,
      values: { Supported: 'supported', 'Not supported (noted)': 'noted', Pending: 'noted' },
    });
    // Fields neither mapped nor in the preset are not sent at all.
    expect('themes' in fields).toBe(false);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('replaces a correspondence for the same label, whatever its case and accents', () => {
    let d = draftFromPreset(unReport, UN_REPORT_COLUMNS);
    d = withValue(d, 'response', 'Pénding', 'noted');
    d = withValue(d, 'response', 'PENDING', 'supported');
    expect(d.fields.response.values.filter((v) => v.from.toLowerCase().includes('nding'))).toEqual([{ from: 'PENDING', to: 'supported' }]);
  });

  it('reports a mapping without any text before sending it', () => {
    const d = withField(draftFromPreset(unReport, UN_REPORT_COLUMNS), 'text.en', { column: null });
    expect(draftProblems(d)).toEqual([{ code: 'noText' }]);
  });

  it('knows which rejected rows a value correspondence fixes', () => {
    const d = draftFromPreset(unReport, UN_REPORT_COLUMNS);
    const unknown: ImportRejection = { row: 22, column: 'response_in_report', code: 'value.unknown', message: '', value: 'Pending' };
    expect(fieldOfColumn(d, 'response_in_report')).toBe('response');
    expect(isFixableByValue(d, unknown)).toBe(true);
    expect(isFixableByValue(d, { ...unknown, code: 'row.text_missing', column: null })).toBe(false);
    expect(isFixableByValue(d, { ...unknown, column: 'recommendation_id', code: 'paragraph.invalid' })).toBe(false);
  });
});

describe('a field from the first non-empty of two columns, and values mapped to codes', () => {
  const preset = {
    name: 'didh',
    description: '',
    formats: ['csv'],
    mapping: { preset: 'didh', fields: { 'text.fr': { column: 'text_fr' }, body: { columns: ['treaty_body', 'special_procedure_mandate_fr'], optional: true } }, defaults: {} },
  } as unknown as ImportPreset;

  it('reads a preset chain as column + else, and sends it back as columns', () => {
    const draft = draftFromPreset(preset, ['text_fr', 'treaty_body', 'special_procedure_mandate_fr']);
    expect(draft.fields.body).toMatchObject({ column: 'treaty_body', elseColumn: 'special_procedure_mandate_fr' });
    expect((toMappingJson(draft, preset)['fields'] as Record<string, unknown>)['body']).toEqual({ columns: ['treaty_body', 'special_procedure_mandate_fr'], optional: true });
    const single = withField(draft, 'body', { elseColumn: null });
    expect((toMappingJson(single, preset)['fields'] as Record<string, unknown>)['body']).toEqual({ column: 'treaty_body', optional: true });
  });

  it('carries the values the user mapped to a code, per field', () => {
    const draft = withValueMapping(draftFromPreset(preset, ['text_fr', 'treaty_body']), 'body', 'la Rapporteuse spéciale sur le logement', 'SP-FOOD');
    expect(toMappingJson(draft, preset)['valueMappings']).toEqual({ body: { 'la Rapporteuse spéciale sur le logement': 'SP-FOOD' } });
    expect(toMappingJson(draftFromPreset(preset, ['text_fr']), preset)).not.toHaveProperty('valueMappings');
  });
});
