import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ImportException, ImportFileError } from './import.errors.js';

import { CREATABLE_TARGETS, DUPLICATE_POLICIES, LIST_TARGETS, PRESET_NAMES, SCALAR_TARGETS, TARGET_FIELDS } from '@sidh/domain';
import type { CreatableTarget, DuplicatePolicy, ListTarget, PresetName, ScalarTarget, TargetField } from '@sidh/domain';

/** Target fields of the import mapping: declared in @sidh/domain, shared with the SPA. */
export { CREATABLE_TARGETS, DUPLICATE_POLICIES, LIST_TARGETS, PRESET_NAMES, SCALAR_TARGETS, TARGET_FIELDS };
export type { CreatableTarget, DuplicatePolicy, ListTarget, PresetName, ScalarTarget, TargetField };

export const FIELD_DESCRIPTIONS: Record<TargetField, string> = {
  externalCode: "The source's own code, kept as is (e.g. DIDH `R144.110 P2`). Part of the identity with body + review.",
  documentSymbol: 'UN document symbol, e.g. `A/HRC/36/6`. With the paragraph, the identity of a recommendation.',
  paragraph: 'Paragraph, e.g. `144.44`; unnormalised codes (`R144.110 P2`, `P1R 144.111`) are normalised and their `P` part kept as part of the identity.',
  'text.ar': 'Text in Arabic.',
  'text.fr': 'Text in French.',
  'text.en': 'Text in English.',
  mechanism: '`UPR`, `TREATY_BODY` or `SPECIAL_PROCEDURE` (or a label mapped by `values`); default: the body\'s mechanism.',
  body: 'Body code (`UPR`, `CAT` …) or name in any language; a leading `- ` is ignored. Default for UPR: `UPR`.',
  review: 'Review code or title in any language, e.g. `MAR-UPR-3` (existing reviews).',
  cycle: 'UPR cycle number (the first number of the cell: `3ème cycle (2017-2022)` → 3). With the state under review, identifies the review `<ISO3>-UPR-<cycle>` (created when missing).',
  session: 'UPR session number; gives the cycle when no cycle is mapped (sessions 1–12 → 1, 13–26 → 2, 27–40 → 3, 41–54 → 4).',
  stateUnderReview: 'State under review (code or name in any language), for the UPR review.',
  response: '`supported`, `supported_in_part`, `noted` (or labels mapped by `values`; `Accepted` → supported and `Noted` → noted are built in).',
  status: 'Consolidated status: `not_started`, `in_progress`, `partially_implemented`, `implemented`, `continuous`, `not_applicable`.',
  kind: '`recommendation` or `question` (a paragraph of a list of issues; it has no response). Empty and unmapped: a new item is a recommendation, an existing one keeps its kind. The `list-of-issues` preset sets `question`.',
  recommendingStates: 'Recommending states: ISO code or UN name in any language (common short names such as `United Kingdom` are recognised).',
  themes: 'UHRI themes: code or name in any language.',
  affectedPersons: 'Affected persons: code or name in any language.',
  sdgTargets: 'SDG targets: code (`5.1`), a label starting with the code, or the name.',
  axes: 'National thematic axes: code or name.',
  subAxes: 'National sub-axes: code or name.',
  institutions: 'Responsible institutions: code or name in any language; each becomes an assignment (the first listed as lead, the others as contributors). An import adds assignments, never removes them.',
};

/** The most columns a field may read from (`columns`). */
export const MAX_CHAIN = 5;

/** Fields whose values are matched against reference data by name: `valueMappings` may map their values to codes. */
export const MATCHED_TARGETS = ['body', 'stateUnderReview', ...LIST_TARGETS] as const;
export type MatchedTarget = (typeof MATCHED_TARGETS)[number];

/**
 * What a file does not say and the upload gives (`defaults`), with the dry run's suggestions:
 * the document symbol, the UPR cycle and session, the state under review.
 */
export const PARAMETER_TARGETS = ['documentSymbol', 'cycle', 'session', 'stateUnderReview'] as const satisfies readonly ScalarTarget[];
export type ParameterTarget = (typeof PARAMETER_TARGETS)[number];

export class FieldMappingDto {
  @ApiPropertyOptional({ description: 'Source column (CSV/XLSX header, JSON property). Absent: the field takes its default.', maxLength: 200 })
  column?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_CHAIN,
    description:
      'Instead of `column`: several columns, the first non-empty cell wins, e.g. `["treaty_body", "special_procedure_mandate_fr"]` (the committee, else the mandate). Distinct names, at most as many as the file has columns.',
  })
  columns?: string[];

  @ApiPropertyOptional({ description: 'For list fields: the separator inside a cell, e.g. `,`, `;`, ` | `.', maxLength: 10 })
  separator?: string;

  @ApiPropertyOptional({
    description: 'Source label → target value (code or name). Matched case- and accent-insensitively, before the built-in matching. Map a label to `""` to ignore it.',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  values?: Record<string, string>;

  @ApiPropertyOptional({ description: 'The column may be absent from the file (presets use it for optional columns).' })
  optional?: boolean;
}

const FIELD_PROPERTIES = Object.fromEntries(TARGET_FIELDS.map((f) => [f, { $ref: '#/components/schemas/FieldMappingDto', description: FIELD_DESCRIPTIONS[f] }]));
const DEFAULT_PROPERTIES = Object.fromEntries(SCALAR_TARGETS.map((f) => [f, { type: 'string', description: `Default ${f} when the cell is empty or the field is not mapped.` }]));
const VALUE_MAPPING_PROPERTIES = Object.fromEntries(MATCHED_TARGETS.map((f) => [f, { type: 'object', additionalProperties: { type: 'string' }, description: `Value of the file → ${f} code.` }]));

/**
 * How source columns become recommendation fields. Start from a preset (its mapping is listed by
 * `GET /imports/presets`); `fields` and `defaults` given here override the preset's, field by field.
 */
export class ImportMappingDto {
  @ApiProperty({ enum: PRESET_NAMES, description: 'Preset to start from; `custom` starts from nothing.' })
  preset: PresetName;

  @ApiPropertyOptional({ type: 'object', properties: FIELD_PROPERTIES, additionalProperties: false, description: 'Target field → source column.' } as never)
  fields?: Partial<Record<TargetField, FieldMappingDto>>;

  @ApiPropertyOptional({ type: 'object', properties: DEFAULT_PROPERTIES, additionalProperties: false, description: 'Target field → value used when the cell is empty or unmapped, e.g. `{"mechanism":"UPR"}`.' } as never)
  defaults?: Partial<Record<ScalarTarget, string>>;

  @ApiPropertyOptional({
    type: 'object',
    properties: VALUE_MAPPING_PROPERTIES,
    additionalProperties: false,
    description:
      'Values the importer did not recognise, mapped to reference codes by the user (the dry run lists each unmatched value with its candidates): field → value as the file writes it (case, accents and white space ignored) → code, e.g. `{"body":{"la Rapporteuse spéciale sur le logement":"SP-FOOD"}}`. Every row with that value takes that code. An unknown code → 400 naming it.',
  } as never)
  valueMappings?: Partial<Record<MatchedTarget, Record<string, string>>>;

  @ApiPropertyOptional({ enum: CREATABLE_TARGETS, isArray: true, description: 'Create unknown labels of these list fields instead of rejecting their rows.' })
  createUnknown?: CreatableTarget[];

  @ApiPropertyOptional({
    enum: ['reject', 'merge', 'keep'],
    description:
      'Rows with the same identity: `reject` the later ones (default: "duplicate code"), `merge` them into one recommendation (union of list fields; UPR Info: one row per recommending state), or `keep` each as its own recommendation (DIDH: the source enters some codes twice).',
  })
  duplicates?: DuplicatePolicy;

  @ApiPropertyOptional({ enum: [',', ';', '\t', '|'], description: 'CSV delimiter; detected when absent.' })
  delimiter?: string;

  @ApiPropertyOptional({ description: 'XLSX: the worksheet to read (default: the first).', maxLength: 100 })
  sheet?: string;
}

/** A mapping after merging the preset: what the importer runs. */
export interface ResolvedMapping {
  preset: PresetName;
  fields: Partial<Record<TargetField, FieldMappingDto>>;
  defaults: Partial<Record<ScalarTarget, string>>;
  createUnknown: CreatableTarget[];
  /** Field → labelKey(value) → code. */
  valueMappings: Partial<Record<MatchedTarget, Record<string, string>>>;
  duplicates: DuplicatePolicy;
  delimiter?: string;
  sheet?: string;
  /** Strip the `'` the export puts before cells starting with = + - @ tab CR (sidh-export preset). */
  unescapeFormulaPrefix: boolean;
}

/** The columns a field reads, in order (`column`, or `columns`). */
export function sourceColumns(spec: FieldMappingDto | undefined): string[] {
  if (!spec) return [];
  return spec.columns?.length ? spec.columns : spec.column ? [spec.column] : [];
}

/** A UN document symbol: series letters, then parts separated by `/` (A/HRC/36/6, E/C.12/MAR/CO/4, A/HRC/40/52/Add.1). */
export const DOCUMENT_SYMBOL = /^[A-Z][A-Za-z0-9.]*(?:\/[A-Za-z0-9.()-]+)+$/;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function invalid(message: string, path: string): never {
  throw new ImportException(ImportFileError.MappingInvalid, message, { path });
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (FORBIDDEN_KEYS.has(key) || !allowed.includes(key)) invalid(`Unknown property ${path}.${key}`, `${path}.${key}`);
  }
}

function str(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) invalid(`${path} must be a string of at most ${max} characters`, path);
  return value;
}

/** Validates the mapping JSON (strictly: unknown properties are refused) and merges its preset. */
export function parseMapping(raw: unknown, presets: Record<PresetName, ImportMappingDto>): ResolvedMapping {
  let input: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.length > 64 * 1024) invalid('mapping is too long', 'mapping');
    try {
      input = JSON.parse(raw);
    } catch {
      invalid('mapping is not valid JSON', 'mapping');
    }
  }
  if (input === undefined || input === null || input === '') input = { preset: 'custom' };
  if (!isObject(input)) invalid('mapping must be a JSON object', 'mapping');
  checkKeys(input, ['preset', 'fields', 'defaults', 'valueMappings', 'createUnknown', 'duplicates', 'delimiter', 'sheet'], 'mapping');
  const preset = (input['preset'] ?? 'custom') as PresetName;
  if (!PRESET_NAMES.includes(preset)) invalid(`Unknown preset ${String(preset)}`, 'mapping.preset');
  const base = presets[preset];
  const fields: Partial<Record<TargetField, FieldMappingDto>> = { ...(base.fields ?? {}) };
  if (input['fields'] !== undefined) {
    if (!isObject(input['fields'])) invalid('mapping.fields must be an object', 'mapping.fields');
    checkKeys(input['fields'], TARGET_FIELDS, 'mapping.fields');
    for (const [field, spec] of Object.entries(input['fields'])) {
      const path = `mapping.fields.${field}`;
      if (spec === null) {
        delete fields[field as TargetField];
        continue;
      }
      if (!isObject(spec)) invalid(`${path} must be an object`, path);
      checkKeys(spec, ['column', 'columns', 'separator', 'values', 'optional'], path);
      const out: FieldMappingDto = {};
      if (spec['column'] !== undefined && spec['columns'] !== undefined) invalid(`${path}: give column or columns, not both`, `${path}.columns`);
      if (spec['column'] !== undefined) out.column = str(spec['column'], `${path}.column`, 200);
      if (spec['columns'] !== undefined) {
        const list = spec['columns'];
        if (!Array.isArray(list) || list.length === 0) invalid(`${path}.columns must be a non-empty list of column names`, `${path}.columns`);
        if (list.length > MAX_CHAIN) invalid(`${path}.columns names ${list.length} columns: at most ${MAX_CHAIN}`, `${path}.columns`);
        const names = list.map((c, i) => str(c, `${path}.columns[${i}]`, 200));
        const repeated = names.filter((c, i) => names.indexOf(c) !== i);
        if (repeated.length) invalid(`${path}.columns names "${repeated[0]}" twice`, `${path}.columns`);
        if (names.length === 1) out.column = names[0]!;
        else out.columns = names;
      }
      if (spec['separator'] !== undefined) {
        out.separator = str(spec['separator'], `${path}.separator`, 10);
        if (out.separator === '') invalid(`${path}.separator must not be empty`, `${path}.separator`);
      }
      if (spec['optional'] !== undefined) {
        if (typeof spec['optional'] !== 'boolean') invalid(`${path}.optional must be a boolean`, `${path}.optional`);
        out.optional = spec['optional'];
      }
      if (spec['values'] !== undefined) {
        if (!isObject(spec['values'])) invalid(`${path}.values must be an object`, `${path}.values`);
        const values: Record<string, string> = Object.create(null);
        const entries = Object.entries(spec['values']);
        if (entries.length > 5000) invalid(`${path}.values has too many entries`, `${path}.values`);
        for (const [k, v] of entries) {
          if (FORBIDDEN_KEYS.has(k)) invalid(`Forbidden key ${k}`, `${path}.values`);
          values[k] = str(v, `${path}.values.${k}`, 200);
        }
        out.values = values;
      }
      fields[field as TargetField] = out;
    }
  }
  const defaults: Partial<Record<ScalarTarget, string>> = { ...(base.defaults ?? {}) };
  if (input['defaults'] !== undefined) {
    if (!isObject(input['defaults'])) invalid('mapping.defaults must be an object', 'mapping.defaults');
    checkKeys(input['defaults'], SCALAR_TARGETS, 'mapping.defaults');
    for (const [field, value] of Object.entries(input['defaults'])) defaults[field as ScalarTarget] = str(value, `mapping.defaults.${field}`, 200);
  }
  for (const field of ['cycle', 'session'] as const) {
    const v = defaults[field];
    if (v !== undefined && v !== '' && !/^\s*\d{1,2}\s*$/.test(v)) invalid(`mapping.defaults.${field} must be a number (${field === 'cycle' ? 'the UPR cycle, e.g. 3' : 'the UPR session, e.g. 27'}), not "${v.slice(0, 50)}"`, `mapping.defaults.${field}`);
    if (v !== undefined && field === 'cycle' && (Number(v) < 1 || Number(v) > 9)) invalid(`mapping.defaults.cycle must be between 1 and 9`, 'mapping.defaults.cycle');
  }
  const symbol = defaults.documentSymbol;
  if (symbol !== undefined && symbol !== '' && !DOCUMENT_SYMBOL.test(symbol.trim())) {
    invalid(`mapping.defaults.documentSymbol is not a UN document symbol (e.g. A/HRC/36/6, CAT/C/MAR/CO/4): "${symbol.slice(0, 64)}"`, 'mapping.defaults.documentSymbol');
  }
  const valueMappings: Partial<Record<MatchedTarget, Record<string, string>>> = {};
  if (input['valueMappings'] !== undefined) {
    const vm = input['valueMappings'];
    if (!isObject(vm)) invalid('mapping.valueMappings must be an object', 'mapping.valueMappings');
    checkKeys(vm, MATCHED_TARGETS, 'mapping.valueMappings');
    let total = 0;
    for (const [field, map] of Object.entries(vm)) {
      const path = `mapping.valueMappings.${field}`;
      if (!isObject(map)) invalid(`${path} must be an object (value → code)`, path);
      const out: Record<string, string> = Object.create(null);
      for (const [value, code] of Object.entries(map)) {
        if (FORBIDDEN_KEYS.has(value)) invalid(`Forbidden key ${value}`, path);
        if (value.length > 500) invalid(`${path}: a value is longer than 500 characters`, path);
        if (++total > 5000) invalid('mapping.valueMappings has too many entries', 'mapping.valueMappings');
        out[value] = str(code, `${path}.${value.slice(0, 100)}`, 64);
      }
      valueMappings[field as MatchedTarget] = out;
    }
  }
  let createUnknown: CreatableTarget[] = [...(base.createUnknown ?? [])];
  if (input['createUnknown'] !== undefined) {
    const list = input['createUnknown'];
    if (!Array.isArray(list) || !list.every((x) => (CREATABLE_TARGETS as readonly unknown[]).includes(x))) {
      invalid(`mapping.createUnknown must list some of ${CREATABLE_TARGETS.join(', ')}`, 'mapping.createUnknown');
    }
    createUnknown = [...new Set(list as CreatableTarget[])];
  }
  const duplicates = (input['duplicates'] ?? base.duplicates ?? 'reject') as DuplicatePolicy;
  if (!DUPLICATE_POLICIES.includes(duplicates)) invalid('mapping.duplicates must be reject, merge or keep', 'mapping.duplicates');
  const delimiter = input['delimiter'] ?? base.delimiter;
  if (delimiter !== undefined && ![',', ';', '\t', '|'].includes(delimiter as string)) invalid('mapping.delimiter must be one of , ; tab |', 'mapping.delimiter');
  const sheet = input['sheet'] !== undefined ? str(input['sheet'], 'mapping.sheet', 100) : base.sheet;
  const hasText = (['text.ar', 'text.fr', 'text.en'] as const).some((f) => sourceColumns(fields[f]).length > 0);
  if (!hasText) invalid('The mapping must name a column for at least one of text.ar, text.fr, text.en', 'mapping.fields');
  for (const [field, spec] of Object.entries(fields)) {
    if (!sourceColumns(spec).length && !(field in defaults)) invalid(`mapping.fields.${field} needs a column (or a default)`, `mapping.fields.${field}`);
  }
  return {
    preset,
    fields,
    defaults,
    createUnknown,
    valueMappings,
    duplicates,
    ...(delimiter !== undefined ? { delimiter: delimiter as string } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
    unescapeFormulaPrefix: preset === 'sidh-export',
  };
}
