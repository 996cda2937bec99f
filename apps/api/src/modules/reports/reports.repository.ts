import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ImplementationStatus, ItemKind, Locale, RecommendationResponse, ReportStatus, ReportType } from '@sidh/domain';
import { ALL } from '../../access/index.js';
import type { LastChange } from '../../audit/audit.writer.js';
import { execute, many, maybeOne, one, SqlParams, type Queryable } from '../../database/sql.js';
import { definedColumns, updateIfVersion } from '../../database/versioned-write.js';
import type { Indicator } from '../contributions/contribution.entity.js';
import type { RecommendationFilter } from '../recommendations/dto/recommendation-query.dto.js';
import { RecommendationsRepository } from '../recommendations/recommendations.repository.js';
import type { ReportSectionSource } from './report.entity.js';

/** A report with its body and review (review columns null when it has none). */
export interface ReportRow {
  id: string;
  type: ReportType;
  language: Locale;
  title: string;
  /** `YYYY-MM-DD`. */
  dueDate: string | null;
  wordLimit: number | null;
  groupBy: 'theme' | 'axis' | null;
  status: ReportStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdById: string | null;
  createdByName: string | null;
  bodyId: string;
  bodyCode: string;
  bodyNameAr: string;
  bodyNameFr: string;
  bodyNameEn: string;
  reviewId: string | null;
  reviewCode: string | null;
  reviewTitleAr: string | null;
  reviewTitleFr: string | null;
  reviewTitleEn: string | null;
  reviewYear: number | null;
  reviewDocumentSymbol: string | null;
}

/** A report as the list shows it: with the words of its sections and how many versions it has. */
export interface ReportSummaryRow extends ReportRow {
  words: number;
  versionCount: number;
}

export interface ReportSectionRow {
  id: string;
  reportId: string;
  position: number;
  key: string;
  heading: string;
  body: string;
  words: number;
  itemIds: string[];
  citations: string[];
  sources: ReportSectionSource[];
  version: number;
  updatedAt: Date;
  updatedById: string | null;
  updatedByName: string | null;
}

/** A finalised version, without its bytes. */
export interface ReportVersionRow {
  id: string;
  number: number;
  sha256: string;
  sizeBytes: number;
  wordCount: number;
  wordLimit: number | null;
  overLimit: boolean;
  overLimitConfirmed: boolean;
  createdAt: Date;
  createdById: string | null;
  createdByName: string | null;
}

/** A theme or axis and its labels (jsonb). */
export interface LabelJson {
  code: string;
  nameAr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

/** A catalogue item as the planner needs it. */
export interface PlanItemRow {
  id: string;
  kind: ItemKind;
  bodyId: string;
  documentSymbol: string | null;
  paragraph: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
  response: RecommendationResponse | null;
  status: ImplementationStatus;
  followUp: boolean;
  /** By code. */
  themes: LabelJson[];
  axes: LabelJson[];
}

/** The latest validated contribution of one assignment. */
export interface ContributionSourceRow {
  id: string;
  assignmentId: string;
  recommendationId: string;
  version: number;
  validatedAt: Date;
  measures: string;
  indicators: Indicator[];
  institutionNameAr: string;
  institutionNameFr: string;
  institutionNameEn: string;
}

export interface NewReport {
  type: ReportType;
  bodyId: string;
  reviewId: string | null;
  language: Locale;
  title: string;
  dueDate: string | null;
  wordLimit: number | null;
  groupBy: 'theme' | 'axis' | null;
  createdById: string | null;
}

export interface NewReportSection {
  key: string;
  heading: string;
  body: string;
  words: number;
  itemIds: string[];
  citations: string[];
  sources: ReportSectionSource[];
}

export interface NewReportVersion {
  number: number;
  sha256: string;
  docx: Buffer;
  wordCount: number;
  wordLimit: number | null;
  overLimit: boolean;
  overLimitConfirmed: boolean;
  createdById: string | null;
}

/** What a report PATCH or a section edit changes on the report row (undefined: unchanged). */
export interface ReportPatch {
  title?: string;
  dueDate?: string | null;
  wordLimit?: number | null;
  status?: ReportStatus;
}

export interface ReportSectionPatch {
  heading?: string;
  body?: string;
  words?: number;
  updatedById: string | null;
}

export interface ReportListFilter {
  type?: ReportType;
  bodyId?: string;
  status?: ReportStatus;
}

const REPORT_COLUMNS = `rp.id, rp.type, rp.language, rp.title, to_char(rp.due_date, 'YYYY-MM-DD') AS due_date, rp.word_limit, rp.group_by, rp.status, rp.version,
  rp.created_at, rp.updated_at, rp.created_by_id, cu.name AS created_by_name,
  b.id AS body_id, b.code AS body_code, b.name_ar AS body_name_ar, b.name_fr AS body_name_fr, b.name_en AS body_name_en,
  v.id AS review_id, v.code AS review_code, v.title_ar AS review_title_ar, v.title_fr AS review_title_fr, v.title_en AS review_title_en,
  v.year AS review_year, v.document_symbol AS review_document_symbol`;
const REPORT_FROM = `report rp JOIN body b ON b.id = rp.body_id LEFT JOIN review v ON v.id = rp.review_id LEFT JOIN app_user cu ON cu.id = rp.created_by_id`;

const SECTION_COLUMNS = `s.id, s.report_id, s.position, s.key, s.heading, s.body, s.words, s.item_ids::text[] AS item_ids, s.citations, s.sources, s.version,
  s.updated_at, s.updated_by_id, su.name AS updated_by_name`;

@Injectable()
export class ReportsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recommendations: RecommendationsRepository,
  ) {}

  /** A page of reports, most recently changed first. */
  async list(filter: ReportListFilter, page: number, pageSize: number, db: Queryable = this.dataSource.manager): Promise<{ rows: ReportSummaryRow[]; total: number }> {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter.type) where.push(`rp.type = ${params.add(filter.type)}`);
    if (filter.bodyId) where.push(`rp.body_id = ${params.add(filter.bodyId)}::uuid`);
    if (filter.status) where.push(`rp.status = ${params.add(filter.status)}`);
    const rows = await many<ReportSummaryRow & { total: number }>(
      db,
      `SELECT ${REPORT_COLUMNS}, count(*) OVER ()::int AS total,
              (SELECT coalesce(sum(s.words), 0)::int FROM report_section s WHERE s.report_id = rp.id) AS words,
              (SELECT count(*)::int FROM report_version rv WHERE rv.report_id = rp.id) AS version_count
         FROM ${REPORT_FROM}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY rp.updated_at DESC, rp.id LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`,
      params.values,
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  find(id: string, db: Queryable = this.dataSource.manager): Promise<ReportRow | undefined> {
    return maybeOne<ReportRow>(db, `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE rp.id = $1`, [id]);
  }

  async exists(id: string, db: Queryable = this.dataSource.manager): Promise<boolean> {
    return (await maybeOne<{ id: string }>(db, `SELECT id FROM report WHERE id = $1`, [id])) !== undefined;
  }

  /** The sections in order. */
  sections(reportId: string, db: Queryable = this.dataSource.manager): Promise<ReportSectionRow[]> {
    return many<ReportSectionRow>(
      db,
      `SELECT ${SECTION_COLUMNS} FROM report_section s LEFT JOIN app_user su ON su.id = s.updated_by_id WHERE s.report_id = $1 ORDER BY s.position`,
      [reportId],
    );
  }

  section(reportId: string, sectionId: string, db: Queryable = this.dataSource.manager): Promise<ReportSectionRow | undefined> {
    return maybeOne<ReportSectionRow>(
      db,
      `SELECT ${SECTION_COLUMNS} FROM report_section s LEFT JOIN app_user su ON su.id = s.updated_by_id WHERE s.report_id = $1 AND s.id = $2`,
      [reportId, sectionId],
    );
  }

  /** The finalised versions, newest first (without their bytes). */
  versions(reportId: string, db: Queryable = this.dataSource.manager): Promise<ReportVersionRow[]> {
    return many<ReportVersionRow>(
      db,
      `SELECT rv.id, rv.number, rv.sha256, rv.size_bytes, rv.word_count, rv.word_limit, rv.over_limit, rv.over_limit_confirmed, rv.created_at, rv.created_by_id, u.name AS created_by_name
         FROM report_version rv LEFT JOIN app_user u ON u.id = rv.created_by_id WHERE rv.report_id = $1 ORDER BY rv.number DESC`,
      [reportId],
    );
  }

  /** One version's stored bytes and their recorded hash. */
  versionFile(reportId: string, number: number, db: Queryable = this.dataSource.manager): Promise<{ docx: Buffer; sha256: string; number: number } | undefined> {
    return maybeOne<{ docx: Buffer; sha256: string; number: number }>(db, `SELECT docx, sha256, number FROM report_version WHERE report_id = $1 AND number = $2`, [reportId, number]);
  }

  /** The body's id if it exists. */
  async bodyExists(bodyId: string, db: Queryable = this.dataSource.manager): Promise<boolean> {
    return (await maybeOne<{ id: string }>(db, `SELECT id FROM body WHERE id = $1`, [bodyId])) !== undefined;
  }

  /** The review's body, or undefined when there is no such review. */
  async reviewBody(reviewId: string, db: Queryable = this.dataSource.manager): Promise<string | undefined> {
    return (await maybeOne<{ bodyId: string }>(db, `SELECT body_id FROM review WHERE id = $1`, [reviewId]))?.bodyId;
  }

  /** The ids of the items matching a recommendation-list filter within a body, at most `limit` (+1 to tell "more"). */
  async idsMatching(filter: RecommendationFilter, bodyId: string, limit: number, db: Queryable = this.dataSource.manager): Promise<string[]> {
    const { where } = this.recommendations.buildWhere({ ...filter, bodyId }, ALL);
    const rows = await many<{ id: string }>(db, `SELECT r.id FROM recommendation r ${where.toSql()} ORDER BY r.id LIMIT ${where.param(limit + 1)}`, where.params);
    return rows.map((r) => r.id);
  }

  /** The items with these ids (in no particular order; missing ids are absent), their themes and axes by code. */
  planItems(ids: readonly string[], db: Queryable = this.dataSource.manager): Promise<PlanItemRow[]> {
    const labels = (link: string, table: string, column: string) =>
      `coalesce((SELECT jsonb_agg(jsonb_build_object('code', t.code, 'nameAr', t.name_ar, 'nameFr', t.name_fr, 'nameEn', t.name_en) ORDER BY t.code)
                   FROM ${link} l JOIN ${table} t ON t.code = l.${column} WHERE l.recommendation_id = r.id), '[]'::jsonb)`;
    return many<PlanItemRow>(
      db,
      `SELECT r.id, r.kind, r.body_id, r.document_symbol, r.paragraph, r.text_ar, r.text_fr, r.text_en, r.response, r.status, r.follow_up,
              ${labels('recommendation_theme', 'theme', 'theme_code')} AS themes,
              ${labels('recommendation_axis', 'axis', 'axis_code')} AS axes
         FROM recommendation r WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The latest validated contribution of each assignment of these items. */
  validatedContributions(itemIds: readonly string[], db: Queryable = this.dataSource.manager): Promise<ContributionSourceRow[]> {
    return many<ContributionSourceRow>(
      db,
      `SELECT DISTINCT ON (c.assignment_id) c.id, c.assignment_id, c.recommendation_id, c.version, c.validated_at, c.measures, c.indicators,
              i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en
         FROM contribution c JOIN institution i ON i.id = c.institution_id
        WHERE c.recommendation_id = ANY($1::uuid[]) AND c.status = 'validated' AND c.validated_at IS NOT NULL
        ORDER BY c.assignment_id, c.validated_at DESC, c.id`,
      [itemIds],
    );
  }

  /** Institution names of contributions, by id (for the refresh's list of removed sources, whose contribution is no longer the latest). */
  contributionInstitutions(ids: readonly string[], db: Queryable = this.dataSource.manager): Promise<Array<{ id: string; validatedAt: Date | null; nameAr: string; nameFr: string; nameEn: string }>> {
    return many(
      db,
      `SELECT c.id, c.validated_at, i.name_ar, i.name_fr, i.name_en FROM contribution c JOIN institution i ON i.id = c.institution_id WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async insert(manager: EntityManager, report: NewReport): Promise<string> {
    const row = await one<{ id: string }>(
      manager,
      `INSERT INTO report (type, body_id, review_id, language, title, due_date, word_limit, group_by, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [report.type, report.bodyId, report.reviewId, report.language, report.title, report.dueDate, report.wordLimit, report.groupBy, report.createdById],
    );
    return row.id;
  }

  /** The sections in one statement, positions 1, 2, 3… in the order given. */
  async insertSections(manager: EntityManager, reportId: string, sections: readonly NewReportSection[], updatedById: string | null): Promise<void> {
    await execute(
      manager,
      `INSERT INTO report_section (report_id, position, key, heading, body, words, item_ids, citations, sources, updated_by_id)
       SELECT $1, t.n, t.s ->> 'key', t.s ->> 'heading', t.s ->> 'body', (t.s ->> 'words')::int,
              ARRAY(SELECT e.v::uuid FROM jsonb_array_elements_text(t.s -> 'itemIds') WITH ORDINALITY e(v, k) ORDER BY e.k),
              ARRAY(SELECT e.v FROM jsonb_array_elements_text(t.s -> 'citations') WITH ORDINALITY e(v, k) ORDER BY e.k),
              t.s -> 'sources', $3
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY t(s, n)`,
      [reportId, JSON.stringify(sections), updatedById],
    );
  }

  /** Locks the report for the transaction: its version and status, or undefined when it does not exist. */
  lock(manager: EntityManager, id: string): Promise<{ version: number; status: ReportStatus } | undefined> {
    return maybeOne<{ version: number; status: ReportStatus }>(manager, `SELECT version, status FROM report WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Locks one section of the report: its version, or undefined when the report has no such section. */
  lockSection(manager: EntityManager, reportId: string, sectionId: string): Promise<{ version: number } | undefined> {
    return maybeOne<{ version: number }>(manager, `SELECT version FROM report_section WHERE id = $1 AND report_id = $2 FOR UPDATE`, [sectionId, reportId]);
  }

  /** The versioned write of the report row (ADR 4's one path): false when the version moved. */
  update(manager: EntityManager, id: string, expectedVersion: number, patch: ReportPatch): Promise<boolean> {
    return updateIfVersion(manager, 'report', id, expectedVersion, definedColumns({ title: patch.title, due_date: patch.dueDate, word_limit: patch.wordLimit, status: patch.status }));
  }

  /** The versioned write of one section of this report (heading, text, words). */
  updateSection(manager: EntityManager, reportId: string, sectionId: string, expectedVersion: number, patch: ReportSectionPatch): Promise<boolean> {
    return updateIfVersion(
      manager,
      'report_section',
      sectionId,
      expectedVersion,
      definedColumns({ heading: patch.heading, body: patch.body, words: patch.words, updated_by_id: patch.updatedById }),
      { report_id: reportId },
    );
  }

  /** Every section at its rank in `order` (1-based), in one statement (the position constraint is checked at commit). */
  async reorder(manager: EntityManager, reportId: string, order: readonly string[]): Promise<number> {
    return execute(
      manager,
      `UPDATE report_section s SET position = o.n FROM unnest($2::uuid[]) WITH ORDINALITY o(id, n) WHERE s.report_id = $1 AND s.id = o.id RETURNING s.id`,
      [reportId, order],
    );
  }

  async insertVersion(manager: EntityManager, reportId: string, version: NewReportVersion): Promise<string> {
    const row = await one<{ id: string }>(
      manager,
      `INSERT INTO report_version (report_id, number, sha256, docx, size_bytes, word_count, word_limit, over_limit, over_limit_confirmed, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [reportId, version.number, version.sha256, version.docx, version.docx.length, version.wordCount, version.wordLimit, version.overLimit, version.overLimitConfirmed, version.createdById],
    );
    return row.id;
  }

  async lastVersionNumber(manager: EntityManager, reportId: string): Promise<number> {
    return (await one<{ n: number }>(manager, `SELECT coalesce(max(number), 0)::int AS n FROM report_version WHERE report_id = $1`, [reportId])).n;
  }

  /**
   * Who last changed a section: the latest event of the report that names the section
   * (`changes.sectionId`), else the report's creation (which wrote every section).
   */
  async sectionLastChange(db: Queryable, reportId: string, sectionId: string): Promise<LastChange | null> {
    const row = await maybeOne<{ actorName: string | null; actorRole: string | null; occurredAt: Date }>(
      db,
      `SELECT u.name AS actor_name, e.actor_role, e.occurred_at FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.entity_type = 'report' AND e.entity_id = $1 AND (e.changes ->> 'sectionId' = $2 OR e.action = 'report.create')
        ORDER BY e.id DESC LIMIT 1`,
      [reportId, sectionId],
    );
    return row ? { actorName: row.actorName, actorRole: row.actorRole, occurredAt: new Date(row.occurredAt).toISOString() } : null;
  }
}
