import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { institutionNames } from '../mail/templates.js';
import { NotificationsRepository } from './notifications.repository.js';
import { institutionPayload, NotificationsService } from './notifications.service.js';

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
    private readonly recipients: NotificationsRepository,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** `now` is injectable so tests control the clock. */
  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const day = now.toISOString().slice(0, 10);
    const result = await this.dataSource.transaction(async (manager) => {
      const due: Array<Record<string, any>> = await manager.query( // eslint-disable-line @typescript-eslint/no-explicit-any
        `WITH due AS (
           SELECT c.id, CASE WHEN cp.deadline >= $1::date THEN 'due_soon' ELSE 'overdue' END AS kind
             FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id
            WHERE cp.status = 'open' AND c.status IN ('draft', 'returned')
              AND ((cp.deadline >= $1::date AND cp.deadline - $1::date <= $2
                    AND NOT EXISTS (SELECT 1 FROM reminder x WHERE x.contribution_id = c.id AND x.kind = 'due_soon'))
                OR (cp.deadline < $1::date
                    AND NOT EXISTS (SELECT 1 FROM reminder x WHERE x.contribution_id = c.id AND x.kind = 'overdue' AND x.day > $1::date - 7)))),
         sent AS (INSERT INTO reminder (contribution_id, kind, day) SELECT id, kind, $1::date FROM due ON CONFLICT DO NOTHING RETURNING contribution_id, kind)
         SELECT s.contribution_id, s.kind, c.institution_id, c.campaign_id, cp.title AS campaign_title, to_char(cp.deadline, 'YYYY-MM-DD') AS deadline,
                i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en,
                coalesce(r.document_symbol || ' ' || coalesce(r.paragraph, ''), r.external_code, r.id::text) AS recommendation_label
           FROM sent s JOIN contribution c ON c.id = s.contribution_id JOIN campaign cp ON cp.id = c.campaign_id
           JOIN institution i ON i.id = c.institution_id JOIN recommendation r ON r.id = c.recommendation_id`,
        [day, this.config.REMINDER_DAYS_BEFORE],
      );
      let notified = 0;
      const focalPoints = new Map<string, Awaited<ReturnType<NotificationsRepository['institutionUsers']>>>();
      for (const row of due) {
        const institutionId = row['institution_id'] as string;
        if (!focalPoints.has(institutionId)) focalPoints.set(institutionId, await this.recipients.institutionUsers(manager, institutionId, ['focal_point']));
        const institution = institutionPayload(row);
        const type = row['kind'] === 'overdue' ? 'reminder.overdue' : 'reminder.due_soon';
        notified += await this.notifications.notify(
          manager,
          focalPoints.get(institutionId)!,
          type,
          { contributionId: row['contribution_id'], campaignId: row['campaign_id'], campaign: row['campaign_title'], deadline: row['deadline'], recommendation: row['recommendation_label'], institution },
          {
            recommendation: row['recommendation_label'],
            institution: institutionNames(institution),
            campaign: row['campaign_title'],
            deadline: row['deadline'],
            link: `${this.config.APP_PUBLIC_URL}/contributions/${row['contribution_id']}`,
          },
        );
      }
      return { day, reminders: due.length, notifications: notified };
    });
    if (result.reminders > 0) {
      this.logger.log(`reminder sweep ${day}: ${result.reminders} reminders, ${result.notifications} notifications`);
      this.notifications.afterCommit();
    }
    return result;
  }
}
