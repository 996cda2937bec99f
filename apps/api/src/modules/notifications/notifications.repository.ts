import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Locale, Role } from '@sidh/domain';
import { execute, many, one } from '../../database/sql.js';

/** Who receives a notification and its e-mail (in their language). */
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
  readAt: Date | null;
  createdAt: Date;
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active users of an institution with one of the roles. */
  institutionUsers(manager: EntityManager, institutionId: string, roles: Role[]): Promise<Recipient[]> {
    return many<Recipient>(
      manager,
      `SELECT id, email, name, locale FROM app_user WHERE institution_id = $1 AND role = ANY($2::text[]) AND active ORDER BY email`,
      [institutionId, roles],
    );
  }

  /** Active users with one of the roles, whatever their institution. */
  usersWithRole(manager: EntityManager, roles: Role[]): Promise<Recipient[]> {
    return many<Recipient>(manager, `SELECT id, email, name, locale FROM app_user WHERE role = ANY($1::text[]) AND active ORDER BY email`, [roles]);
  }

  /** The same notification for each user, in the caller's transaction. */
  async insertMany(manager: EntityManager, userIds: string[], type: string, payload: Record<string, unknown>): Promise<void> {
    if (userIds.length === 0) return;
    await execute(manager, `INSERT INTO notification (user_id, type, payload) SELECT unnest($1::uuid[]), $2, $3::jsonb`, [userIds, type, JSON.stringify(payload)]);
  }

  /** One page of a user's notifications (newest first), how many match, how many are unread. */
  async listForUser(userId: string, unreadOnly: boolean, limit: number, offset: number): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
    const rows = await many<NotificationRow & { total: number }>(
      this.dataSource.manager,
      `SELECT id, type, payload, read_at, created_at, count(*) OVER ()::int AS total FROM notification
        WHERE user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL) ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [userId, unreadOnly, limit, offset],
    );
    return { rows, total: rows[0]?.total ?? (offset > 0 ? await this.count(userId, unreadOnly) : 0), unread: await this.unreadCount(userId) };
  }

  private async count(userId: string, unreadOnly: boolean): Promise<number> {
    const { n } = await one<{ n: number }>(this.dataSource.manager, `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL)`, [userId, unreadOnly]);
    return n;
  }

  async unreadCount(userId: string): Promise<number> {
    const { n } = await one<{ n: number }>(this.dataSource.manager, `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return n;
  }

  /** Only the owner's notification; false when there is none (another user's id looks absent). */
  async markRead(userId: string, id: string): Promise<boolean> {
    return (await execute(this.dataSource.manager, `UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`, [id, userId])) > 0;
  }

  /** How many were unread. */
  markAllRead(userId: string): Promise<number> {
    return execute(this.dataSource.manager, `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id`, [userId]);
  }
}
