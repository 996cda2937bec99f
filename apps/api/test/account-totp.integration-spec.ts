import request from 'supertest';
import { auditActions, awayFromStepEdge, codeAt, enrolTotp, passwordLogin, refresh, refreshCookieOf, storedTotp } from './account-helpers.js';
import { userFactory } from './factories/user.factory.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * TOTP two-factor sign-in (RFC 6238, issue 13), with AUTH_TOTP_REQUIRED_ROLES=admin,coordinator:
 * enrolment, the two-step sign-in, drift of one step only, codes never accepted twice (also in
 * parallel), recovery codes, disabling, and the administrator's lost-device reset.
 */
describe('TOTP two-factor sign-in', () => {
  let ctx: TestContext;
  let f: ReturnType<typeof userFactory>;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false, env: { AUTH_TOTP_REQUIRED_ROLES: 'admin,coordinator', LOGIN_MAX_FAILURES: '50', RATE_LIMIT_PUBLIC_MAX: '1000' } });
    f = userFactory(ctx);
  });
  afterAll(() => ctx.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const totpStep = (mfaToken: string, code: string) => request(ctx.http).post('/api/v1/auth/login/totp').send({ mfaToken, code });
  const challenge = async (email: string, password: string): Promise<string> => {
    const res = await passwordLogin(ctx, email, password);
    expect(res.status).toBe(202);
    return res.body.mfaToken as string;
  };

  it('limits a required role without TOTP to enrolling: 403 auth.totp_enrolment_required elsewhere, /auth/me says so', async () => {
    const coord = await f.newUser({ role: 'coordinator' });
    const token = await f.login(coord);
    const denied = await request(ctx.http).get('/api/v1/recommendations').set(bearer(token));
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('auth.totp_enrolment_required');
    const me = await request(ctx.http).get('/api/v1/auth/me').set(bearer(token));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ totpEnabled: false, totpRequired: true });
  });

  it('enrols: URI, QR code (SVG) and secret; the secret is stored encrypted; a wrong code does not confirm; a right one does and returns ten recovery codes', async () => {
    const coord = await f.newUser({ role: 'coordinator' });
    const token = await f.login(coord);
    const enrol = await request(ctx.http).post('/api/v1/auth/totp/enrol').set(bearer(token)).send();
    expect(enrol.status).toBe(200);
    expect(enrol.body.uri).toMatch(/^otpauth:\/\/totp\/SIDH:.+\?.*secret=/);
    expect(enrol.body.uri).toContain(`secret=${enrol.body.secret}`);
    expect(enrol.body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const stored = await storedTotp(ctx, coord.id);
    expect(stored!.secretEnc).not.toContain(enrol.body.secret);
    expect(stored!.secret).toBe(enrol.body.secret);

    await awayFromStepEdge();
    const wrongCode = String((Number(codeAt(enrol.body.secret)) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await request(ctx.http).post('/api/v1/auth/totp/confirm').set(bearer(token)).send({ code: wrongCode });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('auth.totp_invalid');

    const ok = await request(ctx.http).post('/api/v1/auth/totp/confirm').set(bearer(token)).send({ code: codeAt(enrol.body.secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.body.recoveryCodes).size).toBe(10);
    const [{ n, clear }] = await ctx.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE code_hash = ANY($2))::int AS clear FROM user_totp_recovery_code WHERE user_id = $1`,
      [coord.id, ok.body.recoveryCodes],
    );
    expect([n, clear]).toEqual([10, 0]);

    // The same session is no longer limited; the secret is never given again.
    expect((await request(ctx.http).get('/api/v1/recommendations').set(bearer(token))).status).toBe(200);
    const again = await request(ctx.http).post('/api/v1/auth/totp/enrol').set(bearer(token)).send();
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('auth.totp_state');
    expect(await auditActions(ctx, coord.id)).toEqual(expect.arrayContaining(['auth.totp_enrol', 'auth.totp_enable']));
  });

  it('signs in in two steps: the password gives a short-lived token (no session, no cookie, not an access token), the code gives the session', async () => {
    const coord = await f.newUser({ role: 'coordinator' });
    const { secret } = await enrolTotp(ctx, await f.login(coord));
    const first = await passwordLogin(ctx, coord.email, coord.password!);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ totpRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    expect(first.body.accessToken).toBeUndefined();
    expect(first.headers['set-cookie']).toBeUndefined();
    expect((await request(ctx.http).get('/api/v1/auth/me').set(bearer(first.body.mfaToken))).status).toBe(401);

    await awayFromStepEdge();
    const second = await totpStep(first.body.mfaToken, codeAt(secret, 1));
    expect(second.status).toBe(200);
    expect((await request(ctx.http).get('/api/v1/recommendations').set(bearer(second.body.accessToken))).status).toBe(200);
    expect((await refresh(ctx, refreshCookieOf(second))).status).toBe(200);
    const [event] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE action = 'auth.login' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [coord.id]);
    expect(event.changes).toEqual({ secondFactor: 'totp' });
  });

  it('accepts a code within one step of drift only, each time step once, and never an older step than the last used', async () => {
    const admin = await f.newUser({ role: 'admin' });
    const token = await f.login(admin);
    const enrol = await request(ctx.http).post('/api/v1/auth/totp/enrol').set(bearer(token)).send();
    const secret = enrol.body.secret as string;
    await awayFromStepEdge(8);
    // Confirmation with the previous step's code (drift −1) is accepted.
    expect((await request(ctx.http).post('/api/v1/auth/totp/confirm').set(bearer(token)).send({ code: codeAt(secret, -1) })).status).toBe(200);
    const mfa = await challenge(admin.email, admin.password!);
    expect((await totpStep(mfa, codeAt(secret, -2))).status).toBe(400);
    expect((await totpStep(mfa, codeAt(secret, 2))).status).toBe(400);
    expect((await totpStep(mfa, codeAt(secret, -1))).status).toBe(400); // its step is used already
    expect((await totpStep(mfa, codeAt(secret, 0))).status).toBe(200);
    const reused = await totpStep(mfa, codeAt(secret, 0));
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('auth.totp_invalid');
    expect((await totpStep(mfa, codeAt(secret, 1))).status).toBe(200); // drift +1, a later step
    expect((await totpStep(mfa, codeAt(secret, 0))).status).toBe(400); // older than the last used
  });

  it('lets exactly one of two parallel submissions of the same code through', async () => {
    const admin = await f.newUser({ role: 'admin' });
    const { secret } = await enrolTotp(ctx, await f.login(admin));
    const [a, b] = [await challenge(admin.email, admin.password!), await challenge(admin.email, admin.password!)];
    await awayFromStepEdge();
    const code = codeAt(secret, 1);
    const results = await Promise.all([totpStep(a, code), totpStep(b, code), totpStep(a, code), totpStep(b, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400]);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM refresh_token WHERE user_id = $1`, [admin.id]);
    expect(n).toBe(2); // the enrolling session and the one sign-in that got through
  });

  it('accepts a recovery code once (any case, with or without the dash)', async () => {
    const coord = await f.newUser({ role: 'coordinator' });
    const { recoveryCodes } = await enrolTotp(ctx, await f.login(coord));
    const code = recoveryCodes[3]!;
    expect((await totpStep(await challenge(coord.email, coord.password!), code.toLowerCase().replace('-', ''))).status).toBe(200);
    expect((await totpStep(await challenge(coord.email, coord.password!), code)).status).toBe(400);
    expect((await totpStep(await challenge(coord.email, coord.password!), recoveryCodes[4]!)).status).toBe(200);
    const security = await request(ctx.http).get('/api/v1/auth/account').set(bearer((await totpStep(await challenge(coord.email, coord.password!), recoveryCodes[5]!)).body.accessToken));
    expect(security.body).toEqual({ totpEnabled: true, totpRequired: true, recoveryCodesLeft: 7 });
  });

  it('refuses a forged or expired first-step token with 401 auth.mfa_token_invalid', async () => {
    const res = await totpStep('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.' + 'A'.repeat(43), '123456');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.mfa_token_invalid');
  });

  it('an optional role turns TOTP off with its password and a new code (a wrong password is refused); a required role cannot (409)', async () => {
    const auditor = await f.newUser({ role: 'auditor' });
    const token = await f.login(auditor);
    const { secret } = await enrolTotp(ctx, token);
    const wrongPassword = await request(ctx.http).post('/api/v1/auth/totp/disable').set(bearer(token)).send({ password: 'not it', code: codeAt(secret, 1) });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.code).toBe('auth.current_password_invalid');
    const usedStep = await request(ctx.http).post('/api/v1/auth/totp/disable').set(bearer(token)).send({ password: auditor.password, code: codeAt(secret, 0) });
    expect(usedStep.status).toBe(400); // the confirmation used this step
    expect((await request(ctx.http).post('/api/v1/auth/totp/disable').set(bearer(token)).send({ password: auditor.password, code: codeAt(secret, 1) })).status).toBe(204);
    expect(await storedTotp(ctx, auditor.id)).toBeUndefined();

    const coord = await f.newUser({ role: 'coordinator' });
    const coordToken = await f.login(coord);
    const coordTotp = await enrolTotp(ctx, coordToken);
    const refused = await request(ctx.http).post('/api/v1/auth/totp/disable').set(bearer(coordToken)).send({ password: coord.password, code: coordTotp.recoveryCodes[0] });
    expect(refused.status).toBe(409);
    expect(await storedTotp(ctx, coord.id)).toBeDefined();
  });

  it('turns TOTP off with a recovery code; sign-in is one step again; audited', async () => {
    const auditor = await f.newUser({ role: 'auditor' });
    const token = await f.login(auditor);
    const { recoveryCodes } = await enrolTotp(ctx, token);
    const res = await request(ctx.http).post('/api/v1/auth/totp/disable').set(bearer(token)).send({ password: auditor.password, code: recoveryCodes[0] });
    expect(res.status).toBe(204);
    expect((await passwordLogin(ctx, auditor.email, auditor.password!)).status).toBe(200);
    expect(await storedTotp(ctx, auditor.id)).toBeUndefined();
    expect(await auditActions(ctx, auditor.id)).toContain('auth.totp_disable');
  });

  describe('POST /users/:id/totp/reset (lost device)', () => {
    it('lets an administrator remove it: the user\'s sessions end, the next sign-in is limited to enrolling again; audited', async () => {
      const admin = await f.newUser({ role: 'admin' });
      const adminSession = await enrolTotp(ctx, await f.login(admin)).then(async ({ secret }) => {
        await awayFromStepEdge();
        return (await totpStep(await challenge(admin.email, admin.password!), codeAt(secret, 1))).body.accessToken as string;
      });
      const coord = await f.newUser({ role: 'coordinator' });
      const { secret } = await enrolTotp(ctx, await f.login(coord));
      await awayFromStepEdge();
      const coordSession = await totpStep(await challenge(coord.email, coord.password!), codeAt(secret, 1));
      expect(coordSession.status).toBe(200);

      const res = await request(ctx.http).post(`/api/v1/users/${coord.id}/totp/reset`).set(bearer(adminSession)).send();
      expect(res.status).toBe(204);
      expect((await request(ctx.http).get('/api/v1/auth/me').set(bearer(coordSession.body.accessToken))).status).toBe(401);
      expect((await refresh(ctx, refreshCookieOf(coordSession))).status).toBe(401);
      expect(await storedTotp(ctx, coord.id)).toBeUndefined();
      const next = await passwordLogin(ctx, coord.email, coord.password!);
      expect(next.status).toBe(200);
      expect(next.body.user).toMatchObject({ totpEnabled: false, totpRequired: true });
      const [event] = await ctx.dataSource.query(`SELECT actor_id, changes FROM audit_event WHERE action = 'auth.totp_reset' AND entity_id = $1`, [coord.id]);
      expect(event.actor_id).toBe(admin.id);
      expect(event.changes).toEqual({ totpEnabled: { before: true, after: false }, sessionsEnded: true });
    });

    it('is refused to a coordinator (403) and answers 404 for an unknown user', async () => {
      const auditor = await f.newUser({ role: 'auditor' });
      const target = await f.newUser({ role: 'auditor' });
      expect((await request(ctx.http).post(`/api/v1/users/${target.id}/totp/reset`).set(bearer(await f.login(auditor))).send()).status).toBe(403);
      const admin = await f.newUser({ role: 'admin' });
      const { secret } = await enrolTotp(ctx, await f.login(admin));
      await awayFromStepEdge();
      const adminToken = (await totpStep(await challenge(admin.email, admin.password!), codeAt(secret, 1))).body.accessToken as string;
      expect((await request(ctx.http).post(`/api/v1/users/00000000-0000-4000-8000-000000000000/totp/reset`).set(bearer(adminToken)).send()).status).toBe(404);
    });
  });
});
