import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ALL, andScope, scopeClause, type Scope } from '../../access/index.js';
import type { VersionedTarget } from '../../audit/versioned-writer.js';
import { execute, many, maybeOne, one, SqlParams, type Queryable } from '../../database/sql.js';
import { definedColumns, type ColumnPatch } from '../../database/versioned-write.js';
import type { RecommendationFilter } from '../recommendations/dto/recommendation-query.dto.js';
import { RecommendationsRepository } from '../recommendations/recommendations.repository.js';
import type { CampaignScope } from './campaign.entity.js';
import type { CampaignStatus } from './dto/campaign.dto.js';

/** How many contributions of a campaign are in each state. */
export interface ProgressRow {
  expected: number;
  draft: number;
  submitted: number;
  approved: number;
  validated: number;
  returned: number;
  overdue: number;
}

/** A campaign as lists show it, with the progress over the institutions the caller may see. */
export interface CampaignSummaryRow extends ProgressRow {
  id: string;
  title: string;
  description: string;
  deadline: string;
  status: CampaignStatus;
  version: number;
  createdAt: Date;
}

export interface CampaignRow {
  id: string;
  title: string;
  description: string;
  deadline: string;
  status: CampaignStatus;
  scope: CampaignScope;
  version: number;
  createdAt: Date;
}

/** One institution concerned by a campaign, and its progress. */
export interface InstitutionProgressRow extends ProgressRow {
  institutionId: string;
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
  /** Has an active validator (else the coordinator reviews its submitted contributions). */
  hasValidator: boolean;
}

/** An institution with no active validator. */
export interface InstitutionWithoutValidatorRow {
  id: string;
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

/** An institution has an active validator (`i`: the institution). */
const HAS_VALIDATOR = `EXISTS (SELECT 1 FROM app_user v WHERE v.institution_id = i.id AND v.role = 'validator' AND v.active)`;

export interface NewCampaign {
  title: string;
  description: string;
  deadline: string;
  scope: CampaignScope;
  createdById: string | null;
}

/** What the coordinator may change after opening (only the given fields change). */
export interface CampaignPatch {
  title?: string;
  description?: string;
  deadline?: string;
  status?: CampaignStatus;
}

/** The columns whose value is given (undefined: left unchanged). */
const given = definedColumns;

/** A campaign as the target of a versioned write (lock, 404, 412 with its last change). */
export const campaignTarget = (id: string): VersionedTarget => ({ table: 'campaign', entityType: 'campaign', id, label: 'Campaign' });

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

  async insert(manager: EntityManager, campaign: NewCampaign): Promise<string> {
    const row = await one<{ id: string }>(
      manager,
      `INSERT INTO campaign (title, description, deadline, scope, created_by_id) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
      [campaign.title, campaign.description, campaign.deadline, JSON.stringify(campaign.scope), campaign.createdById],
    );
    return row.id;
  }

  /** The ids that name no institution. */
  async unknownInstitutions(db: Queryable, ids: readonly string[]): Promise<string[]> {
    const known = new Set((await many<{ id: string }>(db, `SELECT id FROM institution WHERE id = ANY($1::uuid[])`, [ids])).map((r) => r.id));
    return ids.filter((id) => !known.has(id));
  }

  async addInstitutions(manager: EntityManager, campaignId: string, institutionIds: readonly string[]): Promise<void> {
    await execute(manager, `INSERT INTO campaign_institution (campaign_id, institution_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [campaignId, institutionIds]);
  }

  /**
   * The expected contributions: one draft per assignment of a recommendation in scope to an
   * institution concerned. Each supersedes the latest earlier contribution for the same assignment.
   */
  createExpectedContributions(manager: EntityManager, campaignId: string, scope: CampaignScope, institutionIds: readonly string[]): Promise<number> {
    const { where } = this.recommendations.buildWhere((scope.filter ?? {}) as RecommendationFilter, ALL);
    if (scope.recommendationIds) where.add(`r.id = ANY(${where.param(scope.recommendationIds)}::uuid[])`);
    const campaign = where.param(campaignId);
    const institutions = where.param(institutionIds);
    return execute(
      manager,
      `INSERT INTO contribution (campaign_id, assignment_id, institution_id, recommendation_id, supersedes_id)
       SELECT ${campaign}, a.id, a.institution_id, a.recommendation_id,
              (SELECT p.id FROM contribution p WHERE p.assignment_id = a.id ORDER BY p.created_at DESC, p.id LIMIT 1)
         FROM assignment a JOIN recommendation r ON r.id = a.recommendation_id
        ${where.toSql() ? `${where.toSql()} AND` : 'WHERE'} a.institution_id = ANY(${institutions}::uuid[])
       ON CONFLICT (campaign_id, assignment_id) DO NOTHING RETURNING id`,
      where.params,
    );
  }

  /** A page of the campaigns the scope may see (scoped callers: those concerning their institution), latest deadline first. */
  async list(scope: Scope, status: CampaignStatus | undefined, page: number, pageSize: number, db: Queryable = this.dataSource.manager): Promise<{ rows: CampaignSummaryRow[]; total: number }> {
    const params = new SqlParams();
    const contributions = andScope(scope, 'contribution', 'c', params);
    const where = [scopeClause(scope, 'campaign', 'cp', params), status ? `cp.status = ${params.add(status)}` : null].filter((c): c is string => c !== null);
    const rows = await many<CampaignSummaryRow & { total: number }>(
      db,
      `SELECT cp.id, cp.title, cp.description, to_char(cp.deadline, 'YYYY-MM-DD') AS deadline, cp.status, cp.version, cp.created_at, count(*) OVER ()::int AS total,
              p.expected, p.draft, p.submitted, p.approved, p.validated, p.returned, p.overdue
         FROM campaign cp
         CROSS JOIN LATERAL (SELECT ${COUNTS} FROM contribution c WHERE c.campaign_id = cp.id${contributions}) p
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY cp.deadline DESC, cp.id LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`,
      params.values,
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /** One campaign (the caller has checked access). */
  find(id: string, db: Queryable = this.dataSource.manager): Promise<CampaignRow | undefined> {
    return maybeOne<CampaignRow>(
      db,
      `SELECT cp.id, cp.title, cp.description, to_char(cp.deadline, 'YYYY-MM-DD') AS deadline, cp.status, cp.scope, cp.version, cp.created_at
         FROM campaign cp WHERE cp.id = $1`,
      [id],
    );
  }

  /** Of these recommendation ids, those the scope may see (a scoped caller: those assigned to its institution). */
  async visibleRecommendationIds(ids: readonly string[], scope: Scope, db: Queryable = this.dataSource.manager): Promise<string[]> {
    if (!ids.length || scope.kind === 'all') return [...ids];
    const params = new SqlParams();
    const list = params.add(ids);
    const rows = await many<{ id: string }>(db, `SELECT r.id::text AS id FROM recommendation r WHERE r.id = ANY(${list}::uuid[])${andScope(scope, 'recommendation', 'r', params)}`, params.values);
    const visible = new Set(rows.map((r) => r.id));
    return ids.filter((id) => visible.has(id));
  }

  /** Progress per institution concerned that the scope may see (only `institutionId` when given). */
  progressByInstitution(campaignId: string, scope: Scope, institutionId: string | null = null, db: Queryable = this.dataSource.manager): Promise<InstitutionProgressRow[]> {
    const params = new SqlParams();
    const campaign = params.add(campaignId);
    const only = institutionId === null ? '' : ` AND ci.institution_id = ${params.add(institutionId)}`;
    return many<InstitutionProgressRow>(
      db,
      `SELECT i.id AS institution_id, i.code, i.name_ar, i.name_fr, i.name_en, ${HAS_VALIDATOR} AS has_validator, ${COUNTS}
         FROM campaign_institution ci JOIN campaign cp ON cp.id = ci.campaign_id JOIN institution i ON i.id = ci.institution_id
         LEFT JOIN contribution c ON c.campaign_id = ci.campaign_id AND c.institution_id = ci.institution_id
        WHERE ci.campaign_id = ${campaign}${only}${andScope(scope, 'institution', 'i', params)}
        GROUP BY i.id ORDER BY i.code`,
      params.values,
    );
  }

  /** Every institution with no active validator, by code (the campaign form warns when one is chosen). */
  institutionsWithoutValidator(db: Queryable = this.dataSource.manager): Promise<InstitutionWithoutValidatorRow[]> {
    return many<InstitutionWithoutValidatorRow>(db, `SELECT i.id, i.code, i.name_ar, i.name_fr, i.name_en FROM institution i WHERE NOT ${HAS_VALIDATOR} ORDER BY i.code`);
  }

  /** The columns a patch sets, for a versioned UPDATE (`VersionedWriter.update`). */
  columns(patch: CampaignPatch): ColumnPatch {
    return given({ title: patch.title, description: patch.description, deadline: patch.deadline, status: patch.status });
  }
}
