import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  EDITABLE_CONTRIBUTION_STATUSES,
  FINAL_CONTRIBUTION_STATUSES,
  actionsRequiringComment,
  availableContributionActions,
  suggestConsolidatedStatus,
  transitionContribution,
  CONTRIBUTION_TRANSITIONS,
  type ContributionAction,
  type ContributionStatus,
  type ImplementationStatus,
  type Role,
} from '@sidh/domain';
import { appendAuditEvent, type AuditActor } from '../../audit/audit.writer.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff, staleError } from '../../common/concurrency.js';
import { AppConfig } from '../../config/app-config.js';
import { institutionNames, type MailType } from '../mail/templates.js';
import { NotificationsRepository, type Recipient } from '../notifications/notifications.repository.js';
import { institutionPayload, NotificationsService } from '../notifications/notifications.service.js';
import { scopeOf } from '../recommendations/recommendations.service.js';
import { RecommendationsService } from '../recommendations/recommendations.service.js';
import { CONTENT_COLUMNS, ContributionsRepository } from './contributions.repository.js';
import type {
  CommentDto,
  CommentListDto,
  ContributionDetailDto,
  ContributionListDto,
  ContributionQueryDto,
  ContributionSummaryDto,
  CreateCommentDto,
  EvidenceDto,
  StatusSuggestionDto,
  TransitionDto,
  UpdateContributionDto,
} from './dto/contribution.dto.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

/** The scoped institution of the caller, or null for roles that see every institution. */
export const scopeInstitution = (user: AuthUser): string | null => scopeOf(user).institutionId;

export function toEvidenceDto(r: Row): EvidenceDto {
  return {
    id: r['id'],
    kind: r['kind'],
    title: r['title'],
    fileName: r['file_name'],
    mediaType: r['media_type'],
    sizeBytes: r['size_bytes'] === null ? null : Number(r['size_bytes']),
    url: r['url'],
    confidentiality: r['confidentiality'],
    downloadPath: r['kind'] === 'file' ? `/api/v1/evidence/${r['id']}/download` : null,
    createdBy: r['created_by_id'] ? { id: r['created_by_id'], name: r['created_by_name'] } : null,
    createdAt: iso(r['created_at'])!,
  };
}

export function toContributionSummary(r: Row, role: Role): ContributionSummaryDto {
  const status = r['status'] as ContributionStatus;
  return {
    id: r['id'],
    campaign: { id: r['campaign_id'], title: r['campaign_title'], deadline: r['campaign_deadline'] },
    assignment: { id: r['assignment_id'], role: r['assignment_role'], dueDate: r['assignment_due_date'] },
    institution: { id: r['institution_id'], code: r['institution_code'], nameAr: r['institution_name_ar'], nameFr: r['institution_name_fr'], nameEn: r['institution_name_en'] },
    recommendation: {
      id: r['recommendation_id'],
      mechanism: r['mechanism'],
      bodyCode: r['body_code'],
      documentSymbol: r['document_symbol'],
      paragraph: r['paragraph'],
      textAr: r['text_ar'],
      textFr: r['text_fr'],
      textEn: r['text_en'],
    },
    status,
    implementationStatus: r['implementation_status'],
    overdue: r['overdue'] === true,
    supersedesId: r['supersedes_id'],
    supersededById: r['superseded_by_id'],
    submittedAt: iso(r['submitted_at']),
    validatedAt: iso(r['validated_at']),
    availableActions: availableContributionActions(status, role),
    canEdit: role === 'focal_point' && EDITABLE_CONTRIBUTION_STATUSES.includes(status),
    updatedBy: r['updated_by_id'] ? { id: r['updated_by_id'], name: r['updated_by_name'] } : null,
    version: r['version'],
    createdAt: iso(r['created_at'])!,
    updatedAt: iso(r['updated_at'])!,
  };
}

function toDetail(r: Row, evidence: Row[], role: Role): ContributionDetailDto {
  return {
    ...toContributionSummary(r, role),
    measures: r['measures'],
    challenges: r['challenges'],
    nextSteps: r['next_steps'],
    indicators: r['indicators'],
    evidence: evidence.map(toEvidenceDto),
  };
}

/** What each step tells whom. */
const NOTIFY: Partial<Record<ContributionAction, { type: MailType; to: (from: ContributionStatus) => Array<'focal_point' | 'validator' | 'coordinator'> }>> = {
  submit: { type: 'contribution.submitted', to: () => ['validator'] },
  approve: { type: 'contribution.approved', to: () => ['coordinator', 'focal_point'] },
  return: { type: 'contribution.returned', to: (from) => (from === 'approved' ? ['focal_point', 'validator'] : ['focal_point']) },
  validate: { type: 'contribution.validated', to: () => ['focal_point', 'validator'] },
};

@Injectable()
export class ContributionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contributions: ContributionsRepository,
    private readonly recommendations: RecommendationsService,
    private readonly notifications: NotificationsService,
    private readonly recipients: NotificationsRepository,
    private readonly config: AppConfig,
  ) {}

  async list(query: ContributionQueryDto, user: AuthUser): Promise<ContributionListDto> {
    const { page, pageSize, mine, ...filter } = query;
    const statuses = mine ? [...new Set(CONTRIBUTION_TRANSITIONS.filter((t) => t.roles.includes(user.role) && t.action !== 'revise').map((t) => t.from))] : undefined;
    if (mine && user.role === 'focal_point') statuses?.push('returned');
    const { rows, total } = await this.contributions.search({ ...filter, ...(statuses ? { statuses } : {}) }, scopeInstitution(user), page, pageSize);
    return { items: rows.map((r) => toContributionSummary(r, user.role)), total, page, pageSize };
  }

  /** 404 (never 403) outside the caller's institution: existence is not disclosed. */
  async get(id: string, user: AuthUser): Promise<ContributionDetailDto> {
    const row = await this.contributions.findDetail(id, scopeInstitution(user));
    if (!row) throw AppException.notFound('Contribution');
    return toDetail(row, await this.contributions.listEvidence(id), user.role);
  }

  /**
   * Saves the content, conditional on the version the client read. A returned contribution edited
   * by its focal point goes back to draft (`revise`); submitted, approved and validated ones are not editable.
   */
  async update(id: string, version: number, input: UpdateContributionDto, user: AuthUser, actor: AuditActor): Promise<ContributionDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.contributions.lockForUpdate(manager, id, scopeInstitution(user));
      if (!locked) throw AppException.notFound('Contribution');
      const current = async () => toDetail((await this.contributions.findDetail(id, null, manager))!, await this.contributions.listEvidence(id, manager), user.role);
      const status = locked['status'] as ContributionStatus;
      if (FINAL_CONTRIBUTION_STATUSES.includes(status)) {
        throw new AppException(HttpStatus.CONFLICT, ErrorCode.ContributionLocked, 'A validated contribution is locked', { status });
      }
      if (!EDITABLE_CONTRIBUTION_STATUSES.includes(status)) {
        throw new AppException(HttpStatus.CONFLICT, ErrorCode.ContributionNotEditable, `A ${status} contribution cannot be edited`, { status });
      }
      const before = await current();
      if (locked['version'] !== version) throw staleError({ current: before, lastChange: await this.contributions.lastChange(manager, id) });
      const values: Record<string, unknown> = {};
      for (const [field, column] of Object.entries(CONTENT_COLUMNS)) {
        const value = input[field as keyof typeof CONTENT_COLUMNS];
        if (value !== undefined) values[column] = value;
      }
      let changes = diff(before as unknown as Record<string, unknown>, input as Record<string, unknown>);
      if (status === 'returned') {
        const revise = transitionContribution(status, 'revise', user.role);
        if (!revise.ok) throw AppException.forbidden();
        values['status'] = revise.to;
        changes = { ...changes, status: { before: status, after: revise.to } };
      }
      if (!(await this.contributions.updateContentIfVersion(manager, id, version, values, user.id))) {
        throw staleError({ current: before, lastChange: await this.contributions.lastChange(manager, id) });
      }
      await appendAuditEvent(manager, actor, { action: 'contribution.update', entityType: 'contribution', entityId: id, changes });
      return current();
    });
  }

  /** One step of the shared state machine: 409 illegal, 403 wrong role, 400 missing comment or content. */
  async transition(id: string, version: number | null, input: TransitionDto, user: AuthUser, actor: AuditActor): Promise<ContributionDetailDto> {
    const result = await this.dataSource.transaction(async (manager) => {
      const locked = await this.contributions.lockForUpdate(manager, id, scopeInstitution(user));
      if (!locked) throw AppException.notFound('Contribution');
      const from = locked['status'] as ContributionStatus;
      const step = transitionContribution(from, input.action, user.role);
      if (!step.ok && step.reason === 'illegal_transition') {
        throw new AppException(HttpStatus.CONFLICT, ErrorCode.ContributionIllegalTransition, `Cannot ${input.action} a ${from} contribution`, {
          status: from,
          action: input.action,
          availableActions: availableContributionActions(from, user.role),
        });
      }
      if (!step.ok) throw AppException.forbidden();
      const comment = input.comment?.trim() ?? '';
      if (actionsRequiringComment.includes(input.action) && !comment) throw AppException.validation({ comment: 'validation.required' });
      if (input.action === 'submit') {
        if (!locked['implementation_status']) throw AppException.validation({ implementationStatus: 'validation.required' });
        if (!String(locked['measures'] ?? '').trim()) throw AppException.validation({ measures: 'validation.required' });
      }
      const current = async () => toDetail((await this.contributions.findDetail(id, null, manager))!, await this.contributions.listEvidence(id, manager), user.role);
      if (version !== null && version !== locked['version']) throw staleError({ current: await current(), lastChange: await this.contributions.lastChange(manager, id) });
      if (!(await this.contributions.transitionIfVersion(manager, id, locked['version'], from, step.to, user.id))) {
        throw staleError({ current: await current(), lastChange: await this.contributions.lastChange(manager, id) });
      }
      if (comment) await this.contributions.insertComment(manager, id, user.id, comment, input.action);
      await appendAuditEvent(manager, actor, {
        action: 'contribution.transition',
        entityType: 'contribution',
        entityId: id,
        changes: { status: { before: from, after: step.to }, action: input.action, ...(comment ? { comment } : {}) },
      });
      const rule = NOTIFY[input.action];
      if (rule) {
        const context = await this.contributions.notificationContext(manager, id);
        const roles = rule.to(from);
        const institutionRoles = roles.filter((r): r is 'focal_point' | 'validator' => r !== 'coordinator');
        const recipients: Recipient[] = [
          ...(institutionRoles.length ? await this.recipients.institutionUsers(manager, context['institution_id'], institutionRoles) : []),
          ...(roles.includes('coordinator') ? await this.recipients.usersWithRole(manager, ['coordinator']) : []),
        ];
        await this.notifications.notify(
          manager,
          recipients,
          rule.type,
          {
            contributionId: id,
            campaignId: context['campaign_id'],
            campaign: context['campaign_title'],
            recommendation: context['recommendation_label'],
            institution: institutionPayload(context),
            actor: user.name,
            status: step.to,
            ...(comment ? { comment } : {}),
          },
          {
            recommendation: context['recommendation_label'],
            institution: institutionNames(institutionPayload(context)),
            campaign: context['campaign_title'],
            actor: user.name,
            comment,
            link: `${this.config.APP_PUBLIC_URL}/contributions/${id}`,
          },
          user.id,
        );
      }
      return current();
    });
    this.notifications.afterCommit();
    return result;
  }

  async comments(id: string, user: AuthUser): Promise<CommentListDto> {
    await this.assertVisible(id, user);
    return { items: (await this.contributions.listComments(id)).map(toComment) };
  }

  async addComment(id: string, input: CreateCommentDto, user: AuthUser, actor: AuditActor): Promise<CommentDto> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.contributions.lockForUpdate(manager, id, scopeInstitution(user));
      if (!locked) throw AppException.notFound('Contribution');
      const row = await this.contributions.insertComment(manager, id, user.id, input.body, null);
      await appendAuditEvent(manager, actor, { action: 'contribution.comment', entityType: 'contribution', entityId: id, changes: { commentId: row['id'], body: input.body } });
      return { id: row['id'], author: { id: user.id, name: user.name }, authorRole: user.role, action: null, body: input.body, createdAt: iso(row['created_at'])! };
    });
  }

  /** Suggested consolidated status from the latest validated contribution of each lead institution. */
  async statusSuggestion(recommendationId: string, user: AuthUser): Promise<StatusSuggestionDto> {
    await this.recommendations.get(recommendationId, user);
    const rows = await this.contributions.latestValidatedOfLeads(recommendationId);
    const validated = rows.filter((r) => r['contribution_id']);
    return {
      suggestion: suggestConsolidatedStatus(validated.map((r) => r['implementation_status'] as ImplementationStatus)),
      currentStatus: (await this.contributions.recommendationStatus(recommendationId)) as ImplementationStatus | null,
      basis: validated.map((r) => ({
        contributionId: r['contribution_id'],
        institution: { id: r['institution_id'], code: r['institution_code'], nameAr: r['name_ar'], nameFr: r['name_fr'], nameEn: r['name_en'] },
        implementationStatus: r['implementation_status'],
        campaignTitle: r['campaign_title'],
        validatedAt: iso(r['validated_at'])!,
      })),
      leadsWithoutValidated: rows.length - validated.length,
    };
  }

  private async assertVisible(id: string, user: AuthUser): Promise<void> {
    if (!(await this.contributions.findDetail(id, scopeInstitution(user)))) throw AppException.notFound('Contribution');
  }
}

function toComment(r: Row): CommentDto {
  return {
    id: r['id'],
    author: r['author_id'] ? { id: r['author_id'], name: r['author_name'] } : null,
    authorRole: r['author_role'] ?? null,
    action: r['action'],
    body: r['body'],
    createdAt: iso(r['created_at'])!,
  };
}
