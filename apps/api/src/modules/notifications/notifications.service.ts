import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { MailService } from '../mail/mail.service.js';
import type { MailParams, MailType } from '../mail/templates.js';
import type { NotificationListDto } from './notifications.dto.js';
import { NotificationsRepository, type Recipient } from './notifications.repository.js';

/** An institution as notification payloads carry it: the SPA shows the name in the UI language. */
export interface InstitutionPayload {
  id: string;
  code: string;
  nameAr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

/** From a row with `institution_id`, `institution_code`, `institution_name_ar|fr|en`. */
export function institutionPayload(row: Record<string, unknown>): InstitutionPayload {
  const s = (k: string) => (row[k] as string | null | undefined) ?? null;
  return { id: row['institution_id'] as string, code: row['institution_code'] as string, nameAr: s('institution_name_ar'), nameFr: s('institution_name_fr'), nameEn: s('institution_name_en') };
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly mail: MailService,
  ) {}

  /**
   * In the caller's transaction: one in-app notification per recipient and one e-mail in the
   * recipient's language (sent after the commit: call `afterCommit`). The actor is never notified of
   * their own action.
   */
  async notify(manager: EntityManager, recipients: Recipient[], type: MailType, payload: Record<string, unknown>, params: MailParams, exceptUserId?: string | null): Promise<number> {
    const unique = [...new Map(recipients.filter((r) => r.id !== exceptUserId).map((r) => [r.id, r])).values()];
    await this.notifications.insertMany(manager, unique.map((r) => r.id), type, payload);
    for (const r of unique) await this.mail.enqueue(manager, { email: r.email, locale: r.locale }, type, params);
    return unique.length;
  }

  /** Sends the mails queued by the committed transaction. */
  afterCommit(): void {
    this.mail.flushSoon();
  }

  async list(user: AuthUser, unreadOnly: boolean, page: number, pageSize: number): Promise<NotificationListDto> {
    const { rows, total, unread } = await this.notifications.listForUser(user.id, unreadOnly, pageSize, (page - 1) * pageSize);
    return {
      items: rows.map((r) => ({ id: r.id, type: r.type, payload: r.payload, readAt: r.read_at ? new Date(r.read_at).toISOString() : null, createdAt: new Date(r.created_at).toISOString() })),
      total,
      unread,
      page,
      pageSize,
    };
  }

  async unreadCount(user: AuthUser): Promise<{ unread: number }> {
    return { unread: await this.notifications.unreadCount(user.id) };
  }

  async markRead(user: AuthUser, id: string): Promise<void> {
    if (!(await this.notifications.markRead(user.id, id))) throw AppException.notFound('Notification');
  }

  async markAllRead(user: AuthUser): Promise<{ updated: number }> {
    return { updated: await this.notifications.markAllRead(user.id) };
  }
}
