import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { auditMacText } from '@sidh/domain';
import type { EntityManager } from 'typeorm';
import type { AuditActor } from '../common/audit-actor.js';
import { AppConfig, loadConfig } from '../config/app-config.js';
import { maybeOne, type Queryable } from '../database/sql.js';
import { auditMacKey } from './audit-keys.js';
import { hmacSha256Hex } from './chain.js';

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
 * (`manager` must be the transaction's), so an event commits or rolls back with the change it
 * describes. They wait in `audit_event_pending`, without any lock, until the transaction commits:
 * the database then moves them into `audit_event`, assigning id, previous hash and hash under the
 * chain's lock, and rejects any later UPDATE or DELETE (docs/decisions/0012-audit-commit-order.md).
 * Until the commit, the transaction's own events are in `audit_event_pending`, not in `audit_event`.
 * Each event also carries a random key and a MAC of its content under a key the database never
 * holds, so an event inserted or edited behind the application is detected.
 */
@Injectable()
export class AuditWriter {
  /** HMAC-SHA256 under the MAC key, its padded key blocks prepared once (the same MAC as `eventMac`: chain.spec.ts). */
  private readonly mac: (text: string) => string;

  constructor(config: AppConfig) {
    this.mac = hmacSha256Hex(auditMacKey(config));
    rememberProcessWriter(this);
  }

  async append(manager: EntityManager, actor: AuditActor, event: AuditEventInput): Promise<void> {
    await this.appendMany(manager, actor, [event]);
  }

  /** Many events in one statement, chained at commit in the order given. */
  async appendMany(manager: EntityManager, actor: AuditActor, events: readonly AuditEventInput[]): Promise<void> {
    if (!events.length) return;
    const keys = events.map(() => randomUUID());
    // Each event's changes serialised once: the text the insert sends, and the MAC's bytes read from
    // it (`auditMacText`: canonicalJson(JSON.parse(text)), as `eventMac` over `jsonData(changes)`,
    // and as the verifier reads the stored text). An import MACs 40,000 events of a few kB each.
    const changes = events.map((e) => JSON.stringify(e.changes ?? {}));
    const macs = events.map((e, i) => {
      const bytes = auditMacText({
        eventKey: keys[i]!,
        actorId: actor.userId,
        actorRole: actor.role,
        actorInstitutionId: actor.institutionId,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId ?? null,
        changes: changes[i]!,
        requestId: actor.requestId,
        ip: actor.ip,
      });
      if (bytes === null) throw new TypeError('audit event changes are not JSON data');
      return this.mac(bytes);
    });
    await manager.query(
      `INSERT INTO audit_event_pending (actor_id, actor_role, actor_institution_id, action, entity_type, entity_id, changes, request_id, ip, event_key, mac)
       SELECT $1::uuid, $2, $3::uuid, t.a, t.e, t.i, t.c, $4, $5, t.k, t.m
         FROM unnest($6::text[], $7::text[], $8::text[], $9::jsonb[], $10::uuid[], $11::text[]) WITH ORDINALITY AS t(a, e, i, c, k, m, n) ORDER BY t.n`,
      [
        actor.userId,
        actor.role,
        actor.institutionId,
        actor.requestId,
        actor.ip,
        events.map((e) => e.action),
        events.map((e) => e.entityType),
        events.map((e) => e.entityId ?? null),
        changes,
        keys,
        macs,
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

/**
 * For code outside a request (seeder, CLI, benchmarks, tests): the writer of the application
 * created last in this process, so that its events carry the same MAC key; without an
 * application (the CLI), a writer configured from the environment.
 */
let processWriter: AuditWriter | null = null;
function rememberProcessWriter(writer: AuditWriter): void {
  processWriter = writer;
}
export function appendAuditEvent(manager: EntityManager, actor: AuditActor, event: AuditEventInput): Promise<void> {
  processWriter ??= new AuditWriter(loadConfig());
  return processWriter.append(manager, actor, event);
}
