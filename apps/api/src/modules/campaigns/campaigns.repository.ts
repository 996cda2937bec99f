import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RecommendationsRepository } from '../recommendations/recommendations.repository.js';
import type { RecommendationFilter } from '../recommendations/dto/recommendation-query.dto.js';
import type { CampaignScope } from './campaign.entity.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COUNTS = `count(c.id)::int AS expected,
  count(*) FILTER (WHERE c.status = 'draft')::int AS draft, count(*) FILTER (WHERE c.status = 'submitted')::int AS submitted,
  count(*) FILTER (WHERE c.status = 'approved')::int AS approved, count(*) FILTER (WHERE c.status = 'validated')::int AS validated,
  count(*) FILTER (WHERE c.status = 'returned')::int AS returned,
  count(*) FILTER (WHERE c.status IN ('draft', 'returned') AND cp.deadline < current_date)::int AS overdue`;

@Injectable()
export class CampaignsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recommendations: RecommendationsRepository,
  ) {}

  async insert(manager: EntityManager, values: { title: string; description: string; deadline: string; scope: CampaignScope; createdById: string | null }): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO campaign (title, description, deadline, scope, created_by_id) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
      [values.title, values.description, values.deadline, JSON.stringify(values.scope), values.createdById],
    );
    return row.id;
  }

  async unknownInstitutions(manager: EntityManager, ids: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM institution WHERE id = ANY($1::uuid[])`, [ids]);
    const known = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !known.has(id));
  }

  async addInstitutions(manager: EntityManager, campaignId: string, institutionIds: string[]): Promise<void> {
    await manager.query(`INSERT INTO campaign_institution (campaign_id, institution_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [campaignId, institutionIds]);
  }

  /**
   * The expected contributions: one draft per assignment of a recommendation in scope to an
   * institution concerned. Each supersedes the latest earlier contribution for the same assignment.
   */
  async createExpectedContributions(manager: EntityManager, campaignId: string, scope: CampaignScope, institutionIds: string[]): Promise<number> {
    const { where } = this.recommendations.buildWhere((scope.filter ?? {}) as RecommendationFilter, { institutionId: null });
    if (scope.recommendationIds) where.add(`r.id = ANY(${where.param(scope.recommendationIds)}::uuid[])`);
    const campaign = where.param(campaignId);
    const institutions = where.param(institutionIds);
    const [rows] = await manager.query(
      `INSERT INTO contribution (campaign_id, assignment_id, institution_id, recommendation_id, supersedes_id)
       SELECT ${campaign}, a.id, a.institution_id, a.recommendation_id,
              (SELECT p.id FROM contribution p WHERE p.assignment_id = a.id ORDER BY p.created_at DESC, p.id LIMIT 1)
         FROM assignment a JOIN recommendation r ON r.id = a.recommendation_id
        ${where.toSql() ? `${where.toSql()} AND` : 'WHERE'} a.institution_id = ANY(${institutions}::uuid[])
       ON CONFLICT (campaign_id, assignment_id) DO NOTHING RETURNING id`,
      where.params,
    );
    return (rows as unknown[]).length;
  }

  async list(scopeInstitutionId: string | null, status: string | undefined, page: number, pageSize: number): Promise<{ rows: Row[]; total: number }> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT cp.id, cp.title, cp.description, to_char(cp.deadline, 'YYYY-MM-DD') AS deadline, cp.status, cp.version, cp.created_at, count(*) OVER ()::int AS total,
              p.expected, p.draft, p.submitted, p.approved, p.validated, p.returned, p.overdue
         FROM campaign cp
         CROSS JOIN LATERAL (SELECT ${COUNTS} FROM contribution c WHERE c.campaign_id = cp.id AND ($1::uuid IS NULL OR c.institution_id = $1)) p
        WHERE ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM campaign_institution ci WHERE ci.campaign_id = cp.id AND ci.institution_id = $1))
          AND ($2::text IS NULL OR cp.status = $2)
        ORDER BY cp.deadline DESC, cp.id LIMIT $3 OFFSET $4`,
      [scopeInstitutionId, status ?? null, pageSize, (page - 1) * pageSize],
    );
    return { rows, total: rows[0]?.['total'] ?? 0 };
  }

  /** The campaign if the caller may see it (scoped roles: only campaigns their institution is concerned by). */
  async find(id: string, scopeInstitutionId: string | null, manager: EntityManager = this.dataSource.manager): Promise<Row | undefined> {
    const rows: Row[] = await manager.query(
      `SELECT cp.id, cp.title, cp.description, to_char(cp.deadline, 'YYYY-MM-DD') AS deadline, cp.status, cp.scope, cp.version, cp.created_at
         FROM campaign cp WHERE cp.id = $1
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM campaign_institution ci WHERE ci.campaign_id = cp.id AND ci.institution_id = $2))`,
      [id, scopeInstitutionId],
    );
    return rows[0];
  }

  /** Progress per institution concerned (only `institutionId` when given). */
  progressByInstitution(campaignId: string, institutionId: string | null, manager: EntityManager = this.dataSource.manager): Promise<Row[]> {
    return manager.query(
      `SELECT i.id AS institution_id, i.code, i.name_ar, i.name_fr, i.name_en, ${COUNTS}
         FROM campaign_institution ci JOIN campaign cp ON cp.id = ci.campaign_id JOIN institution i ON i.id = ci.institution_id
         LEFT JOIN contribution c ON c.campaign_id = ci.campaign_id AND c.institution_id = ci.institution_id
        WHERE ci.campaign_id = $1 AND ($2::uuid IS NULL OR ci.institution_id = $2)
        GROUP BY i.id ORDER BY i.code`,
      [campaignId, institutionId],
    );
  }

  async lockForUpdate(manager: EntityManager, id: string): Promise<Row | undefined> {
    const rows: Row[] = await manager.query(`SELECT id, version FROM campaign WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async updateIfVersion(manager: EntityManager, id: string, version: number, values: Record<string, unknown>): Promise<boolean> {
    const columns = Object.keys(values);
    const sets = columns.map((c, i) => `${c} = $${i + 3}`);
    const [rows] = await manager.query(
      `UPDATE campaign SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, ...Object.values(values)],
    );
    return (rows as unknown[]).length > 0;
  }
}
