import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { many } from '../../database/sql.js';
import type { Recipient } from './notifications.repository.js';

/** `manual`: sent now by a coordinator ("send a reminder now"), at most once a day per contribution. */
export type ReminderKind = 'due_soon' | 'overdue' | 'manual';

/** A reminder just recorded, with what its notification and mail say. */
export interface SentReminderRow {
  contributionId: string;
  kind: ReminderKind;
  campaignId: string;
  campaignTitle: string;
  /** `YYYY-MM-DD` */
  deadline: string;
  institutionId: string;
  institutionCode: string;
  institutionNameAr: string | null;
  institutionNameFr: string | null;
  institutionNameEn: string | null;
  /** Document symbol and paragraph, else the external code, else the id. */
  recommendationLabel: string;
}

/** A draft no later campaign's contribution supersedes (an old campaign's superseded draft is no one's work). */
const NOT_SUPERSEDED = `NOT EXISTS (SELECT 1 FROM contribution n WHERE n.supersedes_id = c.id)`;

/** The reminders just inserted (`sent`), with what their notification and mail say. */
const SENT = `SELECT s.contribution_id, s.kind, c.institution_id, c.campaign_id, cp.title AS campaign_title, to_char(cp.deadline, 'YYYY-MM-DD') AS deadline,
              i.code AS institution_code, i.name_ar AS institution_name_ar, i.name_fr AS institution_name_fr, i.name_en AS institution_name_en,
              coalesce(r.document_symbol || ' ' || coalesce(r.paragraph, ''), r.external_code, r.id::text) AS recommendation_label
         FROM sent s JOIN contribution c ON c.id = s.contribution_id JOIN campaign cp ON cp.id = c.campaign_id
         JOIN institution i ON i.id = c.institution_id JOIN recommendation r ON r.id = c.recommendation_id`;

@Injectable()
export class RemindersRepository {
  /** The institution's active focal points with their designation, oldest account first (the reminder rule picks among them). */
  focalPoints(manager: EntityManager, institutionId: string): Promise<Array<Recipient & { focalPointKind: string | null }>> {
    return many(
      manager,
      `SELECT id, email, name, locale, focal_point_kind FROM app_user WHERE institution_id = $1 AND role = 'focal_point' AND active ORDER BY created_at, id`,
      [institutionId],
    );
  }

  /**
   * Records a `manual` reminder for each contribution of the campaign not yet submitted (draft or
   * returned, not superseded) and returns them; one already recorded today for a contribution is not
   * sent again (the key: contribution, kind, day).
   */
  recordManual(manager: EntityManager, campaignId: string, day: string): Promise<SentReminderRow[]> {
    return many<SentReminderRow>(
      manager,
      `WITH due AS (
         SELECT c.id FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id
          WHERE c.campaign_id = $1 AND cp.status = 'open' AND c.status IN ('draft', 'returned') AND ${NOT_SUPERSEDED}),
       sent AS (INSERT INTO reminder (contribution_id, kind, day) SELECT id, 'manual', $2::date FROM due ON CONFLICT DO NOTHING RETURNING contribution_id, kind)
       ${SENT}`,
      [campaignId, day],
    );
  }

  /**
   * Records today's reminders and returns them: for each contribution not yet submitted (draft or
   * returned) of an open campaign, `due_soon` once when the deadline is at most `daysBefore` days
   * away, `overdue` once a week after it. The reminder table's key (contribution, kind, day) makes
   * a concurrent sweep's insert of the same reminder do nothing: each is returned to one sweep only.
   */
  recordDue(manager: EntityManager, day: string, daysBefore: number): Promise<SentReminderRow[]> {
    return many<SentReminderRow>(
      manager,
      `WITH due AS (
         SELECT c.id, CASE WHEN cp.deadline >= $1::date THEN 'due_soon' ELSE 'overdue' END AS kind
           FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id
          WHERE cp.status = 'open' AND c.status IN ('draft', 'returned') AND ${NOT_SUPERSEDED}
            AND ((cp.deadline >= $1::date AND cp.deadline - $1::date <= $2
                  AND NOT EXISTS (SELECT 1 FROM reminder x WHERE x.contribution_id = c.id AND x.kind = 'due_soon'))
              OR (cp.deadline < $1::date
                  AND NOT EXISTS (SELECT 1 FROM reminder x WHERE x.contribution_id = c.id AND x.kind = 'overdue' AND x.day > $1::date - 7)))),
       sent AS (INSERT INTO reminder (contribution_id, kind, day) SELECT id, kind, $1::date FROM due ON CONFLICT DO NOTHING RETURNING contribution_id, kind)
       ${SENT}`,
      [day, daysBefore],
    );
  }
}
