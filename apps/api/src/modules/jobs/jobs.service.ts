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
  /** A start under way: `stop` waits for it, a second `start` joins it. */
  private starting: Promise<void> | null = null;
  /** `deferStart`: the application's bootstrap leaves the start to `startInBackground`. */
  private deferred = false;
  private readonly workers: QueueWorker[] = [];
  /** pg-boss's statements and job handlers still running (a worker's poll among them): `stop` waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly reminders: RemindersService,
    private readonly mail: MailService,
    private readonly anchor: AuditAnchorService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.JOBS_ENABLED && !this.deferred) await this.start();
  }

  /**
   * `main.ts`: the scheduler is started by `startInBackground` once the server listens, not during
   * the application's bootstrap — its schema check, queues and schedules took 0.2–0.7 s of the embedded
   * start before the first answer (ADR 17). Until it runs, an import commits in its own request, as
   * with JOBS_ENABLED=false.
   */
  deferStart(): void {
    this.deferred = true;
  }

  /** Starts the scheduler (JOBS_ENABLED) without waiting; a failure is logged and the API serves on without it. */
  startInBackground(): void {
    if (!this.config.JOBS_ENABLED) return;
    this.start().catch((error: Error) => this.logger.error({ event: 'job_scheduler_start_failed', message: error.message }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  get running(): boolean {
    return this.boss !== null;
  }

  /** Creates pg-boss's schema on first use, the queues and their schedules, and starts the workers. */
  start(): Promise<void> {
    if (this.boss) return Promise.resolve();
    this.starting ??= this.startScheduler().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startScheduler(): Promise<void> {
    const dataSource = this.dataSource;
    const inFlight = this.inFlight;
    const boss = new PgBoss({
      db: {
        async executeSql(text: string, values?: unknown[]) {
          const runner = dataSource.createQueryRunner();
          try {
            const result = await track(inFlight, runner.query(text, values, true));
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
    try {
      await this.configure(boss);
    } catch (error) {
      // Half started: its workers and timers must not outlive the failure.
      await boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => undefined);
      throw error;
    }
    this.boss = boss;
    this.logger.log(`job scheduler started (reminder sweep hourly, mail retry every 5 minutes${this.anchor.enabled ? ', audit checkpoint hourly' : ''})`);
  }

  /** The queues, their schedules and their workers. */
  private async configure(boss: PgBoss): Promise<void> {
    const inFlight = this.inFlight;
    for (const queue of [JOB_REMINDER_SWEEP, JOB_MAIL_FLUSH, JOB_AUDIT_ANCHOR]) {
      if (!(await boss.getQueue(queue))) await boss.createQueue(queue, { name: queue, policy: 'singleton' });
    }
    await boss.schedule(JOB_REMINDER_SWEEP, '0 * * * *', {}, { tz: 'UTC' });
    await boss.schedule(JOB_MAIL_FLUSH, '*/5 * * * *', {}, { tz: 'UTC' });
    // Handlers answer nothing: pg-boss would store an answer as the job's output.
    await boss.work(JOB_REMINDER_SWEEP, async () => {
      await track(inFlight, this.reminders.sweep(new Date()));
    });
    await boss.work(JOB_MAIL_FLUSH, async () => {
      await track(inFlight, this.mail.flush());
    });
    for (const worker of this.workers) await this.startWorker(boss, worker);
    if (this.anchor.enabled) {
      // Hourly signed checkpoint of the audit chain, written outside the database.
      await boss.schedule(JOB_AUDIT_ANCHOR, '30 * * * *', {}, { tz: 'UTC' });
      await boss.work(JOB_AUDIT_ANCHOR, async () => {
        await track(inFlight, this.anchor.createCheckpoint());
      });
    } else {
      await boss.unschedule(JOB_AUDIT_ANCHOR);
    }
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
      for (const job of jobs) await track(this.inFlight, worker.handler(job.data));
    });
  }

  /** Queues a reminder sweep now (also what the hourly schedule does). */
  async runReminderSweepNow(): Promise<string | null> {
    if (!this.boss) throw new Error('job scheduler not running');
    return this.boss.send(JOB_REMINDER_SWEEP, {});
  }

  /** How many of the scheduler's statements and job handlers are running now (0 once `stop` has resolved). */
  get pendingStatements(): number {
    return this.inFlight.size;
  }

  /**
   * Stops the scheduler and waits for its statements still running. pg-boss's own `stop` waits for
   * the jobs being worked but not for a worker's poll in flight: that worker ends only when its
   * poll returns, and pg-boss keeps a timer loop alive until then. Returning before it would leave
   * the scheduler talking to a database (or a test run) that is closing.
   */
  async stop(): Promise<void> {
    // A start under way finishes first: stopping before it has set `boss` would leave it running.
    await this.starting?.catch(() => undefined);
    const boss = this.boss;
    this.boss = null;
    if (!boss) return;
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    const deadline = Date.now() + 10_000;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 250).unref())]);
    }
    // A worker whose poll just returned leaves its loop on the next turn; pg-boss's watcher sees it stopped at its next tick.
    await new Promise((r) => setImmediate(r));
  }
}

/** `work` kept in `pending` until it settles. */
async function track<T>(pending: Set<Promise<unknown>>, work: Promise<T>): Promise<T> {
  pending.add(work);
  try {
    return await work;
  } finally {
    pending.delete(work);
  }
}
