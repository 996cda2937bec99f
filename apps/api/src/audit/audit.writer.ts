import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditActor } from '../common/audit-actor.js';
import { maybeOne, type Queryable } from '../database/sql.js';

export { SYSTEM_ACTOR, type AuditActor } from '../common/audit-actor.js';

export interface AuditEventInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  changes?: Record<string, unknown>;
}

/** Who last changed a record, for the 412 answer (`details.lastChange`). */
export interface LastChange {
  actorName: string | null;
  actorRole: string | null;
  occurredAt: string;
}

/**
 * The only way events enter the audit chain. Events are written inside the caller's transaction
 * (`manager` must be the transaction's): the database assigns id, previous hash and hash under a
 * lock and rejects any later UPDATE or DELETE, so an event commits or rolls back with the change
 * it describes.
 */
@Injectable()
export class AuditWriter {
  async append(manager: EntityManager, actor: AuditActor, event: AuditEventInput): Promise<void> {
    await this.appendMany(manager, actor, [event]);
  }

  /** Many events in one statement, chained in the order given. */
  async appendMany(manager: EntityManager, actor: AuditActor, events: readonly AuditEventInput[]): Promise<void> {
    if (!events.length) return;
    await manager.query(
      `INSERT INTO audit_event (actor_id, actor_role, actor_institution_id, action, entity_type, entity_id, changes, request_id, ip)
       SELECT $1::uuid, $2, $3::uuid, t.a, t.e, t.i, t.c, $4, $5 FROM unnest($6::text[], $7::text[], $8::text[], $9::jsonb[]) WITH ORDINALITY AS t(a, e, i, c, n) ORDER BY t.n`,
      [
        actor.userId,
        actor.role,
        actor.institutionId,
        actor.requestId,
        actor.ip,
        events.map((e) => e.action),
        events.map((e) => e.entityType),
        events.map((e) => e.entityId ?? null),
        events.map((e) => JSON.stringify(e.changes ?? {})),
      ],
    );
  }

  /** The last event about one record: who changed it, when. */
  async lastChange(db: Queryable, entityType: string, entityId: string): Promise<LastChange | null> {
    const row = await maybeOne<{ actorName: string | null; actorRole: string | null; occurredAt: Date }>(
      db,
      `SELECT u.name AS actor_name, e.actor_role, e.occurred_at FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.entity_type = $1 AND e.entity_id = $2 ORDER BY e.id DESC LIMIT 1`,
      [entityType, entityId],
    );
    return row ? { actorName: row.actorName, actorRole: row.actorRole, occurredAt: new Date(row.occurredAt).toISOString() } : null;
  }
}

const writer = new AuditWriter();

/** For code outside Nest's container (seeder, CLI, benchmarks): the same writer. */
export const appendAuditEvent = (manager: EntityManager, actor: AuditActor, event: AuditEventInput): Promise<void> => writer.append(manager, actor, event);
