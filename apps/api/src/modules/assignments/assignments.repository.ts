import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssignmentRole } from '@sidh/domain';
import { ALL, scopeClause, type Scope } from '../../access/scope.js';
import { many, maybeOne, one, SqlParams, type Queryable } from '../../database/sql.js';
import type { ColumnPatch } from '../../database/versioned-write.js';
import type { RecommendationFilter } from '../recommendations/dto/recommendation-query.dto.js';
import { RecommendationsRepository } from '../recommendations/recommendations.repository.js';

/** An assignment with what its list and detail show of its recommendation and institution. */
export interface AssignmentRow {
  id: string;
  recommendationId: string;
  institutionId: string;
  role: AssignmentRole;
  /** `YYYY-MM-DD` */
  dueDate: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  documentSymbol: string | null;
  paragraph: string | null;
  bodyCode: string;
  institutionCode: string;
  institutionNameAr: string;
  institutionNameFr: string;
  institutionNameEn: string;
  /** Contributions written for this assignment (all campaigns). */
  contributionCount: number;
}

export interface AssignmentFilter {
  recommendationId?: string;
  institutionId?: string;
  role?: AssignmentRole;
}

export interface NewAssignment {
  recommendationId: string;
  institutionId: string;
  role: AssignmentRole;
  dueDate: string | null;
}

/** What an update may change; undefined leaves a field as it is. */
export interface AssignmentPatch {
  institutionId?: string;
  role?: AssignmentRole;
  dueDate?: string | null;
}

/** Where a bulk assignment takes its recommendations: the catalogue filter, or ids. */
export interface BulkSource {
  filter?: RecommendationFilter;
  recommendationIds?: string[];
}

const COLUMNS = `a.id, a.recommendation_id, a.institution_id, a.role, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.version, a.created_at, a.updated_at,
  r.document_symbol, r.paragraph, b.code AS body_code,
  i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en,
  (SELECT count(*)::int FROM contribution c WHERE c.assignment_id = a.id) AS contribution_count`;
const FROM = `FROM assignment a JOIN recommendation r ON r.id = a.recommendation_id JOIN body b ON b.id = r.body_id JOIN institution i ON i.id = a.institution_id`;

@Injectable()
export class AssignmentsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recommendations: RecommendationsRepository,
  ) {}

  /** One page of the assignments the scope sees, soonest due first. */
  async search(filter: AssignmentFilter, scope: Scope, page: number, pageSize: number): Promise<{ rows: AssignmentRow[]; total: number }> {
    const params = new SqlParams();
    const where: string[] = [];
    const scoped = scopeClause(scope, 'assignment', 'a', params);
    if (scoped) where.push(scoped);
    if (filter.institutionId) where.push(`a.institution_id = ${params.add(filter.institutionId)}`);
    if (filter.recommendationId) where.push(`a.recommendation_id = ${params.add(filter.recommendationId)}`);
    if (filter.role) where.push(`a.role = ${params.add(filter.role)}`);
    const rows = await many<AssignmentRow & { total: number }>(
      this.dataSource.manager,
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.due_date NULLS LAST, r.document_symbol, r.paragraph, i.code, a.id LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`,
      params.values,
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /** One assignment, whoever asks (the service has checked access). */
  findById(db: Queryable, id: string): Promise<AssignmentRow | undefined> {
    return maybeOne<AssignmentRow>(db, `SELECT ${COLUMNS} ${FROM} WHERE a.id = $1`, [id]);
  }

  async recommendationExists(db: Queryable, id: string): Promise<boolean> {
    return (await maybeOne<{ found: number }>(db, `SELECT 1 AS found FROM recommendation WHERE id = $1`, [id])) !== undefined;
  }

  async institutionExists(db: Queryable, id: string): Promise<boolean> {
    return (await maybeOne<{ found: number }>(db, `SELECT 1 AS found FROM institution WHERE id = $1`, [id])) !== undefined;
  }

  /** The new assignment's id, or null when the recommendation is already assigned to the institution. */
  async insert(manager: EntityManager, values: NewAssignment): Promise<string | null> {
    const row = await maybeOne<{ id: string }>(
      manager,
      `INSERT INTO assignment (recommendation_id, institution_id, role, due_date) VALUES ($1, $2, $3, $4) ON CONFLICT (recommendation_id, institution_id) DO NOTHING RETURNING id`,
      [values.recommendationId, values.institutionId, values.role, values.dueDate],
    );
    return row?.id ?? null;
  }

  /** Assigns every recommendation matched (by filter or ids) to the institution; existing pairs are left alone. */
  async insertBulk(manager: EntityManager, source: BulkSource, values: Omit<NewAssignment, 'recommendationId'>): Promise<{ created: string[]; matched: number }> {
    const { where } = this.recommendations.buildWhere(source.filter ?? {}, ALL);
    if (source.recommendationIds) where.add(`r.id = ANY(${where.param(source.recommendationIds)}::uuid[])`);
    const institution = where.param(values.institutionId);
    const role = where.param(values.role);
    const due = where.param(values.dueDate);
    return one<{ created: string[]; matched: number }>(
      manager,
      `WITH matched AS (SELECT r.id FROM recommendation r ${where.toSql()}),
            inserted AS (INSERT INTO assignment (recommendation_id, institution_id, role, due_date)
                         SELECT id, ${institution}, ${role}, ${due}::date FROM matched
                         ON CONFLICT (recommendation_id, institution_id) DO NOTHING RETURNING id)
       SELECT (SELECT count(*)::int FROM matched) AS matched, coalesce((SELECT array_agg(id) FROM inserted), '{}') AS created`,
      where.params,
    );
  }

  /** The columns a patch sets (for the versioned write). */
  columns(patch: AssignmentPatch): ColumnPatch {
    return {
      ...(patch.institutionId !== undefined ? { institution_id: patch.institutionId } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.dueDate !== undefined ? { due_date: patch.dueDate } : {}),
    };
  }
}
