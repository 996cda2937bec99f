import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createTestApp, DEMO, DEMO_PASSWORD, TEST_JWT_SECRET, type TestContext } from './harness.js';

/**
 * Token handling (SECURITY.md B): forged or misused access tokens are refused, refresh tokens rotate
 * with reuse detection and a CSRF check, and logout, deactivation or an institution move end the
 * sessions at once.
 */
describe('access and refresh tokens', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  interface Session {
    accessToken: string;
    refreshToken: string;
    userId: string;
  }

  const refreshCookieOf = (res: request.Response): string => {
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sidh_rt='));
    if (!cookie) throw new Error('no refresh cookie');
    return cookie.split(';')[0]!.slice('sidh_rt='.length);
  };

  const signIn = async (email: string): Promise<Session> => {
    const res = await request(ctx.http).post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    return { accessToken: res.body.accessToken, refreshToken: refreshCookieOf(res), userId: res.body.user.id };
  };

  const me = (token: string) => request(ctx.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const refresh = (token: string, headers: Record<string, string> = { 'X-Requested-With': 'sidh' }) =>
    request(ctx.http).post('/api/v1/auth/refresh').set('Cookie', `sidh_rt=${token}`).set(headers);

  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

  describe('forged and misused access tokens', () => {
    let session: Session;
    /** The genuine token's claims minus the registered ones that jsonwebtoken sets from options. */
    let claims: Record<string, unknown>;
    const forge = (overrides: Record<string, unknown> = {}, options: jwt.SignOptions = {}, secret: string = TEST_JWT_SECRET) =>
      jwt.sign({ ...claims, iat_ms: Date.now(), ...overrides }, secret, { algorithm: 'HS256', issuer: 'sidh', audience: 'sidh-api', expiresIn: 300, ...options });

    beforeAll(async () => {
      session = await signIn(DEMO.coordinator);
      const { iat: _iat, exp: _exp, iss: _iss, aud: _aud, ...rest } = payloadOf(session.accessToken);
      claims = rest;
    });

    it('accepts the genuine token and a correctly re-signed copy (control)', async () => {
      expect((await me(session.accessToken)).status).toBe(200);
      expect((await me(forge())).status).toBe(200);
    });

    it('returns 401 when one byte of the signature is flipped', async () => {
      const [h, p, s] = session.accessToken.split('.') as [string, string, string];
      const sig = Buffer.from(s, 'base64url');
      sig[0] = sig[0]! ^ 0x01;
      expect((await me(`${h}.${p}.${sig.toString('base64url')}`)).status).toBe(401);
    });

    it('returns 401 when the payload is changed but the old signature kept', async () => {
      const [h, , s] = session.accessToken.split('.') as [string, string, string];
      const other = (await ctx.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [DEMO.admin]))[0].id;
      expect((await me(`${h}.${b64({ ...payloadOf(session.accessToken), sub: other })}.${s}`)).status).toBe(401);
    });

    it('returns 401 for alg "none" (with and without a trailing signature)', async () => {
      const body = b64({ ...payloadOf(session.accessToken) });
      for (const alg of ['none', 'None', 'NONE']) {
        const header = b64({ alg, typ: 'JWT' });
        expect((await me(`${header}.${body}.`)).status).toBe(401);
        expect((await me(`${header}.${body}`)).status).toBe(401);
      }
    });

    it('returns 401 for HS256 signed with another secret, and for other algorithms with the right secret', async () => {
      expect((await me(forge({}, {}, 'another-secret-another-secret-another-secret!'))).status).toBe(401);
      expect((await me(forge({}, { algorithm: 'HS512' }))).status).toBe(401);
      expect((await me(forge({}, { algorithm: 'HS384' }))).status).toBe(401);
    });

    it('returns 401 for a wrong issuer or audience, or none at all', async () => {
      expect((await me(forge({}, { issuer: 'evil' }))).status).toBe(401);
      expect((await me(forge({}, { audience: 'other-api' }))).status).toBe(401);
      expect((await me(jwt.sign({ ...claims, iat_ms: Date.now() }, TEST_JWT_SECRET, { algorithm: 'HS256', audience: 'sidh-api', expiresIn: 300 }))).status).toBe(401);
      expect((await me(jwt.sign({ ...claims, iat_ms: Date.now() }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'sidh', expiresIn: 300 }))).status).toBe(401);
    });

    it('returns 401 for an expired token, a token with no expiry, a future nbf, and one older than the TTL', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = jwt.sign({ ...claims, iat_ms: Date.now(), iat: now - 600, exp: now - 60 }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'sidh', audience: 'sidh-api' });
      expect((await me(expired)).status).toBe(401);
      expect((await me(jwt.sign({ ...claims, iat_ms: Date.now() }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'sidh', audience: 'sidh-api' }))).status).toBe(401);
      expect((await me(forge({ nbf: now + 600 }))).status).toBe(401);
      // Older than the access-token TTL, whatever its own exp says.
      const longLived = jwt.sign({ ...claims, iat_ms: Date.now(), iat: now - 1000, exp: now + 365 * 86400 }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'sidh', audience: 'sidh-api' });
      expect((await me(longLived)).status).toBe(401);
    });

    it('returns 401 when typ is not "access" or the session id is missing or foreign', async () => {
      expect((await me(forge({ typ: 'refresh' }))).status).toBe(401);
      expect((await me(forge({ typ: undefined }))).status).toBe(401);
      expect((await me(forge({ sid: undefined }))).status).toBe(401);
      expect((await me(forge({ sid: '00000000-0000-4000-8000-000000000000' }))).status).toBe(401);
    });

    it('returns 401 when the token was issued before the session was opened (iat_ms too old)', async () => {
      expect((await me(forge({ iat_ms: 0 }))).status).toBe(401);
    });

    it('ignores jwk/jku/kid headers that point at an attacker key', async () => {
      const token = forge({}, { header: { alg: 'HS256', jku: 'https://evil.example/jwks.json', kid: 'evil' } as jwt.JwtHeader }, 'attacker-secret-attacker-secret-attacker!');
      expect((await me(token)).status).toBe(401);
    });

    it('returns 401 when the token comes in ?access_token=, a cookie or a non-Bearer scheme', async () => {
      expect((await request(ctx.http).get('/api/v1/auth/me').query({ access_token: session.accessToken })).status).toBe(401);
      expect((await request(ctx.http).get('/api/v1/auth/me').set('Cookie', `access_token=${session.accessToken}`)).status).toBe(401);
      expect((await request(ctx.http).get('/api/v1/auth/me').set('Authorization', `Basic ${session.accessToken}`)).status).toBe(401);
      expect((await request(ctx.http).get('/api/v1/auth/me').set('Authorization', session.accessToken)).status).toBe(401);
    });

    it('returns 401 when the refresh token is sent as a Bearer access token', async () => {
      expect((await me(session.refreshToken)).status).toBe(401);
    });
  });

  describe('refresh', () => {
    it('returns 403 without X-Requested-With: sidh, and with a foreign Origin', async () => {
      const s = await signIn(DEMO.auditor);
      const none = await refresh(s.refreshToken, {});
      expect(none.status).toBe(403);
      expect(none.body.code).toBe('auth.csrf_rejected');
      expect((await refresh(s.refreshToken, { 'X-Requested-With': 'XMLHttpRequest' })).status).toBe(403);
      const foreign = await refresh(s.refreshToken, { 'X-Requested-With': 'sidh', Origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      expect((await refresh(s.refreshToken, { 'X-Requested-With': 'sidh', Origin: 'null' })).status).toBe(403);
      // The refused attempts did not consume the token.
      expect((await refresh(s.refreshToken)).status).toBe(200);
    });

    it('returns 401 without a cookie or with an unknown token', async () => {
      expect((await request(ctx.http).post('/api/v1/auth/refresh').set('X-Requested-With', 'sidh')).status).toBe(401);
      expect((await refresh('not-a-real-token')).status).toBe(401);
    });

    it('rotates (RT1 → RT2), and replaying RT1 returns 401 and revokes RT2 too', async () => {
      const s = await signIn(DEMO.auditor);
      const first = await refresh(s.refreshToken);
      expect(first.status).toBe(200);
      expect(typeof first.body.accessToken).toBe('string');
      const rt2 = refreshCookieOf(first);
      expect(rt2).not.toBe(s.refreshToken);
      expect((await me(first.body.accessToken)).status).toBe(200);

      const replay = await refresh(s.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('auth.refresh_invalid');
      expect((await refresh(rt2)).status).toBe(401);
      // The whole session ended: its access tokens are refused too.
      expect((await me(first.body.accessToken)).status).toBe(401);
      expect((await me(s.accessToken)).status).toBe(401);
    });

    it('lets at most one of two parallel refreshes with the same token succeed', async () => {
      const s = await signIn(DEMO.auditor);
      const results = await Promise.all([refresh(s.refreshToken), refresh(s.refreshToken)]);
      expect(results.map((r) => r.status).every((st) => st === 200 || st === 401)).toBe(true);
      expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
      const [{ n }] = await ctx.dataSource.query(
        `SELECT count(*)::int AS n FROM refresh_token t WHERE t.family_id = $1 AND t.used_at IS NULL AND t.revoked_at IS NULL`,
        [payloadOf(s.accessToken)['sid']],
      );
      expect(n).toBeLessThanOrEqual(1);
    });

    it('keeps separate logins in separate families (refresh of one does not touch the other)', async () => {
      const a = await signIn(DEMO.auditor);
      const b = await signIn(DEMO.auditor);
      expect(payloadOf(a.accessToken)['sid']).not.toBe(payloadOf(b.accessToken)['sid']);
      expect((await refresh(a.refreshToken)).status).toBe(200);
      expect((await refresh(a.refreshToken)).status).toBe(401);
      expect((await me(b.accessToken)).status).toBe(200);
      expect((await refresh(b.refreshToken)).status).toBe(200);
    });
  });

  describe('ending sessions', () => {
    it('logout makes the same access token 401 immediately, and the refresh token 401', async () => {
      const s = await signIn(DEMO.coordinator);
      expect((await me(s.accessToken)).status).toBe(200);
      const out = await request(ctx.http).post('/api/v1/auth/logout').set('Authorization', `Bearer ${s.accessToken}`);
      expect(out.status).toBe(204);
      const cleared = ([] as string[]).concat(out.headers['set-cookie'] ?? []).find((c) => c.startsWith('sidh_rt='));
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/i);
      expect((await me(s.accessToken)).status).toBe(401);
      expect((await request(ctx.http).get('/api/v1/recommendations').set('Authorization', `Bearer ${s.accessToken}`)).status).toBe(401);
      expect((await refresh(s.refreshToken)).status).toBe(401);
      expect((await request(ctx.http).post('/api/v1/auth/logout').set('Authorization', `Bearer ${s.accessToken}`)).status).toBe(401);
    });

    const patchUser = async (adminToken: string, userId: string, body: Record<string, unknown>) => {
      const [{ version }] = await ctx.dataSource.query(`SELECT version FROM app_user WHERE id = $1`, [userId]);
      return request(ctx.http).patch(`/api/v1/users/${userId}`).set('Authorization', `Bearer ${adminToken}`).set('If-Match', `"${version}"`).send(body);
    };

    it('admin disabling a user makes their old token 401 at once, kills their refresh token, and audits user.update with before/after', async () => {
      const admin = await signIn(DEMO.admin);
      const victim = await signIn(DEMO.validatorJustice);
      expect((await me(victim.accessToken)).status).toBe(200);
      const res = await patchUser(admin.accessToken, victim.userId, { active: false });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      expect((await me(victim.accessToken)).status).toBe(401);
      expect((await request(ctx.http).get('/api/v1/recommendations').set('Authorization', `Bearer ${victim.accessToken}`)).status).toBe(401);
      expect((await refresh(victim.refreshToken)).status).toBe(401);
      expect((await request(ctx.http).post('/api/v1/auth/login').send({ email: DEMO.validatorJustice, password: DEMO_PASSWORD })).status).toBe(401);
      const [event] = await ctx.dataSource.query(
        `SELECT actor_id, changes FROM audit_event WHERE action = 'user.update' AND entity_type = 'user' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [victim.userId],
      );
      expect(event).toBeDefined();
      expect(event.actor_id).toBe(admin.userId);
      expect(event.changes).toEqual({ active: { before: true, after: false } });
    });

    it('admin moving a focal point to another institution refuses their old token and audits user.role_change', async () => {
      const admin = await signIn(DEMO.admin);
      const fp = await signIn(DEMO.focalJustice);
      const [{ id: mj }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MJ'`);
      const [{ id: mi }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MI'`);
      expect((await me(fp.accessToken)).status).toBe(200);
      const res = await patchUser(admin.accessToken, fp.userId, { institutionId: mi });
      expect(res.status).toBe(200);
      expect(res.body.institutionId).toBe(mi);
      expect((await me(fp.accessToken)).status).toBe(401);
      expect((await request(ctx.http).get('/api/v1/recommendations').set('Authorization', `Bearer ${fp.accessToken}`)).status).toBe(401);
      expect((await refresh(fp.refreshToken)).status).toBe(401);
      const [event] = await ctx.dataSource.query(
        `SELECT changes FROM audit_event WHERE action = 'user.role_change' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [fp.userId],
      );
      expect(event.changes).toEqual({ institution_id: { before: mj, after: mi } });
      // A fresh login sees the new institution.
      const again = await request(ctx.http).post('/api/v1/auth/login').send({ email: DEMO.focalJustice, password: DEMO_PASSWORD });
      expect(again.body.user.institution.code).toBe('MI');
    });

    it('admin changing a role refuses the old token and audits user.role_change', async () => {
      const admin = await signIn(DEMO.admin);
      const target = await signIn(DEMO.focalInterior);
      const res = await patchUser(admin.accessToken, target.userId, { role: 'validator' });
      expect(res.status).toBe(200);
      expect((await me(target.accessToken)).status).toBe(401);
      const [event] = await ctx.dataSource.query(`SELECT changes FROM audit_event WHERE action = 'user.role_change' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [target.userId]);
      expect(event.changes).toEqual({ role: { before: 'focal_point', after: 'validator' } });
    });

    it('a change of name only does not end the session', async () => {
      const admin = await signIn(DEMO.admin);
      const target = await signIn(DEMO.auditor);
      const res = await patchUser(admin.accessToken, target.userId, { name: 'Karim T.' });
      expect(res.status).toBe(200);
      expect((await me(target.accessToken)).status).toBe(200);
    });
  });
});
