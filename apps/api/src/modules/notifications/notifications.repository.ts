import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Locale, Role } from '@sidh/domain';

export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: Locale;
}

export interface NotificationRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active users of an institution with one of the roles. */
  institutionUsers(manager: EntityManager, institutionId: string, roles: Role[]): Promise<Recipient[]> {
    return manager.query(
      `SELECT id, email, name, locale FROM app_user WHERE institution_id = $1 AND role = ANY($2::text[]) AND active ORDER BY email`,
      [institutionId, roles],
    );
  }

  /** Active users with one of the roles, whatever their institution. */
  usersWithRole(manager: EntityManager, roles: Role[]): Promise<Recipient[]> {
    return manager.query(`SELECT id, email, name, locale FROM app_user WHERE role = ANY($1::text[]) AND active ORDER BY email`, [roles]);
  }

  async insertMany(manager: EntityManager, userIds: string[], type: string, payload: Record<string, unknown>): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(`INSERT INTO notification (user_id, type, payload) SELECT unnest($1::uuid[]), $2, $3::jsonb`, [userIds, type, JSON.stringify(payload)]);
  }

  async listForUser(userId: string, unreadOnly: boolean, limit: number, offset: number): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
    const rows: Array<NotificationRow & { total: number }> = await this.dataSource.query(
      `SELECT id, type, payload, read_at, created_at, count(*) OVER ()::int AS total FROM notification
        WHERE user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL) ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [userId, unreadOnly, limit, offset],
    );
    return { rows, total: rows[0]?.total ?? (offset > 0 ? await this.count(userId, unreadOnly) : 0), unread: await this.unreadCount(userId) };
  }

  private async count(userId: string, unreadOnly: boolean): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL)`, [userId, unreadOnly]);
    return n;
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return n;
  }

  /** Only the owner's notification; false when there is none (another user's id looks absent). */
  async markRead(userId: string, id: string): Promise<boolean> {
    const [rows] = await this.dataSource.query(`UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`, [id, userId]);
    return (rows as unknown[]).length > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    const [rows] = await this.dataSource.query(`UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id`, [userId]);
    return (rows as unknown[]).length;
  }
}
