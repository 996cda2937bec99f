import { AuditAnchorService } from '../src/audit/audit-anchor.service.js';
import { AppConfig } from '../src/config/app-config.js';
import { JobsService } from '../src/modules/jobs/jobs.service.js';
import { MailService } from '../src/modules/mail/mail.service.js';
import { RemindersService } from '../src/modules/notifications/reminders.service.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * Stopping the job scheduler (app shutdown) waits for its statements still running. pg-boss's own
 * stop waits for the jobs being worked, not for a worker's poll in flight: a CI run once saw that
 * worker's timer loop outlive its test file and fail the next file in the same Jest worker.
 */
describe('stopping the job scheduler', () => {
  let ctx: TestContext;
  let jobs: JobsService;
  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    jobs = ctx.app.get(JobsService);
  }, 120_000);
  afterAll(() => ctx?.close());

  it('leaves no scheduler statement running once stop() has resolved', async () => {
    await jobs.start();
    expect(jobs.running).toBe(true);
    await jobs.stop();
    expect(jobs.running).toBe(false);
    expect(jobs.pendingStatements).toBe(0);
  });

  it('a stop asked for while the scheduler is starting waits for the start, then stops it', async () => {
    const starting = jobs.start();
    await jobs.stop();
    await starting;
    expect(jobs.running).toBe(false);
    expect(jobs.pendingStatements).toBe(0);
    // Started again afterwards, it runs as usual.
    await jobs.start();
    expect(jobs.running).toBe(true);
    await jobs.stop();
  });

  it("deferred (main.ts): the application's bootstrap leaves it stopped, startInBackground starts it", async () => {
    const config = Object.assign(Object.create(AppConfig.prototype) as AppConfig, ctx.config, { JOBS_ENABLED: true });
    const deferred = new JobsService(ctx.dataSource, config, ctx.app.get(RemindersService), ctx.app.get(MailService), ctx.app.get(AuditAnchorService));
    deferred.deferStart();
    await deferred.onApplicationBootstrap();
    expect(deferred.running).toBe(false);
    deferred.startInBackground();
    const started = Date.now();
    while (!deferred.running) {
      if (Date.now() - started > 30_000) throw new Error('the scheduler did not start in the background');
      await new Promise((r) => setTimeout(r, 50));
    }
    await deferred.onApplicationShutdown();
    expect(deferred.running).toBe(false);
    expect(deferred.pendingStatements).toBe(0);
  });

  const serverOnly = process.env['TEST_DATABASE_URL'] ? it : it.skip;
  serverOnly('waits for a worker poll that is blocked in the database (server PostgreSQL: a lock needs a second session; skipped without TEST_DATABASE_URL)', async () => {
    await jobs.start();
    const locker = ctx.dataSource.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    let stopped = false;
    try {
      // Every worker's next poll reads pgboss.job: it waits for this lock.
      await locker.query('LOCK TABLE pgboss.job IN ACCESS EXCLUSIVE MODE');
      // Until a worker's poll is seen waiting for it (not merely some statement of the scheduler's in
      // flight: one that does not read pgboss.job ends at once, and stop() may then rightly resolve).
      const blockedPolls = async () =>
        (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%pgboss%'`))[0].n as number;
      const started = Date.now();
      while ((await blockedPolls()) === 0) {
        if (Date.now() - started > 15_000) throw new Error('no worker poll reached the lock');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(jobs.pendingStatements).toBeGreaterThan(0);
      const stopping = jobs.stop().then(() => {
        stopped = true;
      });
      await new Promise((r) => setTimeout(r, 1_000));
      expect(stopped).toBe(false);
      expect(jobs.pendingStatements).toBeGreaterThan(0);
      await locker.rollbackTransaction();
      await stopping;
      expect(jobs.pendingStatements).toBe(0);
    } finally {
      if (locker.isTransactionActive) await locker.rollbackTransaction();
      await locker.release();
    }
    // Nothing of the scheduler's reaches the database afterwards.
    await new Promise((r) => setTimeout(r, 2_500));
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND query ILIKE '%pgboss%' AND pid <> pg_backend_pid()`);
    expect(n).toBe(0);
  }, 60_000);
});
