import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Permission } from '@sidh/domain';
import { AccessService } from '../../access/access.service.js';
import { AuditWriter } from '../../audit/audit.writer.js';
import { VersionedWriter, type VersionedTarget } from '../../audit/versioned-writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff } from '../../common/concurrency.js';
import type { Queryable } from '../../database/sql.js';
import { requireActiveInstitutions } from '../institutions/institution-rules.js';
import { AssignmentErrors } from './assignments.errors.js';
import { AssignmentsRepository, type BulkSource } from './assignments.repository.js';
import type { AssignmentDto, AssignmentListDto, AssignmentQueryDto, BulkAssignDto, BulkAssignResultDto, CreateAssignmentDto, UpdateAssignmentDto } from './dto/assignment.dto.js';
import { toAssignmentDto } from './dto/assignment.mapper.js';

const target = (id: string): VersionedTarget => ({ table: 'assignment', entityType: 'assignment', id, label: 'Assignment' });

/** The fields the audit events record (`changes` is their diff). */
const audited = (a: AssignmentDto) => ({ recommendationId: a.recommendation.id, institutionId: a.institution.id, role: a.role, dueDate: a.dueDate });

@Injectable()
export class AssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: AssignmentsRepository,
    private readonly access: AccessService,
    private readonly versioned: VersionedWriter,
    private readonly audit: AuditWriter,
  ) {}

  /** Focal points and validators see their institution's assignments only (their `institutionId` filter cannot widen that). */
  async list(query: AssignmentQueryDto, user: AuthUser): Promise<AssignmentListDto> {
    const { page, pageSize, ...filter } = query;
    const { rows, total } = await this.assignments.search(filter, this.access.scopeFor(user), page, pageSize);
    return { items: rows.map(toAssignmentDto), total, page, pageSize };
  }

  async get(id: string, user: AuthUser): Promise<AssignmentDto> {
    await this.access.requireAccess({ user, permission: Permission.AssignmentRead, entity: 'assignment', ids: [id] });
    return this.read(this.dataSource.manager, id);
  }

  async create(input: CreateAssignmentDto, actor: AuditActor): Promise<AssignmentDto> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.assignments.recommendationExists(manager, input.recommendationId))) throw AssignmentErrors.unknown('recommendationId');
      if (!(await this.assignments.institutionExists(manager, input.institutionId))) throw AssignmentErrors.unknown('institutionId');
      await requireActiveInstitutions(manager, [input.institutionId]);
      const id = await this.assignments.insert(manager, { recommendationId: input.recommendationId, institutionId: input.institutionId, role: input.role, dueDate: input.dueDate ?? null });
      if (!id) throw AssignmentErrors.alreadyAssigned();
      const created = await this.read(manager, id);
      await this.audit.append(manager, actor, { action: 'assignment.create', entityType: 'assignment', entityId: id, changes: diff({}, audited(created)) });
      return created;
    });
  }

  /** One audited operation: every created assignment is listed in the single audit event. */
  async bulk(input: BulkAssignDto, actor: AuditActor): Promise<BulkAssignResultDto> {
    if (!input.filter && !input.recommendationIds) throw AssignmentErrors.noSource();
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.assignments.institutionExists(manager, input.institutionId))) throw AssignmentErrors.unknown('institutionId');
      await requireActiveInstitutions(manager, [input.institutionId]);
      const source: BulkSource = { ...(input.filter ? { filter: input.filter } : {}), ...(input.recommendationIds ? { recommendationIds: input.recommendationIds } : {}) };
      const dueDate = input.dueDate ?? null;
      const { created, matched } = await this.assignments.insertBulk(manager, source, { institutionId: input.institutionId, role: input.role, dueDate });
      if (created.length > 0) {
        // The summary, then one event naming each assignment: its history starts with its creation
        // (and the database refuses a row no event of the transaction names).
        await this.audit.appendMany(manager, actor, [
          { action: 'assignment.bulk_create', entityType: 'assignment', entityId: null, changes: { institutionId: input.institutionId, role: input.role, dueDate, assignmentIds: created, source } },
          ...created.map((id) => ({
            action: 'assignment.create',
            entityType: 'assignment',
            entityId: id,
            changes: { institutionId: { before: null, after: input.institutionId }, role: { before: null, after: input.role }, dueDate: { before: null, after: dueDate }, bulk: true },
          })),
        ]);
      }
      return { created: created.length, skipped: matched - created.length };
    });
  }

  /** Reassign (institution), change role or due date; conditional on the version read. Contributions already written stay with their institution. */
  async update(id: string, version: number, input: UpdateAssignmentDto, user: AuthUser, actor: AuditActor): Promise<AssignmentDto> {
    await this.access.requireAccess({ user, permission: Permission.AssignmentManage, entity: 'assignment', ids: [id] });
    return this.dataSource.transaction(async (manager) => {
      const read = () => this.read(manager, id);
      const before = await this.versioned.lock(manager, target(id), version, read);
      if (input.institutionId && !(await this.assignments.institutionExists(manager, input.institutionId))) throw AssignmentErrors.unknown('institutionId');
      if (input.institutionId && input.institutionId !== before.institution.id) await requireActiveInstitutions(manager, [input.institutionId]);
      const patch = this.assignments.columns({ institutionId: input.institutionId, role: input.role, dueDate: input.dueDate });
      await this.versioned.update(manager, target(id), version, patch, read);
      const after = await read();
      const action = input.institutionId && input.institutionId !== before.institution.id ? 'assignment.reassign' : 'assignment.update';
      await this.audit.append(manager, actor, { action, entityType: 'assignment', entityId: id, changes: diff(audited(before), audited(after)) });
      return after;
    });
  }

  /** Refused (409) once contributions exist: they are history and keep their assignment. */
  async remove(id: string, version: number, user: AuthUser, actor: AuditActor): Promise<void> {
    await this.access.requireAccess({ user, permission: Permission.AssignmentManage, entity: 'assignment', ids: [id] });
    await this.dataSource.transaction(async (manager) => {
      const read = () => this.read(manager, id);
      const before = await this.versioned.lock(manager, target(id), version, read);
      if (before.contributionCount > 0) throw AssignmentErrors.hasContributions(before.contributionCount);
      await this.versioned.delete(manager, target(id), version, read);
      const fields = audited(before);
      const cleared = { recommendationId: null, institutionId: null, role: null, dueDate: null };
      await this.audit.append(manager, actor, { action: 'assignment.delete', entityType: 'assignment', entityId: id, changes: diff<Record<string, unknown>>(fields, cleared) });
    });
  }

  private async read(db: Queryable, id: string): Promise<AssignmentDto> {
    const row = await this.assignments.findById(db, id);
    if (!row) throw AppException.notFound('Assignment');
    return toAssignmentDto(row);
  }
}
