import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssignmentRole } from '@sidh/domain';
import { RecommendationsRepository } from '../recommendations/recommendations.repository.js';
import type { RecommendationFilter } from '../recommendations/dto/recommendation-query.dto.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COLUMNS = `a.id, a.recommendation_id, a.institution_id, a.role, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.version, a.created_at, a.updated_at,
  r.document_symbol, r.paragraph, b.code AS body_code, i.code AS institution_code, i.name_ar, i.name_fr, i.name_en,
  (SELECT count(*)::int FROM contribution c WHERE c.assignment_id = a.id) AS contribution_count`;
const FROM = `FROM assignment a JOIN recommendation r ON r.id = a.recommendation_id JOIN body b ON b.id = r.body_id JOIN institution i ON i.id = a.institution_id`;

@Injectable()
export class AssignmentsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recommendations: RecommendationsRepository,
  ) {}

  async search(filter: { recommendationId?: string; institutionId?: string; role?: AssignmentRole }, scopeInstitutionId: string | null, page: number, pageSize: number): Promise<{ rows: Row[]; total: number }> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (scopeInstitutionId) where.push(`a.institution_id = ${p(scopeInstitutionId)}`);
    if (filter.institutionId) where.push(`a.institution_id = ${p(filter.institutionId)}`);
    if (filter.recommendationId) where.push(`a.recommendation_id = ${p(filter.recommendationId)}`);
    if (filter.role) where.push(`a.role = ${p(filter.role)}`);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.due_date NULLS LAST, r.document_symbol, r.paragraph, i.code, a.id LIMIT ${p(pageSize)} OFFSET ${p((page - 1) * pageSize)}`,
      params,
    );
    return { rows, total: rows[0]?.['total'] ?? 0 };
  }

  async find(id: string, scopeInstitutionId: string | null, manager: EntityManager = this.dataSource.manager): Promise<Row | undefined> {
    const rows: Row[] = await manager.query(`SELECT ${COLUMNS} ${FROM} WHERE a.id = $1 AND ($2::uuid IS NULL OR a.institution_id = $2)`, [id, scopeInstitutionId]);
    return rows[0];
  }

  async lockForUpdate(manager: EntityManager, id: string): Promise<Row | undefined> {
    const rows: Row[] = await manager.query(`SELECT id, version FROM assignment WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async exists(manager: EntityManager, table: 'recommendation' | 'institution', id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async insert(manager: EntityManager, values: { recommendationId: string; institutionId: string; role: AssignmentRole; dueDate: string | null }): Promise<string | null> {
    const rows: Row[] = await manager.query(
      `INSERT INTO assignment (recommendation_id, institution_id, role, due_date) VALUES ($1, $2, $3, $4) ON CONFLICT (recommendation_id, institution_id) DO NOTHING RETURNING id`,
      [values.recommendationId, values.institutionId, values.role, values.dueDate],
    );
    return rows[0]?.['id'] ?? null;
  }

  /** Assigns every recommendation matched (by filter or ids) to the institution; existing pairs are left alone. */
  async insertBulk(
    manager: EntityManager,
    source: { filter?: RecommendationFilter; recommendationIds?: string[] },
    values: { institutionId: string; role: AssignmentRole; dueDate: string | null },
  ): Promise<{ created: string[]; matched: number }> {
    const { where } = this.recommendations.buildWhere(source.filter ?? {}, { institutionId: null });
    if (source.recommendationIds) where.add(`r.id = ANY(${where.param(source.recommendationIds)}::uuid[])`);
    const institution = where.param(values.institutionId);
    const role = where.param(values.role);
    const due = where.param(values.dueDate);
    const rows: Row[] = await manager.query(
      `WITH matched AS (SELECT r.id FROM recommendation r ${where.toSql()}),
            inserted AS (INSERT INTO assignment (recommendation_id, institution_id, role, due_date)
                         SELECT id, ${institution}, ${role}, ${due}::date FROM matched
                         ON CONFLICT (recommendation_id, institution_id) DO NOTHING RETURNING id)
       SELECT (SELECT count(*)::int FROM matched) AS matched, coalesce((SELECT array_agg(id) FROM inserted), '{}') AS created`,
      where.params,
    );
    return { created: rows[0]!['created'], matched: rows[0]!['matched'] };
  }

  async updateIfVersion(manager: EntityManager, id: string, version: number, values: Record<string, unknown>): Promise<boolean> {
    const columns = Object.keys(values);
    const sets = columns.map((c, i) => `${c} = $${i + 3}`);
    const [rows] = await manager.query(
      `UPDATE assignment SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, ...Object.values(values)],
    );
    return (rows as unknown[]).length > 0;
  }

  async deleteIfVersion(manager: EntityManager, id: string, version: number): Promise<boolean> {
    const [rows] = await manager.query(`DELETE FROM assignment WHERE id = $1 AND version = $2 RETURNING id`, [id, version]);
    return (rows as unknown[]).length > 0;
  }

  async lastChange(manager: EntityManager, id: string): Promise<{ actorName: string | null; actorRole: string | null; occurredAt: string } | null> {
    const [row] = await manager.query(
      `SELECT u.name, e.actor_role, e.occurred_at FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.entity_type = 'assignment' AND e.entity_id = $1 ORDER BY e.id DESC LIMIT 1`,
      [id],
    );
    return row ? { actorName: row.name, actorRole: row.actor_role, occurredAt: new Date(row.occurred_at).toISOString() } : null;
  }
}
