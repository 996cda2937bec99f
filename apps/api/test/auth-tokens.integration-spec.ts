import jwt from 'jsonwebtoken';
import pg from 'pg';
import request from 'supertest';
import { AuthRepository } from '../src/auth/auth.repository.js';
import type { InstitutionRow } from '../src/modules/institutions/institutions.repository.js';
import { UsersRepository } from '../src/modules/users/users.repository.js';
import { userFactory, type FactoryUser } from './factories/user.factory.js';
import { createTestApp, DEMO, DEMO_PASSWORD, TEST_JWT_SECRET, type TestContext } from './harness.js';

/**
 * Token handling (docs/security.md#b-sessions-and-tokens): forged or misused access tokens are refused, refresh tokens rotate
 * with reuse detection and a CSRF check, and logout, deactivation or an institution move end the
 * sessions at once.
 */
describe('access and refresh tokens', () => {
  let ctx: TestContext;
  let users: ReturnType<typeof userFactory>;

  beforeAll(async () => {
    ctx = await createTestApp();
    users = userFactory(ctx);
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

  const signIn = async (email: string, password: string = DEMO_PASSWORD): Promise<Session> => {
    const res = await request(ctx.http).post('/api/v1/auth/login').send({ email, password });
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

    it('accepts the genuine token (control)', async () => {
      expect((await me(session.accessToken)).status).toBe(200);
    });

    it('accepts a correctly re-signed copy of the token (control for the forgeries below)', async () => {
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
      const other = await users.newUser({ role: 'admin' });
      expect((await me(`${h}.${b64({ ...payloadOf(session.accessToken), sub: other.id })}.${s}`)).status).toBe(401);
    });

    it.each([
      ['none', 'with'],
      ['none', 'without'],
      ['None', 'with'],
      ['None', 'without'],
      ['NONE', 'with'],
      ['NONE', 'without'],
    ])('returns 401 for alg "%s" %s a trailing signature separator', async (alg, trailing) => {
      const body = b64({ ...payloadOf(session.accessToken) });
      const header = b64({ alg, typ: 'JWT' });
      expect((await me(trailing === 'with' ? `${header}.${body}.` : `${header}.${body}`)).status).toBe(401);
    });

    it('returns 401 for HS256 signed with another secret', async () => {
      expect((await me(forge({}, {}, 'another-secret-another-secret-another-secret!'))).status).toBe(401);
    });

    it.each(['HS512', 'HS384'] as const)('returns 401 for %s signed with the right secret', async (algorithm) => {
      expect((await me(forge({}, { algorithm }))).status).toBe(401);
    });

    it('returns 401 for a wrong issuer', async () => {
      expect((await me(forge({}, { issuer: 'evil' }))).status).toBe(401);
    });

    it('returns 401 for a wrong audience', async () => {
      expect((await me(forge({}, { audience: 'other-api' }))).status).toBe(401);
    });

    it('returns 401 for a token without an issuer', async () => {
      expect((await me(jwt.sign({ ...claims, iat_ms: Date.now() }, TEST_JWT_SECRET, { algorithm: 'HS256', audience: 'sidh-api', expiresIn: 300 }))).status).toBe(401);
    });

    it('returns 401 for a token without an audience', async () => {
      expect((await me(jwt.sign({ ...claims, iat_ms: Date.now() }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'sidh', expiresIn: 300 }))).status).toBe(401);
    });

    it('returns 401 for an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = jwt.sign({ ...claims, iat_ms: Date.now(), iat: now - 600, exp: now - 60 }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'sidh', audience: 'sidh-api' });
      expect((await me(expired)).status).toBe(401);
    });

    it('returns 401 for a token with no expiry', async () => {
      expect((await me(jwt.sign({ ...claims, iat_ms: Date.now() }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'sidh', audience: 'sidh-api' }))).status).toBe(401);
    });

    it('returns 401 for a token whose nbf is in the future', async () => {
      const now = Math.floor(Date.now() / 1000);
      expect((await me(forge({ nbf: now + 600 }))).status).toBe(401);
    });

    it('returns 401 for a token older than the access-token TTL, whatever its own exp says', async () => {
      const now = Math.floor(Date.now() / 1000);
      const longLived = jwt.sign({ ...claims, iat_ms: Date.now(), iat: now - 1000, exp: now + 365 * 86400 }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'sidh', audience: 'sidh-api' });
      expect((await me(longLived)).status).toBe(401);
    });

    it.each([
      ['typ is "refresh"', { typ: 'refresh' }],
      ['typ is missing', { typ: undefined }],
    ])('returns 401 when %s', async (_, overrides) => {
      expect((await me(forge(overrides))).status).toBe(401);
    });

    it('returns 401 when the session id is missing', async () => {
      expect((await me(forge({ sid: undefined }))).status).toBe(401);
    });

    it.each([
      ['sub', { sub: 'not-a-uuid' }],
      ['sid', { sid: "x' OR '1'='1" }],
    ])('returns 401 (not 503) when the %s is not a UUID: nothing we issue, so not a lookup to fail', async (_, overrides) => {
      const res = await me(forge(overrides));
      expect(res.status).toBe(401);
      expect(res.headers['retry-after']).toBeUndefined();
    });

    it('returns 401 when the session id is not a session of the user', async () => {
      expect((await me(forge({ sid: '00000000-0000-4000-8000-000000000000' }))).status).toBe(401);
    });

    it('returns 401 when the token was issued before the session was opened (iat_ms too old)', async () => {
      expect((await me(forge({ iat_ms: 0 }))).status).toBe(401);
    });

    it('ignores jwk/jku/kid headers that point at an attacker key', async () => {
      const token = forge({}, { header: { alg: 'HS256', jku: 'https://evil.example/jwks.json', kid: 'evil' } as jwt.JwtHeader }, 'attacker-secret-attacker-secret-attacker!');
      expect((await me(token)).status).toBe(401);
    });

    it('returns 401 when the token comes in ?access_token=', async () => {
      expect((await request(ctx.http).get('/api/v1/auth/me').query({ access_token: session.accessToken })).status).toBe(401);
    });

    it('returns 401 when the token comes in a cookie', async () => {
      expect((await request(ctx.http).get('/api/v1/auth/me').set('Cookie', `access_token=${session.accessToken}`)).status).toBe(401);
    });

    it('returns 401 when the token comes with the Basic scheme', async () => {
      expect((await request(ctx.http).get('/api/v1/auth/me').set('Authorization', `Basic ${session.accessToken}`)).status).toBe(401);
    });

    it('returns 401 when the token comes in Authorization without a scheme', async () => {
      expect((await request(ctx.http).get('/api/v1/auth/me').set('Authorization', session.accessToken)).status).toBe(401);
    });

    it('returns 401 when the refresh token is sent as a Bearer access token', async () => {
      expect((await me(session.refreshToken)).status).toBe(401);
    });
  });

  describe('refresh', () => {
    it('returns 403 auth.csrf_rejected without X-Requested-With', async () => {
      const s = await signIn(DEMO.auditor);
      const none = await refresh(s.refreshToken, {});
      expect(none.status).toBe(403);
      expect(none.body.code).toBe('auth.csrf_rejected');
    });

    it('returns 403 when X-Requested-With is not "sidh"', async () => {
      const s = await signIn(DEMO.auditor);
      expect((await refresh(s.refreshToken, { 'X-Requested-With': 'XMLHttpRequest' })).status).toBe(403);
    });

    it('returns 403 with a foreign Origin, without CORS headers', async () => {
      const s = await signIn(DEMO.auditor);
      const foreign = await refresh(s.refreshToken, { 'X-Requested-With': 'sidh', Origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('returns 403 with Origin "null"', async () => {
      const s = await signIn(DEMO.auditor);
      expect((await refresh(s.refreshToken, { 'X-Requested-With': 'sidh', Origin: 'null' })).status).toBe(403);
    });

    it('does not consume the refresh token on refused cross-site attempts', async () => {
      const s = await signIn(DEMO.auditor);
      expect((await refresh(s.refreshToken, {})).status).toBe(403);
      expect((await refresh(s.refreshToken, { 'X-Requested-With': 'sidh', Origin: 'https://evil.example' })).status).toBe(403);
      expect((await refresh(s.refreshToken)).status).toBe(200);
    });

    it('returns 401 without a cookie', async () => {
      expect((await request(ctx.http).post('/api/v1/auth/refresh').set('X-Requested-With', 'sidh')).status).toBe(401);
    });

    it('returns 401 with an unknown token', async () => {
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

    /** PATCH /users/:id as the admin, with the version the user has now. */
    const patchUser = async (adminToken: string, userId: string, body: Record<string, unknown>) => {
      const current = await ctx.app.get(UsersRepository).findById(ctx.dataSource.manager, userId);
      return request(ctx.http).patch(`/api/v1/users/${userId}`).set('Authorization', `Bearer ${adminToken}`).set('If-Match', `"${current!.version}"`).send(body);
    };
    const lastEvent = async (action: string, userId: string): Promise<{ actor_id: string | null; changes: Record<string, unknown> } | undefined> =>
      (await ctx.dataSource.query(`SELECT actor_id, changes FROM audit_event WHERE action = $1 AND entity_type = 'user' AND entity_id = $2 ORDER BY id DESC LIMIT 1`, [action, userId]))[0];

    describe('admin disabling a user', () => {
      let admin: Session;
      let victim: FactoryUser;
      let victimSession: Session;
      let res: request.Response;

      beforeAll(async () => {
        admin = await signIn(DEMO.admin);
        victim = await users.newUser({ role: 'validator' });
        victimSession = await signIn(victim.email, victim.password!);
        expect((await me(victimSession.accessToken)).status).toBe(200);
        res = await patchUser(admin.accessToken, victim.id, { active: false });
      });

      it('answers 200 with the user inactive', () => {
        expect(res.status).toBe(200);
        expect(res.body.active).toBe(false);
      });

      it('makes their old access token 401 at once', async () => {
        expect((await me(victimSession.accessToken)).status).toBe(401);
        expect((await request(ctx.http).get('/api/v1/recommendations').set('Authorization', `Bearer ${victimSession.accessToken}`)).status).toBe(401);
      });

      it('kills their refresh token', async () => {
        expect((await refresh(victimSession.refreshToken)).status).toBe(401);
      });

      it('refuses their login', async () => {
        expect((await request(ctx.http).post('/api/v1/auth/login').send({ email: victim.email, password: victim.password })).status).toBe(401);
      });

      it('audits user.deactivate with before/after, by the admin', async () => {
        const event = await lastEvent('user.deactivate', victim.id);
        expect(event).toBeDefined();
        expect(event!.actor_id).toBe(admin.userId);
        expect(event!.changes).toEqual({ active: { before: true, after: false } });
      });
    });

    describe('admin moving a focal point to another institution', () => {
      let from: InstitutionRow;
      let to: InstitutionRow;
      let fp: FactoryUser;
      let fpSession: Session;
      let res: request.Response;

      beforeAll(async () => {
        const admin = await signIn(DEMO.admin);
        [from, to] = [await users.newInstitution(), await users.newInstitution()];
        fp = await users.newUser({ role: 'focal_point', institutionId: from.id });
        fpSession = await signIn(fp.email, fp.password!);
        expect((await me(fpSession.accessToken)).status).toBe(200);
        res = await patchUser(admin.accessToken, fp.id, { institutionId: to.id });
      });

      it('answers 200 with the new institution', () => {
        expect(res.status).toBe(200);
        expect(res.body.institutionId).toBe(to.id);
      });

      it('refuses their old access token and refresh token', async () => {
        expect((await me(fpSession.accessToken)).status).toBe(401);
        expect((await request(ctx.http).get('/api/v1/recommendations').set('Authorization', `Bearer ${fpSession.accessToken}`)).status).toBe(401);
        expect((await refresh(fpSession.refreshToken)).status).toBe(401);
      });

      it('audits user.role_change with the institution before/after', async () => {
        expect((await lastEvent('user.role_change', fp.id))!.changes).toEqual({ institution_id: { before: from.id, after: to.id } });
      });

      it('shows the new institution to a fresh login', async () => {
        const again = await request(ctx.http).post('/api/v1/auth/login').send({ email: fp.email, password: fp.password });
        expect(again.body.user.institution.code).toBe(to.code);
      });
    });

    it('admin changing a role refuses the old token and audits user.role_change', async () => {
      const admin = await signIn(DEMO.admin);
      const user = await users.newUser({ role: 'focal_point' });
      const target = await signIn(user.email, user.password!);
      const res = await patchUser(admin.accessToken, target.userId, { role: 'validator' });
      expect(res.status).toBe(200);
      expect((await me(target.accessToken)).status).toBe(401);
      expect((await lastEvent('user.role_change', target.userId))!.changes).toEqual({ role: { before: 'focal_point', after: 'validator' } });
    });

    it('a change of name only does not end the session', async () => {
      const admin = await signIn(DEMO.admin);
      const user = await users.newUser({ role: 'auditor' });
      const target = await signIn(user.email, user.password!);
      const res = await patchUser(admin.accessToken, target.userId, { name: 'Karim T.' });
      expect(res.status).toBe(200);
      expect((await me(target.accessToken)).status).toBe(200);
    });
  });

  describe('a session that cannot be checked (database unreachable)', () => {
    /** A PostgreSQL connection error as the driver raises it (admin_shutdown: the backend was terminated). */
    const connectionLost = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

    it('answers 503 common.service_unavailable with Retry-After, not 401 (the client keeps its session), then 200 once the database answers', async () => {
      const session = await signIn(DEMO.auditor);
      const repository = ctx.app.get(AuthRepository);
      const findSession = repository.findSession;
      let calls = 0;
      repository.findSession = async () => {
        calls += 1;
        throw connectionLost();
      };
      let unavailable: request.Response;
      try {
        unavailable = await me(session.accessToken);
      } finally {
        repository.findSession = findSession;
      }
      expect(calls).toBe(1);
      expect(unavailable.status).toBe(503);
      expect(unavailable.body).toEqual({ status: 503, code: 'common.service_unavailable', message: expect.any(String), requestId: expect.any(String) });
      expect(Number(unavailable.headers['retry-after'])).toBeGreaterThan(0);
      expect(unavailable.headers['set-cookie']).toBeUndefined();
      expect((await me(session.accessToken)).status).toBe(200);
    });

    it('still answers 401 to an invalid token while the database is unreachable (it is never looked up)', async () => {
      const repository = ctx.app.get(AuthRepository);
      const findSession = repository.findSession;
      repository.findSession = async () => {
        throw connectionLost();
      };
      try {
        expect((await me('not.a.token')).status).toBe(401);
      } finally {
        repository.findSession = findSession;
      }
    });

    const serverOnly = process.env['TEST_DATABASE_URL'] ? it : it.skip;
    serverOnly('answers 503, never 401, while the database refuses connections and its backends are terminated (server PostgreSQL only)', async () => {
      const session = await signIn(DEMO.auditor);
      const [{ name }] = await ctx.dataSource.query(`SELECT current_database() AS name`);
      const admin = new pg.Client({ connectionString: process.env['TEST_DATABASE_URL'] });
      await admin.connect();
      const statuses: number[] = [];
      try {
        await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
        const down = await me(session.accessToken);
        expect(down.status).toBe(503);
        expect(down.body.code).toBe('common.service_unavailable');
        expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
        await admin.end();
      }
      // The pool may still hand out a connection that died with its backend: at most a few more 503s, never a 401.
      for (let i = 0; i < 10 && statuses.at(-1) !== 200; i += 1) statuses.push((await me(session.accessToken)).status);
      expect(statuses.at(-1)).toBe(200);
      expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    });
  });
});
