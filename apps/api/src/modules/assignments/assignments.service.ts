import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAuditEvent, type AuditActor } from '../../audit/audit.writer.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff, staleError } from '../../common/concurrency.js';
import { scopeOf } from '../recommendations/recommendations.service.js';
import { AssignmentsRepository } from './assignments.repository.js';
import type { AssignmentDto, AssignmentListDto, AssignmentQueryDto, BulkAssignDto, BulkAssignResultDto, CreateAssignmentDto, UpdateAssignmentDto } from './dto/assignment.dto.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function toAssignmentDto(r: Row): AssignmentDto {
  return {
    id: r['id'],
    recommendation: { id: r['recommendation_id'], documentSymbol: r['document_symbol'], paragraph: r['paragraph'], bodyCode: r['body_code'] },
    institution: { id: r['institution_id'], code: r['institution_code'], nameAr: r['name_ar'], nameFr: r['name_fr'], nameEn: r['name_en'] },
    role: r['role'],
    dueDate: r['due_date'],
    contributionCount: r['contribution_count'],
    version: r['version'],
    createdAt: new Date(r['created_at']).toISOString(),
    updatedAt: new Date(r['updated_at']).toISOString(),
  };
}

const auditable = (a: AssignmentDto) => ({ recommendationId: a.recommendation.id, institutionId: a.institution.id, role: a.role, dueDate: a.dueDate });

@Injectable()
export class AssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: AssignmentsRepository,
  ) {}

  async list(query: AssignmentQueryDto, user: AuthUser): Promise<AssignmentListDto> {
    const { page, pageSize, ...filter } = query;
    const { rows, total } = await this.assignments.search(filter, scopeOf(user).institutionId, page, pageSize);
    return { items: rows.map(toAssignmentDto), total, page, pageSize };
  }

  async get(id: string, user: AuthUser): Promise<AssignmentDto> {
    const row = await this.assignments.find(id, scopeOf(user).institutionId);
    if (!row) throw AppException.notFound('Assignment');
    return toAssignmentDto(row);
  }

  async create(input: CreateAssignmentDto, actor: AuditActor): Promise<AssignmentDto> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.assignments.exists(manager, 'recommendation', input.recommendationId))) throw AppException.validation({ recommendationId: 'validation.unknownCode' });
      if (!(await this.assignments.exists(manager, 'institution', input.institutionId))) throw AppException.validation({ institutionId: 'validation.unknownCode' });
      const id = await this.assignments.insert(manager, { recommendationId: input.recommendationId, institutionId: input.institutionId, role: input.role, dueDate: input.dueDate ?? null });
      if (!id) throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'The recommendation is already assigned to this institution');
      const created = toAssignmentDto((await this.assignments.find(id, null, manager))!);
      await appendAuditEvent(manager, actor, { action: 'assignment.create', entityType: 'assignment', entityId: id, changes: diff({}, auditable(created)) });
      return created;
    });
  }

  /** One audited operation: every created assignment is listed in the single audit event. */
  async bulk(input: BulkAssignDto, actor: AuditActor): Promise<BulkAssignResultDto> {
    if (!input.filter && !input.recommendationIds) throw AppException.validation({ filter: 'validation.required' });
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.assignments.exists(manager, 'institution', input.institutionId))) throw AppException.validation({ institutionId: 'validation.unknownCode' });
      const source = { ...(input.filter ? { filter: input.filter } : {}), ...(input.recommendationIds ? { recommendationIds: input.recommendationIds } : {}) };
      const { created, matched } = await this.assignments.insertBulk(manager, source, { institutionId: input.institutionId, role: input.role, dueDate: input.dueDate ?? null });
      if (created.length > 0) {
        await appendAuditEvent(manager, actor, {
          action: 'assignment.bulk_create',
          entityType: 'assignment',
          entityId: null,
          changes: { institutionId: input.institutionId, role: input.role, dueDate: input.dueDate ?? null, assignmentIds: created, source },
        });
      }
      return { created: created.length, skipped: matched - created.length };
    });
  }

  /** Reassign (institution), change role or due date; conditional on the version read. Contributions already written stay with their institution. */
  async update(id: string, version: number, input: UpdateAssignmentDto, actor: AuditActor): Promise<AssignmentDto> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.assignments.lockForUpdate(manager, id);
      if (!locked) throw AppException.notFound('Assignment');
      const before = toAssignmentDto((await this.assignments.find(id, null, manager))!);
      if (locked['version'] !== version) throw staleError({ current: before, lastChange: await this.assignments.lastChange(manager, id) });
      if (input.institutionId && !(await this.assignments.exists(manager, 'institution', input.institutionId))) throw AppException.validation({ institutionId: 'validation.unknownCode' });
      const values: Record<string, unknown> = {};
      if (input.institutionId !== undefined) values['institution_id'] = input.institutionId;
      if (input.role !== undefined) values['role'] = input.role;
      if (input.dueDate !== undefined) values['due_date'] = input.dueDate;
      if (!(await this.assignments.updateIfVersion(manager, id, version, values))) throw staleError({ current: before, lastChange: await this.assignments.lastChange(manager, id) });
      const after = toAssignmentDto((await this.assignments.find(id, null, manager))!);
      const action = input.institutionId && input.institutionId !== before.institution.id ? 'assignment.reassign' : 'assignment.update';
      await appendAuditEvent(manager, actor, { action, entityType: 'assignment', entityId: id, changes: diff(auditable(before), auditable(after)) });
      return after;
    });
  }

  /** Refused (409) once contributions exist: they are history and keep their assignment. */
  async remove(id: string, version: number, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.assignments.lockForUpdate(manager, id);
      if (!locked) throw AppException.notFound('Assignment');
      const before = toAssignmentDto((await this.assignments.find(id, null, manager))!);
      if (locked['version'] !== version) throw staleError({ current: before, lastChange: await this.assignments.lastChange(manager, id) });
      if (before.contributionCount > 0) {
        throw new AppException(HttpStatus.CONFLICT, ErrorCode.AssignmentHasContributions, 'The assignment has contributions; reassign it instead', { contributionCount: before.contributionCount });
      }
      if (!(await this.assignments.deleteIfVersion(manager, id, version))) throw staleError({ current: before, lastChange: await this.assignments.lastChange(manager, id) });
      const fields = auditable(before);
      await appendAuditEvent(manager, actor, { action: 'assignment.delete', entityType: 'assignment', entityId: id, changes: diff(fields, Object.fromEntries(Object.keys(fields).map((k) => [k, null]))) });
    });
  }
}
