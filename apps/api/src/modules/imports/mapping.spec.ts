import fc from 'fast-check';
import { ImportException, ImportFileError } from './import.errors.js';
import { CREATABLE_TARGETS, LIST_TARGETS, PRESET_NAMES, SCALAR_TARGETS, TARGET_FIELDS, parseMapping, type ImportMappingDto, type PresetName } from './mapping.js';
import { PRESETS } from './presets.js';

/** The mapping_invalid error parseMapping throws, with its JSON path. */
function invalid(raw: unknown, presets: Record<PresetName, ImportMappingDto> = PRESETS): { message: string; path: unknown } {
  try {
    parseMapping(raw, presets);
  } catch (error) {
    if (error instanceof ImportException && error.code === (ImportFileError.MappingInvalid as string)) return { message: error.message, path: error.details?.['path'] };
    throw error;
  }
  throw new Error('expected mapping_invalid');
}

const TEXT = { 'text.en': { column: 'Text' } };

describe('target fields', () => {
  it('are the scalar fields followed by the list fields, without overlap', () => {
    expect(TARGET_FIELDS).toEqual([...SCALAR_TARGETS, ...LIST_TARGETS]);
    expect(new Set(TARGET_FIELDS).size).toBe(TARGET_FIELDS.length);
  });

  it('only let free-label lists be created (countries and SDG targets are closed lists)', () => {
    expect([...CREATABLE_TARGETS].sort()).toEqual(['affectedPersons', 'institutions', 'themes']);
    expect(CREATABLE_TARGETS.every((t) => (LIST_TARGETS as readonly string[]).includes(t))).toBe(true);
  });
});

describe('parseMapping', () => {
  it('resolves a custom mapping given as a JSON string, with defaults for duplicates and the formula prefix', () => {
    const m = parseMapping(JSON.stringify({ preset: 'custom', fields: { 'text.fr': { column: 'Texte' }, themes: { column: 'Thèmes', separator: ' | ' } } }), PRESETS);
    expect(m).toEqual({
      preset: 'custom',
      fields: { 'text.fr': { column: 'Texte' }, themes: { column: 'Thèmes', separator: ' | ' } },
      defaults: {},
      createUnknown: [],
      valueMappings: {},
      duplicates: 'reject',
      unescapeFormulaPrefix: false,
    });
  });

  it('takes a missing preset as custom', () => {
    expect(parseMapping({ fields: TEXT }, PRESETS).preset).toBe('custom');
  });

  it('refuses an absent mapping (custom by default) because it names no text column', () => {
    for (const raw of [undefined, null]) expect(invalid(raw)).toEqual({ message: 'The mapping must name a column for at least one of text.ar, text.fr, text.en', path: 'mapping.fields' });
  });

  it('refuses an empty mapping string as invalid JSON (it is not taken as the custom default)', () => {
    expect(invalid('')).toEqual({ message: 'mapping is not valid JSON', path: 'mapping' });
  });

  it('starts from the preset and overrides it field by field (the override replaces the whole field spec)', () => {
    const m = parseMapping({ preset: 'upr-info', fields: { response: { column: 'Réponse' } } }, PRESETS);
    expect(m.fields.response).toEqual({ column: 'Réponse' });
    expect(m.fields['text.en']).toEqual({ column: 'Text' });
    expect(m.fields.recommendingStates).toEqual(PRESETS['upr-info'].fields!.recommendingStates);
    expect(m.duplicates).toBe('merge');
    expect(m.defaults).toEqual({ mechanism: 'UPR', body: 'UPR' });
  });

  it('removes a preset field mapped to null', () => {
    const m = parseMapping({ preset: 'didh', fields: { institutions: null, axes: null } }, PRESETS);
    expect(m.fields).not.toHaveProperty('institutions');
    expect(m.fields).not.toHaveProperty('axes');
    expect(m.fields.externalCode).toEqual({ column: 'code' });
  });

  it('merges defaults over the preset defaults', () => {
    const m = parseMapping({ preset: 'didh', defaults: { documentSymbol: 'A/HRC/21/3', cycle: '2' } }, PRESETS);
    expect(m.defaults).toEqual({ mechanism: 'UPR', documentSymbol: 'A/HRC/21/3', stateUnderReview: 'MA', cycle: '2' });
  });

  it('does not modify the preset it starts from', () => {
    const before = JSON.stringify(PRESETS);
    parseMapping({ preset: 'didh', fields: { institutions: null, 'text.en': { column: 'x' } }, defaults: { cycle: '4' } }, PRESETS);
    expect(JSON.stringify(PRESETS)).toBe(before);
  });

  it('keeps a value map (with its exact keys) and an optional flag', () => {
    const m = parseMapping({ fields: { ...TEXT, response: { column: 'R', values: { Acceptée: 'supported', 'Prise en note': 'noted', Ignorer: '' }, optional: true } } }, PRESETS);
    expect({ ...m.fields.response!.values }).toEqual({ Acceptée: 'supported', 'Prise en note': 'noted', Ignorer: '' });
    expect(m.fields.response!.optional).toBe(true);
  });

  it('accepts a field with a default instead of a column', () => {
    const m = parseMapping({ fields: { ...TEXT, mechanism: {} }, defaults: { mechanism: 'TREATY_BODY' } }, PRESETS);
    expect(m.fields.mechanism).toEqual({});
  });

  it('refuses a field with neither column nor default, naming the field', () => {
    expect(invalid({ fields: { ...TEXT, body: { optional: true } } })).toEqual({ message: 'mapping.fields.body needs a column (or a default)', path: 'mapping.fields.body' });
  });

  it('deduplicates createUnknown and keeps the other options', () => {
    const m = parseMapping({ fields: TEXT, createUnknown: ['themes', 'institutions', 'themes'], duplicates: 'keep', delimiter: '\t', sheet: 'Feuil1' }, PRESETS);
    expect(m).toMatchObject({ createUnknown: ['themes', 'institutions'], duplicates: 'keep', delimiter: '\t', sheet: 'Feuil1' });
  });

  it('omits delimiter and sheet when neither the mapping nor the preset gives them', () => {
    const m = parseMapping({ fields: TEXT }, PRESETS);
    expect(m).not.toHaveProperty('delimiter');
    expect(m).not.toHaveProperty('sheet');
  });

  it('sets unescapeFormulaPrefix for the sidh-export preset only', () => {
    for (const preset of PRESET_NAMES) {
      const uploadValues = preset === 'list-of-issues' ? { defaults: { body: 'CAT', documentSymbol: 'CAT/C/MAR/QPR/5' } } : {};
      const m = parseMapping({ preset, fields: preset === 'custom' ? TEXT : undefined, ...uploadValues }, PRESETS);
      expect(m.unescapeFormulaPrefix).toBe(preset === 'sidh-export');
    }
  });

  it.each<[string, unknown, string]>([
    ['invalid JSON text', '{"preset":', 'mapping'],
    ['a JSON array', '[1]', 'mapping'],
    ['a number', 42, 'mapping'],
    ['an unknown top-level property', { fields: TEXT, limit: 3 }, 'mapping.limit'],
    ['an unknown preset', { preset: 'excel' }, 'mapping.preset'],
    ['fields that are not an object', { fields: ['text.en'] }, 'mapping.fields'],
    ['an unknown target field', { fields: { ...TEXT, title: { column: 'T' } } }, 'mapping.fields.title'],
    ['a field spec that is a string', { fields: { 'text.en': 'Text' } }, 'mapping.fields.text.en'],
    ['an unknown field spec property', { fields: { 'text.en': { column: 'Text', trim: true } } }, 'mapping.fields.text.en.trim'],
    ['a column that is not a string', { fields: { 'text.en': { column: 3 } } }, 'mapping.fields.text.en.column'],
    ['a column longer than 200 characters', { fields: { 'text.en': { column: 'c'.repeat(201) } } }, 'mapping.fields.text.en.column'],
    ['an empty separator', { fields: { ...TEXT, themes: { column: 'T', separator: '' } } }, 'mapping.fields.themes.separator'],
    ['a separator longer than 10 characters', { fields: { ...TEXT, themes: { column: 'T', separator: ' ---------- ' } } }, 'mapping.fields.themes.separator'],
    ['a non-boolean optional', { fields: { ...TEXT, themes: { column: 'T', optional: 'yes' } } }, 'mapping.fields.themes.optional'],
    ['values that are an array', { fields: { ...TEXT, themes: { column: 'T', values: ['a'] } } }, 'mapping.fields.themes.values'],
    ['a value that is not a string', { fields: { ...TEXT, themes: { column: 'T', values: { a: 1 } } } }, 'mapping.fields.themes.values.a'],
    ['defaults that are not an object', { fields: TEXT, defaults: 'UPR' }, 'mapping.defaults'],
    ['a default for a list field', { fields: TEXT, defaults: { themes: 'x' } }, 'mapping.defaults.themes'],
    ['a default that is not a string', { fields: TEXT, defaults: { cycle: 3 } }, 'mapping.defaults.cycle'],
    ['createUnknown naming a closed list', { fields: TEXT, createUnknown: ['recommendingStates'] }, 'mapping.createUnknown'],
    ['createUnknown that is not an array', { fields: TEXT, createUnknown: 'themes' }, 'mapping.createUnknown'],
    ['an unknown duplicates policy', { fields: TEXT, duplicates: 'ignore' }, 'mapping.duplicates'],
    ['an unsupported delimiter', { fields: TEXT, delimiter: ':' }, 'mapping.delimiter'],
    ['a sheet name longer than 100 characters', { fields: TEXT, sheet: 's'.repeat(101) }, 'mapping.sheet'],
  ])('refuses %s as mapping_invalid at %s', (_name, raw, path) => {
    expect(invalid(raw).path).toBe(path);
  });

  it('refuses a mapping text longer than 64 KiB before parsing it', () => {
    expect(invalid(`{"preset":"custom","sheet":"${'x'.repeat(70_000)}"}`)).toEqual({ message: 'mapping is too long', path: 'mapping' });
  });

  it('refuses a value map with more than 5000 entries', () => {
    const values = Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`k${i}`, 'v']));
    expect(invalid({ fields: { ...TEXT, themes: { column: 'T', values } } }).path).toBe('mapping.fields.themes.values');
  });

  it.each([
    ['a __proto__ target field', '{"fields":{"text.en":{"column":"T"},"__proto__":{"column":"x"}}}', 'mapping.fields.__proto__'],
    ['a constructor top-level key', '{"fields":{"text.en":{"column":"T"}},"constructor":{}}', 'mapping.constructor'],
    ['a __proto__ value key', '{"fields":{"text.en":{"column":"T","values":{"__proto__":"x"}}}}', 'mapping.fields.text.en.values'],
    ['a __proto__ default', '{"fields":{"text.en":{"column":"T"}},"defaults":{"__proto__":"x"}}', 'mapping.defaults.__proto__'],
  ])('refuses %s (prototype pollution) and leaves Object.prototype untouched', (_name, raw, path) => {
    expect(invalid(raw).path).toBe(path);
    expect(({} as Record<string, unknown>)['column']).toBeUndefined();
  });

  it('builds value maps without a prototype, so "constructor" is not a mapped label', () => {
    const m = parseMapping({ fields: { ...TEXT, response: { column: 'R', values: { Accepted: 'supported' } } } }, PRESETS);
    expect(Object.getPrototypeOf(m.fields.response!.values)).toBeNull();
    expect(m.fields.response!.values!['constructor']).toBeUndefined();
  });

  it('resolves any accepted custom mapping to the fields it was given (property)', () => {
    const column = fc.string({ minLength: 1, maxLength: 30 });
    const spec = fc.record({ column, separator: fc.option(fc.constantFrom(',', ';', ' | '), { nil: undefined }) }, { requiredKeys: ['column'] });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...TARGET_FIELDS), spec), column, (fields, text) => {
        const input = { preset: 'custom', fields: { ...fields, 'text.ar': { column: text } } };
        const clean = Object.fromEntries(Object.entries(input.fields).map(([f, s]) => [f, Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined))]));
        const m = parseMapping(JSON.stringify(input), PRESETS);
        expect(m.fields).toEqual(clean);
        expect(parseMapping(input, PRESETS)).toEqual(m);
      }),
    );
  });
});
