import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { many } from '../database/sql.js';
import type { ChainEventRow } from './chain.js';
import type { AuditEventRow } from './dto/audit.dto.js';

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findPage(filter: { entityType?: string; entityId?: string }, page: number, pageSize: number): Promise<{ rows: AuditEventRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.entityType) where.push(`e.entity_type = $${params.push(filter.entityType)}`);
    if (filter.entityId) where.push(`e.entity_id = $${params.push(filter.entityId)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_event e ${clause}`, params);
    const rows: AuditEventRow[] = await this.dataSource.query(
      `SELECT e.*, u.name AS actor_name FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        ${clause} ORDER BY e.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  async findForEntity(entityType: string, entityId: string): Promise<AuditEventRow[]> {
    return this.dataSource.query(
      `SELECT e.*, u.name AS actor_name FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.entity_type = $1 AND e.entity_id = $2 ORDER BY e.id DESC LIMIT 500`,
      [entityType, entityId],
    );
  }

  /**
   * One batch of the chain, in id order after `afterId`, as text: exactly the bytes the verifier
   * hashes (audit/chain.ts). Builtins are schema-qualified so that no function of the database's
   * owner is called.
   */
  chainBatch(afterId: string, limit: number): Promise<ChainEventRow[]> {
    return many<ChainEventRow>(
      this.dataSource.manager,
      `SELECT e.id::text AS id, pg_catalog.to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
              e.actor_id::text AS actor_id, e.actor_role, e.actor_institution_id::text AS actor_institution_id, e.action, e.entity_type, e.entity_id,
              e.changes::text AS changes, e.request_id, e.ip, e.tx_id::text AS tx_id, e.prev_hash, e.hash, e.event_key::text AS event_key, e.mac
         FROM audit_event e WHERE e.id > $1::bigint ORDER BY e.id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** The stored hash of one event, or null when there is no such event. */
  async hashOf(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT hash FROM audit_event WHERE id = $1`, [id]);
    return row?.hash ?? null;
  }
}
