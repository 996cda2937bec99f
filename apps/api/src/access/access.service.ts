import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hasPermission, type Permission } from '@sidh/domain';
import { AppException } from '../common/app-exception.js';
import type { AuthUser } from '../common/auth-user.js';
import { many, SqlParams, type Queryable } from '../database/sql.js';
import { scopeClause, scopeFor, tableOf, type Scope, type ScopedEntity } from './scope.js';

export interface AccessRequest {
  user: AuthUser;
  /** The permission the action needs (the route's guard has checked it too: this is the service's own check). */
  permission: Permission;
  entity: ScopedEntity;
  ids: readonly string[];
  /** A transaction's manager, when the check must see its writes. */
  db?: Queryable;
}

const LABELS: Record<ScopedEntity, string> = {
  recommendation: 'Recommendation',
  assignment: 'Assignment',
  contribution: 'Contribution',
  evidence: 'Evidence',
  campaign: 'Campaign',
  institution: 'Institution',
  user: 'User',
};

/**
 * Record-level access, checked in batches: every service method that takes an id calls
 * `requireAccess` before anything else. Ids that do not exist and ids outside the caller's scope
 * get the same 404, so existence is not disclosed.
 */
@Injectable()
export class AccessService {
  private readonly logger = new Logger(AccessService.name);

  constructor(private readonly dataSource: DataSource) {}

  scopeFor(user: AuthUser): Scope {
    return scopeFor(user);
  }

  async requireAccess(request: AccessRequest): Promise<Scope> {
    const { user, permission, entity } = request;
    if (!hasPermission(user.role, permission)) {
      this.logger.warn({ event: 'authz_fail', userId: user.id, permission });
      throw AppException.forbidden();
    }
    const scope = scopeFor(user);
    const ids = [...new Set(request.ids)];
    if (ids.length === 0) return scope;
    const params = new SqlParams();
    const idList = params.add(ids);
    const clause = scopeClause(scope, entity, 'x', params);
    const found = await many<{ id: string }>(
      request.db ?? this.dataSource.manager,
      `SELECT x.id::text AS id FROM ${tableOf(entity)} x WHERE x.id = ANY(${idList}::uuid[])${clause ? ` AND ${clause}` : ''}`,
      params.values,
    );
    if (found.length !== ids.length) {
      if (scope.kind === 'institution') this.logger.warn({ event: 'access_denied', userId: user.id, entity, requested: ids.length, allowed: found.length });
      throw AppException.notFound(LABELS[entity]);
    }
    return scope;
  }
}
