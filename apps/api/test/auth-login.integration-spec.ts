import request from 'supertest';
import { createTestApp, DEMO, DEMO_PASSWORD, type TestContext } from './harness.js';

/**
 * Login (docs/security.md#a-authentication, #b-sessions-and-tokens): password storage, cookie flags, no account enumeration, exact
 * password match, per-account throttling, audit events, and what the access token carries.
 */
describe('login', () => {
  let ctx: TestContext;
  const MAX_FAILURES = 3;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LOGIN_MAX_FAILURES: String(MAX_FAILURES) } });
  });
  afterAll(() => ctx.close());
  beforeEach(() => ctx.dataSource.query(`DELETE FROM login_throttle`));

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    request(ctx.http).post('/api/v1/auth/login').set(headers).send({ email, password });

  const auditCount = async (action?: string): Promise<number> => {
    const [row] = await ctx.dataSource.query(
      action ? `SELECT count(*)::int AS n FROM audit_event WHERE action = $1` : `SELECT count(*)::int AS n FROM audit_event`,
      action ? [action] : [],
    );
    return row.n;
  };

  const decodePart = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

  it('stores passwords as argon2id with the pinned parameters (m=19456, t=2, p=1)', async () => {
    const rows: Array<{ password_hash: string }> = await ctx.dataSource.query(`SELECT password_hash FROM app_user WHERE password_hash IS NOT NULL`);
    expect(rows.length).toBeGreaterThanOrEqual(Object.keys(DEMO).length);
    for (const { password_hash } of rows) {
      // PHC string: $argon2id$v=19$<params>$<salt>$<hash>; the library may order the parameters differently.
      const match = /^\$argon2id\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(password_hash);
      expect(match).not.toBeNull();
      const [, v, params, salt, hash] = match!;
      const p = Object.fromEntries(params!.split(',').map((kv) => kv.split('=')).map(([k, n]) => [k, Number(n)]));
      expect({ v: Number(v), ...p }).toEqual({ v: 19, m: 19456, t: 2, p: 1 });
      expect(Buffer.from(salt!, 'base64').length).toBeGreaterThanOrEqual(16);
      expect(Buffer.from(hash!, 'base64').length).toBeGreaterThanOrEqual(32);
    }
    // Note: the demo seeder hashes the shared demo password once, so the demo rows share one salt.
  });

  it('returns an access token and sets the refresh cookie HttpOnly, SameSite=Strict, on path /api/v1/auth', async () => {
    const res = await login(DEMO.coordinator, DEMO_PASSWORD);
    expect(res.status).toBe(200);
    expect(typeof res.body.accessToken).toBe('string');
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.user.email).toBe(DEMO.coordinator);
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const rt = cookies.filter((c) => c.startsWith('sidh_rt='));
    expect(rt).toHaveLength(1);
    const attrs = rt[0]!.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/api/v1/auth');
    expect(attrs.some((a) => a.startsWith('expires='))).toBe(true);
    const value = rt[0]!.split(';')[0]!.slice('sidh_rt='.length);
    expect(value.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(res.body)).not.toContain(value);
  });

  it('returns 401 with identical status and body for an unknown account and a wrong password', async () => {
    const unknown = await login('nobody-here@demo.sidh', 'wrong-password');
    const wrong = await login(DEMO.coordinator, 'wrong-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    expect(unknown.body.code).toBe('auth.invalid_credentials');
    expect(unknown.headers['set-cookie']).toBeUndefined();
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const keys = (h: Record<string, unknown>) => Object.keys(h).filter((k) => !['date', 'etag', 'content-length', 'x-request-id'].includes(k)).sort();
    expect(keys(unknown.headers)).toEqual(keys(wrong.headers));
  });

  it.each([
    ['case-flipped', [...DEMO_PASSWORD].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')],
    ['a prefix', DEMO_PASSWORD.slice(0, -1)],
    ['the password with extra characters', `${DEMO_PASSWORD} `],
  ])('returns 401 when the password is %s', async (_, password) => {
    expect((await login(DEMO.auditor, password)).status).toBe(401);
  });

  it.each([
    ['without a password', { email: DEMO.auditor }, { password: 'validation.required' }],
    ['without an e-mail', { password: 'x' }, { email: 'validation.required' }],
    ['with an empty body', {}, { email: 'validation.required', password: 'validation.required' }],
    ['with a password over 1,024 characters', { email: DEMO.auditor, password: 'p'.repeat(1025) }, { password: 'validation.maxLength' }],
    ['with an address that is not one', { email: 'not-an-address', password: 'x' }, { email: 'validation.email' }],
  ])('answers 400 naming the field %s', async (_, body, fields) => {
    const res = await request(ctx.http).post('/api/v1/auth/login').send(body);
    expect({ status: res.status, fields: res.body.details?.fields }).toEqual({ status: 400, fields });
    expect(JSON.stringify(res.body)).not.toContain('p'.repeat(50));
  });

  it('returns 200 for the exact password (control for the near misses above)', async () => {
    expect((await login(DEMO.auditor, DEMO_PASSWORD)).status).toBe(200);
  });

  describe('after N failed logins of one account, each from another claimed IP', () => {
    /** The answer to the correct password once the account is locked. */
    let locked: request.Response;

    beforeEach(async () => {
      for (let i = 0; i < MAX_FAILURES; i += 1) {
        // X-Forwarded-For is ignored (TRUST_PROXY=false): a new "IP" per attempt must not reset the counter.
        const res = await login(DEMO.validatorJustice, `wrong-${i}`, { 'X-Forwarded-For': `203.0.113.${i + 1}` });
        expect(res.status).toBe(401);
      }
      locked = await login(DEMO.validatorJustice, DEMO_PASSWORD, { 'X-Forwarded-For': '198.51.100.77' });
    });

    it('refuses the correct password with 429 auth.too_many_attempts (failures count from every IP)', () => {
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('auth.too_many_attempts');
      expect(locked.body.accessToken).toBeUndefined();
      expect(locked.headers['set-cookie']).toBeUndefined();
    });

    it('sends Retry-After: whole seconds, at most the lock duration', () => {
      const retryAfter = Number(locked.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(ctx.config.LOGIN_LOCK_MINUTES * 60);
    });

    it('locks case variants of the e-mail too (the same account key)', async () => {
      expect((await login(DEMO.validatorJustice.toUpperCase(), DEMO_PASSWORD)).status).toBe(429);
    });

    it('does not affect other accounts', async () => {
      expect((await login(DEMO.focalInterior, DEMO_PASSWORD)).status).toBe(200);
    });

    it('does not record the claimed X-Forwarded-For address in the audit trail', async () => {
      const ips: Array<{ ip: string | null }> = await ctx.dataSource.query(`SELECT ip FROM audit_event WHERE action = 'auth.login_failed'`);
      expect(ips.some((r) => r.ip?.startsWith('203.0.113.'))).toBe(false);
    });
  });

  it('locks unknown accounts too, with the same 429 answer (no enumeration through throttling)', async () => {
    for (let i = 0; i < MAX_FAILURES; i += 1) expect((await login('ghost@demo.sidh', 'x')).status).toBe(401);
    const res = await login('ghost@demo.sidh', 'x');
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('auth.too_many_attempts');
  });

  describe('audit events', () => {
    /** Runs `act` and returns how many events it added: in total and with `action`. */
    const added = async (action: string, act: () => Promise<void>): Promise<{ total: number; action: number }> => {
      const before = { total: await auditCount(), action: await auditCount(action) };
      await act();
      return { total: (await auditCount()) - before.total, action: (await auditCount(action)) - before.action };
    };

    it('writes exactly one auth.login event per login, by the user who signed in, with the request id', async () => {
      let ok: request.Response | undefined;
      expect(await added('auth.login', async () => {
        ok = await login(DEMO.focalJustice, DEMO_PASSWORD);
        expect(ok.status).toBe(200);
      })).toEqual({ total: 1, action: 1 });
      const [event] = await ctx.dataSource.query(
        `SELECT e.actor_id, e.entity_id, e.request_id, e.changes FROM audit_event e WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1`,
      );
      expect(event.actor_id).toBe(ok!.body.user.id);
      expect(event.request_id).toEqual(expect.any(String));
    });

    it('writes exactly one auth.login_failed event per wrong password', async () => {
      expect(await added('auth.login_failed', async () => {
        expect((await login(DEMO.focalJustice, 'wrong-password')).status).toBe(401);
      })).toEqual({ total: 1, action: 1 });
    });

    it('writes exactly one auth.login_failed event per unknown account', async () => {
      expect(await added('auth.login_failed', async () => {
        expect((await login('unknown-person@demo.sidh', 'wrong-password')).status).toBe(401);
      })).toEqual({ total: 1, action: 1 });
    });

    it('never stores the tried password in auth.login_failed events', async () => {
      expect((await login(DEMO.focalJustice, 'wrong-password')).status).toBe(401);
      const failed = await ctx.dataSource.query(`SELECT changes::text AS c FROM audit_event WHERE action = 'auth.login_failed'`);
      expect(failed.length).toBeGreaterThan(0);
      for (const row of failed) expect(row.c).not.toContain('wrong-password');
    });

    it('writes exactly one auth.logout event per logout', async () => {
      const ok = await login(DEMO.focalJustice, DEMO_PASSWORD);
      expect(ok.status).toBe(200);
      expect(await added('auth.logout', async () => {
        const out = await request(ctx.http).post('/api/v1/auth/logout').set('Authorization', `Bearer ${ok.body.accessToken}`);
        expect(out.status).toBe(204);
      })).toEqual({ total: 1, action: 1 });
    });
  });

  it('issues a JWT that holds no PII beyond sub and lives at most 900 seconds', async () => {
    const res = await login(DEMO.admin, DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const [header, payload] = (res.body.accessToken as string).split('.').map((p, i) => (i < 2 ? decodePart(p) : p)) as [Record<string, unknown>, Record<string, unknown>];
    expect(header['alg']).toBe('HS256');
    expect(Object.keys(header).sort()).toEqual(['alg', 'typ']);
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iat_ms', 'iss', 'sid', 'sub', 'typ']);
    expect(payload['sub']).toBe(res.body.user.id);
    const text = JSON.stringify(payload);
    for (const pii of [DEMO.admin, res.body.user.name, res.body.user.role, 'email', 'name', 'role', 'institution']) expect(text).not.toContain(pii);
    const ttl = (payload['exp'] as number) - (payload['iat'] as number);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(900);
    expect(res.body.expiresIn).toBe(ttl);
  });
});

describe('login throttling with LOGIN_MAX_FAILURES=1', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LOGIN_MAX_FAILURES: '1' } });
  });
  afterAll(() => ctx.close());

  it('returns 429 right after the first failure (the first failure locks too)', async () => {
    const login = (password: string) => request(ctx.http).post('/api/v1/auth/login').send({ email: DEMO.coordinator, password });
    expect((await login('wrong-password')).status).toBe(401);
    const locked = await login(DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('locks again at once when the first failure of a new window comes after an expired window', async () => {
    const login = (password: string) => request(ctx.http).post('/api/v1/auth/login').send({ email: DEMO.auditor, password });
    await ctx.dataSource.query(
      `INSERT INTO login_throttle (email_key, failures, window_start, locked_until) VALUES ($1, 1, now() - interval '1 day', now() - interval '1 hour')`,
      [DEMO.auditor],
    );
    expect((await login('wrong-password')).status).toBe(401);
    expect((await login(DEMO_PASSWORD)).status).toBe(429);
  });
});
