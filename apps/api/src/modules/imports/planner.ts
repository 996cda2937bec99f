import { randomUUID } from 'node:crypto';
import {
  IMPLEMENTATION_STATUSES,
  isItemKind,
  MECHANISMS,
  nameWords,
  normalizeParagraph,
  normalizeRecommendationText,
  RECOMMENDATION_RESPONSES,
  TEXT_MAX_LENGTH,
  TEXT_TARGETS,
  restoreCell,
  UPR_BODY_CODE,
  type ImplementationStatus,
  type ItemKind,
  type Mechanism,
  type RecommendationResponse,
  type ScoredCandidate,
} from '@sidh/domain';
import { forEachSliced } from '../../common/time-slices.js';
import { withExchangeHeaders } from './exchange-mapping.js';
import { ImportException, ImportFileError, ImportRowError } from './import.errors.js';
import { COUNTRY_ALIASES, INSTITUTION_ALIASES, LabelIndex, labelKey, type Labelled } from './label-index.js';
import {
  LIST_TARGETS,
  MAX_CHAIN,
  PARAMETER_TARGETS,
  sourceColumns,
  type CreatableTarget,
  type ListTarget,
  type MatchedTarget,
  type ParameterTarget,
  type ResolvedMapping,
  type ScalarTarget,
  type TargetField,
} from './mapping.js';
import { PRESET_SUGGESTIONS } from './presets.js';
import { referenceAliases } from './reference-aliases.js';
import { uprReviewTitles } from './review-titles.js';
import type { CellValue, SourceRecord, SourceTable } from './source-reader.js';

export interface BodyRef extends Labelled {
  id: string;
  mechanism: Mechanism;
}
export interface ReviewRef {
  id: string;
  bodyId: string;
  code: string;
  /** The titles, when known: the exported matrix names a review by its title in the export language. */
  titleAr?: string | null;
  titleFr?: string | null;
  titleEn?: string | null;
  documentSymbol: string | null;
}
export interface CountryRef extends Labelled {
  iso3: string | null;
}
export interface InstitutionRef extends Labelled {
  id: string;
}

/** Reference data the importer matches labels against. */
export interface Lookups {
  bodies: BodyRef[];
  reviews: ReviewRef[];
  countries: CountryRef[];
  themes: Labelled[];
  affectedPersons: Labelled[];
  sdgTargets: Labelled[];
  axes: Labelled[];
  subAxes: Labelled[];
  institutions: InstitutionRef[];
}

export interface Rejection {
  row: number;
  column: string | null;
  code: string;
  message: string;
  /** The offending value, when there is one. */
  value?: string;
}

export interface NewReview {
  id: string;
  bodyId: string;
  code: string;
  titleAr: string;
  titleFr: string;
  titleEn: string;
  cycle: number | null;
  session: string | null;
  documentSymbol: string | null;
}

export interface NewLabel {
  field: CreatableTarget;
  code: string;
  id?: string;
  label: string;
}

export type TextLang = 'ar' | 'fr' | 'en';

/** One recommendation as the file describes it (after merging duplicate rows when asked). */
export interface PlannedRecommendation {
  rows: number[];
  /** Absent when the file does not say: a new item is a recommendation, an existing one keeps its kind. */
  kind?: ItemKind;
  mechanism: Mechanism;
  bodyId: string;
  reviewId: string | null;
  documentSymbol: string | null;
  paragraph: string | null;
  part: string | null;
  externalCode: string | null;
  texts: Partial<Record<TextLang, string>>;
  response?: RecommendationResponse | null;
  status?: ImplementationStatus;
  /** Codes (institutions: institution codes), only for the list fields the file provides. */
  lists: Partial<Record<ListTarget, string[]>>;
  key: string;
}

/** A value the importer could not match to reference data, with the closest candidates. */
export interface UnknownLabel {
  field: MatchedTarget;
  label: string;
  rows: number;
  candidates: ScoredCandidate[];
}

/** A parameter the file does not (always) give: the value the upload gave, and the file's own values to suggest. */
export interface PlannedParameter {
  field: ParameterTarget;
  /** The upload's value (`defaults`), if any. */
  value: string | null;
  /** Rows whose cell gives no value (the upload's value, or nothing, applies). */
  rowsWithout: number;
  suggestions: Array<{ value: string; rows: number }>;
}

export interface Plan {
  totalRows: number;
  recommendations: PlannedRecommendation[];
  rejections: Rejection[];
  merged: number;
  newReviews: NewReview[];
  newLabels: NewLabel[];
  /** Distinct unmatched values, most used first. */
  unknownLabels: UnknownLabel[];
  parameters: PlannedParameter[];
}

const LIST_REFERENCE: Record<ListTarget, keyof Lookups> = {
  recommendingStates: 'countries',
  themes: 'themes',
  affectedPersons: 'affectedPersons',
  sdgTargets: 'sdgTargets',
  axes: 'axes',
  subAxes: 'subAxes',
  institutions: 'institutions',
};

/** Response labels by `labelKey`; a Map, so no prototype key ("constructor") matches. */
const RESPONSE_SYNONYMS = new Map<string, RecommendationResponse>([
  ['supported', 'supported'],
  ['accepted', 'supported'],
  ['supported in part', 'supported_in_part'],
  ['supported_in_part', 'supported_in_part'],
  ['partially supported', 'supported_in_part'],
  ['noted', 'noted'],
  ['not supported', 'noted'],
  ['rejected', 'noted'],
]);
/** Kind labels as sheets write them, by `labelKey` (case and accents ignored); a Map, so no prototype key matches. */
const KIND_SYNONYMS = new Map<string, ItemKind>(
  (
    [
      ['recommendation', 'recommendation'],
      ['recommandation', 'recommendation'],
      ['توصية', 'recommendation'],
      ['question', 'question'],
      ['issue', 'question'],
      ['سؤال', 'question'],
    ] as const
  ).map(([label, kind]) => [labelKey(label), kind]),
);
/** Mechanism labels in English, French and Arabic, by `nameKey` (articles, accents, plurals of the titles ignored); a Map: no prototype key matches. */
const MECHANISM_SYNONYMS = new Map<string, Mechanism>(
  (
    [
      ['UPR', 'UPR'],
      ['EPU', 'UPR'],
      ['Universal periodic review', 'UPR'],
      ['Examen périodique universel', 'UPR'],
      ['الاستعراض الدوري الشامل', 'UPR'],
      ['treaty_body', 'TREATY_BODY'],
      ['treaty body', 'TREATY_BODY'],
      ['treaty bodies', 'TREATY_BODY'],
      ['organe de traité', 'TREATY_BODY'],
      ['organes de traités', 'TREATY_BODY'],
      ['organe conventionnel', 'TREATY_BODY'],
      ['هيئات المعاهدات', 'TREATY_BODY'],
      ['special_procedure', 'SPECIAL_PROCEDURE'],
      ['special procedure', 'SPECIAL_PROCEDURE'],
      ['special procedures', 'SPECIAL_PROCEDURE'],
      ['procédure spéciale', 'SPECIAL_PROCEDURE'],
      ['procédures spéciales', 'SPECIAL_PROCEDURE'],
      ['الإجراءات الخاصة', 'SPECIAL_PROCEDURE'],
    ] as const
  ).map(([label, mechanism]) => [mechanismKey(label), mechanism]),
);

function mechanismKey(label: string): string {
  return nameWords(label.replace(/_/g, ' '))
    .map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w))
    .sort()
    .join(' ');
}

/** The mechanism a cell names (a code or a label in English, French or Arabic), or null. */
export function mechanismOf(raw: string): Mechanism | null {
  if ((MECHANISMS as readonly string[]).includes(raw)) return raw as Mechanism;
  return MECHANISM_SYNONYMS.get(mechanismKey(raw)) ?? null;
}

/** UPR cycle from the year of the review (cycle 1: 2008–2011, 2: 2012–2016, 3: 2017–2021, 4: 2022–2026, 5: from 2027). */
export function cycleOfYear(year: number): number | null {
  if (!Number.isInteger(year) || year < 2008 || year > 2099) return null;
  return year <= 2011 ? 1 : year <= 2016 ? 2 : year <= 2021 ? 3 : year <= 2026 ? 4 : 5;
}

/** UPR cycle from a session number. */
export function cycleOfSession(session: number): number {
  return session <= 12 ? 1 : session <= 26 ? 2 : session <= 40 ? 3 : session <= 54 ? 4 : 5;
}

function slug(label: string, upper: boolean, max: number): string {
  const s = labelKey(label).replace(/[^a-z0-9]+/g, upper ? '_' : '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, max);
  return (upper ? s.toUpperCase() : s) || (upper ? 'NEW' : 'new');
}

const normSymbol = (s: string) => s.replace(/\s+/g, '').toUpperCase();

/** What identifies a recommendation, planned or stored. */
interface Identified {
  documentSymbol: string | null;
  paragraph: string | null;
  part: string | null;
  externalCode: string | null;
  bodyId: string;
  reviewId: string | null;
  texts: Partial<Record<TextLang, string | null>>;
}

/** The identities under which a recommendation can be found (see ImportsService for the precedence). */
export function identityKeys(r: Identified): { primary: string; all: string[] } {
  const keys = [...identities(r)];
  return { primary: keys[0]!, all: keys };
}

/** `identityKeys(r).primary`, without the keys after it (a text key normalises the whole text). */
export function primaryKey(r: Identified): string {
  return identities(r).next().value!;
}

/**
 * `identityKeys(r).all` of a recommendation whose primary key (`primary`, computed when it was
 * planned) is a text key: its language's key is `primary` (merging rows adds languages, never
 * changes a text), the other languages' are computed — one whole-text normalisation fewer.
 */
export function textIdentityKeys(r: Identified, primary: string): string[] {
  const known = primary.split('|', 4)[3];
  return (['en', 'fr', 'ar'] as const).filter((lang) => r.texts[lang]).map((lang) => (lang === known ? primary : textKey(r, lang, r.texts[lang]!)));
}

/**
 * The keys are joined, not concatenated: V8 keeps a concatenation as a tree of its pieces, and a
 * plan holds one key per recommendation (tens of thousands) until its commit ends.
 */
const textKey = (r: Identified, lang: TextLang, text: string) => ['t', r.bodyId, r.reviewId ?? '', lang, labelKey(normalizeRecommendationText(text))].join('|');

function* identities(r: Identified): Generator<string, void> {
  if (r.documentSymbol && r.paragraph) yield ['s', normSymbol(r.documentSymbol), r.paragraph, r.part ?? ''].join('|');
  if (r.externalCode) yield ['c', r.bodyId, r.reviewId ?? '', labelKey(r.externalCode).replace(/\s+/g, '')].join('|');
  for (const lang of ['en', 'fr', 'ar'] as const) {
    const t = r.texts[lang];
    if (t) yield textKey(r, lang, t);
  }
}

/**
 * Turns the rows of a file into recommendations, with every rejected row and unknown label. Row by
 * row, letting the event loop run between slices of rows (`forEachSliced`): a large file is
 * seconds of work on the API's thread.
 */
export async function planImport(table: SourceTable, asGiven: ResolvedMapping, lookups: Lookups): Promise<Plan> {
  // An export in Arabic, French or English reads back under its localised headers and values.
  const mapping = withExchangeHeaders(asGiven, table.headers);
  // Every column the mapping names must be in the file (optional ones may be absent): all the
  // unknown ones are named at once. A chain of more columns than the file has is refused first.
  for (const [field, spec] of Object.entries(mapping.fields)) {
    const chain = sourceColumns(spec);
    if (!spec.optional && chain.length > 1 && chain.length > Math.min(MAX_CHAIN, table.headers.length)) {
      throw new ImportException(ImportFileError.MappingInvalid, `mapping.fields.${field}.columns names ${chain.length} columns, but the file has ${table.headers.length}`, {
        path: `mapping.fields.${field}.columns`,
        field,
        columns: table.headers.slice(0, 100),
      });
    }
  }
  const missing = Object.entries(mapping.fields).flatMap(([field, spec]) => (spec.optional ? [] : sourceColumns(spec).filter((c) => !table.headers.includes(c)).map((column) => ({ field, column }))));
  if (missing.length) {
    const [{ field, column }] = missing as [{ field: string; column: string }];
    const fromPreset = mapping.preset !== 'custom';
    const unknownColumns = [...new Set(missing.map((m) => m.column))];
    const named = unknownColumns.map((c) => `"${c}"`).join(', ');
    throw new ImportException(
      fromPreset ? ImportFileError.MissingRequiredColumn : ImportFileError.MappingUnknownColumn,
      fromPreset
        ? `The file has no column ${named} (needed for ${[...new Set(missing.map((m) => m.field))].join(', ')} by the ${mapping.preset} preset)`
        : `The mapping names ${unknownColumns.length > 1 ? 'columns that are' : 'a column that is'} not in the file: ${named} (for ${[...new Set(missing.map((m) => m.field))].join(', ')})`,
      { field, column, unknownColumns, fields: missing.map((m) => m.field), columns: table.headers.slice(0, 100) },
    );
  }
  // Texts may each be optional (any subset of languages), but a file with none of them has nothing to import.
  const textColumns = TEXT_TARGETS.flatMap((f) => sourceColumns(mapping.fields[f]));
  if (textColumns.length && !textColumns.some((c) => table.headers.includes(c))) {
    throw new ImportException(ImportFileError.MissingRequiredColumn, `The file has none of the text columns ${textColumns.map((c) => `"${c}"`).join(', ')}: at least one is needed`, {
      field: 'text',
      column: textColumns.join(' | '),
      columns: table.headers.slice(0, 100),
    });
  }
  /** The columns of the file a field reads, in order (the first non-empty cell wins). */
  const columnsCache = new Map<TargetField, string[]>();
  const columnsOf = (field: TargetField): string[] => {
    let cols = columnsCache.get(field);
    if (!cols) columnsCache.set(field, (cols = sourceColumns(mapping.fields[field]).filter((c) => table.headers.includes(c))));
    return cols;
  };
  const columnOf = (field: TargetField): string | undefined => columnsOf(field)[0];
  const valueMaps = new Map<TargetField, Map<string, string>>();
  for (const [field, spec] of Object.entries(mapping.fields)) {
    if (spec.values) valueMaps.set(field as TargetField, new Map(Object.entries(spec.values).map(([k, v]) => [labelKey(k), v])));
  }
  const mapValue = (field: TargetField, raw: string): string => {
    const mapped = valueMaps.get(field)?.get(labelKey(raw));
    return mapped ?? raw;
  };

  const aliases = referenceAliases();
  const withBodyAliases = (b: BodyRef): BodyRef => (aliases.bodies.has(b.code) ? { ...b, aliases: [...(b.aliases ?? []), ...aliases.bodies.get(b.code)!] } : b);
  const bodies = await labelIndex(lookups.bodies.map(withBodyAliases));
  /** Bodies of one mechanism: a row that names its mechanism is matched among them first (fewer, closer candidates). */
  const bodiesOf = new Map<Mechanism, LabelIndex<BodyRef>>();
  for (const m of MECHANISMS) bodiesOf.set(m, await labelIndex(lookups.bodies.filter((b) => b.mechanism === m).map(withBodyAliases)));
  const indexes: Record<ListTarget, LabelIndex<Labelled>> = {
    recommendingStates: await labelIndex(
      lookups.countries.map((c) => ({
        ...c,
        aliases: [...(c.iso3 ? [c.iso3] : []), ...Object.entries(COUNTRY_ALIASES).filter(([, code]) => code === c.code).map(([a]) => a), ...(aliases.countries.get(c.code) ?? [])],
      })),
    ),
    themes: await labelIndex(lookups.themes),
    affectedPersons: await labelIndex(lookups.affectedPersons),
    sdgTargets: await labelIndex(lookups.sdgTargets),
    axes: await labelIndex(lookups.axes),
    subAxes: await labelIndex(lookups.subAxes),
    institutions: await labelIndex(lookups.institutions.map((i) => (INSTITUTION_ALIASES[i.code] ? { ...i, aliases: INSTITUTION_ALIASES[i.code] } : i))),
  };
  const countries = indexes.recommendingStates as LabelIndex<CountryRef>;
  const indexOf = (field: MatchedTarget): LabelIndex<Labelled> => (field === 'body' ? bodies : field === 'stateUnderReview' ? countries : indexes[field]);
  // The user's choices for values the importer did not recognise: every code must exist.
  const chosen = new Map<MatchedTarget, Map<string, Labelled>>();
  for (const [field, map] of Object.entries(mapping.valueMappings) as Array<[MatchedTarget, Record<string, string>]>) {
    const byLabel = new Map<string, Labelled>();
    for (const [value, code] of Object.entries(map)) {
      const item = indexOf(field).byExactCode(code);
      if (!item) {
        throw new ImportException(ImportFileError.MappingInvalid, `mapping.valueMappings.${field}: no ${field} has the code "${code}" (for "${value.slice(0, 100)}")`, {
          path: `mapping.valueMappings.${field}`,
          field,
          value: value.slice(0, 200),
          code,
        });
      }
      byLabel.set(labelKey(value), item);
    }
    chosen.set(field, byLabel);
  }
  /** A value of a matched field: the user's choice, else the index (with candidates when uncertain). */
  const lookupValue = <T extends Labelled>(field: MatchedTarget, index: LabelIndex<T>, label: string) => {
    const picked = chosen.get(field)?.get(labelKey(label));
    return picked ? { item: (index.byExactCode(picked.code) ?? picked) as T, candidates: [] } : index.lookup(label);
  };
  const unknownValue = (field: MatchedTarget, label: string, candidates: ScoredCandidate[]) => {
    const key = `${field}|${labelKey(label)}`;
    const u = unknown.get(key) ?? { field, label, rows: 0, candidates };
    u.rows += 1;
    unknown.set(key, u);
  };
  const parameterValues = new Map<ParameterTarget, Map<string, number>>(PARAMETER_TARGETS.map((f) => [f, new Map()]));
  const rowsWithout = new Map<ParameterTarget, number>(PARAMETER_TARGETS.map((f) => [f, 0]));
  const suggest = (field: ParameterTarget, value: string | null | undefined) => {
    if (!value) return;
    const values = parameterValues.get(field)!;
    if (values.size < 1000 || values.has(value)) values.set(value, (values.get(value) ?? 0) + 1);
  };
  const hints = PRESET_SUGGESTIONS[mapping.preset] ?? {};
  const reviewsByCode = new Map(lookups.reviews.map((r) => [`${r.bodyId}|${labelKey(r.code)}`, r.id]));
  const reviewsByTitle = new Map<string, string>();
  for (const r of lookups.reviews) for (const t of [r.titleEn, r.titleFr, r.titleAr]) if (t) reviewsByTitle.set(`${r.bodyId}|${labelKey(t)}`, r.id);
  const reviewSymbols = new Map(lookups.reviews.filter((r) => r.documentSymbol).map((r) => [r.id, r.documentSymbol!]));
  const reviewsBySymbol = new Map(lookups.reviews.filter((r) => r.documentSymbol).map((r) => [`${r.bodyId}|${normSymbol(r.documentSymbol!)}`, r.id]));
  const newReviews = new Map<string, NewReview>();
  const newLabels = new Map<string, NewLabel>();
  const unknown = new Map<string, UnknownLabel>();
  const rejections: Rejection[] = [];
  const byKey = new Map<string, PlannedRecommendation>();
  const planned: PlannedRecommendation[] = [];
  let merged = 0;

  // `return` in the row's function: on to the next row.
  await forEachSliced(table.records, (record) => {
    const issues: Rejection[] = record.issues.map((i) => ({ row: record.row, column: i.column, code: i.code, message: i.message }));
    const reject = (column: string | null, code: string, message: string, value?: string) =>
      issues.push({ row: record.row, column, code, message, ...(value !== undefined ? { value: value.slice(0, 200) } : {}) });
    const clean = (s: string) => (mapping.unescapeFormulaPrefix ? restoreCell(s) : s).trim();
    /** The column each field's value came from on this row (the first non-empty of its columns). */
    const usedColumn = new Map<TargetField, string>();
    const cell = (field: TargetField): CellValue | undefined => {
      const columns = columnsOf(field);
      let last: CellValue | undefined;
      for (const column of columns) {
        const v = record.values.get(column);
        const value = Array.isArray(v) ? v.map(clean) : v === undefined ? undefined : clean(v);
        last = value;
        if (Array.isArray(value) ? value.some((x) => x !== '') : value !== undefined && value !== '') {
          usedColumn.set(field, column);
          return value;
        }
      }
      return last;
    };
    const fromFile = (field: ScalarTarget): string | null => {
      const v = cell(field);
      const s = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
      return s !== '' ? mapValue(field, s) : null;
    };
    const scalar = (field: ScalarTarget): string | null => fromFile(field) ?? mapping.defaults[field] ?? null;
    const columnName = (field: TargetField) => usedColumn.get(field) ?? columnOf(field) ?? null;

    // Body and mechanism. A mechanism the upload gives by default (not the row) yields to the
    // mechanism of the body the row names: a DIDH row without a mechanism is a UPR row, unless it
    // names a committee or a mandate.
    const mechanismCell = fromFile('mechanism');
    const mechanismRaw = mechanismCell ?? mapping.defaults.mechanism ?? null;
    let mechanism: Mechanism | null = null;
    if (mechanismRaw) {
      mechanism = mechanismOf(mechanismRaw);
      if (!mechanism) reject(columnName('mechanism'), ImportRowError.UnknownValue, `Unknown mechanism "${mechanismRaw}" (UPR, TREATY_BODY or SPECIAL_PROCEDURE)`, mechanismRaw);
    }
    const bodyCell = fromFile('body');
    const bodyRaw = bodyCell ?? mapping.defaults.body ?? (mechanism === 'UPR' ? UPR_BODY_CODE : null);
    const scope = mechanismCell === null && bodyCell !== null ? null : mechanism;
    let body: BodyRef | undefined;
    if (!bodyRaw) reject(columnName('body'), ImportRowError.BodyMissing, 'No body (and the mechanism is not UPR)');
    else if (!mechanismRaw || mechanism) {
      // Among the bodies of the row's mechanism first; found only among the others: a mismatch.
      const found = lookupValue('body', scope ? bodiesOf.get(scope)! : bodies, bodyRaw);
      body = found.item ?? (scope ? bodies.find(bodyRaw) : undefined);
      if (!body) {
        unknownValue('body', bodyRaw, found.candidates);
        reject(columnName('body'), ImportRowError.BodyUnknown, `Unknown body "${bodyRaw}"`, bodyRaw);
      } else if (scope && body.mechanism !== scope) reject(columnName('mechanism'), ImportRowError.MechanismMismatch, `${body.code} is not a ${scope} body`, mechanismRaw ?? undefined);
    }

    // Citation.
    let documentSymbol = scalar('documentSymbol');
    let paragraphRaw = scalar('paragraph');
    if (documentSymbol) {
      const m = /^(.+?)[,;\s]+para(?:graph)?s?\.?\s*(.+)$/i.exec(documentSymbol);
      if (m) {
        documentSymbol = m[1]!.trim();
        paragraphRaw = paragraphRaw ?? m[2]!.trim();
      }
      if (documentSymbol.length > 64) reject(columnName('documentSymbol'), ImportRowError.TooLong, 'The document symbol is longer than 64 characters', documentSymbol);
    }
    const externalCode = scalar('externalCode');
    if (externalCode && externalCode.length > 64) reject(columnName('externalCode'), ImportRowError.TooLong, 'The code is longer than 64 characters', externalCode);
    let paragraph: string | null = null;
    let part: string | null = null;
    if (paragraphRaw) {
      const p = normalizeParagraph(paragraphRaw);
      if (!p || p.paragraph.length > 32) reject(columnName('paragraph'), ImportRowError.ParagraphInvalid, `No paragraph number in "${paragraphRaw}"`, paragraphRaw);
      else [paragraph, part] = [p.paragraph, p.part];
    }
    if (!part && externalCode) part = normalizeParagraph(externalCode)?.part ?? null;

    // Texts.
    const texts: Partial<Record<TextLang, string>> = {};
    for (const lang of ['ar', 'fr', 'en'] as const) {
      // In the one normal form the seed and the comparison use too (no trailing ";", one space).
      const raw = scalar(`text.${lang}`);
      const t = raw === null ? null : normalizeRecommendationText(raw);
      if (!t) continue;
      if (t.length > TEXT_MAX_LENGTH) reject(columnName(`text.${lang}`), ImportRowError.TooLong, `The ${lang} text is longer than ${TEXT_MAX_LENGTH} characters`);
      else texts[lang] = t;
    }
    if (!texts.ar && !texts.fr && !texts.en) reject(null, ImportRowError.TextMissing, 'The row has no text in any language');

    // Kind, response and status.
    let kind: ItemKind | undefined;
    const kindRaw = scalar('kind');
    if (kindRaw) {
      kind = isItemKind(kindRaw) ? kindRaw : KIND_SYNONYMS.get(labelKey(kindRaw));
      if (!kind) reject(columnName('kind'), ImportRowError.UnknownValue, `Unknown kind "${kindRaw}" (recommendation or question)`, kindRaw);
    }
    let response: RecommendationResponse | null | undefined;
    const responseRaw = scalar('response');
    if (responseRaw) {
      response = (RECOMMENDATION_RESPONSES as readonly string[]).includes(responseRaw) ? (responseRaw as RecommendationResponse) : RESPONSE_SYNONYMS.get(labelKey(responseRaw));
      if (!response) reject(columnName('response'), ImportRowError.UnknownValue, `Unknown response "${responseRaw}"`, responseRaw);
      else if (kind === 'question') reject(columnName('response'), ImportRowError.UnknownValue, `A question has no response ("${responseRaw}")`, responseRaw);
    }
    let status: ImplementationStatus | undefined;
    const statusRaw = scalar('status');
    if (statusRaw) {
      const s = labelKey(statusRaw).replace(/ /g, '_');
      status = (IMPLEMENTATION_STATUSES as readonly string[]).includes(s) ? (s as ImplementationStatus) : undefined;
      if (!status) reject(columnName('status'), ImportRowError.UnknownValue, `Unknown status "${statusRaw}"`, statusRaw);
    }

    // Lists.
    const lists: Partial<Record<ListTarget, string[]>> = {};
    for (const field of LIST_TARGETS) {
      const column = columnOf(field);
      if (!column) continue;
      const v = cell(field);
      const separator = mapping.fields[field]?.separator;
      const labels = (Array.isArray(v) ? v : separator ? (v ?? '').split(separator) : [v ?? ''])
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => mapValue(field, s).trim())
        .filter(Boolean);
      const codes: string[] = [];
      for (const label of labels) {
        const looked = lookupValue(field, indexes[field], label);
        let found = looked.item;
        if (!found && field === 'sdgTargets') {
          const code = /^(\d{1,2}\.[0-9a-z]{1,2})\b/i.exec(label)?.[1];
          if (code) found = indexes.sdgTargets.find(code);
        }
        if (found) {
          if (!codes.includes(found.code)) codes.push(found.code);
          continue;
        }
        if ((mapping.createUnknown as string[]).includes(field)) {
          const creatable = field as CreatableTarget;
          const key = `${field}|${labelKey(label)}`;
          let created = newLabels.get(key);
          if (!created) {
            let code = slug(label, field === 'institutions', field === 'institutions' ? 28 : 60);
            for (let n = 2; indexes[field].find(code) || [...newLabels.values()].some((l) => l.field === field && l.code === code); n++) code = `${code.slice(0, 26)}-${n}`;
            created = { field: creatable, code, label, ...(field === 'institutions' ? { id: randomUUID() } : {}) };
            newLabels.set(key, created);
            indexes[field].add({ code, nameEn: label, nameFr: label, nameAr: label, ...(created.id ? { id: created.id } : {}) } as Labelled);
          }
          if (!codes.includes(created.code)) codes.push(created.code);
          continue;
        }
        unknownValue(field, label, looked.candidates);
        reject(usedColumn.get(field) ?? column, ImportRowError.UnknownLabel, `Unknown ${field} label "${label}"`, label);
      }
      // A copy of its own length: `push` left room for 16 codes, and a plan keeps a list per field and row.
      lists[field] = codes.slice();
    }

    // Review.
    let reviewId: string | null = null;
    if (body) {
      const reviewRaw = scalar('review');
      if (reviewRaw) {
        reviewId = reviewsByCode.get(`${body.id}|${labelKey(reviewRaw)}`) ?? reviewsByTitle.get(`${body.id}|${labelKey(reviewRaw)}`) ?? [...newReviews.values()].find((r) => r.bodyId === body!.id && labelKey(r.code) === labelKey(reviewRaw))?.id ?? null;
        if (!reviewId) reject(columnName('review'), ImportRowError.UnknownValue, `Unknown review "${reviewRaw}" for ${body.code}`, reviewRaw);
      } else if (body.mechanism === 'UPR') {
        const sessionRaw = scalar('session');
        const session = sessionRaw ? Number(/\d+/.exec(sessionRaw)?.[0] ?? NaN) : NaN;
        const cycleRaw = scalar('cycle');
        const cycle = cycleRaw ? Number(/\d+/.exec(cycleRaw)?.[0] ?? NaN) : Number.isFinite(session) ? cycleOfSession(session) : NaN;
        const stateRaw = scalar('stateUnderReview');
        const stateFound = stateRaw ? lookupValue('stateUnderReview', countries, stateRaw) : undefined;
        const state = stateFound?.item;
        if (stateRaw && !state) {
          unknownValue('stateUnderReview', stateRaw, stateFound?.candidates ?? []);
          reject(columnName('stateUnderReview'), ImportRowError.UnknownLabel, `Unknown state under review "${stateRaw}"`, stateRaw);
        }
        if (state && Number.isFinite(cycle) && cycle > 0 && cycle < 10) {
          const code = `${state.iso3 ?? state.code}-UPR-${cycle}`;
          reviewId = reviewsByCode.get(`${body.id}|${labelKey(code)}`) ?? null;
          if (!reviewId) {
            const pending = newReviews.get(code);
            if (pending) reviewId = pending.id;
            else {
              const review: NewReview = {
                id: randomUUID(),
                bodyId: body.id,
                code,
                ...uprReviewTitles(state, cycle),
                cycle,
                session: Number.isFinite(session) ? String(session) : null,
                documentSymbol: documentSymbol && documentSymbol.length <= 64 ? documentSymbol : null,
              };
              newReviews.set(code, review);
              reviewId = review.id;
            }
          }
        } else if (documentSymbol) {
          reviewId = reviewsBySymbol.get(`${body.id}|${normSymbol(documentSymbol)}`) ?? null;
        }
      } else if (documentSymbol) {
        reviewId = reviewsBySymbol.get(`${body.id}|${normSymbol(documentSymbol)}`) ?? null;
      }
    }

    // What the file says of the parameters an upload may give: suggestions for the wizard.
    for (const field of PARAMETER_TARGETS) {
      const own = fromFile(field);
      if (own === null) rowsWithout.set(field, rowsWithout.get(field)! + 1);
      const values = new Set<string>();
      const add = (v: string | null) => v && values.add(v);
      add(field === 'cycle' || field === 'session' ? numberIn(own) : own);
      for (const column of hints[field] ?? []) {
        const v = record.values.get(column);
        const text = clean(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
        add(field === 'cycle' ? (numberIn(text, /cycle|الجولة/i) ?? cycleFromYear(text)) : text || null);
      }
      if (field === 'documentSymbol' && own === null && reviewId) add(reviewSymbols.get(reviewId) ?? null);
      for (const v of values) suggest(field, v);
    }

    if (issues.length || !body || !mechanismOk(mechanism, body)) {
      rejections.push(...(issues.length ? issues : [{ row: record.row, column: null, code: ImportRowError.BodyMissing, message: 'No body' }]));
      return;
    }
    const rec: PlannedRecommendation = {
      rows: [record.row],
      ...(kind !== undefined ? { kind } : {}),
      mechanism: body.mechanism,
      bodyId: body.id,
      reviewId,
      documentSymbol,
      paragraph,
      part,
      externalCode,
      texts,
      ...(response !== undefined ? { response } : {}),
      ...(status !== undefined ? { status } : {}),
      lists,
      key: '',
    };
    rec.key = primaryKey(rec);
    const earlier = byKey.get(rec.key);
    if (earlier && mapping.duplicates === 'reject') {
      rejections.push({
        row: record.row,
        // The column of the identity: the paragraph, the code, or the text of the key's language (`t|body|review|lang|…`).
        column: columnName(rec.key.startsWith('s|') ? 'paragraph' : rec.key.startsWith('c|') ? 'externalCode' : (`text.${rec.key.split('|')[3] ?? 'en'}` as TargetField)),
        code: ImportRowError.Duplicate,
        message: `Same recommendation as row ${earlier.rows[0]} (${rec.documentSymbol && rec.paragraph ? `${rec.documentSymbol} para ${rec.paragraph}${rec.part ? ` ${rec.part}` : ''}` : (rec.externalCode ?? 'same text')})`,
      });
      return;
    }
    if (earlier && mapping.duplicates === 'merge') {
      mergeInto(earlier, rec);
      merged++;
      return;
    }
    if (!earlier) byKey.set(rec.key, rec);
    planned.push(rec);
  });
  rejections.sort((a, b) => a.row - b.row);
  const parameters: PlannedParameter[] = PARAMETER_TARGETS.map((field) => ({
    field,
    value: mapping.defaults[field] || null,
    rowsWithout: rowsWithout.get(field)!,
    suggestions: [...parameterValues.get(field)!.entries()]
      .map(([value, rows]) => ({ value, rows }))
      .sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value))
      .slice(0, 10),
  }));
  return {
    totalRows: table.records.length,
    recommendations: planned,
    rejections,
    merged,
    newReviews: [...newReviews.values()],
    newLabels: [...newLabels.values()],
    unknownLabels: [...unknown.values()].sort((a, b) => b.rows - a.rows || a.label.localeCompare(b.label)),
    parameters,
  };
}

const mechanismOk = (_: Mechanism | null, body: BodyRef | undefined) => !!body;

/** The first number of a cell (`3ème cycle (2017-2022)` → 3), when the cell says what it is (`near`) or holds only a number. */
function numberIn(text: string | null, near?: RegExp): string | null {
  if (!text) return null;
  if (near && !near.test(text) && !/^\s*\d{1,2}\s*$/.test(text)) return null;
  const n = /\d+/.exec(text)?.[0];
  return n && Number(n) > 0 && Number(n) < 100 ? String(Number(n)) : null;
}

/** A year cell (`2020`) → its UPR cycle. */
function cycleFromYear(text: string): string | null {
  const year = /^\s*(\d{4})\s*$/.exec(text)?.[1];
  const cycle = year ? cycleOfYear(Number(year)) : null;
  return cycle ? String(cycle) : null;
}

/** The index of a reference list, built in slices too: long names take time to normalise (the 169 SDG targets, tens of ms). */
async function labelIndex<T extends Labelled>(items: T[]): Promise<LabelIndex<T>> {
  const index = new LabelIndex<T>([]);
  await forEachSliced(items, (item) => index.add(item));
  return index;
}

function mergeInto(target: PlannedRecommendation, other: PlannedRecommendation): void {
  target.rows.push(...other.rows);
  if (target.kind === undefined && other.kind !== undefined) target.kind = other.kind;
  for (const lang of ['ar', 'fr', 'en'] as const) if (!target.texts[lang] && other.texts[lang]) target.texts[lang] = other.texts[lang];
  if (target.response === undefined && other.response !== undefined) target.response = other.response;
  for (const [field, codes] of Object.entries(other.lists) as Array<[ListTarget, string[]]>) {
    const into = (target.lists[field] ??= []);
    for (const c of codes) if (!into.includes(c)) into.push(c);
  }
}

export { LIST_REFERENCE };
export type { SourceRecord };
