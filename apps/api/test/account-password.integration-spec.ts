import { createHash } from 'node:crypto';
import request from 'supertest';
import { auditActions, eventually, passwordLogin, refresh, refreshCookieOf } from './account-helpers.js';
import { userFactory, type FactoryUser } from './factories/user.factory.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * Accounts (issue 13): changing one's password, the forgotten-password flow by e-mail, and the
 * common-password list (change, reset, invitation acceptance). Real PostgreSQL, factory accounts.
 */
describe('passwords: change, reset by e-mail, common passwords refused', () => {
  let ctx: TestContext;
  let f: ReturnType<typeof userFactory>;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    f = userFactory(ctx);
  });
  afterAll(() => ctx.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const changePassword = (token: string, body: Record<string, unknown>) => request(ctx.http).post('/api/v1/auth/password').set(bearer(token)).send(body);
  const passwordHashOf = async (id: string): Promise<string> => (await ctx.dataSource.query(`SELECT password_hash FROM app_user WHERE id = $1`, [id]))[0].password_hash;

  describe('POST /auth/password', () => {
    it('changes the password and ends every other session: its access token and its refresh token are refused, this one goes on', async () => {
      const user = await f.newUser({ role: 'coordinator' });
      const here = await passwordLogin(ctx, user.email, user.password!);
      const elsewhere = await passwordLogin(ctx, user.email, user.password!);
      const otherCookie = refreshCookieOf(elsewhere);
      expect((await request(ctx.http).get('/api/v1/auth/me').set(bearer(elsewhere.body.accessToken))).status).toBe(200);

      const res = await changePassword(here.body.accessToken, { currentPassword: user.password, newPassword: 'a new and long pass phrase' });
      expect(res.status).toBe(204);

      expect((await request(ctx.http).get('/api/v1/auth/me').set(bearer(elsewhere.body.accessToken))).status).toBe(401);
      expect((await refresh(ctx, otherCookie)).status).toBe(401);
      expect((await request(ctx.http).get('/api/v1/auth/me').set(bearer(here.body.accessToken))).status).toBe(200);
      expect((await refresh(ctx, refreshCookieOf(here))).status).toBe(200);
      expect((await passwordLogin(ctx, user.email, user.password!)).status).toBe(401);
      expect((await passwordLogin(ctx, user.email, 'a new and long pass phrase')).status).toBe(200);
      expect(await auditActions(ctx, user.id)).toContain('auth.password_change');
    });

    it('answers 400 auth.current_password_invalid for a wrong current password, and changes nothing', async () => {
      const user = await f.newUser({ role: 'auditor' });
      const token = await f.login(user);
      const before = await passwordHashOf(user.id);
      const res = await changePassword(token, { currentPassword: 'not-the-password', newPassword: 'a new and long pass phrase' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('auth.current_password_invalid');
      expect(await passwordHashOf(user.id)).toBe(before);
      expect(await auditActions(ctx, user.id)).not.toContain('auth.password_change');
    });

    it.each(['password1234', 'Password123456!', 'qwertyuiop123', 'iloveyou2024', 'football1234', '123456789012', 'Dragon!Dragon'])(
      'refuses the common password %s with 400 validation.passwordCommon on newPassword',
      async (common) => {
        const user = await f.newUser({ role: 'auditor' });
        const token = await f.login(user);
        const res = await changePassword(token, { currentPassword: user.password, newPassword: common });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation.failed');
        expect(res.body.details.fields).toEqual({ newPassword: 'validation.passwordCommon' });
      },
    );

    it('answers 400 naming newPassword when it is too short', async () => {
      const user = await f.newUser({ role: 'auditor' });
      const res = await changePassword(await f.login(user), { currentPassword: user.password, newPassword: 'short' });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.details.fields)).toEqual(['newPassword']);
    });

    it('answers 401 without a session', async () => {
      expect((await request(ctx.http).post('/api/v1/auth/password').send({ currentPassword: 'x', newPassword: 'a new and long pass phrase' })).status).toBe(401);
    });
  });

  describe('forgotten password', () => {
    const requestReset = (email: string) => request(ctx.http).post('/api/v1/auth/password-reset').send({ email });
    const confirm = (token: string, password: string) => request(ctx.http).post('/api/v1/auth/password-reset/confirm').send({ token, password });
    /** The token from the reset mail (the link's fragment). */
    const mailedToken = (email: string) =>
      eventually(async () => {
        const rows = await ctx.dataSource.query(`SELECT body FROM mail_outbox WHERE recipient = $1 AND subject LIKE '%SIDH%' ORDER BY created_at DESC`, [email]);
        const match = rows.map((r: { body: string }) => /\/password-reset#token=([A-Za-z0-9_-]+)/.exec(r.body)).find(Boolean);
        return match?.[1] as string | undefined;
      }, `reset mail to ${email}`);

    let user: FactoryUser;
    beforeAll(async () => {
      user = await f.newUser({ role: 'auditor', locale: 'ar' });
    });

    it('answers 202 with the same body for a known and an unknown account; only the known one gets a token and a mail', async () => {
      const known = await requestReset(user.email);
      const unknown = await requestReset('nobody-here@factory.test');
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      expect(known.body).toEqual({ accepted: true });
      await mailedToken(user.email);
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE recipient = 'nobody-here@factory.test'`);
      expect(n).toBe(0);
    });

    it('writes the mail in the account\'s language', async () => {
      const [mail] = await ctx.dataSource.query(`SELECT subject, locale FROM mail_outbox WHERE recipient = $1`, [user.email]);
      expect(mail.locale).toBe('ar');
      expect(mail.subject).toContain('إعادة تعيين');
    });

    it('stores only the SHA-256 of the token, valid one hour', async () => {
      const token = await mailedToken(user.email);
      const rows = await ctx.dataSource.query(`SELECT row_to_json(t)::text AS json, token_hash, expires_at - created_at AS ttl FROM password_reset_token t WHERE user_id = $1`, [user.id]);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.some((r: { token_hash: string }) => r.token_hash === createHash('sha256').update(token).digest('hex'))).toBe(true);
      for (const row of rows) expect(row.json).not.toContain(token);
      const ttlSeconds = (await ctx.dataSource.query(`SELECT extract(epoch FROM expires_at - created_at)::int AS s FROM password_reset_token WHERE user_id = $1 LIMIT 1`, [user.id]))[0].s;
      expect(Math.abs(ttlSeconds - 3600)).toBeLessThan(60);
    });

    it('refuses a common password and leaves the token usable', async () => {
      const token = await mailedToken(user.email);
      const res = await confirm(token, 'Password12345');
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ password: 'validation.passwordCommon' });
      const [{ used }] = await ctx.dataSource.query(`SELECT count(*)::int AS used FROM password_reset_token WHERE user_id = $1 AND used_at IS NOT NULL`, [user.id]);
      expect(used).toBe(0);
    });

    it('sets the password, uses the token up (a second use is 400) and ends every session', async () => {
      const session = await passwordLogin(ctx, user.email, user.password!);
      const token = await mailedToken(user.email);
      expect((await confirm(token, 'the reset pass phrase 42')).status).toBe(204);
      const again = await confirm(token, 'another reset pass phrase');
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('auth.reset_token_invalid');
      expect((await request(ctx.http).get('/api/v1/auth/me').set(bearer(session.body.accessToken))).status).toBe(401);
      expect((await refresh(ctx, refreshCookieOf(session))).status).toBe(401);
      expect((await passwordLogin(ctx, user.email, user.password!)).status).toBe(401);
      expect((await passwordLogin(ctx, user.email, 'the reset pass phrase 42')).status).toBe(200);
      expect(await auditActions(ctx, user.id)).toEqual(expect.arrayContaining(['auth.password_reset_request', 'auth.password_reset']));
    });

    it('refuses an expired token', async () => {
      const other = await f.newUser({ role: 'auditor' });
      await requestReset(other.email);
      const token = await mailedToken(other.email);
      await ctx.dataSource.query(`UPDATE password_reset_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [other.id]);
      const res = await confirm(token, 'the reset pass phrase 42');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('auth.reset_token_invalid');
    });

    it('refuses an unknown token', async () => {
      const res = await confirm('A'.repeat(43), 'the reset pass phrase 42');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('auth.reset_token_invalid');
    });
  });

  describe('invitation acceptance', () => {
    it('refuses a common password (400 validation.passwordCommon) and leaves the invitation open', async () => {
      const admin = await f.newUser({ role: 'admin' });
      const institution = await f.newInstitution();
      const email = `invited-${Date.now()}@factory.test`;
      const invite = await request(ctx.http)
        .post('/api/v1/invitations')
        .set(bearer(await f.login(admin)))
        .send({ email, name: 'Invited Person', role: 'focal_point', institutionId: institution.id });
      expect(invite.status).toBe(201);
      const token = await eventually(async () => {
        const [mail] = await ctx.dataSource.query(`SELECT body FROM mail_outbox WHERE recipient = $1`, [email]);
        return mail && (/#token=([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] as string | undefined);
      }, 'invitation mail');
      const refused = await request(ctx.http).post('/api/v1/invitations/accept').send({ token, password: 'Sunshine2024!' });
      expect(refused.status).toBe(400);
      expect(refused.body.details.fields).toEqual({ password: 'validation.passwordCommon' });
      const accepted = await request(ctx.http).post('/api/v1/invitations/accept').send({ token, password: 'a long phrase nobody uses' });
      expect(accepted.status).toBe(200);
    });
  });
});
