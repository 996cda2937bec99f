import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isInstitutionScoped, Permission } from '@sidh/domain';
import { AccessService } from '../../access/access.service.js';
import { AuditWriter } from '../../audit/audit.writer.js';
import { VersionedWriter, type VersionedTarget } from '../../audit/versioned-writer.js';
import { AuthService } from '../../auth/auth.service.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { AppException } from '../../common/app-exception.js';
import { diff } from '../../common/concurrency.js';
import type { UpdateUserDto, UserDto } from './dto/user.dto.js';
import { toUserDto } from './dto/user.mapper.js';
import { UsersRepository, type UserPatch } from './users.repository.js';

/** Changes of these columns end the user's sessions at once. */
const SESSION_COLUMNS = ['role', 'institution_id', 'active'];

const userTarget = (id: string): VersionedTarget => ({ table: 'app_user', entityType: 'user', id, label: 'User' });

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly versioned: VersionedWriter,
    private readonly audit: AuditWriter,
    private readonly auth: AuthService,
    private readonly access: AccessService,
  ) {}

  async list(): Promise<UserDto[]> {
    return (await this.users.listAll(this.dataSource.manager)).map(toUserDto);
  }

  /**
   * Role, institution or activation changes end the user's sessions at once (their access
   * tokens and refresh families stop working) and are audited with before and after.
   */
  async update(id: string, version: number, input: UpdateUserDto, user: AuthUser, actor: AuditActor): Promise<UserDto> {
    await this.access.requireAccess({ user, permission: Permission.UserManage, entity: 'user', ids: [id] });
    return this.dataSource.transaction(async (manager) => {
      const target = userTarget(id);
      const current = await this.versioned.lock(manager, target, version, () => this.read(manager, id));
      const next: Required<UserPatch> = {
        name: input.name ?? current.name,
        role: input.role ?? current.role,
        institutionId: input.institutionId !== undefined ? input.institutionId : current.institutionId,
        locale: input.locale ?? current.locale,
        active: input.active ?? current.active,
      };
      if (isInstitutionScoped(next.role) && !next.institutionId) throw AppException.validation({ institutionId: 'validation.required' });
      const changes = diff(this.users.toColumns(current), this.users.toColumns(next));
      if (Object.keys(changes).length === 0) return current;
      await this.versioned.update(manager, target, version, this.users.toColumns(next), () => this.read(manager, id));
      if (SESSION_COLUMNS.some((column) => column in changes)) await this.auth.revokeAllSessions(manager, id);
      const action = 'role' in changes || 'institution_id' in changes ? 'user.role_change' : 'user.update';
      await this.audit.append(manager, actor, { action, entityType: 'user', entityId: id, changes });
      return this.read(manager, id);
    });
  }

  private async read(manager: EntityManager, id: string): Promise<UserDto> {
    const row = await this.users.findById(manager, id);
    if (!row) throw AppException.notFound('User');
    return toUserDto(row);
  }
}
