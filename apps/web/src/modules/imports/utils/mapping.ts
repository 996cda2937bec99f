/**
 * The wizard's mapping as an editable draft, and back to the API's mapping JSON (`ImportMappingDto`).
 * Pure functions, unit-tested: the components only render a draft and call these.
 */
import {
  IMPLEMENTATION_STATUSES,
  isListTarget,
  ITEM_KINDS,
  LIST_TARGETS,
  MECHANISMS,
  RECOMMENDATION_RESPONSES,
  TARGET_FIELDS,
  TEXT_TARGETS,
  type CreatableTarget,
  type DuplicatePolicy,
  type PresetName,
  type ScalarTarget,
  type TargetField,
} from '@sidh/domain';
import type { FieldMapping, ImportMapping, ImportPreset, ImportRejection } from '../../../app/api-types';

// The target fields, their kinds (scalar, list, text, creatable), the presets and the duplicate
// policies are the API's: they come from `@sidh/domain`. Only how this step groups and guesses them is here.

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The fields grouped as the mapping step shows them. */
export const FIELD_GROUPS: ReadonlyArray<{ key: string; fields: readonly TargetField[] }> = [
  { key: 'identity', fields: ['documentSymbol', 'paragraph', 'externalCode'] },
  { key: 'texts', fields: TEXT_TARGETS },
  { key: 'source', fields: ['kind', 'mechanism', 'body', 'review', 'cycle', 'session', 'stateUnderReview', 'recommendingStates'] },
  { key: 'followUp', fields: ['response', 'status', 'institutions'] },
  { key: 'classification', fields: ['themes', 'affectedPersons', 'sdgTargets', 'axes', 'subAxes'] },
];

/** Fields whose values are a closed list of codes: their value correspondences pick a code. */
export const ENUM_VALUES: Partial<Record<TargetField, readonly string[]>> = {
  kind: ITEM_KINDS,
  mechanism: MECHANISMS,
  response: RECOMMENDATION_RESPONSES,
  status: IMPLEMENTATION_STATUSES,
};

/** Fields where correspondences between source labels and target values make sense. */
export function hasValueMapping(field: TargetField): boolean {
  return !(['externalCode', 'documentSymbol', 'paragraph', ...TEXT_TARGETS, 'cycle', 'session'] as readonly string[]).includes(field);
}

export interface ValueRow {
  from: string;
  to: string;
}

export interface FieldDraft {
  /** The source column, or null: not mapped (the default, if any, applies). */
  column: string | null;
  /** Read when the column's cell is empty (`columns: [column, elseColumn]`), or null. */
  elseColumn: string | null;
  separator: string;
  values: ValueRow[];
  optional: boolean;
}

export interface MappingDraft {
  preset: PresetName;
  fields: Record<TargetField, FieldDraft>;
  defaults: Partial<Record<ScalarTarget, string>>;
  createUnknown: CreatableTarget[];
  duplicates: DuplicatePolicy;
  /** Null: detected by the API. */
  delimiter: Delimiter | null;
  /** Values the dry run did not recognise, mapped by the user to a code: field → value → code. */
  valueMappings: Partial<Record<TargetField, Record<string, string>>>;
}

const EMPTY_FIELD: FieldDraft = { column: null, elseColumn: null, separator: '', values: [], optional: false };

/** `code`, `Code `, `text-fr`, `Text FR` → `code`, `code`, `textfr`, `textfr`. */
export function columnKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Column names a file without a preset commonly uses for each field (compared by `columnKey`). */
const GUESSES: Record<TargetField, readonly string[]> = {
  externalCode: ['code', 'externalcode', 'ref', 'reference'],
  documentSymbol: ['symbol', 'documentsymbol', 'cote', 'document'],
  paragraph: ['paragraph', 'paragraphe', 'para', 'recommendationid'],
  'text.ar': ['textar', 'textear', 'arabic', 'arabe', 'النص'],
  'text.fr': ['textfr', 'textefr', 'french', 'francais', 'texte'],
  'text.en': ['texten', 'english', 'anglais', 'text', 'recommendation'],
  mechanism: ['mechanism', 'mecanisme'],
  body: ['body', 'organe', 'treatybody'],
  review: ['review', 'examen'],
  cycle: ['cycle', 'uprcycle'],
  session: ['session'],
  stateUnderReview: ['stateunderreview', 'to', 'country', 'pays'],
  response: ['response', 'responseinreport', 'reponse', 'position'],
  status: ['status', 'statut', 'etat'],
  kind: ['kind', 'type', 'nature', 'النوع'],
  recommendingStates: ['recommendingstates', 'recommendingstate', 'from', 'etats', 'states'],
  themes: ['themes', 'theme', 'issue', 'issues'],
  affectedPersons: ['affectedpersons', 'personnesconcernees', 'groups'],
  sdgTargets: ['sdgtargets', 'sdgs', 'sdg', 'odd'],
  axes: ['axes', 'axis', 'axe', 'axisids'],
  subAxes: ['subaxes', 'sousaxes'],
  institutions: ['institutions', 'institution', 'responsibleentities', 'entites'],
};

/** A first guess for a file mapped without preset: each field takes the column named like it. */
export function guessColumns(columns: readonly string[]): Partial<Record<TargetField, string>> {
  const byKey = new Map(columns.map((c) => [columnKey(c), c]));
  const taken = new Set<string>();
  const out: Partial<Record<TargetField, string>> = {};
  for (const field of TARGET_FIELDS) {
    const hit = GUESSES[field].map((g) => byKey.get(columnKey(g))).find((c) => c !== undefined && !taken.has(c));
    if (hit) {
      out[field] = hit;
      taken.add(hit);
    }
  }
  return out;
}

function fieldFromSpec(spec: FieldMapping | undefined, columns: readonly string[]): FieldDraft {
  if (!spec) return { ...EMPTY_FIELD };
  // A chain keeps the columns the file has: the first is the column, the second the "else".
  const chain = (spec.columns?.length ? spec.columns : spec.column ? [spec.column] : []).filter((c) => columns.includes(c));
  return {
    column: chain[0] ?? null,
    elseColumn: chain[1] ?? null,
    separator: spec.separator ?? '',
    values: Object.entries(spec.values ?? {}).map(([from, to]) => ({ from, to })),
    optional: spec.optional ?? false,
  };
}

/** The draft a preset gives for a file with these columns (columns the file lacks are left unmapped). */
export function draftFromPreset(preset: ImportPreset | undefined, columns: readonly string[]): MappingDraft {
  const mapping: ImportMapping = preset?.mapping ?? { preset: 'custom', fields: {}, defaults: {} };
  const fields = Object.fromEntries(TARGET_FIELDS.map((f) => [f, fieldFromSpec(mapping.fields?.[f], columns)])) as Record<TargetField, FieldDraft>;
  if (mapping.preset === 'custom') {
    for (const [field, column] of Object.entries(guessColumns(columns))) fields[field as TargetField].column = column;
    for (const f of LIST_TARGETS) if (fields[f].column && !fields[f].separator) fields[f].separator = ';';
  }
  return {
    preset: mapping.preset,
    fields,
    defaults: { ...(mapping.defaults ?? {}) },
    createUnknown: [...(mapping.createUnknown ?? [])],
    duplicates: mapping.duplicates ?? 'reject',
    delimiter: mapping.delimiter ?? null,
    valueMappings: {},
  };
}

/** Columns a preset needs (not optional) that the file does not have. */
export function missingPresetColumns(preset: ImportPreset, columns: readonly string[]): string[] {
  const specs = Object.values(preset.mapping.fields ?? {}) as FieldMapping[];
  return [...new Set(specs.filter((s) => !s.optional).flatMap((s) => (s.columns?.length ? s.columns : s.column ? [s.column] : [])).filter((c) => !columns.includes(c)))];
}

/**
 * The preset that fits the file best: every required column present, the most of its columns found.
 * `custom` when none fits.
 */
export function suggestPreset(presets: readonly ImportPreset[], columns: readonly string[]): PresetName {
  let best: { name: PresetName; found: number } = { name: 'custom', found: 0 };
  for (const p of presets) {
    if (p.name === 'custom' || missingPresetColumns(p, columns).length) continue;
    const specs = Object.values(p.mapping.fields ?? {}) as FieldMapping[];
    const found = new Set(specs.flatMap((s) => (s.columns?.length ? s.columns : s.column ? [s.column] : [])).filter((c) => columns.includes(c))).size;
    if (found > best.found) best = { name: p.name, found };
  }
  return best.name;
}

export type DraftProblem = { code: 'noText' } | { code: 'noSeparator'; field: TargetField };

/** What the API would refuse, said before sending. */
export function draftProblems(draft: MappingDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (!TEXT_TARGETS.some((f) => draft.fields[f].column)) problems.push({ code: 'noText' });
  for (const f of LIST_TARGETS) {
    if (draft.fields[f].column && !draft.fields[f].separator && !draft.fields[f].values.length && draft.preset === 'custom') {
      problems.push({ code: 'noSeparator', field: f });
    }
  }
  return problems;
}

/**
 * The mapping JSON the API takes. Every field is sent explicitly (the preset's own entries are
 * overridden), a preset field the user unmapped is sent as `null` (removed), and empty defaults are left out.
 */
export function toMappingJson(draft: MappingDraft, preset: ImportPreset | undefined): Record<string, unknown> {
  const presetFields = (preset?.mapping.fields ?? {}) as Partial<Record<TargetField, FieldMapping>>;
  const fields: Record<string, FieldMapping | null> = {};
  for (const f of TARGET_FIELDS) {
    const d = draft.fields[f];
    if (!d.column) {
      // A preset field without a column asks for a value per upload (list-of-issues: body, documentSymbol):
      // left to the preset, so that the API refuses the mapping when its default is not given.
      if (presetFields[f]?.column || presetFields[f]?.columns?.length) fields[f] = null;
      continue;
    }
    const spec: FieldMapping = d.elseColumn && d.elseColumn !== d.column ? { columns: [d.column, d.elseColumn] } : { column: d.column };
    if (isListTarget(f) && d.separator) spec.separator = d.separator;
    const values = d.values.filter((v) => v.from.trim() !== '');
    if (values.length) spec.values = Object.fromEntries(values.map((v) => [v.from.trim(), v.to.trim()]));
    if (d.optional) spec.optional = true;
    fields[f] = spec;
  }
  const defaults: Partial<Record<ScalarTarget, string>> = {};
  for (const [k, v] of Object.entries(draft.defaults)) if (v && v.trim()) defaults[k as ScalarTarget] = v.trim();
  const valueMappings = Object.fromEntries(Object.entries(draft.valueMappings).filter(([, m]) => m && Object.keys(m).length));
  return {
    preset: draft.preset,
    fields,
    defaults,
    ...(Object.keys(valueMappings).length ? { valueMappings } : {}),
    createUnknown: draft.createUnknown,
    duplicates: draft.duplicates,
    ...(draft.delimiter ? { delimiter: draft.delimiter } : {}),
  };
}

/** The target field a rejection is about (by its source column), if one is mapped to that column. */
export function fieldOfColumn(draft: MappingDraft, column: string | null): TargetField | null {
  if (!column) return null;
  return TARGET_FIELDS.find((f) => draft.fields[f].column === column || draft.fields[f].elseColumn === column) ?? null;
}

/** Rejections that a value correspondence can fix: an unknown value or label of a mapped column. */
export function isFixableByValue(draft: MappingDraft, r: ImportRejection): boolean {
  const field = fieldOfColumn(draft, r.column);
  return (r.code === 'value.unknown' || r.code === 'label.unknown' || r.code === 'body.unknown') && !!r.value && !!field && hasValueMapping(field);
}

/** Adds (or replaces) the correspondence `from → to` of a field. */
export function withValue(draft: MappingDraft, field: TargetField, from: string, to: string): MappingDraft {
  const current = draft.fields[field];
  const values = [...current.values.filter((v) => columnKey(v.from) !== columnKey(from)), { from, to }];
  return { ...draft, fields: { ...draft.fields, [field]: { ...current, values } } };
}

/** Maps every row whose `field` has this value to the reference `code` (the dry run's candidate). */
export function withValueMapping(draft: MappingDraft, field: TargetField, value: string, code: string): MappingDraft {
  return { ...draft, valueMappings: { ...draft.valueMappings, [field]: { ...(draft.valueMappings[field] ?? {}), [value]: code } } };
}

export function withField(draft: MappingDraft, field: TargetField, patch: Partial<FieldDraft>): MappingDraft {
  return { ...draft, fields: { ...draft.fields, [field]: { ...draft.fields[field], ...patch } } };
}

/** The API names changed fields as the audit trail does (`textEn`, `themeCodes`…): back to the mapping's fields. */
const AUDIT_FIELDS: Record<string, TargetField> = {
  textAr: 'text.ar',
  textFr: 'text.fr',
  textEn: 'text.en',
  recommendingStateCodes: 'recommendingStates',
  themeCodes: 'themes',
  affectedPersonCodes: 'affectedPersons',
  sdgTargetCodes: 'sdgTargets',
  axisCodes: 'axes',
  subAxisCodes: 'subAxes',
  institutionCodes: 'institutions',
  bodyId: 'body',
  reviewId: 'review',
};

export function targetOfAuditField(name: string): TargetField | null {
  if (AUDIT_FIELDS[name]) return AUDIT_FIELDS[name];
  return (TARGET_FIELDS as readonly string[]).includes(name) ? (name as TargetField) : null;
}
