import type { EntityManager } from 'typeorm';

/** Who did it, from where: carried from the request into every audit event. */
export interface AuditActor {
  userId: string | null;
  role: string | null;
  institutionId: string | null;
  requestId: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, role: 'system', institutionId: null, requestId: null, ip: null };

export interface AuditEventInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  changes?: Record<string, unknown>;
}

/**
 * Appends one event to the audit chain inside the caller's transaction (`manager` must be the
 * transaction's). The database assigns id, previous hash and hash under a lock, and rejects any
 * later UPDATE or DELETE, so the event commits or rolls back with the change it describes.
 */
export async function appendAuditEvent(manager: EntityManager, actor: AuditActor, event: AuditEventInput): Promise<void> {
  await manager.query(
    `INSERT INTO audit_event (actor_id, actor_role, actor_institution_id, action, entity_type, entity_id, changes, request_id, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
    [
      actor.userId,
      actor.role,
      actor.institutionId,
      event.action,
      event.entityType,
      event.entityId ?? null,
      JSON.stringify(event.changes ?? {}),
      actor.requestId,
      actor.ip,
    ],
  );
}
