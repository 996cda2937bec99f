import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isInstitutionScoped, Permission, removesAdmin, userChangeRefusal, UserAdminError } from '@sidh/domain';
import { AccessService } from '../../access/access.service.js';
import { AuditWriter } from '../../audit/audit.writer.js';
import { VersionedWriter, type VersionedTarget } from '../../audit/versioned-writer.js';
import { AuthService } from '../../auth/auth.service.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { AppException } from '../../common/app-exception.js';
import { diff } from '../../common/concurrency.js';
import type { UpdateUserDto, UserDto, UserPageDto, UserQueryDto, UserSummaryDto } from './dto/user.dto.js';
import { toUserDto, toUserSummaryDto } from './dto/user.mapper.js';
import { UserAdminException } from './users.errors.js';
import { UsersRepository, type UserPatch, type UserRow } from './users.repository.js';

/** Changes of these columns end the user's sessions at once. */
const SESSION_COLUMNS = ['role', 'institution_id', 'active'];

const userTarget = (id: string): VersionedTarget => ({ table: 'app_user', entityType: 'user', id, label: 'User' });

/** The audit action of an account change: (de)activation first, then role or institution, else a plain update. */
function actionOf(changes: Record<string, unknown>, next: { active: boolean }): string {
  let action = 'role' in changes || 'institution_id' in changes ? 'user.role_change' : 'user.update';
  if ('active' in changes) action = next.active ? 'user.reactivate' : 'user.deactivate';
  return action;
}

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

  /** Every account (administration reads all; the page and filters are the caller's). */
  async list(query: UserQueryDto): Promise<UserPageDto> {
    const { rows, total } = await this.users.page(this.dataSource.manager, {
      q: query.q,
      role: query.role,
      institutionId: query.institutionId,
      active: query.active,
      lastSignInBefore: query.lastSignInBefore,
      lastSignInAfter: query.lastSignInAfter,
      neverSignedIn: query.neverSignedIn,
      sort: query.sort,
      order: query.order,
      page: query.page,
      pageSize: query.pageSize,
    });
    return { items: rows.map(toUserSummaryDto), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, user: AuthUser): Promise<UserSummaryDto> {
    await this.access.requireAccess({ user, permission: Permission.UserRead, entity: 'user', ids: [id] });
    const row = await this.users.findSummaryById(this.dataSource.manager, id);
    if (!row) throw AppException.notFound('User');
    return toUserSummaryDto(row);
  }

  /**
   * Changes an account under the rules of `user-admin.ts` (nobody changes their own role,
   * institution or activation; the coordinator only manages focal points and validators and only
   * gives those roles; the last active administrator is kept). Role, institution or activation
   * changes end the user's sessions at once (access tokens and refresh families) and are audited
   * with before and after, in the same transaction.
   *
   * Every change first locks the active administrators' rows, then the account's: two requests
   * that would each remove one of the last two administrators run one after the other, and the
   * second is refused (409 `user.last_admin`).
   */
  async update(id: string, version: number, input: UpdateUserDto, user: AuthUser, actor: AuditActor): Promise<UserDto> {
    await this.access.requireAccess({ user, permission: Permission.AccountManage, entity: 'user', ids: [id] });
    return this.dataSource.transaction(async (manager) => {
      const admins = await this.users.lockActiveAdmins(manager);
      const target = userTarget(id);
      // Locked without the version check: a refused caller learns nothing about the version.
      const current = await this.versioned.lock(manager, target, null, () => this.readRow(manager, id));
      const refusal = userChangeRefusal(user, current, { role: input.role, institutionId: input.institutionId, active: input.active });
      if (refusal) throw new UserAdminException(refusal);
      if (current.version !== version) throw await this.versioned.stale(manager, target, toUserDto(current));
      const next: Required<UserPatch> = {
        name: input.name ?? current.name,
        role: input.role ?? current.role,
        institutionId: input.institutionId !== undefined ? input.institutionId : current.institutionId,
        locale: input.locale ?? current.locale,
        active: input.active ?? current.active,
      };
      if (isInstitutionScoped(next.role) && !next.institutionId) throw AppException.validation({ institutionId: 'validation.required' });
      if (next.institutionId && next.institutionId !== current.institutionId && !(await this.users.institutionExists(manager, next.institutionId))) {
        throw AppException.validation({ institutionId: 'validation.unknownCode' });
      }
      if (removesAdmin(current, next) && !admins.some((adminId) => adminId !== id)) throw new UserAdminException(UserAdminError.LastAdmin);
      const changes = diff(this.users.toColumns(current), this.users.toColumns(next));
      if (Object.keys(changes).length === 0) return toUserDto(current);
      await this.versioned.update(manager, target, version, this.users.toColumns(next), () => this.read(manager, id));
      if (SESSION_COLUMNS.some((column) => column in changes)) await this.auth.revokeAllSessions(manager, id);
      await this.audit.append(manager, actor, { action: actionOf(changes, next), entityType: 'user', entityId: id, changes });
      return this.read(manager, id);
    });
  }

  /** Deactivation (every session of the user ends at once) or reactivation: the same rules as `update`. */
  setActive(id: string, version: number, active: boolean, user: AuthUser, actor: AuditActor): Promise<UserDto> {
    return this.update(id, version, { active }, user, actor);
  }

  private async readRow(manager: EntityManager, id: string): Promise<UserRow> {
    const row = await this.users.findById(manager, id);
    if (!row) throw AppException.notFound('User');
    return row;
  }

  private async read(manager: EntityManager, id: string): Promise<UserDto> {
    return toUserDto(await this.readRow(manager, id));
  }
}
