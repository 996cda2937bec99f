import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Permission,
  availableContributionActions,
  contributionQueue,
  findContributionTransition,
  missingForTransition,
  suggestConsolidatedStatus,
  transitionContribution,
  type ContributionStatus,
  type ContributionTransition,
  type Role,
} from '@sidh/domain';
import { AccessService } from '../../access/index.js';
import { AuditWriter } from '../../audit/audit.writer.js';
import { VersionedWriter } from '../../audit/versioned-writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff } from '../../common/concurrency.js';
import type { Queryable } from '../../database/sql.js';
import { AppConfig } from '../../config/app-config.js';
import { institutionNames } from '../mail/templates.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { assertContributionEditable, illegalTransition } from './contributions.errors.js';
import { contributionTarget, ContributionsRepository, type ContributionPatch } from './contributions.repository.js';
import type {
  CommentDto,
  CommentListDto,
  ContributionDetailDto,
  ContributionListDto,
  ContributionQueryDto,
  CreateCommentDto,
  StatusSuggestionDto,
  TransitionDto,
  UpdateContributionDto,
} from './dto/contribution.dto.js';
import { isValidatedLead, toCommentDto, toContributionDetailDto, toContributionSummaryDto, toStatusSuggestionBasisDto } from './dto/contribution.mapper.js';
import { EvidenceRepository, type EvidenceRow } from './evidence.repository.js';

/** The timestamp a step to this status sets (with the time of `updated_at`). */
const STAMPS: Partial<Record<ContributionStatus, 'submittedAt' | 'validatedAt'>> = { submitted: 'submittedAt', validated: 'validatedAt' };

@Injectable()
export class ContributionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contributions: ContributionsRepository,
    private readonly evidence: EvidenceRepository,
    private readonly access: AccessService,
    private readonly versioned: VersionedWriter,
    private readonly audit: AuditWriter,
    private readonly notifications: NotificationsService,
    private readonly recipients: NotificationsRepository,
    private readonly config: AppConfig,
  ) {}

  /** Within the caller's scope; `mine`: the statuses awaiting the caller's role. */
  async list(query: ContributionQueryDto, user: AuthUser): Promise<ContributionListDto> {
    const { page, pageSize, mine, ...filter } = query;
    const queue = mine ? { queue: contributionQueue(user.role) } : {};
    const { rows, total } = await this.contributions.search({ ...filter, ...queue }, this.access.scopeFor(user), page, pageSize);
    return { items: rows.map((r) => toContributionSummaryDto(r, user.role)), total, page, pageSize };
  }

  /** 404 (never 403) outside the caller's institution: existence is not disclosed. */
  async get(id: string, user: AuthUser): Promise<ContributionDetailDto> {
    await this.access.requireAccess({ user, permission: Permission.ContributionRead, entity: 'contribution', ids: [id] });
    return this.detail(id, user.role);
  }

  /**
   * Saves the content, conditional on the version the client read. A returned contribution edited
   * by its focal point goes back to draft (`revise`); submitted, approved and validated ones are not editable.
   */
  async update(id: string, version: number, input: UpdateContributionDto, user: AuthUser, actor: AuditActor): Promise<ContributionDetailDto> {
    await this.access.requireAccess({ user, permission: Permission.ContributionWrite, entity: 'contribution', ids: [id] });
    return this.dataSource.transaction(async (manager) => {
      const target = contributionTarget(id);
      // Locked and read in one statement, without a version check: a non-editable status answers 409
      // before a stale version answers 412.
      const state = await this.contributions.lockDetail(id, manager);
      if (!state) throw AppException.notFound(target.label);
      assertContributionEditable(state.status, 'content');
      // Read once, under the contribution's lock, which adding or removing evidence also takes: the
      // list cannot change before this transaction ends, and the answer reuses it.
      const evidence = await this.evidence.listForContribution(id, manager);
      const before = toContributionDetailDto(state, evidence, user.role);
      if (state.version !== version) throw await this.versioned.stale(manager, target, before);
      let changes = diff<ContributionDetailDto>(before, input);
      let status: ContributionStatus | undefined;
      if (findContributionTransition(state.status, 'revise')) {
        const revise = transitionContribution(state.status, 'revise', user.role);
        if (!revise.ok) throw AppException.forbidden();
        status = revise.to;
        changes = { ...changes, status: { before: state.status, after: revise.to } };
      }
      const { implementationStatus, measures, challenges, nextSteps, indicators } = input;
      const patch: ContributionPatch = { implementationStatus, measures, challenges, nextSteps, indicators, status, updatedById: user.id };
      await this.versioned.update(manager, target, version, this.contributions.columns(patch), () => Promise.resolve(before));
      await this.audit.append(manager, actor, { action: 'contribution.update', entityType: 'contribution', entityId: id, changes });
      return this.detail(id, user.role, manager, evidence);
    });
  }

  /**
   * One step of the shared state machine: 409 illegal, 403 wrong role, 400 missing comment or
   * content, 412 when `version` is given and stale (null: no check).
   */
  async transition(id: string, version: number | null, input: TransitionDto, user: AuthUser, actor: AuditActor): Promise<ContributionDetailDto> {
    await this.access.requireAccess({ user, permission: Permission.ContributionTransition, entity: 'contribution', ids: [id] });
    const result = await this.dataSource.transaction(async (manager) => {
      const target = contributionTarget(id);
      // The step's rules (409, 403, 400) answer before a stale If-Match (412).
      const state = await this.versioned.lock(manager, target, null, () => this.contributions.findState(id, manager));
      const from = state.status;
      // Who may take which step depends on whether the institution has an active validator now (read under the lock).
      const context = { institutionHasValidator: state.institutionHasValidator };
      const step = transitionContribution(from, input.action, user.role, context);
      if (!step.ok && step.reason === 'illegal_transition') throw illegalTransition(from, input.action, availableContributionActions(from, user.role, context));
      if (!step.ok) throw AppException.forbidden();
      const rule = findContributionTransition(from, input.action, context, user.role)!;
      const comment = input.comment?.trim() ?? '';
      if (rule.requiresComment && !comment) throw AppException.validation({ comment: 'validation.required' });
      const [missing] = missingForTransition(from, input.action, state);
      if (missing) throw AppException.validation({ [missing]: 'validation.required' });
      const current = () => this.detail(id, user.role, manager);
      if (version !== null && version !== state.version) throw await this.versioned.stale(manager, target, await current());
      const patch: ContributionPatch = { status: step.to, updatedById: user.id };
      const stamp = STAMPS[step.to];
      if (stamp) patch[stamp] = await this.contributions.transactionTime(manager);
      await this.versioned.update(manager, target, state.version, this.contributions.columns(patch), current, { status: from });
      if (comment) await this.contributions.insertComment(manager, { contributionId: id, authorId: user.id, body: comment, action: input.action });
      await this.audit.append(manager, actor, {
        action: 'contribution.transition',
        entityType: 'contribution',
        entityId: id,
        changes: {
          status: { before: from, after: step.to },
          action: input.action,
          ...(comment ? { comment } : {}),
          // The record says why the validator's step was skipped (or why the coordinators were told).
          ...(rule.when === 'no_validator' ? { reason: 'no_active_validator' } : {}),
        },
      });
      if (rule.notify) await this.notifyStep(manager, id, rule.notify, step.to, comment, user);
      return current();
    });
    this.notifications.afterCommit();
    return result;
  }

  async comments(id: string, user: AuthUser): Promise<CommentListDto> {
    await this.access.requireAccess({ user, permission: Permission.ContributionRead, entity: 'contribution', ids: [id] });
    return { items: (await this.contributions.listComments(id)).map(toCommentDto) };
  }

  async addComment(id: string, input: CreateCommentDto, user: AuthUser, actor: AuditActor): Promise<CommentDto> {
    await this.access.requireAccess({ user, permission: Permission.ContributionComment, entity: 'contribution', ids: [id] });
    return this.dataSource.transaction(async (manager) => {
      await this.versioned.lock(manager, contributionTarget(id), null, () => Promise.resolve());
      const { id: commentId, createdAt } = await this.contributions.insertComment(manager, { contributionId: id, authorId: user.id, body: input.body, action: null });
      await this.audit.append(manager, actor, { action: 'contribution.comment', entityType: 'contribution', entityId: id, changes: { commentId, body: input.body } });
      return toCommentDto({ id: commentId, body: input.body, action: null, createdAt, authorId: user.id, authorName: user.name, authorRole: user.role });
    });
  }

  /** Suggested consolidated status from the latest validated contribution of each lead institution. */
  async statusSuggestion(recommendationId: string, user: AuthUser): Promise<StatusSuggestionDto> {
    await this.access.requireAccess({ user, permission: Permission.RecommendationRead, entity: 'recommendation', ids: [recommendationId] });
    const rows = await this.contributions.latestValidatedOfLeads(recommendationId);
    const validated = rows.filter(isValidatedLead);
    return {
      suggestion: suggestConsolidatedStatus(validated.map((r) => r.implementationStatus)),
      currentStatus: await this.contributions.recommendationStatus(recommendationId),
      basis: validated.map(toStatusSuggestionBasisDto),
      leadsWithoutValidated: rows.length - validated.length,
    };
  }

  /** The contribution as GET answers it, read with `db` (a transaction's manager inside one). */
  /** `evidence`: the contribution's evidence when the caller has just read it under the contribution's lock. */
  private async detail(id: string, role: Role, db: Queryable = this.dataSource.manager, evidence?: readonly EvidenceRow[]): Promise<ContributionDetailDto> {
    const row = await this.contributions.findDetail(id, db);
    if (!row) throw AppException.notFound('Contribution');
    return toContributionDetailDto(row, evidence ?? (await this.evidence.listForContribution(id, db)), role);
  }

  /** Tells the parties of the step's table row (the institution's focal points or validators, the coordinators), in the transaction. */
  private async notifyStep(manager: EntityManager, id: string, notify: NonNullable<ContributionTransition['notify']>, status: ContributionStatus, comment: string, user: AuthUser): Promise<void> {
    const context = await this.contributions.notificationContext(id, manager);
    const institutionRoles = notify.to.filter((party): party is 'focal_point' | 'validator' => party !== 'coordinator');
    const recipients = [
      ...(institutionRoles.length ? await this.recipients.institutionUsers(manager, context.institutionId, institutionRoles) : []),
      ...(notify.to.includes('coordinator') ? await this.recipients.usersWithRole(manager, ['coordinator']) : []),
    ];
    const institution = { id: context.institutionId, code: context.institutionCode, nameAr: context.institutionNameAr, nameFr: context.institutionNameFr, nameEn: context.institutionNameEn };
    await this.notifications.notify(
      manager,
      recipients,
      notify.type,
      {
        contributionId: id,
        campaignId: context.campaignId,
        campaign: context.campaignTitle,
        recommendation: context.recommendationLabel,
        institution,
        actor: user.name,
        status,
        ...(comment ? { comment } : {}),
        ...(notify.mail ? { reason: 'no_active_validator' } : {}),
      },
      {
        recommendation: context.recommendationLabel,
        institution: institutionNames(institution),
        campaign: context.campaignTitle,
        actor: user.name,
        comment,
        link: `${this.config.APP_PUBLIC_URL}/contributions/${id}`,
      },
      user.id,
      notify.mail,
    );
  }
}
