import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface OutboxRow {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

@Injectable()
export class MailRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, mail: { recipient: string; locale: string; subject: string; body: string }): Promise<void> {
    await manager.query(`INSERT INTO mail_outbox (recipient, locale, subject, body) VALUES ($1, $2, $3, $4)`, [mail.recipient, mail.locale, mail.subject, mail.body]);
  }

  /** Claims up to `limit` pending mails (or ones stuck in `sending` for 5 minutes) without waiting on other senders. */
  async claim(limit: number): Promise<OutboxRow[]> {
    const [rows] = await this.dataSource.query(
      `UPDATE mail_outbox SET status = 'sending', claimed_at = now(), attempts = attempts + 1
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '5 minutes')
                      ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, recipient, subject, body, attempts`,
      [limit],
    );
    return rows as OutboxRow[];
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE mail_outbox SET status = 'sent', sent_at = now() WHERE id = $1`, [id]);
  }

  async release(id: string, failed: boolean): Promise<void> {
    await this.dataSource.query(`UPDATE mail_outbox SET status = $2 WHERE id = $1`, [id, failed ? 'failed' : 'pending']);
  }
}
