import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { reminderRecipients } from '@sidh/domain';
import { AppConfig } from '../../config/app-config.js';
import { institutionNames } from '../mail/templates.js';
import { reminderDaysBefore } from '../settings/settings.read.js';
import { institutionPayload } from './dto/notification.mapper.js';
import type { Recipient } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { RemindersRepository, type SentReminderRow } from './reminders.repository.js';

export interface SweepResult {
  day: string;
  reminders: number;
  notifications: number;
}

/**
 * Reminds focal points of contributions not yet submitted: once when the campaign deadline is
 * REMINDER_DAYS_BEFORE days away (or first seen within that window), then weekly once overdue.
 * The reminder table's key (contribution, kind, day) makes two sweeps, even on two instances at
 * once, send a reminder for a contribution and day at most once: the second insert does nothing.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reminders: RemindersRepository,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** `now` is injectable so tests control the clock. */
  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const day = now.toISOString().slice(0, 10);
    const result = await this.dataSource.transaction(async (manager) => {
      // The administrator's default reminder days (settings), else REMINDER_DAYS_BEFORE.
      const sent = await this.reminders.recordDue(manager, day, await reminderDaysBefore(manager, this.config.REMINDER_DAYS_BEFORE));
      const notified = await this.send(manager, sent, day);
      return { day, reminders: sent.length, notifications: notified };
    });
    if (result.reminders > 0) {
      this.logger.log(`reminder sweep ${day}: ${result.reminders} reminders, ${result.notifications} notifications`);
      this.notifications.afterCommit();
    }
    return result;
  }

  /**
   * "Send a reminder now" for one campaign, in the caller's transaction (which audits it): the focal
   * points of every contribution not yet submitted, at most once a day per contribution. The mail says
   * "due on" before the deadline and "overdue" after it. Call `afterCommit` once committed.
   */
  async remindNow(manager: EntityManager, campaignId: string, now: Date = new Date()): Promise<SweepResult> {
    const day = now.toISOString().slice(0, 10);
    const sent = await this.reminders.recordManual(manager, campaignId, day);
    return { day, reminders: sent.length, notifications: await this.send(manager, sent, day) };
  }

  afterCommit(): void {
    this.notifications.afterCommit();
  }

  /**
   * One notification and mail per recipient of each reminder; how many were notified. Recipients
   * (`reminderRecipients` of @sidh/domain): before the deadline the institution's main focal point
   * only; once overdue the main focal point and every alternate; with no main focal point
   * designated, every active focal point of the institution.
   */
  private async send(manager: EntityManager, sent: readonly SentReminderRow[], day: string): Promise<number> {
    const focalPoints = new Map<string, Array<Recipient & { focalPointKind: string | null }>>();
    let notified = 0;
    for (const reminder of sent) {
      let candidates = focalPoints.get(reminder.institutionId);
      if (!candidates) {
        candidates = await this.reminders.focalPoints(manager, reminder.institutionId);
        focalPoints.set(reminder.institutionId, candidates);
      }
      const institution = institutionPayload(reminder);
      const overdue = reminder.kind === 'overdue' || (reminder.kind === 'manual' && reminder.deadline < day);
      const recipients: Recipient[] = reminderRecipients(candidates, overdue).map(({ id, email, name, locale }) => ({ id, email, name, locale }));
      notified += await this.notifications.notify(
        manager,
        recipients,
        overdue ? 'reminder.overdue' : 'reminder.due_soon',
        {
          contributionId: reminder.contributionId,
          campaignId: reminder.campaignId,
          campaign: reminder.campaignTitle,
          deadline: reminder.deadline,
          recommendation: reminder.recommendationLabel,
          institution,
        },
        {
          recommendation: reminder.recommendationLabel,
          institution: institutionNames(institution),
          campaign: reminder.campaignTitle,
          deadline: reminder.deadline,
          link: `${this.config.APP_PUBLIC_URL}/contributions/${reminder.contributionId}`,
        },
      );
    }
    return notified;
  }
}
