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
   */
  async verifyChain(): Promise<{ intact: boolean; eventsChecked: number; firstBrokenEventId: string | null; headHash: string | null }> {
    const rows: Array<{ id: string; ok: boolean }> = await this.dataSource.query(
      `SELECT id::text AS id,
              (hash = audit_event_hash(e)
               AND prev_hash = coalesce(lag(hash) OVER (ORDER BY id), $1)
               AND id = row_number() OVER (ORDER BY id)) AS ok
         FROM audit_event e ORDER BY e.id`,
      [GENESIS],
    );
    // \`ORDER BY e.id\`, not \`id\`: the bare name is the text output column, which sorts '10' before '2'.
    const broken = rows.find((r) => !r.ok);
    const [head] = await this.dataSource.query(`SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1`);
    return { intact: !broken, eventsChecked: rows.length, firstBrokenEventId: broken?.id ?? null, headHash: head?.hash ?? null };
  }
}
