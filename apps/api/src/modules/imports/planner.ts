import { randomUUID } from 'node:crypto';
import {
  IMPLEMENTATION_STATUSES,
  isItemKind,
  MECHANISMS,
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
} from '@sidh/domain';
import { forEachSliced } from '../../common/time-slices.js';
import { withExchangeHeaders } from './exchange-mapping.js';
import { ImportException, ImportFileError, ImportRowError } from './import.errors.js';
import { COUNTRY_ALIASES, INSTITUTION_ALIASES, LabelIndex, labelKey, type Labelled } from './label-index.js';
import { LIST_TARGETS, type CreatableTarget, type ListTarget, type ResolvedMapping, type ScalarTarget, type TargetField } from './mapping.js';
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

export interface Plan {
  totalRows: number;
  recommendations: PlannedRecommendation[];
  rejections: Rejection[];
  merged: number;
  newReviews: NewReview[];
  newLabels: NewLabel[];
  unknownLabels: Array<{ field: ListTarget; label: string; rows: number }>;
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

const RESPONSE_SYNONYMS: Record<string, RecommendationResponse> = {
  supported: 'supported',
  accepted: 'supported',
  'supported in part': 'supported_in_part',
  supported_in_part: 'supported_in_part',
  'partially supported': 'supported_in_part',
  noted: 'noted',
  'not supported': 'noted',
  rejected: 'noted',
};
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
const MECHANISM_SYNONYMS: Record<string, Mechanism> = {
  upr: 'UPR',
  'universal periodic review': 'UPR',
  treaty_body: 'TREATY_BODY',
  'treaty body': 'TREATY_BODY',
  special_procedure: 'SPECIAL_PROCEDURE',
  'special procedure': 'SPECIAL_PROCEDURE',
};

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

function* identities(r: Identified): Generator<string, void> {
  if (r.documentSymbol && r.paragraph) yield `s|${normSymbol(r.documentSymbol)}|${r.paragraph}|${r.part ?? ''}`;
  if (r.externalCode) yield `c|${r.bodyId}|${r.reviewId ?? ''}|${labelKey(r.externalCode).replace(/\s+/g, '')}`;
  for (const lang of ['en', 'fr', 'ar'] as const) {
    const t = r.texts[lang];
    if (t) yield `t|${r.bodyId}|${r.reviewId ?? ''}|${lang}|${labelKey(normalizeRecommendationText(t))}`;
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
  const missing = Object.entries(mapping.fields).filter(([, spec]) => spec.column && !table.headers.includes(spec.column) && !spec.optional);
  if (missing.length) {
    const [field, spec] = missing[0]!;
    const fromPreset = mapping.preset !== 'custom';
    throw new ImportException(
      fromPreset ? ImportFileError.MissingRequiredColumn : ImportFileError.MappingUnknownColumn,
      fromPreset ? `The file has no column "${spec.column}" (needed for ${field} by the ${mapping.preset} preset)` : `The mapping names a column that is not in the file: "${spec.column}" (for ${field})`,
      { field, column: spec.column, columns: table.headers.slice(0, 100) },
    );
  }
  // Texts may each be optional (any subset of languages), but a file with none of them has nothing to import.
  const textColumns = TEXT_TARGETS.flatMap((f) => mapping.fields[f]?.column ?? []);
  if (textColumns.length && !textColumns.some((c) => table.headers.includes(c))) {
    throw new ImportException(ImportFileError.MissingRequiredColumn, `The file has none of the text columns ${textColumns.map((c) => `"${c}"`).join(', ')}: at least one is needed`, {
      field: 'text',
      column: textColumns.join(' | '),
      columns: table.headers.slice(0, 100),
    });
  }
  const columnOf = (field: TargetField): string | undefined => {
    const c = mapping.fields[field]?.column;
    return c && table.headers.includes(c) ? c : undefined;
  };
  const valueMaps = new Map<TargetField, Map<string, string>>();
  for (const [field, spec] of Object.entries(mapping.fields)) {
    if (spec.values) valueMaps.set(field as TargetField, new Map(Object.entries(spec.values).map(([k, v]) => [labelKey(k), v])));
  }
  const mapValue = (field: TargetField, raw: string): string => {
    const mapped = valueMaps.get(field)?.get(labelKey(raw));
    return mapped ?? raw;
  };

  const bodies = await labelIndex(lookups.bodies);
  const indexes: Record<ListTarget, LabelIndex<Labelled>> = {
    recommendingStates: await labelIndex(
      lookups.countries.map((c) => ({ ...c, aliases: [...(c.iso3 ? [c.iso3] : []), ...Object.entries(COUNTRY_ALIASES).filter(([, code]) => code === c.code).map(([a]) => a)] })),
    ),
    themes: await labelIndex(lookups.themes),
    affectedPersons: await labelIndex(lookups.affectedPersons),
    sdgTargets: await labelIndex(lookups.sdgTargets),
    axes: await labelIndex(lookups.axes),
    subAxes: await labelIndex(lookups.subAxes),
    institutions: await labelIndex(lookups.institutions.map((i) => (INSTITUTION_ALIASES[i.code] ? { ...i, aliases: INSTITUTION_ALIASES[i.code] } : i))),
  };
  const countries = indexes.recommendingStates as LabelIndex<CountryRef>;
  const reviewsByCode = new Map(lookups.reviews.map((r) => [`${r.bodyId}|${labelKey(r.code)}`, r.id]));
  const reviewsByTitle = new Map<string, string>();
  for (const r of lookups.reviews) for (const t of [r.titleEn, r.titleFr, r.titleAr]) if (t) reviewsByTitle.set(`${r.bodyId}|${labelKey(t)}`, r.id);
  const reviewsBySymbol = new Map(lookups.reviews.filter((r) => r.documentSymbol).map((r) => [`${r.bodyId}|${normSymbol(r.documentSymbol!)}`, r.id]));
  const newReviews = new Map<string, NewReview>();
  const newLabels = new Map<string, NewLabel>();
  const unknown = new Map<string, { field: ListTarget; label: string; rows: number }>();
  const rejections: Rejection[] = [];
  const byKey = new Map<string, PlannedRecommendation>();
  const planned: PlannedRecommendation[] = [];
  let merged = 0;

  // `return` in the row's function: on to the next row.
  await forEachSliced(table.records, (record) => {
    const issues: Rejection[] = record.issues.map((i) => ({ row: record.row, column: i.column, code: i.code, message: i.message }));
    const reject = (column: string | null, code: string, message: string, value?: string) =>
      issues.push({ row: record.row, column, code, message, ...(value !== undefined ? { value: value.slice(0, 200) } : {}) });
    const cell = (field: TargetField): CellValue | undefined => {
      const column = columnOf(field);
      const v = column ? record.values.get(column) : undefined;
      const clean = (s: string) => (mapping.unescapeFormulaPrefix ? restoreCell(s) : s).trim();
      if (Array.isArray(v)) return v.map(clean);
      return v === undefined ? undefined : clean(v);
    };
    const scalar = (field: ScalarTarget): string | null => {
      const v = cell(field);
      const s = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
      if (s !== '') return mapValue(field, s);
      return mapping.defaults[field] ?? null;
    };
    const columnName = (field: TargetField) => columnOf(field) ?? null;

    // Body and mechanism.
    let mechanism: Mechanism | null = null;
    const mechanismRaw = scalar('mechanism');
    if (mechanismRaw) {
      mechanism = (MECHANISMS as readonly string[]).includes(mechanismRaw) ? (mechanismRaw as Mechanism) : (MECHANISM_SYNONYMS[labelKey(mechanismRaw)] ?? null);
      if (!mechanism) reject(columnName('mechanism'), ImportRowError.UnknownValue, `Unknown mechanism "${mechanismRaw}"`, mechanismRaw);
    }
    const bodyRaw = scalar('body') ?? (mechanism === 'UPR' ? UPR_BODY_CODE : null);
    let body: BodyRef | undefined;
    if (!bodyRaw) reject(columnName('body'), ImportRowError.BodyMissing, 'No body (and the mechanism is not UPR)');
    else {
      body = bodies.find(bodyRaw);
      if (!body) reject(columnName('body'), ImportRowError.BodyUnknown, `Unknown body "${bodyRaw}"`, bodyRaw);
      else if (mechanism && body.mechanism !== mechanism) reject(columnName('mechanism'), ImportRowError.MechanismMismatch, `${body.code} is not a ${mechanism} body`, mechanismRaw ?? undefined);
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
      response = (RECOMMENDATION_RESPONSES as readonly string[]).includes(responseRaw) ? (responseRaw as RecommendationResponse) : RESPONSE_SYNONYMS[labelKey(responseRaw)];
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
        let found = indexes[field].find(label);
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
        const u = unknown.get(`${field}|${labelKey(label)}`) ?? { field, label, rows: 0 };
        u.rows += 1;
        unknown.set(`${field}|${labelKey(label)}`, u);
        reject(column, ImportRowError.UnknownLabel, `Unknown ${field} label "${label}"`, label);
      }
      lists[field] = codes;
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
        const state = stateRaw ? countries.find(stateRaw) : undefined;
        if (stateRaw && !state) reject(columnName('stateUnderReview'), ImportRowError.UnknownLabel, `Unknown state under review "${stateRaw}"`, stateRaw);
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
        column: columnName(rec.key.startsWith('s|') ? 'paragraph' : rec.key.startsWith('c|') ? 'externalCode' : 'text.en'),
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
  return {
    totalRows: table.records.length,
    recommendations: planned,
    rejections,
    merged,
    newReviews: [...newReviews.values()],
    newLabels: [...newLabels.values()],
    unknownLabels: [...unknown.values()].sort((a, b) => b.rows - a.rows),
  };
}

const mechanismOk = (_: Mechanism | null, body: BodyRef | undefined) => !!body;

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
