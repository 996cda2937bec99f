import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor } from '../../audit/audit.writer.js';
import type { Lookups, NewLabel, NewReview } from './planner.js';
import type { ImportStatus } from './import-job.entity.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A recommendation as stored, with its link codes: what an import compares its rows with. */
export interface ExistingRecommendation {
  id: string;
  version: number;
  mechanism: string;
  bodyId: string;
  reviewId: string | null;
  documentSymbol: string | null;
  paragraph: string | null;
  externalCode: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
  response: string | null;
  status: string;
  lists: Record<string, string[]>;
}

/** The link tables an import writes, by list field. */
export const LIST_TABLES = {
  recommendingStates: { table: 'recommendation_state', column: 'country_code', audit: 'recommendingStateCodes' },
  themes: { table: 'recommendation_theme', column: 'theme_code', audit: 'themeCodes' },
  affectedPersons: { table: 'recommendation_affected_person', column: 'affected_person_code', audit: 'affectedPersonCodes' },
  sdgTargets: { table: 'recommendation_sdg_target', column: 'sdg_target_code', audit: 'sdgTargetCodes' },
  axes: { table: 'recommendation_axis', column: 'axis_code', audit: 'axisCodes' },
  subAxes: { table: 'recommendation_sub_axis', column: 'sub_axis_code', audit: 'subAxisCodes' },
} as const;
export type LinkField = keyof typeof LIST_TABLES;

export interface NewRecommendationRow {
  id: string;
  mechanism: string;
  bodyId: string;
  reviewId: string | null;
  documentSymbol: string | null;
  paragraph: string | null;
  externalCode: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
  response: string | null;
  status: string;
}

export interface AuditRow {
  action: string;
  entityType: string;
  entityId: string;
  changes: Record<string, unknown>;
}

export interface ImportJobInsert {
  createdById: string | null;
  fileName: string;
  storedName: string;
  sha256: string;
  sizeBytes: number;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  mapping: unknown;
  dryRun: boolean;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  counts: Record<string, number>;
  report: Record<string, unknown>;
}

const JOB_COLUMNS = `j.id, j.created_by_id, u.name AS created_by_name, j.created_at, j.finished_at, j.file_name, j.sha256, j.size_bytes, j.format, j.encoding,
  j.delimiter, j.mapping, j.dry_run, j.status, j.total_rows, j.processed_rows, j.counts, j.error`;

@Injectable()
export class ImportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** One connection only (embedded PGlite): progress cannot be written beside an open transaction. */
  get singleConnection(): boolean {
    const extra = (this.dataSource.options as { extra?: { max?: number } }).extra;
    return (extra?.max ?? 10) <= 1;
  }

  transaction<T>(run: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(run);
  }

  async loadLookups(manager: EntityManager = this.manager): Promise<Lookups> {
    const labelled = (table: string) => manager.query(`SELECT code, name_en AS "nameEn", name_fr AS "nameFr", name_ar AS "nameAr" FROM ${table}`);
    const [bodies, reviews, countries, themes, affectedPersons, sdgTargets, axes, subAxes, institutions] = await Promise.all([
      manager.query(`SELECT id, code, mechanism, name_en AS "nameEn", name_fr AS "nameFr", name_ar AS "nameAr" FROM body`),
      manager.query(`SELECT id, body_id AS "bodyId", code, title_ar AS "titleAr", title_fr AS "titleFr", title_en AS "titleEn", document_symbol AS "documentSymbol" FROM review`),
      manager.query(`SELECT code, iso3, name_en AS "nameEn", name_fr AS "nameFr", name_ar AS "nameAr" FROM country`),
      labelled('theme'),
      labelled('affected_person'),
      labelled('sdg_target'),
      labelled('axis'),
      labelled('sub_axis'),
      manager.query(`SELECT id, code, name_en AS "nameEn", name_fr AS "nameFr", name_ar AS "nameAr" FROM institution`),
    ]);
    return { bodies, reviews, countries, themes, affectedPersons, sdgTargets, axes, subAxes, institutions };
  }

  /** The recommendations an import could match: same symbols, same reviews, or same bodies without review. */
  async loadCandidates(manager: EntityManager, symbols: string[], reviewIds: string[], bodyIds: string[]): Promise<ExistingRecommendation[]> {
    const agg = (table: string, column: string) => `(SELECT coalesce(array_agg(l.${column} ORDER BY l.${column}), '{}') FROM ${table} l WHERE l.recommendation_id = r.id)`;
    const rows: Row[] = await manager.query(
      `SELECT r.id, r.version, r.mechanism, r.body_id, r.review_id, r.document_symbol, r.paragraph, r.external_code, r.text_ar, r.text_fr, r.text_en,
              r.response, r.status,
              ${Object.entries(LIST_TABLES).map(([field, t]) => `${agg(t.table, t.column)} AS "${field}"`).join(', ')},
              (SELECT coalesce(array_agg(i.code ORDER BY i.code), '{}') FROM assignment a JOIN institution i ON i.id = a.institution_id WHERE a.recommendation_id = r.id) AS institutions
         FROM recommendation r
        WHERE upper(replace(r.document_symbol, ' ', '')) = ANY($1::text[]) OR r.review_id = ANY($2::uuid[]) OR (r.review_id IS NULL AND r.body_id = ANY($3::uuid[]))
        ORDER BY r.created_at, r.id`,
      [symbols, reviewIds, bodyIds],
    );
    return rows.map((r) => ({
      id: r['id'],
      version: r['version'],
      mechanism: r['mechanism'],
      bodyId: r['body_id'],
      reviewId: r['review_id'],
      documentSymbol: r['document_symbol'],
      paragraph: r['paragraph'],
      externalCode: r['external_code'],
      textAr: r['text_ar'],
      textFr: r['text_fr'],
      textEn: r['text_en'],
      response: r['response'],
      status: r['status'],
      lists: Object.fromEntries([...Object.keys(LIST_TABLES), 'institutions'].map((f) => [f, r[f] as string[]])),
    }));
  }

  /** Serialises imports: two commits never create the same recommendation twice. */
  async lockImports(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(7270002)`);
  }

  async insertLabels(manager: EntityManager, labels: NewLabel[]): Promise<void> {
    for (const field of ['themes', 'affectedPersons'] as const) {
      const rows = labels.filter((l) => l.field === field);
      if (!rows.length) continue;
      await manager.query(
        `INSERT INTO ${field === 'themes' ? 'theme' : 'affected_person'} (code, name_en, name_fr, name_ar) SELECT c, l, l, l FROM unnest($1::text[], $2::text[]) AS t(c, l)`,
        [rows.map((r) => r.code), rows.map((r) => r.label)],
      );
    }
    const institutions = labels.filter((l) => l.field === 'institutions');
    if (institutions.length) {
      await manager.query(
        `INSERT INTO institution (id, code, type, name_en, name_fr, name_ar) SELECT i, c, 'other', l, l, l FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(i, c, l)`,
        [institutions.map((r) => r.id), institutions.map((r) => r.code), institutions.map((r) => r.label)],
      );
    }
  }

  async insertReviews(manager: EntityManager, reviews: NewReview[]): Promise<void> {
    if (!reviews.length) return;
    await manager.query(
      `INSERT INTO review (id, body_id, code, title_ar, title_fr, title_en, cycle, session, document_symbol)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[])`,
      [reviews.map((r) => r.id), reviews.map((r) => r.bodyId), reviews.map((r) => r.code), reviews.map((r) => r.titleAr), reviews.map((r) => r.titleFr), reviews.map((r) => r.titleEn), reviews.map((r) => r.cycle), reviews.map((r) => r.session), reviews.map((r) => r.documentSymbol)],
    );
  }

  async insertRecommendations(manager: EntityManager, rows: NewRecommendationRow[]): Promise<void> {
    if (!rows.length) return;
    const col = <K extends keyof NewRecommendationRow>(k: K) => rows.map((r) => r[k]);
    await manager.query(
      `INSERT INTO recommendation (id, mechanism, body_id, review_id, document_symbol, paragraph, external_code, text_ar, text_fr, text_en, response, status)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`,
      [col('id'), col('mechanism'), col('bodyId'), col('reviewId'), col('documentSymbol'), col('paragraph'), col('externalCode'), col('textAr'), col('textFr'), col('textEn'), col('response'), col('status')],
    );
  }

  async insertLinks(manager: EntityManager, field: LinkField, pairs: Array<[string, string]>): Promise<void> {
    if (!pairs.length) return;
    const t = LIST_TABLES[field];
    await manager.query(`INSERT INTO ${t.table} (recommendation_id, ${t.column}) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`, [
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    ]);
  }

  async deleteLinks(manager: EntityManager, field: LinkField, recommendationIds: string[]): Promise<void> {
    if (!recommendationIds.length) return;
    await manager.query(`DELETE FROM ${LIST_TABLES[field].table} WHERE recommendation_id = ANY($1::uuid[])`, [recommendationIds]);
  }

  async insertAssignments(manager: EntityManager, rows: Array<{ recommendationId: string; institutionCode: string; role: string }>): Promise<void> {
    if (!rows.length) return;
    await manager.query(
      `INSERT INTO assignment (recommendation_id, institution_id, role)
       SELECT t.r, i.id, t.role FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(r, c, role) JOIN institution i ON i.code = t.c
       ON CONFLICT (recommendation_id, institution_id) DO NOTHING`,
      [rows.map((r) => r.recommendationId), rows.map((r) => r.institutionCode), rows.map((r) => r.role)],
    );
  }

  /** Conditional on the version read when the import compared: a concurrent edit fails the import. */
  async updateRecommendation(manager: EntityManager, id: string, version: number, values: Record<string, unknown>): Promise<boolean> {
    const columns = Object.keys(values);
    const sets = columns.map((c, i) => `${c} = $${i + 3}`);
    const [rows] = await manager.query(
      `UPDATE recommendation SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, ...Object.values(values)],
    );
    return rows.length > 0;
  }

  async insertImportLinks(manager: EntityManager, importId: string, rows: Array<{ recommendationId: string; action: string }>): Promise<void> {
    if (!rows.length) return;
    await manager.query(`INSERT INTO import_recommendation (import_id, recommendation_id, action) SELECT $1, * FROM unnest($2::uuid[], $3::text[])`, [
      importId,
      rows.map((r) => r.recommendationId),
      rows.map((r) => r.action),
    ]);
  }

  /** Appends audit events in order, in one statement (the chain trigger runs row by row). */
  async appendAuditEvents(manager: EntityManager, actor: AuditActor, events: AuditRow[]): Promise<void> {
    if (!events.length) return;
    await manager.query(
      `INSERT INTO audit_event (actor_id, actor_role, actor_institution_id, action, entity_type, entity_id, changes, request_id, ip)
       SELECT $1::uuid, $2, $3::uuid, t.a, t.e, t.i, t.c, $4, $5 FROM unnest($6::text[], $7::text[], $8::text[], $9::jsonb[]) WITH ORDINALITY AS t(a, e, i, c, n) ORDER BY t.n`,
      [
        actor.userId,
        actor.role,
        actor.institutionId,
        actor.requestId,
        actor.ip,
        events.map((e) => e.action),
        events.map((e) => e.entityType),
        events.map((e) => e.entityId),
        events.map((e) => JSON.stringify(e.changes)),
      ],
    );
  }

  async insertJob(job: ImportJobInsert, manager: EntityManager = this.manager): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO import_job (created_by_id, file_name, stored_name, sha256, size_bytes, format, encoding, delimiter, mapping, dry_run, status, total_rows, processed_rows, counts, report, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11::varchar, $12, $13, $14::jsonb, $15::jsonb, CASE WHEN $11::varchar = 'running' THEN NULL ELSE now() END) RETURNING id`,
      [
        job.createdById,
        job.fileName,
        job.storedName,
        job.sha256,
        job.sizeBytes,
        job.format,
        job.encoding,
        job.delimiter,
        JSON.stringify(job.mapping),
        job.dryRun,
        job.status,
        job.totalRows,
        job.processedRows,
        JSON.stringify(job.counts),
        JSON.stringify(job.report),
      ],
    );
    return row.id;
  }

  async setProgress(id: string, processedRows: number): Promise<void> {
    await this.manager.query(`UPDATE import_job SET processed_rows = $2 WHERE id = $1 AND status = 'running'`, [id, processedRows]);
  }

  async finishJob(
    id: string,
    values: { status: ImportStatus; processedRows: number; counts?: Record<string, number>; error?: Record<string, unknown> | null },
    manager: EntityManager = this.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE import_job SET status = $2, processed_rows = $3, counts = coalesce($4::jsonb, counts), error = $5::jsonb, finished_at = now() WHERE id = $1`,
      [id, values.status, values.processedRows, values.counts ? JSON.stringify(values.counts) : null, values.error ? JSON.stringify(values.error) : null],
    );
  }

  /** Jobs left `running` by a process that stopped: their transaction never committed. */
  async failInterrupted(): Promise<number> {
    const [rows] = await this.manager.query(
      `UPDATE import_job SET status = 'failed', error = '{"code":"import.interrupted","message":"The server stopped during the import; nothing was written"}'::jsonb, finished_at = now()
        WHERE status = 'running' RETURNING id`,
    );
    return rows.length;
  }

  async findJob(id: string, withReport: boolean): Promise<Row | undefined> {
    const rows: Row[] = await this.manager.query(
      `SELECT ${JOB_COLUMNS}${withReport ? ', j.report, j.stored_name' : ''} FROM import_job j LEFT JOIN app_user u ON u.id = j.created_by_id WHERE j.id = $1`,
      [id],
    );
    return rows[0];
  }

  async listJobs(limit: number, offset: number): Promise<{ rows: Row[]; total: number }> {
    const rows: Row[] = await this.manager.query(
      `SELECT ${JOB_COLUMNS}, count(*) OVER () AS total FROM import_job j LEFT JOIN app_user u ON u.id = j.created_by_id ORDER BY j.created_at DESC, j.id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { rows, total: rows.length ? Number(rows[0]!['total']) : 0 };
  }
}
