import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, many } from '../../database/sql.js';

/** A mail claimed for sending. */
export interface OutboxRow {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

export interface NewOutboxMail {
  recipient: string;
  locale: string;
  subject: string;
  body: string;
}

@Injectable()
export class MailRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** In the caller's transaction: the mail leaves only if it commits. */
  async insert(manager: EntityManager, mail: NewOutboxMail): Promise<void> {
    await execute(manager, `INSERT INTO mail_outbox (recipient, locale, subject, body) VALUES ($1, $2, $3, $4)`, [mail.recipient, mail.locale, mail.subject, mail.body]);
  }

  /** Claims up to `limit` pending mails (or ones stuck in `sending` for 5 minutes) without waiting on other senders. */
  claim(limit: number): Promise<OutboxRow[]> {
    return many<OutboxRow>(
      this.dataSource.manager,
      `UPDATE mail_outbox SET status = 'sending', claimed_at = now(), attempts = attempts + 1
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '5 minutes')
                      ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, recipient, subject, body, attempts`,
      [limit],
    );
  }

  async markSent(id: string): Promise<void> {
    await execute(this.dataSource.manager, `UPDATE mail_outbox SET status = 'sent', sent_at = now() WHERE id = $1`, [id]);
  }

  /** Back to pending for another attempt, or failed for good. */
  async release(id: string, failed: boolean): Promise<void> {
    await execute(this.dataSource.manager, `UPDATE mail_outbox SET status = $2 WHERE id = $1`, [id, failed ? 'failed' : 'pending']);
  }
}
