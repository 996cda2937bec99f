import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { hasPermission, Permission, wouldMakeCycle, type MergeRefusalReason } from '@sidh/domain';
import { AccessService } from '../../access/access.service.js';
import { AuditWriter, type AuditEventInput } from '../../audit/audit.writer.js';
import { VersionedWriter, type VersionedTarget } from '../../audit/versioned-writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff } from '../../common/concurrency.js';
import type { Queryable } from '../../database/sql.js';
import { toInvitationDto } from '../invitations/dto/invitation.mapper.js';
import type {
  CreateInstitutionDto,
  DesignateFocalPointsDto,
  InstitutionDetailDto,
  InstitutionDto,
  InstitutionMembersDto,
  InstitutionQueryDto,
  MergePreviewDto,
  MergeResultDto,
  UpdateInstitutionDto,
} from './dto/institution.dto.js';
import { toInstitutionDetailDto, toInstitutionDto, toMemberDto } from './dto/institution.mapper.js';
import { InstitutionErrors } from './institutions.errors.js';
import { InstitutionsRepository, type InstitutionRow, type MergePlan, type ReferenceCounts } from './institutions.repository.js';

const target = (id: string): VersionedTarget => ({ table: 'institution', entityType: 'institution', id, label: 'Institution' });

/** The fields the audit events record (`changes` is their diff). */
const audited = (r: InstitutionRow) => ({ code: r.code, type: r.type, nameAr: r.nameAr, nameFr: r.nameFr, nameEn: r.nameEn, parentId: r.parentId, emailDomains: r.emailDomains, active: r.active });

/**
 * Institutions: the directory (every role reads it), its administration (institution:manage:
 * create, edit, deactivate, merge) and the focal-point designation (institution:designate:
 * admin and coordinator). Every write locks the institution, checks its version and is audited
 * in the same transaction.
 */
@Injectable()
export class InstitutionsService {
  private readonly logger = new Logger(InstitutionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly institutions: InstitutionsRepository,
    private readonly access: AccessService,
    private readonly versioned: VersionedWriter,
    private readonly audit: AuditWriter,
  ) {}

  /** The directory of institutions is not confidential: every signed-in role may read it. */
  async list(filter: InstitutionQueryDto = {}): Promise<InstitutionDto[]> {
    return (await this.institutions.listAll(this.dataSource.manager, filter)).map(toInstitutionDto);
  }

  async get(id: string): Promise<InstitutionDetailDto> {
    return this.detail(this.dataSource.manager, id);
  }

  /**
   * The people of one institution (focal points and validators see only their own institution).
   * Pending invitations are shown to those who may invite, empty for everyone else.
   */
  async members(institutionId: string, user: AuthUser): Promise<InstitutionMembersDto> {
    await this.access.requireAccess({ user, permission: Permission.InstitutionRead, entity: 'institution', ids: [institutionId] });
    const db = this.dataSource.manager;
    const members = (await this.institutions.members(db, institutionId)).map(toMemberDto);
    const pendingInvitations = hasPermission(user.role, Permission.UserInvite) ? (await this.institutions.pendingInvitations(db, institutionId)).map(toInvitationDto) : [];
    return { institutionId, members, pendingInvitations };
  }

  async create(input: CreateInstitutionDto, actor: AuditActor): Promise<InstitutionDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      if (input.parentId) await this.requireParent(manager, input.parentId);
      if (await this.institutions.codeTaken(manager, input.code, null)) throw InstitutionErrors.codeTaken(input.code);
      const row = await this.institutions.insert(manager, {
        code: input.code,
        type: input.type,
        nameAr: input.nameAr,
        nameFr: input.nameFr,
        nameEn: input.nameEn,
        parentId: input.parentId ?? null,
        emailDomains: input.emailDomains ?? [],
      });
      await this.audit.append(manager, actor, { action: 'institution.create', entityType: 'institution', entityId: row.id, changes: diff({}, audited(row)) });
      return this.detail(manager, row.id);
    });
  }

  /** Conditional on the version read (If-Match); the parent never makes a cycle. */
  async update(id: string, version: number, input: UpdateInstitutionDto, actor: AuditActor): Promise<InstitutionDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      // The whole tree is locked for a parent change: two concurrent re-parentings cannot build a cycle between them.
      if (input.parentId !== undefined) await manager.query(`SELECT id FROM institution ORDER BY id FOR UPDATE`);
      const read = () => this.detail(manager, id);
      await this.versioned.lock(manager, target(id), version, read);
      const before = (await this.institutions.findById(manager, id))!;
      if (input.parentId) {
        await this.requireParent(manager, input.parentId);
        if (wouldMakeCycle(id, input.parentId, await this.institutions.parents(manager))) throw InstitutionErrors.parentCycle();
      }
      if (input.code !== undefined && (await this.institutions.codeTaken(manager, input.code, id))) throw InstitutionErrors.codeTaken(input.code);
      const patch = this.institutions.columns(input);
      if (Object.keys(patch).length > 0) await this.versioned.update(manager, target(id), version, patch, read);
      const after = (await this.institutions.findById(manager, id))!;
      await this.audit.append(manager, actor, { action: 'institution.update', entityType: 'institution', entityId: id, changes: diff(audited(before), audited(after)) });
      return read();
    });
  }

  /**
   * Deactivates or reactivates. A deactivated institution keeps its history (assignments,
   * contributions, people) but gets no new assignment, campaign row, invitation or designation.
   * A merged institution cannot be reactivated (409 `institution.merge_refused`).
   */
  async setActive(id: string, version: number, active: boolean, actor: AuditActor): Promise<InstitutionDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const read = () => this.detail(manager, id);
      await this.versioned.lock(manager, target(id), version, read);
      const before = (await this.institutions.findById(manager, id))!;
      if (before.mergedIntoId) throw InstitutionErrors.mergeRefused('source_inactive');
      if (before.active !== active) await this.versioned.update(manager, target(id), version, { active }, read);
      await this.audit.append(manager, actor, {
        action: active ? 'institution.reactivate' : 'institution.deactivate',
        entityType: 'institution',
        entityId: id,
        changes: { active: { before: before.active, after: active } },
      });
      return read();
    });
  }

  /** What a merge would move, and whether it is possible; reads only. */
  async mergePreview(id: string, targetId: string): Promise<MergePreviewDto> {
    const db = this.dataSource.manager;
    const source = await this.institutions.findById(db, id);
    if (!source) throw AppException.notFound('Institution');
    const into = await this.institutions.findById(db, targetId);
    if (!into) throw AppException.validation({ targetId: 'validation.unknownCode' });
    const refusal = this.mergeRefusal(source, into, await this.institutions.parents(db));
    const plan = refusal === 'self' ? null : await this.institutions.mergePlan(db, id, targetId);
    return {
      sourceId: id,
      targetId,
      moves: plan ? planCounts(plan) : await this.institutions.counts(db, id),
      deduplicatedAssignments: plan?.foldedAssignments.length ?? 0,
      droppedDrafts: plan?.droppedDrafts.length ?? 0,
      conflicts: plan?.conflicts ?? [],
      refusal,
      version: source.version,
    };
  }

  /**
   * Merges `id` into `targetId` in one transaction: both rows locked in a fixed order (by id), the
   * refusals checked under the locks, every reference moved (assignments folded where the target
   * has the same recommendation), the source deactivated with `merged_into_id`. Audit: one event
   * per moved row (the database refuses a row no event names) and the `institution.merge` event
   * listing every moved id by kind.
   */
  async merge(id: string, version: number | null, targetId: string, actor: AuditActor): Promise<MergeResultDto> {
    if (id === targetId) throw InstitutionErrors.mergeRefused('self');
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.institutions.lockInOrder(manager, [id, targetId]);
      const source = locked.get(id);
      if (!source) throw AppException.notFound('Institution');
      const into = locked.get(targetId);
      if (!into) throw AppException.validation({ targetId: 'validation.unknownCode' });
      if (version !== null && source.version !== version) throw await this.versioned.stale(manager, target(id), toInstitutionDto(source));
      const refusal = this.mergeRefusal(source, into, await this.institutions.parents(manager));
      if (refusal) throw InstitutionErrors.mergeRefused(refusal);
      const plan = await this.institutions.mergePlan(manager, id, targetId);
      if (plan.conflicts.length) throw InstitutionErrors.mergeConflict(plan.conflicts);
      await this.institutions.applyMerge(manager, id, targetId, plan);
      const remaining = await this.institutions.remainingReferences(manager, id);
      // A row written meanwhile (an invitation accepted into the source) or a table added later and not
      // moved here: refuse, and roll back, rather than leave references behind.
      if (Object.keys(remaining).length) {
        this.logger.warn(`merge refused: references to the source remain in ${Object.keys(remaining).join(', ')}`);
        throw InstitutionErrors.mergeRefused('changed_meanwhile');
      }
      await this.audit.appendMany(manager, actor, mergeEvents(id, targetId, plan));
      return {
        target: toInstitutionDto((await this.institutions.findById(manager, targetId))!),
        moved: planCounts(plan),
        deduplicatedAssignments: plan.foldedAssignments.length,
        droppedDrafts: plan.droppedDrafts.length,
      };
    });
  }

  /**
   * Designates the main focal point and the alternates: every one must be an active focal point
   * of the institution; every other focal point of it becomes undesignated. Locks the institution
   * (its version moves), so two designations never leave two main focal points.
   */
  async designate(id: string, version: number, input: DesignateFocalPointsDto, actor: AuditActor): Promise<InstitutionDetailDto> {
    const alternates = [...new Set(input.alternateUserIds)].filter((u) => u !== input.mainUserId);
    return this.dataSource.transaction(async (manager) => {
      const read = () => this.detail(manager, id);
      await this.versioned.lock(manager, target(id), version, read);
      const institution = (await this.institutions.findById(manager, id))!;
      if (!institution.active) throw InstitutionErrors.inactive([id]);
      const focalPoints = await manager.query(
        `SELECT id, focal_point_kind, active FROM app_user WHERE institution_id = $1 AND role = 'focal_point' ORDER BY created_at, id FOR UPDATE`,
        [id],
      ) as Array<{ id: string; focal_point_kind: string | null; active: boolean }>;
      const eligible = new Set(focalPoints.filter((f) => f.active).map((f) => f.id));
      const wanted = [...(input.mainUserId ? [input.mainUserId] : []), ...alternates];
      const invalid = wanted.filter((u) => !eligible.has(u));
      if (invalid.length) throw InstitutionErrors.designationInvalid(invalid);
      const kindOf = (userId: string): string | null => (userId === input.mainUserId ? 'main' : alternates.includes(userId) ? 'alternate' : null);
      const events: AuditEventInput[] = [];
      for (const f of focalPoints) {
        const kind = kindOf(f.id);
        if (kind === f.focal_point_kind) continue;
        await this.institutions.setDesignation(manager, f.id, kind);
        events.push({ action: 'user.designate', entityType: 'user', entityId: f.id, changes: { institutionId: id, focalPointKind: { before: f.focal_point_kind, after: kind } } });
      }
      await this.versioned.update(manager, target(id), version, {}, read);
      await this.audit.appendMany(manager, actor, [
        { action: 'institution.designate_focal_points', entityType: 'institution', entityId: id, changes: { mainUserId: input.mainUserId, alternateUserIds: alternates } },
        ...events,
      ]);
      return read();
    });
  }

  private async detail(db: Queryable, id: string): Promise<InstitutionDetailDto> {
    const row = await this.institutions.findById(db, id);
    if (!row) throw AppException.notFound('Institution');
    return toInstitutionDetailDto(row, await this.institutions.counts(db, id), await this.institutions.focalPoints(db, id));
  }

  /** A parent must exist and be active (400 naming `parentId`, 409 when deactivated). */
  private async requireParent(manager: EntityManager, parentId: string): Promise<void> {
    const parent = await this.institutions.findById(manager, parentId);
    if (!parent) throw AppException.validation({ parentId: 'validation.unknownCode' });
    if (!parent.active) throw InstitutionErrors.inactive([parentId]);
  }

  private mergeRefusal(source: InstitutionRow, into: InstitutionRow, parents: ReadonlyMap<string, string | null>): MergeRefusalReason | null {
    if (source.id === into.id) return 'self';
    if (!source.active || source.mergedIntoId) return 'source_inactive';
    if (!into.active || into.mergedIntoId) return 'target_inactive';
    // Merging into one's own descendant: the source's children would get a parent below them.
    if (wouldMakeCycle(source.id, into.id, parents)) return 'cycle';
    return null;
  }
}

function planCounts(plan: MergePlan): ReferenceCounts {
  return {
    assignments: plan.movedAssignments.length + plan.foldedAssignments.length,
    contributions: plan.contributions.length,
    evidence: plan.evidenceIds.length,
    comments: plan.commentIds.length,
    campaigns: plan.campaigns.length,
    users: plan.users.length,
    invitations: plan.invitations.length,
    children: plan.children.length,
  };
}

/** The merge event (listing every id by kind) and one event per row the merge changed. */
function mergeEvents(source: string, into: string, plan: MergePlan): AuditEventInput[] {
  const move = { institutionId: { before: source, after: into }, mergeOf: source };
  return [
    {
      action: 'institution.merge',
      entityType: 'institution',
      entityId: source,
      changes: {
        targetId: into,
        active: { before: true, after: false },
        mergedIntoId: { before: null, after: into },
        moved: {
          assignments: plan.movedAssignments.map((a) => a.id),
          foldedAssignments: plan.foldedAssignments.map((f) => ({ id: f.id, into: f.intoId })),
          contributions: plan.contributions.map((c) => c.id),
          droppedDrafts: plan.droppedDrafts,
          evidence: plan.evidenceIds,
          comments: plan.commentIds,
          campaigns: plan.campaigns.map((c) => c.id),
          users: plan.users.map((u) => u.id),
          invitations: plan.invitations,
          children: plan.children,
        },
      },
    },
    { action: 'institution.absorb', entityType: 'institution', entityId: into, changes: { mergedFrom: source } },
    ...plan.droppedDrafts.map((d) => ({ action: 'contribution.merge_drop', entityType: 'contribution', entityId: d.id, changes: { mergeOf: source, side: d.side, campaignId: d.campaignId, recommendationId: d.recommendationId } })),
    ...plan.foldedAssignments.flatMap((f) => [
      { action: 'assignment.merge_fold', entityType: 'assignment', entityId: f.id, changes: { ...move, foldedInto: f.intoId } },
      { action: 'assignment.merge_absorb', entityType: 'assignment', entityId: f.intoId, changes: { mergeOf: source, absorbed: f.id, role: f.role, dueDate: f.dueDate } },
    ]),
    ...plan.movedAssignments.map((a) => ({ action: 'assignment.merge_move', entityType: 'assignment', entityId: a.id, changes: move })),
    ...plan.contributions.map((c) => ({
      action: 'contribution.merge_move',
      entityType: 'contribution',
      entityId: c.id,
      changes: { ...move, ...(c.assignmentId !== c.intoAssignmentId ? { assignmentId: { before: c.assignmentId, after: c.intoAssignmentId } } : {}) },
    })),
    ...plan.campaigns.map((c) => ({ action: 'campaign.merge_move', entityType: 'campaign', entityId: c.id, changes: { ...move, targetAlreadyIn: c.alsoTarget } })),
    ...plan.users.map((u) => ({ action: 'user.merge_move', entityType: 'user', entityId: u.id, changes: move })),
    ...plan.invitations.map((i) => ({ action: 'invitation.merge_move', entityType: 'invitation', entityId: i, changes: move })),
    ...plan.children.map((c) => ({ action: 'institution.merge_reparent', entityType: 'institution', entityId: c, changes: { parentId: { before: source, after: into }, mergeOf: source } })),
  ];
}
