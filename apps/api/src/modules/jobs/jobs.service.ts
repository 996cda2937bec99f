import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AuditAnchorService } from '../../audit/audit-anchor.service.js';
import { AppConfig } from '../../config/app-config.js';
import { MailService } from '../mail/mail.service.js';
import { RemindersService } from '../notifications/reminders.service.js';

export const JOB_REMINDER_SWEEP = 'reminder-sweep';
export const JOB_MAIL_FLUSH = 'mail-flush';
export const JOB_AUDIT_ANCHOR = 'audit-anchor';

/**
 * A queue another module works (e.g. the import commits): registered before the scheduler starts
 * (in `onModuleInit`), its workers start with it. The handler gets each job's data; what it throws
 * fails that job (no retry unless the sender asks for one).
 */
export interface QueueWorker {
  queue: string;
  handler: (data: unknown) => Promise<void>;
  /** How often an idle worker looks for a job (pg-boss: at least 0.5 s; default 2 s). */
  pollingIntervalSeconds?: number;
}

/** Options of `send` (a subset of pg-boss's). */
export interface SendJobOptions {
  retryLimit?: number;
  expireInSeconds?: number;
  singletonKey?: string;
}

/**
 * Jobs live in PostgreSQL (pg-boss, schema `pgboss`) and survive restarts; cron schedules are
 * stored there too, and pg-boss makes one instance run each occurrence. pg-boss uses the app's
 * own database through TypeORM's DataSource (the embedded database takes a single connection).
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private boss: PgBoss | null = null;
  private readonly workers: QueueWorker[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly reminders: RemindersService,
    private readonly mail: MailService,
    private readonly anchor: AuditAnchorService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.JOBS_ENABLED) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  get running(): boolean {
    return this.boss !== null;
  }

  /** Creates pg-boss's schema on first use, the queues and their schedules, and starts the workers. */
  async start(): Promise<void> {
    if (this.boss) return;
    const dataSource = this.dataSource;
    const boss = new PgBoss({
      db: {
        async executeSql(text: string, values?: unknown[]) {
          const runner = dataSource.createQueryRunner();
          try {
            const result = await runner.query(text, values, true);
            return { rows: Array.isArray(result.records) ? result.records : [] };
          } finally {
            await runner.release();
          }
        },
      },
      schema: 'pgboss',
      supervise: true,
      schedule: true,
      migrate: true,
    });
    boss.on('error', (error: Error) => this.logger.warn(`job scheduler: ${error.message}`));
    await boss.start();
    for (const queue of [JOB_REMINDER_SWEEP, JOB_MAIL_FLUSH, JOB_AUDIT_ANCHOR]) {
      if (!(await boss.getQueue(queue))) await boss.createQueue(queue, { name: queue, policy: 'singleton' });
    }
    await boss.schedule(JOB_REMINDER_SWEEP, '0 * * * *', {}, { tz: 'UTC' });
    await boss.schedule(JOB_MAIL_FLUSH, '*/5 * * * *', {}, { tz: 'UTC' });
    await boss.work(JOB_REMINDER_SWEEP, async () => {
      await this.reminders.sweep(new Date());
    });
    await boss.work(JOB_MAIL_FLUSH, async () => {
      await this.mail.flush();
    });
    for (const worker of this.workers) await this.startWorker(boss, worker);
    if (this.anchor.enabled) {
      // Hourly signed checkpoint of the audit chain, written outside the database.
      await boss.schedule(JOB_AUDIT_ANCHOR, '30 * * * *', {}, { tz: 'UTC' });
      await boss.work(JOB_AUDIT_ANCHOR, async () => {
        await this.anchor.createCheckpoint();
      });
    } else {
      await boss.unschedule(JOB_AUDIT_ANCHOR);
    }
    this.boss = boss;
    this.logger.log(`job scheduler started (reminder sweep hourly, mail retry every 5 minutes${this.anchor.enabled ? ', audit checkpoint hourly' : ''})`);
  }

  /** A queue of another module, worked by every instance whose scheduler runs (see QueueWorker). */
  register(worker: QueueWorker): void {
    this.workers.push(worker);
    if (this.boss) void this.startWorker(this.boss, worker).catch((e: Error) => this.logger.warn(`worker ${worker.queue}: ${e.message}`));
  }

  /** Queues a job for a registered queue; its id. Throws when the scheduler is not running (the caller checks `running`). */
  async send(queue: string, data: object, options: SendJobOptions = {}): Promise<string | null> {
    if (!this.boss) throw new Error('job scheduler not running');
    return this.boss.send(queue, data, options);
  }

  private async startWorker(boss: PgBoss, worker: QueueWorker): Promise<void> {
    if (!(await boss.getQueue(worker.queue))) await boss.createQueue(worker.queue, { name: worker.queue, policy: 'standard' });
    await boss.work<object>(worker.queue, { pollingIntervalSeconds: worker.pollingIntervalSeconds ?? 2, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await worker.handler(job.data);
    });
  }

  /** Queues a reminder sweep now (also what the hourly schedule does). */
  async runReminderSweepNow(): Promise<string | null> {
    if (!this.boss) throw new Error('job scheduler not running');
    return this.boss.send(JOB_REMINDER_SWEEP, {});
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
