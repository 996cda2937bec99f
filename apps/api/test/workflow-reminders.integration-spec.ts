import request from 'supertest';
import { JobsService } from '../src/modules/jobs/jobs.service.js';
import { RemindersService } from '../src/modules/notifications/reminders.service.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth, waitForMail } from './workflow-helpers.js';

const DAY = 86400_000;

/** Reminders with a controlled clock, invitations (single use, expiry), and the PostgreSQL job scheduler. */
describe('reminders, invitations and jobs', () => {
  let ctx: TestContext;
  let reminders: RemindersService;
  let deadline: Date;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { REMINDER_DAYS_BEFORE: '7', INVITATION_TTL_HOURS: '1' } });
    reminders = ctx.app.get(RemindersService);
    const [{ deadline: d }] = await ctx.dataSource.query(`SELECT to_char(deadline, 'YYYY-MM-DD') AS deadline FROM campaign LIMIT 1`);
    deadline = new Date(`${d}T09:00:00Z`);
  });
  afterAll(() => ctx.close());

  const open = async () => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM contribution WHERE status IN ('draft', 'returned')`))[0].n as number;
  const count = async (kind: string) => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM reminder WHERE kind = $1`, [kind]))[0].n as number;

  it('invitations: mail with a single-use link; only the token hash is stored; password rules; expiry', async () => {
    const coord = await ctx.login(DEMO.coordinator);
    const [{ id: mj }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MJ'`);
    const res = await request(ctx.http).post('/api/v1/invitations').set(auth(coord)).send({ email: 'New.Focal@justice.gov.ma', name: 'Nouveau PF', role: 'focal_point', focalPointKind: 'alternate', institutionId: mj, locale: 'ar' });
    expect(res.status).toBe(201);
    const mail = await waitForMail(ctx, (m) => m.to.includes('new.focal@justice.gov.ma'));
    expect(mail.subject).toBe('دعوة للانضمام إلى SIDH');
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const [{ token_hash }] = await ctx.dataSource.query(`SELECT token_hash FROM invitation WHERE id = $1`, [res.body.id]);
    expect(token_hash).not.toContain(token);
    expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await request(ctx.http).post('/api/v1/invitations/accept').send({ token, password: 'short' })).status).toBe(400);
    const ok = await request(ctx.http).post('/api/v1/invitations/accept').send({ token, password: 'a-long-enough-password' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ email: 'new.focal@justice.gov.ma', active: true });
    const again = await request(ctx.http).post('/api/v1/invitations/accept').send({ token, password: 'a-long-enough-password' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invitation.invalid');
    const login = await request(ctx.http).post('/api/v1/auth/login').send({ email: 'new.focal@justice.gov.ma', password: 'a-long-enough-password' });
    expect(login.status).toBe(200);
    expect((await request(ctx.http).post('/api/v1/invitations').set(auth(coord)).send({ email: 'new.focal@justice.gov.ma', name: 'x', role: 'validator', institutionId: mj })).status).toBe(409);
    // expired
    const late = await request(ctx.http).post('/api/v1/invitations').set(auth(coord)).send({ email: 'late@justice.gov.ma', name: 'Late', role: 'validator', institutionId: mj });
    const lateMail = await waitForMail(ctx, (m) => m.to.includes('late@justice.gov.ma'));
    await ctx.dataSource.transaction(async (m) => {
      await m.query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE id = $1`, [late.body.id]);
      await m.query(`INSERT INTO audit_event (action, entity_type) VALUES ('test.expire', 'invitation')`);
    });
    const lateToken = /#token=([A-Za-z0-9_-]+)/.exec(lateMail.text)![1]!;
    expect((await request(ctx.http).post('/api/v1/invitations/accept').send({ token: lateToken, password: 'a-long-enough-password' })).status).toBe(400);
    // focal points cannot invite; the admin can
    const fp = await ctx.login(DEMO.focalJustice);
    expect((await request(ctx.http).post('/api/v1/invitations').set(auth(fp)).send({ email: 'x@y.ma', name: 'x', role: 'validator', institutionId: mj })).status).toBe(403);
  });

  it('sends nothing far from the deadline', async () => {
    expect((await reminders.sweep(new Date(deadline.getTime() - 20 * DAY))).reminders).toBe(0);
  });

  it('reminds once 7 days before, never twice (same day, later day, two concurrent sweeps)', async () => {
    const now = new Date(deadline.getTime() - 7 * DAY);
    const [a, b] = await Promise.all([reminders.sweep(now), reminders.sweep(now)]);
    expect(a.reminders + b.reminders).toBe(await open());
    expect(await count('due_soon')).toBe(await open());
    expect((await reminders.sweep(now)).reminders).toBe(0);
    expect((await reminders.sweep(new Date(now.getTime() + 3600_000))).reminders).toBe(0);
    expect((await reminders.sweep(new Date(now.getTime() + DAY))).reminders).toBe(0);
    await waitForMail(ctx, (m) => m.to.includes(DEMO.focalJustice) && m.subject.startsWith('Rappel : contribution attendue'), 60000);
    const fp = await ctx.login(DEMO.focalJustice);
    const list = await request(ctx.http).get('/api/v1/notifications').query({ unread: 'true', pageSize: '1' }).set(auth(fp));
    expect(list.body.items[0].type).toBe('reminder.due_soon');
    expect(list.body.items[0].payload.institution).toMatchObject({ code: 'MJ', nameAr: expect.any(String), nameFr: expect.any(String), nameEn: expect.any(String) });
  });

  it('reminds when overdue, once per day at most, then weekly', async () => {
    const after = new Date(deadline.getTime() + DAY);
    const [a, b] = await Promise.all([reminders.sweep(after), reminders.sweep(after)]);
    expect(a.reminders + b.reminders).toBe(await open());
    expect((await reminders.sweep(after)).reminders).toBe(0);
    expect((await reminders.sweep(new Date(after.getTime() + 3 * DAY))).reminders).toBe(0);
    expect((await reminders.sweep(new Date(after.getTime() + 7 * DAY))).reminders).toBe(await open());
    const [{ dupes }] = await ctx.dataSource.query(`SELECT count(*)::int AS dupes FROM (SELECT contribution_id, day FROM reminder GROUP BY 1, 2 HAVING count(*) > 1) d`);
    expect(dupes).toBe(0);
    await waitForMail(ctx, (m) => m.to.includes(DEMO.focalInterior) && m.subject.startsWith('En retard'), 60000);
  });

  it('the job scheduler (pg-boss) runs in the application database and a queued sweep is processed', async () => {
    const jobs = ctx.app.get(JobsService);
    await jobs.start();
    expect(jobs.running).toBe(true);
    const id = await jobs.runReminderSweepNow();
    expect(id).toBeTruthy();
    const started = Date.now();
    for (;;) {
      const [row] = await ctx.dataSource.query(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
      if (row?.state === 'completed') break;
      if (Date.now() - started > 20000) throw new Error(`job state ${row?.state}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM pgboss.schedule`);
    expect(n).toBe(2);
    await jobs.stop();
  }, 40000);
});
