import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssignmentRole, ContributionAction, ContributionStatus, ImplementationStatus, IndicatorType, ItemKind } from '@sidh/domain';
import { scopeClause, type Scope } from '../../access/index.js';
import type { VersionedTarget } from '../../audit/versioned-writer.js';
import { many, maybeOne, one, SqlParams, type Queryable } from '../../database/sql.js';
import { definedColumns, type ColumnPatch } from '../../database/versioned-write.js';

export interface ContributionFilter {
  campaignId?: string;
  status?: ContributionStatus;
  statuses?: readonly ContributionStatus[];
  institutionId?: string;
  recommendationId?: string;
  overdue?: boolean;
  /**
   * A role's queue ("my work"): statuses waiting on it whatever the institution, or only for
   * institutions without an active validator. Drafts and returned contributions of a closed campaign,
   * or superseded by a later campaign's, are no one's work any more and are left out.
   */
  queue?: { always: readonly ContributionStatus[]; withoutValidator: readonly ContributionStatus[] };
}

/** The contribution's institution has at least one active validator (`c`: the contribution). */
export const HAS_VALIDATOR = `EXISTS (SELECT 1 FROM app_user v WHERE v.institution_id = c.institution_id AND v.role = 'validator' AND v.active)`;

/** A draft or returned contribution nobody needs any more: its campaign is closed, or a later campaign's supersedes it. */
const STALE_DRAFT = `(c.status IN ('draft', 'returned') AND (cp.status <> 'open' OR EXISTS (SELECT 1 FROM contribution n WHERE n.supersedes_id = c.id)))`;

/** One indicator of a contribution, as stored in the `indicators` jsonb column. */
export interface IndicatorValue {
  name: string;
  type: IndicatorType;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  value: number | null;
  date: string | null;
}

/** A contribution with what lists show of its campaign, assignment, institution and recommendation. */
export interface ContributionSummaryRow {
  id: string;
  campaignId: string;
  assignmentId: string;
  institutionId: string;
  recommendationId: string;
  status: ContributionStatus;
  implementationStatus: ImplementationStatus | null;
  supersedesId: string | null;
  supersededById: string | null;
  submittedAt: Date | null;
  validatedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  updatedById: string | null;
  updatedByName: string | null;
  campaignTitle: string;
  campaignDeadline: string;
  overdue: boolean;
  assignmentRole: AssignmentRole;
  assignmentDueDate: string | null;
  institutionCode: string;
  institutionNameAr: string;
  institutionNameFr: string;
  institutionNameEn: string;
  /** The institution has an active validator (else the coordinator reviews its contributions). */
  institutionHasValidator: boolean;
  mechanism: string;
  kind: ItemKind;
  bodyCode: string;
  documentSymbol: string | null;
  paragraph: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
}

/** The summary and the content. */
export interface ContributionDetailRow extends ContributionSummaryRow {
  measures: string;
  challenges: string;
  nextSteps: string;
  indicators: IndicatorValue[];
}

/** What the workflow rules read of a contribution (under its lock). */
export interface ContributionStateRow {
  id: string;
  status: ContributionStatus;
  version: number;
  institutionId: string;
  implementationStatus: ImplementationStatus | null;
  measures: string;
  institutionHasValidator: boolean;
}

/** What a write changes (only the given fields): the content, and the status with its stamps. */
export interface ContributionPatch {
  implementationStatus?: ImplementationStatus | null;
  measures?: string;
  challenges?: string;
  nextSteps?: string;
  indicators?: readonly IndicatorValue[];
  status?: ContributionStatus;
  updatedById?: string;
  /** Timestamps (`transactionTime`). */
  submittedAt?: string;
  validatedAt?: string;
}

export interface CommentRow {
  id: string;
  body: string;
  action: string | null;
  createdAt: Date;
  authorId: string | null;
  authorName: string | null;
  authorRole: string | null;
}

export interface NewComment {
  contributionId: string;
  authorId: string | null;
  body: string;
  action: ContributionAction | null;
}

/** Names and links a notification about a contribution needs. */
export interface NotificationContextRow {
  id: string;
  institutionId: string;
  campaignId: string;
  campaignTitle: string;
  institutionCode: string;
  institutionNameAr: string;
  institutionNameFr: string;
  institutionNameEn: string;
  recommendationLabel: string;
}

/** A lead assignment of a recommendation, with its latest validated contribution if any. */
export interface LeadContributionRow {
  assignmentId: string;
  contributionId: string | null;
  implementationStatus: ImplementationStatus | null;
  validatedAt: Date | null;
  campaignTitle: string | null;
  institutionId: string;
  institutionCode: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

const SUMMARY = `c.id, c.campaign_id, c.assignment_id, c.institution_id, c.recommendation_id, c.status, c.implementation_status, c.supersedes_id,
  c.submitted_at, c.validated_at, c.version, c.created_at, c.updated_at, c.updated_by_id, u.name AS updated_by_name,
  cp.title AS campaign_title, to_char(cp.deadline, 'YYYY-MM-DD') AS campaign_deadline,
  (c.status IN ('draft', 'returned') AND cp.deadline < current_date) AS overdue,
  a.role AS assignment_role, to_char(a.due_date, 'YYYY-MM-DD') AS assignment_due_date,
  i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en,
  ${HAS_VALIDATOR} AS institution_has_validator,
  r.mechanism, r.kind, r.document_symbol, r.paragraph, r.text_ar, r.text_fr, r.text_en, b.code AS body_code,
  (SELECT n.id FROM contribution n WHERE n.supersedes_id = c.id ORDER BY n.created_at DESC LIMIT 1) AS superseded_by_id`;

const FROM = `FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id JOIN assignment a ON a.id = c.assignment_id
  JOIN institution i ON i.id = c.institution_id JOIN recommendation r ON r.id = c.recommendation_id JOIN body b ON b.id = r.body_id
  LEFT JOIN app_user u ON u.id = c.updated_by_id`;

/** A contribution as the target of a versioned write (lock, 404, 412 with its last change). */
export const contributionTarget = (id: string): VersionedTarget => ({ table: 'contribution', entityType: 'contribution', id, label: 'Contribution' });

/** The columns whose value is given (undefined: left unchanged). */
const given = definedColumns;

@Injectable()
export class ContributionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of contributions within the scope, by campaign deadline then latest change. */
  async search(filter: ContributionFilter, scope: Scope, page: number, pageSize: number, db: Queryable = this.dataSource.manager): Promise<{ rows: ContributionSummaryRow[]; total: number }> {
    const params = new SqlParams();
    const where: string[] = [];
    const scoped = scopeClause(scope, 'contribution', 'c', params);
    if (scoped) where.push(scoped);
    if (filter.institutionId) where.push(`c.institution_id = ${params.add(filter.institutionId)}`);
    if (filter.campaignId) where.push(`c.campaign_id = ${params.add(filter.campaignId)}`);
    if (filter.status) where.push(`c.status = ${params.add(filter.status)}`);
    if (filter.statuses) where.push(`c.status = ANY(${params.add(filter.statuses)}::text[])`);
    if (filter.recommendationId) where.push(`c.recommendation_id = ${params.add(filter.recommendationId)}`);
    if (filter.overdue) where.push(`c.status IN ('draft', 'returned') AND cp.deadline < current_date`);
    if (filter.queue) {
      const { always, withoutValidator } = filter.queue;
      where.push(`(c.status = ANY(${params.add(always)}::text[]) OR (c.status = ANY(${params.add(withoutValidator)}::text[]) AND NOT ${HAS_VALIDATOR}))`, `NOT ${STALE_DRAFT}`);
    }
    const rows = await many<ContributionSummaryRow & { total: number }>(
      db,
      `SELECT ${SUMMARY}, count(*) OVER ()::int AS total ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY cp.deadline, c.updated_at DESC, c.id LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`,
      params.values,
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /** One contribution with its content (the caller has checked access). */
  findDetail(id: string, db: Queryable = this.dataSource.manager): Promise<ContributionDetailRow | undefined> {
    return maybeOne<ContributionDetailRow>(db, `SELECT ${SUMMARY}, c.measures, c.challenges, c.next_steps, c.indicators ${FROM} WHERE c.id = $1`, [id]);
  }

  /**
   * The contribution's whole row with its row locked (FOR UPDATE OF the contribution alone), in one
   * statement: what a lock and a read would take two round trips for. Undefined when it is gone.
   */
  lockDetail(id: string, manager: EntityManager): Promise<ContributionDetailRow | undefined> {
    return maybeOne<ContributionDetailRow>(manager, `SELECT ${SUMMARY}, c.measures, c.challenges, c.next_steps, c.indicators ${FROM} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
  }

  /** Status, version and the content the workflow checks; read under the caller's lock. */
  findState(id: string, db: Queryable = this.dataSource.manager): Promise<ContributionStateRow> {
    return one<ContributionStateRow>(db, `SELECT c.id, c.status, c.version, c.institution_id, c.implementation_status, c.measures, ${HAS_VALIDATOR} AS institution_has_validator FROM contribution c WHERE c.id = $1`, [id]);
  }

  /** The columns a patch sets, for a versioned UPDATE (`VersionedWriter.update`). */
  columns(patch: ContributionPatch): ColumnPatch {
    return given({
      implementation_status: patch.implementationStatus,
      measures: patch.measures,
      challenges: patch.challenges,
      next_steps: patch.nextSteps,
      indicators: patch.indicators === undefined ? undefined : JSON.stringify(patch.indicators),
      status: patch.status,
      updated_by_id: patch.updatedById,
      submitted_at: patch.submittedAt,
      validated_at: patch.validatedAt,
    });
  }

  /** The transaction's `now()` (that of `updated_at`), exactly, for the timestamps a step sets. */
  async transactionTime(manager: EntityManager): Promise<string> {
    return (await one<{ now: string }>(manager, `SELECT now()::text AS now`)).now;
  }

  insertComment(manager: EntityManager, comment: NewComment): Promise<{ id: string; createdAt: Date }> {
    return one<{ id: string; createdAt: Date }>(
      manager,
      `INSERT INTO contribution_comment (contribution_id, author_id, body, action) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
      [comment.contributionId, comment.authorId, comment.body, comment.action],
    );
  }

  /** The thread, oldest first. */
  listComments(contributionId: string, db: Queryable = this.dataSource.manager): Promise<CommentRow[]> {
    return many<CommentRow>(
      db,
      `SELECT k.id, k.body, k.action, k.created_at, k.author_id, u.name AS author_name, u.role AS author_role
         FROM contribution_comment k LEFT JOIN app_user u ON u.id = k.author_id WHERE k.contribution_id = $1 ORDER BY k.created_at, k.id`,
      [contributionId],
    );
  }

  /** Context for notification texts and recipients. */
  notificationContext(id: string, db: Queryable = this.dataSource.manager): Promise<NotificationContextRow> {
    return one<NotificationContextRow>(
      db,
      `SELECT c.id, c.institution_id, c.campaign_id, cp.title AS campaign_title,
              i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en,
              coalesce(r.document_symbol || ' ' || coalesce(r.paragraph, ''), r.external_code, r.id::text) AS recommendation_label
         FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id JOIN institution i ON i.id = c.institution_id
         JOIN recommendation r ON r.id = c.recommendation_id WHERE c.id = $1`,
      [id],
    );
  }

  /** The latest validated contribution of each lead assignment of a recommendation. */
  latestValidatedOfLeads(recommendationId: string, db: Queryable = this.dataSource.manager): Promise<LeadContributionRow[]> {
    return many<LeadContributionRow>(
      db,
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

  /** The consolidated status the coordinator set on the recommendation. */
  async recommendationStatus(recommendationId: string, db: Queryable = this.dataSource.manager): Promise<ImplementationStatus | null> {
    return (await maybeOne<{ status: ImplementationStatus | null }>(db, `SELECT status FROM recommendation WHERE id = $1`, [recommendationId]))?.status ?? null;
  }
}
