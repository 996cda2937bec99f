import request from 'supertest';
import { createTestApp, DEMO, DEMO_PASSWORD, TEST_JWT_SECRET, type TestContext } from './harness.js';

/**
 * Logs never hold secrets (docs/security.md#f-errors-logs-and-configuration): passwords, tokens (access `eyJ…`, refresh), cookies or
 * Authorization headers. pino writes to process.stdout when it has been replaced, so the test swaps
 * `process.stdout.write` before the app starts and inspects every line the app logs.
 */
describe('log hygiene', () => {
  let ctx: TestContext;
  const lines: string[] = [];
  const originalWrite = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(...(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')).split('\n').filter(Boolean));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
    // development: request auto-logging is on (it is off under NODE_ENV=test).
    ctx = await createTestApp({ env: { LOG_LEVEL: 'info', NODE_ENV: 'development' } });
  });
  afterAll(async () => {
    await ctx?.close();
    process.stdout.write = originalWrite;
  });

  /** Every secret the app handled during the file: no log line may contain one. */
  const secrets: string[] = [DEMO_PASSWORD, TEST_JWT_SECRET];
  const SECRET_SHAPES = /eyJ|authorization|bearer |sidh_rt|set-cookie|"cookie"|password/i;
  // Start-up lines name the routes (`Mapped {/api/v1/auth/password-reset, POST} route`): a route's name is no secret.
  const withoutRouteNames = (line: string) => line.replace(/Mapped \{\/api\/v1\/[\w/:-]+, [A-Z]+\} route/g, '');
  const offending = (logged: string[]) => logged.filter((line) => SECRET_SHAPES.test(withoutRouteNames(line)) || secrets.some((s) => line.includes(s)));
  /** Runs `act`, then returns the lines logged since it started. */
  const loggedDuring = async (act: () => Promise<void>): Promise<string[]> => {
    const from = lines.length;
    await act();
    return lines.slice(from);
  };
  const refreshCookieOf = (res: request.Response): string =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sidh_rt='))!.split(';')[0]!.slice('sidh_rt='.length);
  const wrongPassword = 'Wr0ng-Pa55word-for-the-log-test';
  secrets.push(wrongPassword);

  it('logs a login (authn_login_success) without the password or the tokens it issued', async () => {
    const logged = await loggedDuring(async () => {
      const login = await request(ctx.http).post('/api/v1/auth/login').set('User-Agent', 'log-test').send({ email: DEMO.coordinator, password: DEMO_PASSWORD });
      expect(login.status).toBe(200);
      secrets.push(login.body.accessToken, refreshCookieOf(login));
    });
    expect(lines.join('\n')).toContain('authn_login_success');
    expect(offending(logged)).toEqual([]);
  });

  it('logs failed logins (authn_login_fail) of a known and an unknown account without the tried password', async () => {
    const logged = await loggedDuring(async () => {
      expect((await request(ctx.http).post('/api/v1/auth/login').send({ email: DEMO.coordinator, password: wrongPassword })).status).toBe(401);
      expect((await request(ctx.http).post('/api/v1/auth/login').send({ email: 'nobody@demo.sidh', password: wrongPassword })).status).toBe(401);
    });
    expect(lines.join('\n')).toContain('authn_login_fail');
    expect(offending(logged)).toEqual([]);
  });

  it('logs API calls without the Authorization header, the token or the query string', async () => {
    const accessToken = await ctx.login(DEMO.coordinator);
    secrets.push(accessToken);
    const logged = await loggedDuring(async () => {
      expect((await request(ctx.http).get('/api/v1/recommendations').query({ q: 'torture', access_token: accessToken }).set('Authorization', `Bearer ${accessToken}`)).status).toBe(400);
      expect((await request(ctx.http).get('/api/v1/recommendations').query({ q: 'torture' }).set('Authorization', `Bearer ${accessToken}`)).status).toBe(200);
      expect((await request(ctx.http).get('/api/v1/users').set('Authorization', `Bearer ${accessToken}`)).status).toBe(200);
      expect((await request(ctx.http).get('/api/v1/users').set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).status).toBe(401);
    });
    expect(lines.some((l) => l.includes('/api/v1/recommendations'))).toBe(true);
    expect(offending(logged)).toEqual([]);
    // Query strings are not logged either (they may carry search terms or misplaced tokens).
    expect(logged.filter((l) => l.includes('access_token') || l.includes('q=torture'))).toEqual([]);
  });

  it('logs a refresh and a replayed refresh token (authn_token_reuse) without the refresh tokens', async () => {
    const login = await request(ctx.http).post('/api/v1/auth/login').send({ email: DEMO.coordinator, password: DEMO_PASSWORD });
    const refreshToken = refreshCookieOf(login);
    secrets.push(login.body.accessToken, refreshToken);
    const logged = await loggedDuring(async () => {
      const refreshed = await request(ctx.http).post('/api/v1/auth/refresh').set('Cookie', `sidh_rt=${refreshToken}`).set('X-Requested-With', 'sidh');
      expect(refreshed.status).toBe(200);
      secrets.push(refreshed.body.accessToken, refreshCookieOf(refreshed));
      expect((await request(ctx.http).post('/api/v1/auth/refresh').set('Cookie', `sidh_rt=${refreshToken}`).set('X-Requested-With', 'sidh')).status).toBe(401);
    });
    expect(lines.join('\n')).toContain('authn_token_reuse');
    expect(offending(logged)).toEqual([]);
  });

  it('logs a malformed login body without the password in it', async () => {
    const logged = await loggedDuring(async () => {
      expect((await request(ctx.http).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(`{"password":"${wrongPassword}",`)).status).toBe(400);
    });
    expect(offending(logged)).toEqual([]);
  });

  it('logs a logout without the access token', async () => {
    const token = await ctx.login(DEMO.auditor);
    secrets.push(token);
    const logged = await loggedDuring(async () => {
      expect((await request(ctx.http).post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    });
    expect(offending(logged)).toEqual([]);
  });

  it('holds no password, token, cookie or authorization header in any line logged during the file', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(offending(lines)).toEqual([]);
    expect(lines.filter((l) => l.includes('access_token') || l.includes('q=torture'))).toEqual([]);
  });
});
