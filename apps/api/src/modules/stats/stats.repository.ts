import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImplementationStatus, RecommendationResponse } from '@sidh/domain';
import { scopeClause, scopedInstitution, type Scope } from '../../access/index.js';
import { many, one, type Queryable } from '../../database/sql.js';
import type { RecommendationFilter } from '../recommendations/dto/recommendation-query.dto.js';
import { RecommendationsRepository, type Where } from '../recommendations/recommendations.repository.js';
import type { StatsDimension, StatsInterval } from './dto/stats-query.dto.js';

/** One (group, status) cell; label columns are null for mechanisms. */
export interface StatusCellRow {
  key: string;
  status: ImplementationStatus;
  count: number;
  code: string | null;
  nameAr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

export interface ResponseCellRow {
  response: RecommendationResponse;
  status: ImplementationStatus;
  count: number;
}

export interface CampaignInstitutionRow {
  campaignId: string;
  campaignTitle: string;
  deadline: string;
  campaignStatus: string;
  institutionId: string;
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
  expected: number;
  submitted: number;
  validated: number;
  overdue: number;
}

export interface FollowUpBodyRow {
  bodyId: string;
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
  followUpMonths: number | null;
  total: number;
  due: number;
  late: number;
  done: number;
  noDueDate: number;
  nextDueDate: string | null;
}

/** How many recommendations entered (+) or left (−) a status in one period. */
export interface StatusDeltaRow {
  period: string;
  status: ImplementationStatus;
  delta: number;
}

export interface StatsStamps {
  /** The catalogue stamp (the facet counts' cache key). */
  catalogue: string;
  /** The id of the last audit event (ids follow commit order). */
  audit: string;
  /** `YYYY-MM-DD`, the database's current date. */
  today: string;
}

/** A dimension of `GET /stats/status`: the grouping key, the join it needs, and where its labels are. */
interface DimensionSql {
  key: string;
  join: string;
  /** Extra condition on the joined rows (e.g. a review is set). */
  where?: (w: Where, scope: Scope) => string | null;
  /** One recommendation can reach a group through several rows (SDG targets of one goal). */
  distinct?: boolean;
  labels?: { table: string; code: string; names: [string, string, string] };
}

const NAMES: [string, string, string] = ['l.name_ar', 'l.name_fr', 'l.name_en'];

const DIMENSIONS: Record<StatsDimension, DimensionSql> = {
  mechanism: { key: 'r.mechanism', join: '' },
  body: { key: 'r.body_id::text', join: '', labels: { table: 'body', code: 'l.code', names: NAMES } },
  review: { key: 'r.review_id::text', join: '', where: () => 'r.review_id IS NOT NULL', labels: { table: 'review', code: 'l.code', names: ['l.title_ar', 'l.title_fr', 'l.title_en'] } },
  institution: {
    key: 'g.institution_id::text',
    join: 'JOIN assignment g ON g.recommendation_id = r.id',
    // A scoped caller sees its own institution's group only, not the other institutions assigned to the same recommendations.
    where: (w, scope) => {
      const own = scopedInstitution(scope);
      return own ? `g.institution_id = ${w.param(own)}::uuid` : null;
    },
    labels: { table: 'institution', code: 'l.code', names: NAMES },
  },
  theme: { key: 'g.theme_code', join: 'JOIN recommendation_theme g ON g.recommendation_id = r.id', labels: { table: 'theme', code: 'l.code', names: NAMES } },
  affectedPerson: {
    key: 'g.affected_person_code',
    join: 'JOIN recommendation_affected_person g ON g.recommendation_id = r.id',
    labels: { table: 'affected_person', code: 'l.code', names: NAMES },
  },
  sdgGoal: {
    key: 'tg.goal_code',
    join: 'JOIN recommendation_sdg_target g ON g.recommendation_id = r.id JOIN sdg_target tg ON tg.code = g.sdg_target_code',
    distinct: true,
    labels: { table: 'sdg_goal', code: 'l.code', names: NAMES },
  },
  axis: { key: 'g.axis_code', join: 'JOIN recommendation_axis g ON g.recommendation_id = r.id', labels: { table: 'axis', code: 'l.code', names: NAMES } },
};

/** A reference table's key column, compared with the group key (text). */
const labelKey = (table: string) => (['body', 'review', 'institution'].includes(table) ? 'l.id::text' : 'l.code');

/** Statuses a follow-up paragraph no longer waits on. */
const FOLLOW_UP_DONE = `r.status IN ('implemented', 'not_applicable')`;

/**
 * Aggregates for the dashboards. Every statement starts from the filter and institution scope of
 * GET /recommendations (`RecommendationsRepository.buildWhere`), so a figure equals the total the
 * list gives with the same filters plus the group's own.
 */
@Injectable()
export class StatsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recommendations: RecommendationsRepository,
  ) {}

  /** What a cached figure depends on besides the stamps: the filter and scope (as the facet cache keys them). */
  filterKey(filter: RecommendationFilter, scope: Scope): string {
    return this.recommendations.facetsKey(filter, scope);
  }

  /** The catalogue stamp, the audit chain's head and today, in one round trip (two primary-key lookups). */
  stamps(db: Queryable = this.dataSource): Promise<StatsStamps> {
    return one<StatsStamps>(
      db,
      `SELECT coalesce((SELECT stamp::text FROM catalogue_stamp WHERE id = 1), '0') AS catalogue,
              (SELECT coalesce(max(id), 0)::text FROM audit_event) AS audit, current_date::text AS today`,
    );
  }

  /** Recommendations by (group, status). */
  countStatusBy(by: StatsDimension, filter: RecommendationFilter, scope: Scope, db: Queryable = this.dataSource): Promise<StatusCellRow[]> {
    const { where } = this.recommendations.buildWhere(filter, scope);
    const dim = DIMENSIONS[by];
    const extra = dim.where?.(where, scope);
    if (extra) where.add(extra);
    const count = dim.distinct ? 'count(DISTINCT r.id)' : 'count(*)';
    const labels = dim.labels;
    return many<StatusCellRow>(
      db,
      `SELECT c.key, c.status, c.count, ${labels ? `${labels.code} AS code, ${labels.names[0]} AS name_ar, ${labels.names[1]} AS name_fr, ${labels.names[2]} AS name_en` : 'NULL AS code, NULL AS name_ar, NULL AS name_fr, NULL AS name_en'}
         FROM (SELECT ${dim.key} AS key, r.status, ${count}::int AS count FROM recommendation r ${dim.join} ${where.toSql()} GROUP BY 1, 2) c
         ${labels ? `LEFT JOIN ${labels.table} l ON ${labelKey(labels.table)} = c.key` : ''}`,
      where.params,
    );
  }

  /** Matching recommendations by status (the whole set, each once). */
  countStatus(filter: RecommendationFilter, scope: Scope, db: Queryable = this.dataSource): Promise<Array<{ status: ImplementationStatus; count: number }>> {
    const { where } = this.recommendations.buildWhere(filter, scope);
    return many(db, `SELECT r.status, count(*)::int AS count FROM recommendation r ${where.toSql()} GROUP BY 1`, where.params);
  }

  /** Matching recommendations with a response, by (response, status). */
  countResponses(filter: RecommendationFilter, scope: Scope, db: Queryable = this.dataSource): Promise<ResponseCellRow[]> {
    const { where } = this.recommendations.buildWhere(filter, scope);
    where.add('r.response IS NOT NULL');
    return many<ResponseCellRow>(db, `SELECT r.response, r.status, count(*)::int AS count FROM recommendation r ${where.toSql()} GROUP BY 1, 2`, where.params);
  }

  /**
   * Contributions per (campaign, institution) on the matching recommendations. A scoped caller
   * counts its own institution's contributions only.
   */
  campaignProgress(filter: RecommendationFilter, scope: Scope, db: Queryable = this.dataSource): Promise<CampaignInstitutionRow[]> {
    const { where } = this.recommendations.buildWhere(filter, scope);
    const own = scopeClause(scope, 'contribution', 'c', where.sqlParams);
    if (own) where.add(own);
    return many<CampaignInstitutionRow>(
      db,
      `SELECT p.campaign_id, cp.title AS campaign_title, to_char(cp.deadline, 'YYYY-MM-DD') AS deadline, cp.status AS campaign_status,
              p.institution_id, i.code, i.name_ar, i.name_fr, i.name_en, p.expected, p.submitted, p.validated,
              CASE WHEN cp.deadline < current_date THEN p.pending ELSE 0 END AS overdue
         FROM (SELECT c.campaign_id, c.institution_id, count(*)::int AS expected,
                      count(*) FILTER (WHERE c.status IN ('submitted', 'approved', 'validated'))::int AS submitted,
                      count(*) FILTER (WHERE c.status = 'validated')::int AS validated,
                      count(*) FILTER (WHERE c.status IN ('draft', 'returned'))::int AS pending
                 FROM contribution c JOIN recommendation r ON r.id = c.recommendation_id
                ${where.toSql()}
                GROUP BY 1, 2) p
         JOIN campaign cp ON cp.id = p.campaign_id JOIN institution i ON i.id = p.institution_id
        ORDER BY cp.deadline DESC, cp.id, i.code`,
      where.params,
    );
  }

  /**
   * Follow-up paragraphs per body: the due date is the paragraph's own, else the review date plus
   * the body's follow-up delay; late = past it and not implemented (nor not applicable).
   */
  followUp(filter: RecommendationFilter, scope: Scope, db: Queryable = this.dataSource): Promise<FollowUpBodyRow[]> {
    const { where } = this.recommendations.buildWhere(filter, scope);
    where.add('r.follow_up');
    return many<FollowUpBodyRow>(
      db,
      `SELECT b.id AS body_id, b.code, b.name_ar, b.name_fr, b.name_en, b.follow_up_months, f.total, f.due, f.late, f.done, f.no_due_date,
              to_char(f.next_due_date, 'YYYY-MM-DD') AS next_due_date
         FROM (SELECT x.body_id, count(*)::int AS total,
                      count(*) FILTER (WHERE NOT x.done AND x.due_date >= current_date)::int AS due,
                      count(*) FILTER (WHERE NOT x.done AND x.due_date < current_date)::int AS late,
                      count(*) FILTER (WHERE x.done)::int AS done,
                      count(*) FILTER (WHERE NOT x.done AND x.due_date IS NULL)::int AS no_due_date,
                      min(x.due_date) FILTER (WHERE NOT x.done AND x.due_date >= current_date) AS next_due_date
                 FROM (SELECT r.body_id, ${FOLLOW_UP_DONE} AS done,
                              coalesce(r.follow_up_due_date, (v.review_date + make_interval(months => fb.follow_up_months))::date) AS due_date
                         FROM recommendation r JOIN body fb ON fb.id = r.body_id LEFT JOIN review v ON v.id = r.review_id
                        ${where.toSql()}) x
                GROUP BY x.body_id) f
         JOIN body b ON b.id = f.body_id
        ORDER BY f.late DESC, f.total DESC, b.code`,
      where.params,
    );
  }

  /**
   * The status history of the matching recommendations as changes per period, rebuilt from the
   * audit trail: each recommendation enters its first recorded status in the period it was
   * created (the `before` of its first recorded status change, the `after` of its creation event,
   * or — with no status event at all — its status today, which then never changed), then each
   * recorded status change moves it from `before` to `after` in the period of the event.
   * Recommendations deleted since are not counted (the filters select today's records).
   */
  statusDeltas(filter: RecommendationFilter, scope: Scope, interval: StatsInterval, db: Queryable = this.dataSource): Promise<StatusDeltaRow[]> {
    const { where } = this.recommendations.buildWhere(filter, scope);
    const unit = where.param(interval);
    return many<StatusDeltaRow>(
      db,
      `WITH m AS MATERIALIZED (SELECT r.id, r.status, r.created_at FROM recommendation r ${where.toSql()}),
       ev AS MATERIALIZED (
         SELECT m.id, e.id AS seq, e.occurred_at, e.changes->'status'->>'before' AS before, e.changes->'status'->>'after' AS after
           FROM m JOIN audit_event e ON e.entity_type = 'recommendation' AND e.entity_id = m.id::text
          WHERE e.changes ? 'status'),
       first_ev AS (SELECT DISTINCT ON (id) id, coalesce(before, after) AS status FROM ev ORDER BY id, seq),
       moves AS (
         SELECT date_trunc(${unit}, m.created_at) AS period, coalesce(f.status, m.status) AS status, 1 AS delta FROM m LEFT JOIN first_ev f ON f.id = m.id
         UNION ALL SELECT date_trunc(${unit}, occurred_at), before, -1 FROM ev WHERE before IS NOT NULL AND after IS NOT NULL AND before <> after
         UNION ALL SELECT date_trunc(${unit}, occurred_at), after, 1 FROM ev WHERE before IS NOT NULL AND after IS NOT NULL AND before <> after)
       SELECT to_char(period, 'YYYY-MM-DD') AS period, status, sum(delta)::int AS delta FROM moves GROUP BY period, status ORDER BY period`,
      where.params,
    );
  }

  /** The first day of the current period (`YYYY-MM-DD`). */
  async currentPeriod(interval: StatsInterval, db: Queryable = this.dataSource): Promise<string> {
    return (await one<{ period: string }>(db, `SELECT to_char(date_trunc($1, now()), 'YYYY-MM-DD') AS period`, [interval])).period;
  }
}
