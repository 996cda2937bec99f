import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContributionStatus } from '@sidh/domain';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ContributionFilter {
  campaignId?: string;
  status?: ContributionStatus;
  statuses?: ContributionStatus[];
  institutionId?: string;
  recommendationId?: string;
  overdue?: boolean;
}

const SUMMARY = `c.id, c.campaign_id, c.assignment_id, c.institution_id, c.recommendation_id, c.status, c.implementation_status, c.supersedes_id,
  c.submitted_at, c.validated_at, c.version, c.created_at, c.updated_at, c.updated_by_id, u.name AS updated_by_name,
  cp.title AS campaign_title, to_char(cp.deadline, 'YYYY-MM-DD') AS campaign_deadline,
  (c.status IN ('draft', 'returned') AND cp.deadline < current_date) AS overdue,
  a.role AS assignment_role, to_char(a.due_date, 'YYYY-MM-DD') AS assignment_due_date,
  i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en,
  r.mechanism, r.document_symbol, r.paragraph, r.text_ar, r.text_fr, r.text_en, b.code AS body_code,
  (SELECT n.id FROM contribution n WHERE n.supersedes_id = c.id ORDER BY n.created_at DESC LIMIT 1) AS superseded_by_id`;

const FROM = `FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id JOIN assignment a ON a.id = c.assignment_id
  JOIN institution i ON i.id = c.institution_id JOIN recommendation r ON r.id = c.recommendation_id JOIN body b ON b.id = r.body_id
  LEFT JOIN app_user u ON u.id = c.updated_by_id`;

export const CONTENT_COLUMNS = { implementationStatus: 'implementation_status', measures: 'measures', challenges: 'challenges', nextSteps: 'next_steps', indicators: 'indicators' } as const;

@Injectable()
export class ContributionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async search(filter: ContributionFilter, scopeInstitutionId: string | null, page: number, pageSize: number): Promise<{ rows: Row[]; total: number }> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (scopeInstitutionId) where.push(`c.institution_id = ${p(scopeInstitutionId)}`);
    if (filter.institutionId) where.push(`c.institution_id = ${p(filter.institutionId)}`);
    if (filter.campaignId) where.push(`c.campaign_id = ${p(filter.campaignId)}`);
    if (filter.status) where.push(`c.status = ${p(filter.status)}`);
    if (filter.statuses) where.push(`c.status = ANY(${p(filter.statuses)}::text[])`);
    if (filter.recommendationId) where.push(`c.recommendation_id = ${p(filter.recommendationId)}`);
    if (filter.overdue) where.push(`c.status IN ('draft', 'returned') AND cp.deadline < current_date`);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY}, count(*) OVER ()::int AS total ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY cp.deadline, c.updated_at DESC, c.id LIMIT ${p(pageSize)} OFFSET ${p((page - 1) * pageSize)}`,
      params,
    );
    return { rows, total: rows[0]?.['total'] ?? 0 };
  }

  /** One contribution with its content, or undefined when absent or outside the scope. */
  async findDetail(id: string, scopeInstitutionId: string | null, manager: EntityManager = this.dataSource.manager): Promise<Row | undefined> {
    const rows: Row[] = await manager.query(
      `SELECT ${SUMMARY}, c.measures, c.challenges, c.next_steps, c.indicators ${FROM} WHERE c.id = $1 AND ($2::uuid IS NULL OR c.institution_id = $2)`,
      [id, scopeInstitutionId],
    );
    return rows[0];
  }

  async lockForUpdate(manager: EntityManager, id: string, scopeInstitutionId: string | null): Promise<Row | undefined> {
    const rows: Row[] = await manager.query(
      `SELECT id, status, version, institution_id, campaign_id, recommendation_id, implementation_status, measures FROM contribution
        WHERE id = $1 AND ($2::uuid IS NULL OR institution_id = $2) FOR UPDATE`,
      [id, scopeInstitutionId],
    );
    return rows[0];
  }

  /** The optimistic-concurrency write of the content (and of the status when a returned one is revised). */
  async updateContentIfVersion(manager: EntityManager, id: string, version: number, values: Record<string, unknown>, userId: string): Promise<boolean> {
    const columns = Object.keys(values);
    const sets = columns.map((c, i) => (c === 'indicators' ? `${c} = $${i + 4}::jsonb` : `${c} = $${i + 4}`));
    const [rows] = await manager.query(
      `UPDATE contribution SET ${[...sets, 'updated_by_id = $3', 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, userId, ...Object.values(values).map((v, i) => (columns[i] === 'indicators' ? JSON.stringify(v) : v))],
    );
    return (rows as unknown[]).length > 0;
  }

  async transitionIfVersion(manager: EntityManager, id: string, version: number, from: ContributionStatus, to: ContributionStatus, userId: string): Promise<boolean> {
    const [rows] = await manager.query(
      `UPDATE contribution SET status = $4::text, updated_by_id = $5, version = version + 1, updated_at = now(),
              submitted_at = CASE WHEN $4::text = 'submitted' THEN now() ELSE submitted_at END,
              validated_at = CASE WHEN $4::text = 'validated' THEN now() ELSE validated_at END
        WHERE id = $1 AND version = $2 AND status = $3 RETURNING id`,
      [id, version, from, to, userId],
    );
    return (rows as unknown[]).length > 0;
  }

  async insertComment(manager: EntityManager, contributionId: string, authorId: string | null, body: string, action: string | null): Promise<Row> {
    const [row] = await manager.query(
      `INSERT INTO contribution_comment (contribution_id, author_id, body, action) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
      [contributionId, authorId, body, action],
    );
    return row;
  }

  listComments(contributionId: string): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT k.id, k.body, k.action, k.created_at, k.author_id, u.name AS author_name, u.role AS author_role
         FROM contribution_comment k LEFT JOIN app_user u ON u.id = k.author_id WHERE k.contribution_id = $1 ORDER BY k.created_at, k.id`,
      [contributionId],
    );
  }

  listEvidence(contributionId: string, manager: EntityManager = this.dataSource.manager): Promise<Row[]> {
    return manager.query(
      `SELECT e.id, e.kind, e.title, e.file_name, e.media_type, e.size_bytes, e.url, e.confidentiality, e.created_at, e.created_by_id, u.name AS created_by_name
         FROM evidence e LEFT JOIN app_user u ON u.id = e.created_by_id WHERE e.contribution_id = $1 ORDER BY e.created_at, e.id`,
      [contributionId],
    );
  }

  /** Who changed the contribution last (for the 412 body), read in the caller's transaction. */
  async lastChange(manager: EntityManager, id: string): Promise<{ actorName: string | null; actorRole: string | null; occurredAt: string } | null> {
    const [row] = await manager.query(
      `SELECT u.name, e.actor_role, e.occurred_at FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.entity_type = 'contribution' AND e.entity_id = $1 ORDER BY e.id DESC LIMIT 1`,
      [id],
    );
    return row ? { actorName: row.name, actorRole: row.actor_role, occurredAt: new Date(row.occurred_at).toISOString() } : null;
  }

  /** Context for notification texts and recipients. */
  async notificationContext(manager: EntityManager, id: string): Promise<Row> {
    const [row] = await manager.query(
      `SELECT c.id, c.institution_id, c.campaign_id, cp.title AS campaign_title,
              i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en,
              coalesce(r.document_symbol || ' ' || coalesce(r.paragraph, ''), r.external_code, r.id::text) AS recommendation_label
         FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id JOIN institution i ON i.id = c.institution_id
         JOIN recommendation r ON r.id = c.recommendation_id WHERE c.id = $1`,
      [id],
    );
    return row;
  }

  /** The latest validated contribution of each lead assignment of a recommendation. */
  latestValidatedOfLeads(recommendationId: string): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT DISTINCT ON (a.id) a.id AS assignment_id, c.id AS contribution_id, c.implementation_status, c.validated_at, cp.title AS campaign_title,
              i.id AS institution_id, i.code AS institution_code, i.name_ar, i.name_fr, i.name_en
         FROM assignment a JOIN institution i ON i.id = a.institution_id
         LEFT JOIN contribution c ON c.assignment_id = a.id AND c.status = 'validated' AND c.implementation_status IS NOT NULL
         LEFT JOIN campaign cp ON cp.id = c.campaign_id
        WHERE a.recommendation_id = $1 AND a.role = 'lead'
        ORDER BY a.id, c.validated_at DESC NULLS LAST`,
      [recommendationId],
    );
  }

  async recommendationStatus(recommendationId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT status FROM recommendation WHERE id = $1`, [recommendationId]);
    return row?.status ?? null;
  }
}
