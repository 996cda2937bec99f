import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import type { Locale } from '@sidh/domain';
import { AppConfig } from '../../config/app-config.js';
import { DevMailServer } from './dev-mail.server.js';
import type { CapturedMailDto } from './dto/mail.dto.js';
import { toCapturedMailDto } from './dto/mail.mapper.js';
import { MailRepository } from './mail.repository.js';
import { renderMail, type MailParams, type MailType } from './templates.js';

const MAX_ATTEMPTS = 5;

/**
 * Mail goes through an outbox: `enqueue` writes it in the caller's transaction; `flush` (called
 * after the commit, and by the jobs) claims pending rows with SKIP LOCKED and sends them, so two
 * API instances never send the same mail twice and a crash loses nothing.
 */
@Injectable()
export class MailService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private transporter: Transporter | null = null;
  private flushing: Promise<number> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: MailRepository,
    private readonly devServer: DevMailServer,
  ) {}

  onModuleInit(): void {
    // Invitations, notifications and reminders wait in the outbox until a mail server is configured.
    if (this.config.NODE_ENV === 'production' && !this.config.SMTP_URL) this.logger.warn('SMTP_URL is not set: mails stay in the outbox and are not sent');
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.transporter?.close();
  }

  async enqueue(manager: EntityManager, to: { email: string; locale: Locale }, type: MailType, params: MailParams): Promise<void> {
    const { subject, body } = renderMail(type, to.locale, params);
    await this.outbox.insert(manager, { recipient: to.email, locale: to.locale, subject, body });
  }

  /** What the capture SMTP server received (development only), newest first. */
  capturedMails(): CapturedMailDto[] {
    return this.devServer.messages().reverse().map(toCapturedMailDto);
  }

  /** Sends pending mail in the background (after a commit); errors are logged, the jobs retry. */
  flushSoon(): void {
    if (this.closed) return;
    setImmediate(() => {
      this.flush().catch((error: unknown) => this.logger.warn(`mail flush failed: ${error instanceof Error ? error.message : 'unknown'}`));
    });
  }

  /** Sends what is pending; concurrent calls share one run (and trigger one more). Returns mails sent. */
  async flush(): Promise<number> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let sent = 0;
      do {
        this.again = false;
        sent += await this.sendBatch();
      } while (this.again && !this.closed);
      return sent;
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendBatch(): Promise<number> {
    const transporter = this.transport();
    if (!transporter || this.closed || !this.dataSource.isInitialized) return 0;
    let sent = 0;
    for (;;) {
      const batch = await this.outbox.claim(20);
      if (batch.length === 0) return sent;
      for (const mail of batch) {
        try {
          await transporter.sendMail({ from: this.config.MAIL_FROM, to: mail.recipient, subject: mail.subject, text: mail.body });
          await this.outbox.markSent(mail.id);
          sent += 1;
        } catch (error) {
          this.logger.warn(`mail ${mail.id} not sent (attempt ${mail.attempts}): ${error instanceof Error ? error.message : 'unknown'}`);
          await this.outbox.release(mail.id, mail.attempts >= MAX_ATTEMPTS);
        }
      }
    }
  }

  private transport(): Transporter | null {
    if (this.transporter) return this.transporter;
    if (this.config.SMTP_URL) {
      this.transporter = nodemailer.createTransport(this.config.SMTP_URL);
    } else if (this.devServer.port !== null) {
      this.transporter = nodemailer.createTransport({ pool: true, maxConnections: 2, host: '127.0.0.1', port: this.devServer.port, secure: false, ignoreTLS: true, name: 'localhost' });
    }
    return this.transporter;
  }
}
