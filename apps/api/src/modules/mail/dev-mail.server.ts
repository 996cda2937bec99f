import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AppConfig } from '../../config/app-config.js';

export interface CapturedMail {
  id: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

const KEEP = 500;

/**
 * Outside production, when no SMTP_URL is configured, the API starts this SMTP server on
 * 127.0.0.1 and sends its mail there: messages are kept in memory for inspection and never leave
 * the machine.
 */
@Injectable()
export class DevMailServer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DevMailServer.name);
  private server: SMTPServer | null = null;
  private readonly mails: CapturedMail[] = [];
  private nextId = 1;
  port: number | null = null;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return !this.config.SMTP_URL && this.config.NODE_ENV !== 'production';
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    const server = new SMTPServer({
      authOptional: true,
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 2 * 1024 * 1024,
      onData: (stream, session, callback) => {
        // mailparser is loaded with the first message: half a second of every start-up otherwise.
        import('mailparser')
          .then(({ simpleParser }) => simpleParser(stream))
          .then((parsed) => {
            const to = session.envelope.rcptTo.map((r) => r.address);
            this.mails.push({
              id: this.nextId++,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              receivedAt: new Date().toISOString(),
            });
            if (this.mails.length > KEEP) this.mails.splice(0, this.mails.length - KEEP);
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error('unparsable message')));
      },
    });
    server.on('error', (error) => this.logger.warn(`capture SMTP server: ${error.message}`));
    const listen = (port: number) =>
      new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.server.once('error', onError);
        server.listen(port, '127.0.0.1', () => {
          server.server.off('error', onError);
          resolve();
        });
      });
    try {
      await listen(this.config.DEV_SMTP_PORT);
    } catch (error) {
      // Another instance (or another app in the same test run) holds the port: any free port will do.
      if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
      this.logger.warn(`port ${this.config.DEV_SMTP_PORT} in use; capture SMTP server on a free port`);
      await listen(0);
    }
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    this.logger.log(`capture SMTP server on 127.0.0.1:${this.port}`);
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  messages(): CapturedMail[] {
    return [...this.mails];
  }
}
