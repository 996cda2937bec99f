import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEventRow } from './dto/audit.dto.js';

const GENESIS = '0'.repeat(64);

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
   * Recomputes every hash from the stored fields and checks each event names its predecessor:
   * an edit, a deletion, an insertion or a reordering breaks the chain at the first altered event.
   * One statement, so the head it reports is the head of the chain it checked.
   */
  async verifyChain(): Promise<{ intact: boolean; eventsChecked: number; firstBrokenEventId: string | null; headId: string | null; headHash: string | null }> {
    const [row]: Array<{ n: number; first_broken: string | null; head_id: string | null; head_hash: string | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS n,
              (min(c.id) FILTER (WHERE c.ok IS NOT TRUE))::text AS first_broken,
              max(c.id)::text AS head_id,
              (array_agg(c.hash ORDER BY c.id DESC))[1] AS head_hash
         FROM (SELECT e.id, e.hash,
                      (e.hash = audit_event_hash(e)
                       AND e.prev_hash = coalesce(lag(e.hash) OVER (ORDER BY e.id), $1)
                       AND e.id = row_number() OVER (ORDER BY e.id)) AS ok
                 FROM audit_event e) c`,
      [GENESIS],
    );
    return {
      intact: row!.first_broken === null,
      eventsChecked: row!.n,
      firstBrokenEventId: row!.first_broken,
      headId: row!.head_id,
      headHash: row!.head_hash,
    };
  }

  /** The stored hash of one event, or null when there is no such event. */
  async hashOf(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT hash FROM audit_event WHERE id = $1`, [id]);
    return row?.hash ?? null;
  }
}
