import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  conceptsFromLabels,
  CORE_CONCEPTS,
  parseReferenceQuery,
  SearchVocabulary,
  type AssignmentRole,
  type ImplementationStatus,
  type ItemKind,
  type Mechanism,
  type QueryTerm,
  type RecommendationResponse,
  type SearchLanguage,
} from '@sidh/domain';
import { scopeClause, type Scope } from '../../access/index.js';
import { execute, identifier, many, maybeOne, one, SqlParams, type Queryable } from '../../database/sql.js';
import type { ColumnPatch } from '../../database/versioned-write.js';
import { readSeedFile, type NamedRow } from '../../database/seeds/seed-data.js';
import type { RecommendationFilter, RecommendationSort } from './dto/recommendation-query.dto.js';

/**
 * A parameterised WHERE clause under construction, over `SqlParams`: values never enter the SQL
 * text. `buildWhere` returns one; assignments and campaigns add their own clauses to it.
 */
export class Where {
  readonly clauses: string[] = [];

  constructor(readonly sqlParams: SqlParams = new SqlParams()) {}

  /** The statement's parameters, in `$n` order. */
  get params(): unknown[] {
    return this.sqlParams.values;
  }

  /** `$n` for the value. */
  param(value: unknown): string {
    return this.sqlParams.add(value);
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  toSql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** A code and its labels, as the detail's taxonomy lists carry them (jsonb). */
export interface LabelledJson {
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

/** One assignment of the recommendation, as the detail carries it (jsonb). */
export interface AssignmentJson {
  id: string;
  role: AssignmentRole;
  dueDate: string | null;
  institution: { id: string; code: string; nameAr: string; nameFr: string; nameEn: string };
}

/** The columns every read of a recommendation carries. */
export interface RecommendationColumns {
  id: string;
  /** `recommendation`, or `question` (a paragraph of a list of issues). */
  kind: ItemKind;
  mechanism: Mechanism;
  documentSymbol: string | null;
  paragraph: string | null;
  externalCode: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
  response: RecommendationResponse | null;
  status: ImplementationStatus;
}

/** A recommendation with its body and review (a list item). Review columns are null when `reviewId` is. */
export interface RecommendationSummaryRow extends RecommendationColumns {
  followUp: boolean;
  version: number;
  /** `YYYY-MM-DD`. */
  followUpDueDate: string | null;
  createdAt: Date;
  updatedAt: Date;
  bodyId: string;
  reviewId: string | null;
  bodyCode: string;
  bodyNameAr: string;
  bodyNameFr: string;
  bodyNameEn: string;
  reviewCode: string | null;
  reviewTitleAr: string | null;
  reviewTitleFr: string | null;
  reviewTitleEn: string | null;
  reviewYear: number | null;
}

/** A search result row: the summary and the capped number of matches. */
export interface RecommendationSearchRow extends RecommendationSummaryRow {
  total: number;
  /** With a cross-language expansion: whether the words as typed match, and which language's text the expanded query matches. */
  directMatch?: boolean;
  viaAr?: boolean;
  viaFr?: boolean;
  viaEn?: boolean;
}

/** The tsquery values of a TextQuery (`::text`), as one statement computed them for the next. */
export interface CompiledText {
  direct: string;
  expanded: string;
  rank: string;
}

/** One page of search results and the (capped) number of matches. */
export interface RecommendationSearchPage {
  rows: RecommendationSearchRow[];
  total: number;
  totalIsLowerBound: boolean;
  queryLanguages: SearchLanguage[];
}

/** The free-text part of a filter, as `buildWhere` compiled it. */
export interface TextQuery {
  /** The words as typed (today's free-text search). */
  direct: string;
  /** The same with every vocabulary concept also matched by its terms in ar, fr and en. */
  expanded: string;
  /**
   * `expanded` as ts_rank reads it: built with `sidh_term_query`, where `direct` and `expanded` use
   * `sidh_term_match` (the same matches with a third of the operands, migration 1763900020000).
   * ts_rank counts duplicate operands once, so the relevance order is the one the search always had.
   */
  rank: string;
  isExpanded: boolean;
  /** Languages the query was typed in, as far as the vocabulary tells. */
  queryLanguages: SearchLanguage[];
}

/** A recommendation with its taxonomy codes and assignments. */
export interface RecommendationDetailRow extends RecommendationSummaryRow {
  recommendingStates: LabelledJson[];
  themes: LabelledJson[];
  affectedPersons: LabelledJson[];
  sdgTargets: LabelledJson[];
  axes: LabelledJson[];
  subAxes: LabelledJson[];
  assignments: AssignmentJson[];
}

/** One row of the matrix export: links as labels in the export's first language, institutions as codes. */
export interface RecommendationExportRow extends RecommendationColumns {
  bodyCode: string;
  reviewCode: string | null;
  reviewTitle: string | null;
  states: string[];
  themes: string[];
  sdgTargets: string[];
  institutions: string[];
}

export type FacetName = 'kind' | 'mechanism' | 'body' | 'review' | 'response' | 'status' | 'followUp' | 'institution' | 'theme' | 'affectedPerson' | 'sdgGoal' | 'axis';

/** One bucket of one facet. */
export interface FacetCountRow {
  facet: FacetName;
  value: string;
  count: number;
}

/** The scalar fields of a recommendation a write may set; absent → unchanged, null → cleared. */
export interface RecommendationPatch {
  textAr?: string | null;
  textFr?: string | null;
  textEn?: string | null;
  documentSymbol?: string | null;
  paragraph?: string | null;
  externalCode?: string | null;
  response?: RecommendationResponse | null;
  kind?: ItemKind;
  status?: ImplementationStatus;
  followUp?: boolean;
  /** `YYYY-MM-DD`. */
  followUpDueDate?: string | null;
}

/** A new recommendation: its body (and the body's mechanism), its review, its scalar fields. */
export interface NewRecommendation extends RecommendationPatch {
  mechanism: Mechanism;
  bodyId: string;
  reviewId: string | null;
}

/** Patch field → column. */
const COLUMNS: { readonly [K in keyof Required<RecommendationPatch>]: string } = {
  textAr: 'text_ar',
  textFr: 'text_fr',
  textEn: 'text_en',
  documentSymbol: 'document_symbol',
  paragraph: 'paragraph',
  externalCode: 'external_code',
  response: 'response',
  kind: 'kind',
  status: 'status',
  followUp: 'follow_up',
  followUpDueDate: 'follow_up_due_date',
};

/** Reference labels too generic to stand for a concept. */
const GENERIC_LABELS = new Set(['other', 'general']);

let vocabularyCache: SearchVocabulary | undefined;

/**
 * The cross-language vocabulary: the core concepts and the labels the reference data holds in three
 * languages (UHRI themes, affected persons, SDG goals), read once from the seed files.
 */
export function searchVocabulary(): SearchVocabulary {
  if (!vocabularyCache) {
    const labels = (prefix: string, file: string) => conceptsFromLabels(prefix, readSeedFile<NamedRow[]>(file).filter((r) => !GENERIC_LABELS.has(r.code)));
    vocabularyCache = new SearchVocabulary([
      ...CORE_CONCEPTS,
      ...labels('theme', 'themes.json'),
      ...labels('affected-person', 'affected-persons.json'),
      ...labels('sdg', 'sdg-goals.json'),
    ]);
  }
  return vocabularyCache;
}

/**
 * A filter and scope as the parts of a cache key: every field given (by name, undefined left out) and
 * the scope. `buildWhere` is a function of these alone, so two requests share an entry only when it
 * would build them the same statement — without building it: a cached answer used to expand the text
 * query through the trilingual vocabulary just to find its key (a tenth of its CPU).
 */
function filterKeyParts(filter: RecommendationFilter, scope: Scope): unknown[] {
  const given = Object.entries(filter).filter(([, value]) => value !== undefined);
  given.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [given, scope];
}

/** Totals are exact up to this many matches; beyond, the API says "at least COUNT_CAP". */
export const COUNT_CAP = 10_000;

/** Relevance ranks at most this many matches (the most recently updated ones): `search`. */
export const RANK_CANDIDATES = 1_000;

/**
 * count(*) of the matches, stopping at COUNT_CAP + 1 (enough to know the cap is passed).
 * `fenced` (free text): the matches are a MATERIALIZED CTE, planned without the LIMIT. With the
 * LIMIT in view the planner, which overestimates how many rows a many-operand tsquery matches,
 * scans the table hoping to find 10,001 matches early, and for a rarer word tests all 300,000 rows
 * (4 s) where the GIN index finds them in 30 ms. A CTE is still read on demand: the count stops at the cap.
 */
const cappedCount = (where: Where, fenced = false) =>
  fenced
    ? `WITH matches AS MATERIALIZED (SELECT 1 FROM recommendation r ${where.toSql()}) SELECT count(*)::int FROM (SELECT 1 FROM matches LIMIT ${where.param(COUNT_CAP + 1)}) capped`
    : `SELECT count(*)::int FROM (SELECT 1 FROM recommendation r ${where.toSql()} LIMIT ${where.param(COUNT_CAP + 1)}) capped`;

const SUMMARY_COLUMNS = `r.id, r.kind, r.mechanism, r.document_symbol, r.paragraph, r.external_code, r.text_ar, r.text_fr, r.text_en,
  r.response, r.status, r.follow_up, r.version, to_char(r.follow_up_due_date, 'YYYY-MM-DD') AS follow_up_due_date, r.created_at, r.updated_at, r.body_id, r.review_id,
  b.code AS body_code, b.name_ar AS body_name_ar, b.name_fr AS body_name_fr, b.name_en AS body_name_en,
  v.code AS review_code, v.title_ar AS review_title_ar, v.title_fr AS review_title_fr, v.title_en AS review_title_en, v.year AS review_year`;

const labelled = (alias: string) => `json_build_object('code', ${alias}.code, 'nameAr', ${alias}.name_ar, 'nameFr', ${alias}.name_fr, 'nameEn', ${alias}.name_en)`;
const joined = (join: string, alias: string, target: string, column: string, order = `${alias}.code`) =>
  `(SELECT coalesce(json_agg(${labelled(alias)} ORDER BY ${order}), '[]'::json) FROM ${join} j JOIN ${target} ${alias} ON ${alias}.code = j.${column} WHERE j.recommendation_id = r.id)`;

const DETAIL_COLUMNS = `${SUMMARY_COLUMNS},
  ${joined('recommendation_state', 'c', 'country', 'country_code', 'c.name_en')} AS recommending_states,
  ${joined('recommendation_theme', 't', 'theme', 'theme_code')} AS themes,
  ${joined('recommendation_affected_person', 'p', 'affected_person', 'affected_person_code')} AS affected_persons,
  ${joined('recommendation_sdg_target', 's', 'sdg_target', 'sdg_target_code', "string_to_array(s.code, '.')")} AS sdg_targets,
  ${joined('recommendation_axis', 'x', 'axis', 'axis_code')} AS axes,
  ${joined('recommendation_sub_axis', 'y', 'sub_axis', 'sub_axis_code')} AS sub_axes,
  (SELECT coalesce(json_agg(json_build_object('id', a.id, 'role', a.role, 'dueDate', a.due_date,
      'institution', json_build_object('id', i.id, 'code', i.code, 'nameAr', i.name_ar, 'nameFr', i.name_fr, 'nameEn', i.name_en))
      ORDER BY a.role DESC, i.name_fr), '[]'::json)
     FROM assignment a JOIN institution i ON i.id = a.institution_id WHERE a.recommendation_id = r.id) AS assignments`;

const FROM = `FROM recommendation r JOIN body b ON b.id = r.body_id LEFT JOIN review v ON v.id = r.review_id`;

/** Join tables whose codes a recommendation carries, by the name used in the API. */
export const TAXONOMY_LINKS = {
  recommendingStateCodes: { table: 'recommendation_state', column: 'country_code', reference: 'country' },
  themeCodes: { table: 'recommendation_theme', column: 'theme_code', reference: 'theme' },
  affectedPersonCodes: { table: 'recommendation_affected_person', column: 'affected_person_code', reference: 'affected_person' },
  sdgTargetCodes: { table: 'recommendation_sdg_target', column: 'sdg_target_code', reference: 'sdg_target' },
  axisCodes: { table: 'recommendation_axis', column: 'axis_code', reference: 'axis' },
  subAxisCodes: { table: 'recommendation_sub_axis', column: 'sub_axis_code', reference: 'sub_axis' },
} as const;
export type TaxonomyField = keyof typeof TAXONOMY_LINKS;
export const TAXONOMY_FIELDS = Object.keys(TAXONOMY_LINKS) as readonly TaxonomyField[];

export type ExportLang = 'ar' | 'fr' | 'en';

/**
 * The recommendation catalogue: search, facet counts, export batches, detail, writes. Reads
 * outside a transaction go through the DataSource itself (the benchmark and the EXPLAIN tool
 * hand it any object with `query`).
 */
@Injectable()
export class RecommendationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Filters, scope and free text as one parameterised WHERE clause; also returns the text query's SQL.
   * A query that is a reference (`A/HRC/36/6 para 144.97`, `R144.97`, `§ 12`: `parseReferenceQuery`)
   * matches the document symbol and paragraph exactly; free text matches the search vector, each
   * vocabulary concept it names also through its terms in the other languages (`searchVocabulary`).
   * Pass `expand: false` for the words as typed only (the recall benchmark's baseline).
   */
  buildWhere(
    filter: RecommendationFilter,
    scope: Scope,
    options: { expand?: boolean; compiled?: CompiledText } = {},
  ): { where: Where; tsquery: string | null; text: TextQuery | null; reference: boolean } {
    const w = new Where();
    const scoped = scopeClause(scope, 'recommendation', 'r', w.sqlParams);
    if (scoped) w.add(scoped);
    if (filter.kind) w.add(`r.kind = ${w.param(filter.kind)}`);
    if (filter.mechanism) w.add(`r.mechanism = ${w.param(filter.mechanism)}`);
    if (filter.bodyId) w.add(`r.body_id = ${w.param(filter.bodyId)}`);
    if (filter.reviewId) w.add(`r.review_id = ${w.param(filter.reviewId)}`);
    if (filter.response) w.add(`r.response = ${w.param(filter.response)}`);
    if (filter.status) w.add(`r.status = ${w.param(filter.status)}`);
    if (filter.followUp !== undefined) w.add(`r.follow_up = ${w.param(filter.followUp)}`);
    if (filter.institutionId) w.add(`EXISTS (SELECT 1 FROM assignment fa WHERE fa.recommendation_id = r.id AND fa.institution_id = ${w.param(filter.institutionId)})`);
    if (filter.theme) w.add(`EXISTS (SELECT 1 FROM recommendation_theme ft WHERE ft.recommendation_id = r.id AND ft.theme_code = ${w.param(filter.theme)})`);
    if (filter.affectedPerson) w.add(`EXISTS (SELECT 1 FROM recommendation_affected_person fp WHERE fp.recommendation_id = r.id AND fp.affected_person_code = ${w.param(filter.affectedPerson)})`);
    if (filter.sdgTarget) w.add(`EXISTS (SELECT 1 FROM recommendation_sdg_target fs WHERE fs.recommendation_id = r.id AND fs.sdg_target_code = ${w.param(filter.sdgTarget)})`);
    if (filter.sdgGoal) w.add(`EXISTS (SELECT 1 FROM recommendation_sdg_target fg JOIN sdg_target tg ON tg.code = fg.sdg_target_code WHERE fg.recommendation_id = r.id AND tg.goal_code = ${w.param(filter.sdgGoal)})`);
    if (filter.axis) w.add(`EXISTS (SELECT 1 FROM recommendation_axis fx WHERE fx.recommendation_id = r.id AND fx.axis_code = ${w.param(filter.axis)})`);
    const reference = filter.q ? parseReferenceQuery(filter.q) : null;
    if (reference) {
      if (reference.symbol) w.add(`upper(r.document_symbol) = ${w.param(reference.symbol)}`);
      if (reference.paragraph) {
        // `12` also finds its sub-paragraphs `12(a)`, `12(b)`.
        const p = w.param(reference.paragraph);
        w.add(reference.paragraph.includes('(') ? `lower(r.paragraph) = ${p}` : `(r.paragraph = ${p} OR r.paragraph LIKE ${p} || '(%')`);
      }
      return { where: w, tsquery: null, text: null, reference: true };
    }
    let text = filter.q ? this.textQuery(filter.q, options.compiled ? new Where() : w, options.expand ?? true) : null;
    if (text && options.compiled) {
      // The same queries, computed by an earlier statement: parameters, not a hundred function calls to fold while planning.
      // Each becomes a parameter where a statement first uses it (a statement must use every parameter it is sent).
      const c = options.compiled;
      const used = new Map<keyof CompiledText, string>();
      const param = (k: keyof CompiledText) => used.get(k) ?? used.set(k, `${w.param(c[k])}::tsquery`).get(k)!;
      const { isExpanded, queryLanguages } = text;
      text = {
        isExpanded,
        queryLanguages,
        get direct() {
          return param('direct');
        },
        get expanded() {
          return param('expanded');
        },
        get rank() {
          return param('rank');
        },
      };
    }
    if (text) w.add(`r.search_vector @@ (${text.expanded})`);
    // A getter: with compiled queries, the rank becomes a parameter only if the statement ranks.
    return {
      where: w,
      get tsquery() {
        return text?.rank ?? null;
      },
      text,
      reference: false,
    };
  }

  /** The tsquery SQL of a free-text query, as typed and expanded across languages; null without words. */
  private textQuery(q: string, w: Where, expand: boolean): TextQuery | null {
    const { groups, expanded: hasConcepts, queryLanguages } = searchVocabulary().expand(q);
    if (groups.length === 0) return null;
    const isExpandedQuery = hasConcepts && expand;
    const params = new Map<string, string>();
    const param = (t: string) => {
      const v = t.slice(0, 64);
      if (!params.has(v)) params.set(v, w.param(v));
      return params.get(v)!;
    };
    const termSql = (fn: string) => (term: QueryTerm) => term.tokens.map((alternatives) => `(${alternatives.map((t) => `${fn}(${param(t)})`).join(' || ')})`).join(' && ');
    const build = (fn: 'sidh_term_match' | 'sidh_term_query') => {
      const termOf = termSql(fn);
      const direct = groups.map((g) => termOf(g.terms[0]!)).join(' && ');
      const expanded = isExpandedQuery ? groups.map((g) => (g.terms.length === 1 ? termOf(g.terms[0]!) : `(${g.terms.map((t) => `(${termOf(t)})`).join(' || ')})`)).join(' && ') : direct;
      return { direct, expanded };
    };
    const { direct, expanded } = build('sidh_term_match');
    return { direct, expanded, rank: build('sidh_term_query').expanded, isExpanded: isExpandedQuery, queryLanguages };
  }

  /**
   * One page of matches and their number, counted exactly up to COUNT_CAP (beyond it the total is
   * COUNT_CAP and `totalIsLowerBound` is set): counting every match of a common word or of an
   * unfiltered catalogue costs as much as scanning it, for a figure nobody pages through.
   *
   * Relevance ranks at most RANK_CANDIDATES matches: with more (a very common word such as
   * "women" matches a sixth of a 300,000-recommendation catalogue), ts_rank orders the
   * RANK_CANDIDATES most recently updated matches, and the pages after them list the other matches,
   * most recent first. Ranking every match read and ranked 50,000 rows per request (3 s); this
   * reads ~1,000 (ADR 0014). Up to RANK_CANDIDATES matches the order is exactly the full ranking.
   */
  async search(
    filter: RecommendationFilter,
    scope: Scope,
    sort: RecommendationSort | undefined,
    page: number,
    pageSize: number,
    options: { expand?: boolean; rankCandidates?: number } = {},
  ): Promise<RecommendationSearchPage> {
    const built = this.buildWhere(filter, scope, options);
    const { reference } = built;
    let { where, tsquery, text } = built;
    const candidates = options.rankCandidates ?? RANK_CANDIDATES;
    const relevance = (sort ?? (tsquery || reference ? 'relevance' : '-updatedAt')) === 'relevance';
    // A reference is ranked as a citation list (the paragraph itself before its sub-paragraphs);
    // with an expanded query, records that match the words as typed come before the others.
    const orderOf = (text: TextQuery | null, tsquery: string | null) => {
      const order = reference && relevance ? CITATION_ORDER : orderBy(sort ?? (tsquery ? 'relevance' : '-updatedAt'), tsquery);
      return relevance && text?.isExpanded ? `(r.search_vector @@ (${text.direct})) DESC, ${order}` : order;
    };
    // Which language's text an expanded query matched, for the page's rows that the words as typed
    // did not match (the only rows the service marks).
    const viaOf = (text: TextQuery | null) =>
      text?.isExpanded
        ? `, (r.search_vector @@ (${text.direct})) AS direct_match,
           CASE WHEN NOT (r.search_vector @@ (${text.direct})) THEN sidh_search_vector(NULL, NULL, r.text_ar) @@ (${text.expanded}) END AS via_ar,
           CASE WHEN NOT (r.search_vector @@ (${text.direct})) THEN sidh_search_vector(NULL, r.text_fr, NULL) @@ (${text.expanded}) END AS via_fr,
           CASE WHEN NOT (r.search_vector @@ (${text.direct})) THEN sidh_search_vector(r.text_en, NULL, NULL) @@ (${text.expanded}) END AS via_en`
        : '';
    let order = orderOf(text, tsquery);
    let via = viaOf(text);
    const offset = (page - 1) * pageSize;
    const wide = `JOIN recommendation r ON r.id = p.id JOIN body b ON b.id = r.body_id LEFT JOIN review v ON v.id = r.review_id`;
    let rows: RecommendationSearchRow[];
    let counted: number;
    if (text) {
      // Free text: count first (the count decides how the page is found), and compute the tsquery
      // values once; the page's statement takes them as parameters.
      const counting = this.buildWhere(filter, scope, options);
      const t = counting.text!;
      const first = await one<{ total: number } & CompiledText>(
        this.dataSource,
        `SELECT (${cappedCount(counting.where, true)}) AS total, (${t.direct})::text AS direct, (${t.expanded})::text AS expanded, (${t.rank})::text AS rank`,
        counting.where.params,
      );
      counted = Number(first.total);
      const bounded = relevance && counted > candidates;
      if (!bounded || offset < candidates) {
        // Every query the rebuilt statement names is used in it (pages past the candidates use the
        // statement as built: they do not rank).
        const rebuilt = this.buildWhere(filter, scope, { ...options, compiled: first });
        where = rebuilt.where;
        text = rebuilt.text;
        tsquery = relevance ? rebuilt.tsquery : null;
        order = orderOf(text, tsquery);
        via = viaOf(text);
      }
      const total = where.param(counted);
      if (!bounded) {
        // Sorted by date or symbol, a match set under the count cap is read whole through the
        // GIN index and sorted (OFFSET 0 keeps the planner from walking the sort's index instead,
        // testing every row until it has a page: 300,000 rows for a rare word). A larger set is
        // dense enough for that walk to find a page quickly.
        const source = !relevance && counted <= COUNT_CAP ? `(SELECT r.id, r.updated_at, r.document_symbol, r.paragraph FROM recommendation r ${where.toSql()} OFFSET 0) r` : `recommendation r ${where.toSql()}`;
        rows = await many<RecommendationSearchRow>(
          this.dataSource,
          `SELECT ${SUMMARY_COLUMNS}, ${total}::int AS total${via}
             FROM (SELECT r.id FROM ${source} ORDER BY ${order}
                    LIMIT ${where.param(pageSize)} OFFSET ${where.param(offset)}) p
             ${wide}
            ORDER BY ${order}`,
          where.params,
        );
      } else {
        const recent = `r.updated_at DESC, r.id`;
        const parts: string[] = [];
        if (offset < candidates) {
          // The candidates: the most recently updated matches, ranked. Under the count cap they are
          // read through the GIN index and sorted by date (OFFSET 0, as below); above it, the date
          // index is walked (dense matches: a few thousand rows tested).
          const matches = counted <= COUNT_CAP ? `(SELECT r.id, r.search_vector, r.updated_at FROM recommendation r ${where.toSql()} OFFSET 0) r` : `recommendation r ${where.toSql()}`;
          parts.push(`(SELECT r.id, 0 AS part, row_number() OVER (ORDER BY ${order}) AS pos, NULL::timestamptz AS updated_at
                         FROM (SELECT r.id, r.search_vector FROM ${matches} ORDER BY ${recent} LIMIT ${where.param(candidates)}) r
                        ORDER BY ${order} LIMIT ${where.param(pageSize)} OFFSET ${where.param(offset)})`);
        }
        if (offset + pageSize > candidates) {
          const from = Math.max(offset, candidates);
          parts.push(`(SELECT r.id, 1 AS part, 0::bigint AS pos, r.updated_at FROM recommendation r ${where.toSql()} ORDER BY ${recent}
                        LIMIT ${where.param(offset + pageSize - from)} OFFSET ${where.param(from)})`);
        }
        rows = await many<RecommendationSearchRow>(
          this.dataSource,
          `SELECT ${SUMMARY_COLUMNS}, ${total}::int AS total${via}
             FROM (${parts.join(' UNION ALL ')}) p
             ${wide}
            ORDER BY p.part, p.pos, p.updated_at DESC, p.id`,
          where.params,
        );
      }
    } else {
      // The page is chosen on narrow rows; only its rows are then joined to their wide columns.
      // The capped count is an InitPlan of the same statement: evaluated once, stops at the cap.
      rows = await many<RecommendationSearchRow>(
        this.dataSource,
        `SELECT ${SUMMARY_COLUMNS}, (${cappedCount(where)}) AS total${via}
           FROM (SELECT r.id FROM recommendation r ${where.toSql()} ORDER BY ${order}
                  LIMIT ${where.param(pageSize)} OFFSET ${where.param(offset)}) p
           ${wide}
          ORDER BY ${order}`,
        where.params,
      );
      counted = rows.length ? Number(rows[0]!.total) : 0;
      if (!rows.length && page > 1) {
        const w = this.buildWhere(filter, scope, options).where;
        counted = Number((await one<{ total: number }>(this.dataSource, `SELECT (${cappedCount(w)}) AS total`, w.params)).total);
      }
    }
    return { rows, total: Math.min(counted, COUNT_CAP), totalIsLowerBound: counted > COUNT_CAP, queryLanguages: text?.isExpanded ? text.queryLanguages : [] };
  }

  /** What a page of results depends on besides the catalogue: filter, scope, sort, page. */
  searchKey(filter: RecommendationFilter, scope: Scope, sort: RecommendationSort | undefined, page: number, pageSize: number): string {
    return JSON.stringify([...filterKeyParts(filter, scope), sort ?? null, page, pageSize]);
  }

  /** What facet counts depend on besides the catalogue: the filter and scope. */
  facetsKey(filter: RecommendationFilter, scope: Scope): string {
    return JSON.stringify(filterKeyParts(filter, scope));
  }

  /**
   * The facet values of deactivated reference entries (`<facet>:<value>`): the filters offer them no
   * more, the records keep them (reference administration, issue 13). Their writes move the stamp.
   */
  async inactiveFacetValues(): Promise<Set<string>> {
    const rows = await many<{ key: string }>(
      this.dataSource,
      `SELECT 'body:' || id AS key FROM body WHERE NOT active UNION ALL SELECT 'review:' || id FROM review WHERE NOT active
       UNION ALL SELECT 'theme:' || code FROM theme WHERE NOT active UNION ALL SELECT 'affectedPerson:' || code FROM affected_person WHERE NOT active
       UNION ALL SELECT 'axis:' || code FROM axis WHERE NOT active`,
    );
    return new Set(rows.map((r) => r.key));
  }

  /** The catalogue's change stamp (one primary-key lookup). */
  async catalogueStamp(): Promise<string> {
    const row = await maybeOne<{ stamp: string }>(this.dataSource, `SELECT stamp::text AS stamp FROM catalogue_stamp WHERE id = 1`);
    return row?.stamp ?? '0';
  }

  /** Facet counts over the filtered set, in one statement: one row per (facet, value). */
  async countFacets(filter: RecommendationFilter, scope: Scope): Promise<FacetCountRow[]> {
    const { where } = this.buildWhere(filter, scope);
    // Link facets join the matching set only when there is a filter: unfiltered, every link row
    // counts (foreign keys guarantee its recommendation exists), so the join is pure cost.
    const links = (table: string, alias: string) => (where.clauses.length ? `m JOIN ${table} ${alias} ON ${alias}.recommendation_id = m.id` : `${table} ${alias}`);
    return many<FacetCountRow>(
      this.dataSource,
      `WITH m AS MATERIALIZED (SELECT r.id, r.kind, r.mechanism, r.body_id, r.review_id, r.response, r.status, r.follow_up FROM recommendation r ${where.toSql()})
       SELECT facet, value, count FROM (
         SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(mechanism) = 0 THEN 'mechanism' WHEN GROUPING(body_id) = 0 THEN 'body' WHEN GROUPING(review_id) = 0 THEN 'review'
                     WHEN GROUPING(response) = 0 THEN 'response' WHEN GROUPING(status) = 0 THEN 'status' ELSE 'followUp' END AS facet,
                coalesce(kind, mechanism, body_id::text, review_id::text, response, status, follow_up::text) AS value, count(*)::int AS count
           FROM m GROUP BY GROUPING SETS ((kind), (mechanism), (body_id), (review_id), (response), (status), (follow_up))) scalar
        WHERE value IS NOT NULL
       UNION ALL SELECT 'institution', a.institution_id::text, count(*)::int FROM ${links('assignment', 'a')} GROUP BY 2
       UNION ALL SELECT 'theme', t.theme_code, count(*)::int FROM ${links('recommendation_theme', 't')} GROUP BY 2
       UNION ALL SELECT 'affectedPerson', p.affected_person_code, count(*)::int FROM ${links('recommendation_affected_person', 'p')} GROUP BY 2
       UNION ALL SELECT 'sdgGoal', g.goal_code, count(DISTINCT s.recommendation_id)::int FROM ${links('recommendation_sdg_target', 's')} JOIN sdg_target g ON g.code = s.sdg_target_code GROUP BY 2
       UNION ALL SELECT 'axis', x.axis_code, count(*)::int FROM ${links('recommendation_axis', 'x')} GROUP BY 2`,
      where.params,
    );
  }

  /**
   * One batch of the export, in id order after `afterId`, with the list's filters and scope.
   * Link labels are in `lang`, falling back to the other languages.
   */
  async exportBatch(filter: RecommendationFilter, scope: Scope, afterId: string | null, limit: number, lang: ExportLang): Promise<RecommendationExportRow[]> {
    const { where } = this.buildWhere(filter, scope);
    if (afterId) where.add(`r.id > ${where.param(afterId)}`);
    const order = { ar: ['ar', 'fr', 'en'], fr: ['fr', 'en', 'ar'], en: ['en', 'fr', 'ar'] }[lang];
    const name = (alias: string) => `coalesce(${order.map((l) => `nullif(${alias}.name_${l}, '')`).join(', ')})`;
    const names = (table: string, alias: string, target: string, column: string) =>
      `(SELECT coalesce(array_agg(${name(alias)} ORDER BY ${name(alias)}), '{}') FROM ${table} j JOIN ${target} ${alias} ON ${alias}.code = j.${column} WHERE j.recommendation_id = r.id)`;
    return many<RecommendationExportRow>(
      this.dataSource,
      `SELECT r.id, r.kind, r.mechanism, r.document_symbol, r.paragraph, r.external_code, r.text_ar, r.text_fr, r.text_en, r.response, r.status,
              b.code AS body_code, v.code AS review_code, coalesce(${order.map((l) => `nullif(v.title_${l}, '')`).join(', ')}) AS review_title,
              ${names('recommendation_state', 'c', 'country', 'country_code')} AS states,
              ${names('recommendation_theme', 't', 'theme', 'theme_code')} AS themes,
              (SELECT coalesce(array_agg(s.sdg_target_code ORDER BY string_to_array(s.sdg_target_code, '.')), '{}') FROM recommendation_sdg_target s WHERE s.recommendation_id = r.id) AS sdg_targets,
              (SELECT coalesce(array_agg(i.code ORDER BY a.role DESC, i.code), '{}') FROM assignment a JOIN institution i ON i.id = a.institution_id WHERE a.recommendation_id = r.id) AS institutions
         ${FROM} ${where.toSql()} ORDER BY r.id LIMIT ${where.param(limit)}`,
      where.params,
    );
  }

  /**
   * One recommendation with its links and assignments, whoever asks (the service has checked
   * access). Pass the transaction's manager inside one.
   */
  findDetail(id: string, db: Queryable = this.dataSource): Promise<RecommendationDetailRow | undefined> {
    return maybeOne<RecommendationDetailRow>(db, `SELECT ${DETAIL_COLUMNS} ${FROM} WHERE r.id = $1`, [id]);
  }

  /** The codes among `codes` that the taxonomy of `field` does not have. */
  async unknownCodes(db: Queryable, field: TaxonomyField, codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await many<{ code: string }>(db, `SELECT code FROM ${identifier(TAXONOMY_LINKS[field].reference)} WHERE code = ANY($1::text[])`, [codes]);
    const known = new Set(rows.map((r) => r.code));
    return codes.filter((c) => !known.has(c));
  }

  /** The mechanism of a body, or undefined when there is no such body. */
  async findBodyMechanism(db: Queryable, bodyId: string): Promise<Mechanism | undefined> {
    return (await maybeOne<{ mechanism: Mechanism }>(db, `SELECT mechanism FROM body WHERE id = $1`, [bodyId]))?.mechanism;
  }

  async reviewBelongsToBody(db: Queryable, reviewId: string, bodyId: string): Promise<boolean> {
    return (await many<{ one: number }>(db, `SELECT 1 AS one FROM review WHERE id = $1 AND body_id = $2`, [reviewId, bodyId])).length > 0;
  }

  /** Inserts the recommendation (absent fields take the column defaults); returns its id. */
  async insert(manager: EntityManager, values: NewRecommendation): Promise<string> {
    const row: ColumnPatch = { mechanism: values.mechanism, body_id: values.bodyId, review_id: values.reviewId, ...this.columns(values) };
    const columns = Object.keys(row);
    const inserted = await one<{ id: string }>(
      manager,
      `INSERT INTO recommendation (${columns.map(identifier).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(row),
    );
    return inserted.id;
  }

  /** The columns a patch sets, for a versioned UPDATE (`VersionedWriter.update`). */
  columns(patch: RecommendationPatch): ColumnPatch {
    const columns: Record<string, unknown> = {};
    for (const field of Object.keys(COLUMNS) as Array<keyof RecommendationPatch>) {
      if (patch[field] !== undefined) columns[COLUMNS[field]] = patch[field];
    }
    return columns;
  }

  /** Replaces the recommendation's codes of one taxonomy. */
  async replaceLinks(manager: EntityManager, id: string, field: TaxonomyField, codes: readonly string[]): Promise<void> {
    const link = TAXONOMY_LINKS[field];
    await execute(manager, `DELETE FROM ${identifier(link.table)} WHERE recommendation_id = $1`, [id]);
    if (codes.length) {
      await execute(manager, `INSERT INTO ${identifier(link.table)} (recommendation_id, ${identifier(link.column)}) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [id, codes]);
    }
  }
}

/** Citation order: symbol, then paragraph numbers compared as numbers (`12(a)`, `12(b)`, `13`, `112`; `144.9` before `144.10`). */
const CITATION_ORDER = `r.document_symbol ASC NULLS LAST, string_to_array(substring(r.paragraph from '^[0-9]{1,9}(?:\\.[0-9]{1,9})*'), '.')::numeric[] ASC NULLS LAST, r.paragraph, r.external_code NULLS FIRST, r.id`;

function orderBy(sort: RecommendationSort, tsquery: string | null): string {
  switch (sort) {
    case 'relevance':
      // ts_rank (term frequency, normalised by length) rather than ts_rank_cd: on short texts the
      // order is as useful, and it costs ~1 ms instead of ~90 ms over the 6,700 matches of "women"
      // in the 100,000-recommendation benchmark.
      return tsquery ? `ts_rank(r.search_vector, ${tsquery}, 1) DESC, r.id` : 'r.updated_at DESC, r.id';
    case 'updatedAt':
      return 'r.updated_at ASC, r.id';
    case '-updatedAt':
      return 'r.updated_at DESC, r.id';
    case 'symbol':
      return 'r.document_symbol ASC NULLS LAST, length(r.paragraph), r.paragraph, r.id';
    case '-symbol':
      return 'r.document_symbol DESC NULLS LAST, length(r.paragraph) DESC, r.paragraph DESC, r.id';
  }
}
