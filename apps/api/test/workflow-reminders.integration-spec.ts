import request from 'supertest';
import { JobsService } from '../src/modules/jobs/jobs.service.js';
import { RemindersService } from '../src/modules/notifications/reminders.service.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { auth, institutionId, waitForMail } from './workflow-helpers.js';

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

  describe('invitations', () => {
    let coord: string;
    let mj: string;

    beforeAll(async () => {
      coord = await ctx.login(DEMO.coordinator);
      mj = await institutionId(ctx, 'MJ');
    });

    /** Invites someone to MJ and returns the invitation's id and the token its mail carries. */
    const invite = async (email: string, extra: Record<string, unknown> = {}) => {
      const res = await request(ctx.http).post('/api/v1/invitations').set(auth(coord)).send({ email, name: 'Invité', role: 'validator', institutionId: mj, ...extra });
      expect(res.status).toBe(201);
      const mail = await waitForMail(ctx, (m) => m.to.includes(email.toLowerCase()));
      return { id: res.body.id as string, mail, token: /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]! };
    };
    const accept = (token: string, password = 'a-long-enough-password') => request(ctx.http).post('/api/v1/invitations/accept').send({ token, password });

    it('mails a single-use link in the invitee’s language; only the token’s hash is stored', async () => {
      const { id, mail, token } = await invite('New.Focal@justice.gov.ma', { name: 'Nouveau PF', role: 'focal_point', focalPointKind: 'alternate', locale: 'ar' });
      expect(mail.subject).toBe('دعوة للانضمام إلى SIDH');
      const [{ token_hash }] = await ctx.dataSource.query(`SELECT token_hash FROM invitation WHERE id = $1`, [id]);
      expect(token_hash).not.toContain(token);
      expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a password that breaks the rules (400) without using up the link', async () => {
      const { token } = await invite('short.password@justice.gov.ma');
      expect((await accept(token, 'short')).status).toBe(400);
      expect((await accept(token)).status).toBe(200);
    });

    it('accepting activates the account, which can then sign in', async () => {
      const { token } = await invite('accepted@justice.gov.ma');
      const ok = await accept(token);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ email: 'accepted@justice.gov.ma', active: true });
      const login = await request(ctx.http).post('/api/v1/auth/login').send({ email: 'accepted@justice.gov.ma', password: 'a-long-enough-password' });
      expect(login.status).toBe(200);
    });

    it('a link works once: a second acceptance is 400 invitation.invalid', async () => {
      const { token } = await invite('twice@justice.gov.ma');
      expect((await accept(token)).status).toBe(200);
      const again = await accept(token);
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('invitation.invalid');
    });

    it('refuses to invite an e-mail that already has an account (409)', async () => {
      const { token } = await invite('existing@justice.gov.ma');
      expect((await accept(token)).status).toBe(200);
      expect((await request(ctx.http).post('/api/v1/invitations').set(auth(coord)).send({ email: 'existing@justice.gov.ma', name: 'x', role: 'validator', institutionId: mj })).status).toBe(409);
    });

    it('refuses an expired link (400)', async () => {
      const { id, token } = await invite('late@justice.gov.ma', { name: 'Late' });
      await ctx.dataSource.transaction(async (m) => {
        await m.query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
        await m.query(`INSERT INTO audit_event (action, entity_type, entity_id) VALUES ('test.expire', 'invitation', $1)`, [id]);
      });
      expect((await accept(token)).status).toBe(400);
    });

    it('focal points cannot invite (403)', async () => {
      const fp = await ctx.login(DEMO.focalJustice);
      expect((await request(ctx.http).post('/api/v1/invitations').set(auth(fp)).send({ email: 'x@y.ma', name: 'x', role: 'validator', institutionId: mj })).status).toBe(403);
    });
  });

  it('sends nothing far from the deadline', async () => {
    expect((await reminders.sweep(new Date(deadline.getTime() - 20 * DAY))).reminders).toBe(0);
  });

  describe('7 days before the deadline', () => {
    const now = () => new Date(deadline.getTime() - 7 * DAY);

    it('reminds every open contribution once, even with two sweeps at the same time', async () => {
      const [a, b] = await Promise.all([reminders.sweep(now()), reminders.sweep(now())]);
      expect(a.reminders + b.reminders).toBe(await open());
      expect(await count('due_soon')).toBe(await open());
    });

    it('does not remind again the same day, an hour later or the next day', async () => {
      expect((await reminders.sweep(now())).reminders).toBe(0);
      expect((await reminders.sweep(new Date(now().getTime() + 3600_000))).reminders).toBe(0);
      expect((await reminders.sweep(new Date(now().getTime() + DAY))).reminders).toBe(0);
    });

    it('the focal point gets the mail in their language and a notification naming the institution in every language', async () => {
      await waitForMail(ctx, (m) => m.to.includes(DEMO.focalJustice) && m.subject.startsWith('Rappel : contribution attendue'), 60000);
      const fp = await ctx.login(DEMO.focalJustice);
      const list = await request(ctx.http).get('/api/v1/notifications').query({ unread: 'true', pageSize: '1' }).set(auth(fp));
      expect(list.body.items[0].type).toBe('reminder.due_soon');
      expect(list.body.items[0].payload.institution).toMatchObject({ code: 'MJ', nameAr: expect.any(String), nameFr: expect.any(String), nameEn: expect.any(String) });
    });
  });

  describe('after the deadline', () => {
    const after = () => new Date(deadline.getTime() + DAY);

    it('reminds every open contribution once as overdue, even with two sweeps at the same time', async () => {
      const [a, b] = await Promise.all([reminders.sweep(after()), reminders.sweep(after())]);
      expect(a.reminders + b.reminders).toBe(await open());
    });

    it('does not remind again the same day nor within the week', async () => {
      expect((await reminders.sweep(after())).reminders).toBe(0);
      expect((await reminders.sweep(new Date(after().getTime() + 3 * DAY))).reminders).toBe(0);
    });

    it('reminds again a week later', async () => {
      expect((await reminders.sweep(new Date(after().getTime() + 7 * DAY))).reminders).toBe(await open());
    });

    it('never records two reminders for a contribution on the same day', async () => {
      const [{ dupes }] = await ctx.dataSource.query(`SELECT count(*)::int AS dupes FROM (SELECT contribution_id, day FROM reminder GROUP BY 1, 2 HAVING count(*) > 1) d`);
      expect(dupes).toBe(0);
    });

    it('the focal point gets the overdue mail', async () => {
      await waitForMail(ctx, (m) => m.to.includes(DEMO.focalInterior) && m.subject.startsWith('En retard'), 60000);
    });
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
