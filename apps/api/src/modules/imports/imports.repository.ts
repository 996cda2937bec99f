import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ItemKind } from '@sidh/domain';
import { execute, identifier, many, maybeOne, one, type Queryable } from '../../database/sql.js';
import { definedColumns, updateIfVersion } from '../../database/versioned-write.js';
import type { RecommendationColumns } from '../recommendations/recommendations.repository.js';
import type { ImportCountsDto, ImportErrorInfoDto, ImportMappingDto, ImportReportDto } from './dto/import.dto.js';
import type { ImportStatus } from './import-job.entity.js';
import type { Labelled } from './label-index.js';
import type { ListTarget } from './mapping.js';
import type { BodyRef, CountryRef, InstitutionRef, Lookups, NewLabel, NewReview, ReviewRef } from './planner.js';

/** The link tables an import writes, by list field (institutions are assignments, written apart). */
export const LIST_TABLES = {
  recommendingStates: { table: 'recommendation_state', column: 'country_code' },
  themes: { table: 'recommendation_theme', column: 'theme_code' },
  affectedPersons: { table: 'recommendation_affected_person', column: 'affected_person_code' },
  sdgTargets: { table: 'recommendation_sdg_target', column: 'sdg_target_code' },
  axes: { table: 'recommendation_axis', column: 'axis_code' },
  subAxes: { table: 'recommendation_sub_axis', column: 'sub_axis_code' },
} as const satisfies Record<Exclude<ListTarget, 'institutions'>, { table: string; column: string }>;
export type LinkField = keyof typeof LIST_TABLES;
export const LINK_FIELDS = Object.keys(LIST_TABLES) as LinkField[];

/** A stored recommendation an import could match, with its link codes and assigned institution codes. */
export interface ExistingRecommendationRow {
  id: string;
  version: number;
  kind: ItemKind;
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
  /** Codes by list field (`institutions`: institution codes of its assignments), sorted. */
  lists: Record<ListTarget, string[]>;
}
/** What an import compares its rows with (the row as read). */
export type ExistingRecommendation = ExistingRecommendationRow;

/** The statement's row: one array column per list field. */
type CandidateRow = Omit<ExistingRecommendationRow, 'lists'> & Record<ListTarget, string[]>;

export interface NewRecommendationRow extends Omit<RecommendationColumns, 'kind'> {
  /** Absent: a recommendation (the column's default). */
  kind?: ItemKind;
  bodyId: string;
  reviewId: string | null;
}

/** The columns an import may change on an existing recommendation. */
export type RecommendationPatch = Partial<
  Pick<NewRecommendationRow, 'kind' | 'textAr' | 'textFr' | 'textEn' | 'documentSymbol' | 'paragraph' | 'externalCode' | 'reviewId' | 'response' | 'status'>
>;

export interface NewAssignmentRow {
  recommendationId: string;
  institutionCode: string;
  role: 'lead' | 'contributor';
}

export interface ImportLinkRow {
  recommendationId: string;
  action: 'created' | 'updated';
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
  mapping: ImportMappingDto;
  dryRun: boolean;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  counts: ImportCountsDto;
  report: ImportReportDto;
  /** A commit about to run: the process that holds its lease (the heartbeat starts now). */
  leaseOwner?: string;
}

/** An import job as listed (no report). */
export interface ImportJobRow {
  id: string;
  createdById: string | null;
  createdByName: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  mapping: ImportMappingDto;
  dryRun: boolean;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  /** As stored: older jobs may lack `merged`. */
  counts: Partial<ImportCountsDto>;
  error: ImportErrorInfoDto | null;
}

export interface ImportJobDetailRow extends ImportJobRow {
  report: ImportReportDto;
}

/** Where the original upload of a job is kept. */
export interface ImportOriginalRow {
  storedName: string;
  fileName: string;
  format: string;
}

/** A stored upload (`POST /imports/preview`) as read back: its bytes and what was recorded about them. */
export interface ImportUploadRow {
  id: string;
  createdById: string;
  createdAt: Date;
  expiresAt: Date;
  /** True once `expires_at` has passed (the database's clock). */
  expired: boolean;
  fileName: string;
  format: string;
  sha256: string;
  sizeBytes: number;
  content: Buffer;
}

export interface ImportUploadInsert {
  createdById: string;
  fileName: string;
  format: string;
  sha256: string;
  content: Buffer;
  ttlSeconds: number;
}

export interface JobFinish {
  status: ImportStatus;
  processedRows: number;
  counts?: ImportCountsDto;
  error?: ImportErrorInfoDto | null;
}

const JOB_COLUMNS = `j.id, j.created_by_id, u.name AS created_by_name, j.created_at, j.finished_at, j.file_name, j.sha256, j.size_bytes, j.format, j.encoding,
  j.delimiter, j.mapping, j.dry_run, j.status, j.total_rows, j.processed_rows, j.counts, j.error`;

const INTERRUPTED: ImportErrorInfoDto = { code: 'import.interrupted', message: 'The server stopped during the import; nothing was written' };

/**
 * The SQL of imports: reference lookups, the candidates a file is compared with, the batched
 * writes of a commit (unnest arrays: one statement per table and batch) and the job records.
 */
@Injectable()
export class ImportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async loadLookups(db: Queryable = this.dataSource.manager): Promise<Lookups> {
    const labelled = (table: string) => many<Labelled>(db, `SELECT code, name_en, name_fr, name_ar FROM ${identifier(table)}`);
    const [bodies, reviews, countries, themes, affectedPersons, sdgTargets, axes, subAxes, institutions] = await Promise.all([
      many<BodyRef>(db, `SELECT id, code, mechanism, name_en, name_fr, name_ar FROM body`),
      many<ReviewRef>(db, `SELECT id, body_id, code, title_ar, title_fr, title_en, document_symbol FROM review`),
      many<CountryRef>(db, `SELECT code, iso3, name_en, name_fr, name_ar FROM country`),
      labelled('theme'),
      labelled('affected_person'),
      labelled('sdg_target'),
      labelled('axis'),
      labelled('sub_axis'),
      many<InstitutionRef>(db, `SELECT id, code, name_en, name_fr, name_ar FROM institution`),
    ]);
    return { bodies, reviews, countries, themes, affectedPersons, sdgTargets, axes, subAxes, institutions };
  }

  /** The recommendations an import could match: same symbols, same reviews, or same bodies without review. */
  async loadCandidates(db: Queryable, symbols: string[], reviewIds: string[], bodyIds: string[]): Promise<ExistingRecommendationRow[]> {
    const agg = (table: string, column: string) =>
      `(SELECT coalesce(array_agg(l.${column} ORDER BY l.${column}), '{}') FROM ${table} l WHERE l.recommendation_id = r.id)`;
    const rows = await many<CandidateRow>(
      db,
      `SELECT r.id, r.version, r.kind, r.mechanism, r.body_id, r.review_id, r.document_symbol, r.paragraph, r.external_code, r.text_ar, r.text_fr, r.text_en,
              r.response, r.status,
              ${LINK_FIELDS.map((field) => `${agg(LIST_TABLES[field].table, LIST_TABLES[field].column)} AS "${field}"`).join(', ')},
              (SELECT coalesce(array_agg(i.code ORDER BY i.code), '{}') FROM assignment a JOIN institution i ON i.id = a.institution_id WHERE a.recommendation_id = r.id) AS institutions
         FROM recommendation r
        WHERE upper(replace(r.document_symbol, ' ', '')) = ANY($1::text[]) OR r.review_id = ANY($2::uuid[]) OR (r.review_id IS NULL AND r.body_id = ANY($3::uuid[]))
        ORDER BY r.created_at, r.id`,
      [symbols, reviewIds, bodyIds],
    );
    return rows.map(({ recommendingStates, themes, affectedPersons, sdgTargets, axes, subAxes, institutions, ...recommendation }) => ({
      ...recommendation,
      lists: { recommendingStates, themes, affectedPersons, sdgTargets, axes, subAxes, institutions },
    }));
  }

  /**
   * The catalogue's change stamp (migration 1763900000002): it moves with every committed write of
   * recommendations, their link tables and assignments — all a candidate is read from, but the
   * codes of institutions, which nothing changes. Null without its row.
   */
  async catalogueStamp(db: Queryable): Promise<string | null> {
    const row = await maybeOne<{ stamp: string }>(db, `SELECT stamp::text AS stamp FROM catalogue_stamp WHERE id = 1`);
    return row?.stamp ?? null;
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
    const col = <K extends keyof NewReview>(k: K) => reviews.map((r) => r[k]);
    await manager.query(
      `INSERT INTO review (id, body_id, code, title_ar, title_fr, title_en, cycle, session, document_symbol)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[])`,
      [col('id'), col('bodyId'), col('code'), col('titleAr'), col('titleFr'), col('titleEn'), col('cycle'), col('session'), col('documentSymbol')],
    );
  }

  /**
   * The search documents of new recommendations, in order: `sidh_search_vector` (the trigger's own
   * function) on each row's texts, as text. Read on any connection — a pure function of the texts —
   * so that a server computes them beside the import's transaction (migration 1763900023000).
   */
  async searchVectors(db: Queryable, rows: ReadonlyArray<Pick<NewRecommendationRow, 'textEn' | 'textFr' | 'textAr'>>): Promise<string[]> {
    if (!rows.length) return [];
    const found = await many<{ v: string }>(
      db,
      `SELECT sidh_search_vector(t.en, t.fr, t.ar)::text AS v FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(en, fr, ar, n) ORDER BY t.n`,
      [rows.map((r) => r.textEn), rows.map((r) => r.textFr), rows.map((r) => r.textAr)],
    );
    return found.map((r) => r.v);
  }

  /** From now to the end of the transaction, the recommendations it inserts keep the search document they carry (migration 1763900023000). */
  async keepGivenSearchVectors(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT set_config('sidh.search_vectors_given', 'on', true)`);
  }

  /** `vectors`: each row's search document (`searchVectors` of the same texts), kept under `keepGivenSearchVectors`. */
  async insertRecommendations(manager: EntityManager, rows: NewRecommendationRow[], vectors: readonly string[]): Promise<void> {
    if (!rows.length) return;
    if (vectors.length !== rows.length) throw new Error(`${vectors.length} search documents for ${rows.length} recommendations`);
    const col = <K extends keyof NewRecommendationRow>(k: K) => rows.map((r) => r[k]);
    await manager.query(
      `INSERT INTO recommendation (id, kind, mechanism, body_id, review_id, document_symbol, paragraph, external_code, text_ar, text_fr, text_en, response, status, search_vector)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::tsvector[])`,
      [
        col('id'),
        rows.map((r) => r.kind ?? 'recommendation'),
        col('mechanism'),
        col('bodyId'),
        col('reviewId'),
        col('documentSymbol'),
        col('paragraph'),
        col('externalCode'),
        col('textAr'),
        col('textFr'),
        col('textEn'),
        col('response'),
        col('status'),
        vectors,
      ],
    );
  }

  /** `pairs`: [recommendation id, code]. */
  async insertLinks(manager: EntityManager, field: LinkField, pairs: Array<[string, string]>): Promise<void> {
    if (!pairs.length) return;
    const { table, column } = LIST_TABLES[field];
    await manager.query(`INSERT INTO ${table} (recommendation_id, ${column}) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`, [
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    ]);
  }

  async deleteLinks(manager: EntityManager, field: LinkField, recommendationIds: string[]): Promise<void> {
    if (!recommendationIds.length) return;
    await manager.query(`DELETE FROM ${LIST_TABLES[field].table} WHERE recommendation_id = ANY($1::uuid[])`, [recommendationIds]);
  }

  /** Assignments by institution code; existing ones are kept as they are. */
  async insertAssignments(manager: EntityManager, rows: NewAssignmentRow[]): Promise<void> {
    if (!rows.length) return;
    await manager.query(
      `INSERT INTO assignment (recommendation_id, institution_id, role)
       SELECT t.r, i.id, t.role FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(r, c, role) JOIN institution i ON i.code = t.c
       ON CONFLICT (recommendation_id, institution_id) DO NOTHING`,
      [rows.map((r) => r.recommendationId), rows.map((r) => r.institutionCode), rows.map((r) => r.role)],
    );
  }

  /**
   * Conditional on the version read when the import compared (version + 1, updated_at): false when
   * the recommendation changed since.
   */
  async updateRecommendationIfVersion(manager: EntityManager, id: string, version: number, patch: RecommendationPatch): Promise<boolean> {
    const columns = definedColumns({
      kind: patch.kind,
      text_ar: patch.textAr,
      text_fr: patch.textFr,
      text_en: patch.textEn,
      document_symbol: patch.documentSymbol,
      paragraph: patch.paragraph,
      external_code: patch.externalCode,
      review_id: patch.reviewId,
      response: patch.response,
      status: patch.status,
    });
    return updateIfVersion(manager, 'recommendation', id, version, columns);
  }

  async insertImportLinks(manager: EntityManager, importId: string, rows: ImportLinkRow[]): Promise<void> {
    if (!rows.length) return;
    await manager.query(`INSERT INTO import_recommendation (import_id, recommendation_id, action) SELECT $1, * FROM unnest($2::uuid[], $3::text[])`, [
      importId,
      rows.map((r) => r.recommendationId),
      rows.map((r) => r.action),
    ]);
  }

  async insertJob(job: ImportJobInsert, db: Queryable = this.dataSource.manager): Promise<string> {
    const row = await one<{ id: string }>(
      db,
      `INSERT INTO import_job (created_by_id, file_name, stored_name, sha256, size_bytes, format, encoding, delimiter, mapping, dry_run, status, total_rows, processed_rows, counts, report, finished_at,
                               lease_owner, heartbeat_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11::varchar, $12, $13, $14::jsonb, $15::jsonb, CASE WHEN $11::varchar = 'running' THEN NULL ELSE now() END,
               $16::varchar, CASE WHEN $11::varchar = 'running' THEN now() ELSE NULL END) RETURNING id`,
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
        job.leaseOwner ?? null,
      ],
    );
    return row.id;
  }

  /** Progress of a running commit, written beside its transaction (server databases only). */
  async setProgress(id: string, processedRows: number): Promise<void> {
    await execute(this.dataSource.manager, `UPDATE import_job SET processed_rows = $2 WHERE id = $1 AND status = 'running'`, [id, processedRows]);
  }

  async finishJob(id: string, values: JobFinish, db: Queryable = this.dataSource.manager): Promise<void> {
    await execute(
      db,
      `UPDATE import_job SET status = $2, processed_rows = $3, counts = coalesce($4::jsonb, counts), error = $5::jsonb, finished_at = now() WHERE id = $1`,
      [id, values.status, values.processedRows, values.counts ? JSON.stringify(values.counts) : null, values.error ? JSON.stringify(values.error) : null],
    );
  }

  /**
   * A worker takes a queued commit: only one whose record is still `running` and unclaimed (no
   * lease owner); false when another worker has it, or a start-up sweep failed it meanwhile.
   */
  async claimQueued(id: string, owner: string): Promise<boolean> {
    const n = await execute(
      this.dataSource.manager,
      `UPDATE import_job SET lease_owner = $2, heartbeat_at = now() WHERE id = $1 AND status = 'running' AND NOT dry_run AND lease_owner IS NULL RETURNING id`,
      [id, owner],
    );
    return n === 1;
  }

  /** Renews the lease of a queued, unclaimed commit (by the instance that queued it); false once claimed or ended. */
  async touchQueued(id: string): Promise<boolean> {
    const n = await execute(this.dataSource.manager, `UPDATE import_job SET heartbeat_at = now() WHERE id = $1 AND status = 'running' AND lease_owner IS NULL RETURNING id`, [id]);
    return n === 1;
  }

  /** Renews the lease of a running commit (its own short statement, beside the import's transaction). */
  async heartbeat(id: string, owner: string): Promise<void> {
    await execute(this.dataSource.manager, `UPDATE import_job SET heartbeat_at = now(), lease_owner = $2 WHERE id = $1 AND status = 'running' RETURNING id`, [id, owner]);
  }

  /**
   * Jobs left `running` by a process that stopped (their transaction never committed): marked
   * failed; how many. With `leaseSeconds`, only those whose heartbeat is older than that (or
   * missing): a job whose lease is alive belongs to another running instance. Null: all of them.
   */
  async failInterrupted(leaseSeconds: number | null): Promise<number> {
    return execute(
      this.dataSource.manager,
      `UPDATE import_job SET status = 'failed', error = $1::jsonb, finished_at = now()
        WHERE status = 'running' AND ($2::int IS NULL OR heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $2::int))
        RETURNING id`,
      [JSON.stringify(INTERRUPTED), leaseSeconds],
    );
  }

  /**
   * Stores an upload and keeps the user's `keep` newest ones (this one included): the older ones go,
   * as do everyone's expired ones. One transaction: a user never holds more than `keep`.
   */
  async insertUpload(upload: ImportUploadInsert, keep: number): Promise<{ id: string; expiresAt: Date }> {
    return this.dataSource.transaction(async (manager) => {
      await execute(manager, `DELETE FROM import_upload WHERE expires_at < now() RETURNING id`);
      const row = await one<{ id: string; expiresAt: Date }>(
        manager,
        `INSERT INTO import_upload (created_by_id, file_name, format, sha256, size_bytes, content, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::int)) RETURNING id, expires_at`,
        [upload.createdById, upload.fileName, upload.format, upload.sha256, upload.content.length, upload.content, upload.ttlSeconds],
      );
      await execute(
        manager,
        `DELETE FROM import_upload WHERE id IN (
           SELECT id FROM import_upload WHERE created_by_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2) RETURNING id`,
        [upload.createdById, keep],
      );
      return row;
    });
  }

  /** An upload by id, expired or not (the caller tells them apart); undefined when there is none. */
  async findUpload(id: string): Promise<ImportUploadRow | undefined> {
    return maybeOne<ImportUploadRow>(
      this.dataSource.manager,
      `SELECT id, created_by_id, created_at, expires_at, expires_at <= now() AS expired, file_name, format, sha256, size_bytes, content FROM import_upload WHERE id = $1`,
      [id],
    );
  }

  /** Removes the expired uploads; how many. */
  async deleteExpiredUploads(): Promise<number> {
    return execute(this.dataSource.manager, `DELETE FROM import_upload WHERE expires_at <= now() RETURNING id`);
  }

  async findJob(id: string): Promise<ImportJobDetailRow | undefined> {
    return maybeOne<ImportJobDetailRow>(
      this.dataSource.manager,
      `SELECT ${JOB_COLUMNS}, j.report FROM import_job j LEFT JOIN app_user u ON u.id = j.created_by_id WHERE j.id = $1`,
      [id],
    );
  }

  async findOriginal(id: string): Promise<ImportOriginalRow | undefined> {
    return maybeOne<ImportOriginalRow>(this.dataSource.manager, `SELECT stored_name, file_name, format FROM import_job WHERE id = $1`, [id]);
  }

  /** A page of jobs, newest first, and how many there are. */
  async listJobs(limit: number, offset: number): Promise<{ rows: ImportJobRow[]; total: number }> {
    const rows = await many<ImportJobRow & { total: string }>(
      this.dataSource.manager,
      `SELECT ${JOB_COLUMNS}, count(*) OVER () AS total FROM import_job j LEFT JOIN app_user u ON u.id = j.created_by_id ORDER BY j.created_at DESC, j.id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { rows, total: rows.length ? Number(rows[0]!.total) : 0 };
  }
}
