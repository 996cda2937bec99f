import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { MailService } from '../mail/mail.service.js';
import type { MailParams, MailType } from '../mail/templates.js';
import type { MarkAllReadDto, NotificationListDto, UnreadCountDto } from './dto/notification.dto.js';
import { toNotificationDto } from './dto/notification.mapper.js';
import { NotificationsRepository, type Recipient } from './notifications.repository.js';

export { institutionPayload, type InstitutionPayload } from './dto/notification.mapper.js';

/** The caller's own notifications (the bell), and the one way other modules notify users. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly mail: MailService,
  ) {}

  /**
   * In the caller's transaction: one in-app notification per recipient and one e-mail in the
   * recipient's language (sent after the commit: call `afterCommit`). The actor is never notified of
   * their own action. `mailType`: a mail whose text differs from the type's usual one (the in-app type stays `type`).
   */
  async notify(
    manager: EntityManager,
    recipients: Recipient[],
    type: MailType,
    payload: Record<string, unknown>,
    params: MailParams,
    exceptUserId?: string | null,
    mailType: MailType = type,
  ): Promise<number> {
    const unique = [...new Map(recipients.filter((r) => r.id !== exceptUserId).map((r) => [r.id, r])).values()];
    await this.notifications.insertMany(manager, unique.map((r) => r.id), type, payload);
    for (const r of unique) await this.mail.enqueue(manager, { email: r.email, locale: r.locale }, mailType, params);
    return unique.length;
  }

  /** Sends the mails queued by the committed transaction. */
  afterCommit(): void {
    this.mail.flushSoon();
  }

  async list(user: AuthUser, unreadOnly: boolean, page: number, pageSize: number): Promise<NotificationListDto> {
    const { rows, total, unread } = await this.notifications.listForUser(user.id, unreadOnly, pageSize, (page - 1) * pageSize);
    return { items: rows.map(toNotificationDto), total, unread, page, pageSize };
  }

  async unreadCount(user: AuthUser): Promise<UnreadCountDto> {
    return { unread: await this.notifications.unreadCount(user.id) };
  }

  /** A notification is its recipient's only: another user's id answers 404, as if it did not exist. */
  async markRead(user: AuthUser, id: string): Promise<void> {
    if (!(await this.notifications.markRead(user.id, id))) throw AppException.notFound('Notification');
  }

  async markAllRead(user: AuthUser): Promise<MarkAllReadDto> {
    return { updated: await this.notifications.markAllRead(user.id) };
  }
}
