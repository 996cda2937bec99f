import request from 'supertest';
import { createTestApp, DEMO, DEMO_PASSWORD, TEST_JWT_SECRET, type TestContext } from './harness.js';

/**
 * Logs never hold secrets (SECURITY.md F): passwords, tokens (access `eyJ…`, refresh), cookies or
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

  it('logs a login, failed logins, a refresh, API calls and a logout without passwords, tokens, cookies or authorization headers', async () => {
    const wrongPassword = 'Wr0ng-Pa55word-for-the-log-test';
    const login = await request(ctx.http).post('/api/v1/auth/login').set('User-Agent', 'log-test').send({ email: DEMO.coordinator, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const accessToken: string = login.body.accessToken;
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('sidh_rt='))!;
    const refreshToken = cookie.split(';')[0]!.slice('sidh_rt='.length);

    expect((await request(ctx.http).post('/api/v1/auth/login').send({ email: DEMO.coordinator, password: wrongPassword })).status).toBe(401);
    expect((await request(ctx.http).post('/api/v1/auth/login').send({ email: 'nobody@demo.sidh', password: wrongPassword })).status).toBe(401);
    expect((await request(ctx.http).get('/api/v1/recommendations').query({ q: 'torture', access_token: accessToken }).set('Authorization', `Bearer ${accessToken}`)).status).toBe(400);
    expect((await request(ctx.http).get('/api/v1/recommendations').query({ q: 'torture' }).set('Authorization', `Bearer ${accessToken}`)).status).toBe(200);
    expect((await request(ctx.http).get('/api/v1/users').set('Authorization', `Bearer ${accessToken}`)).status).toBe(200);
    expect((await request(ctx.http).get('/api/v1/users').set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).status).toBe(401);
    const refreshed = await request(ctx.http).post('/api/v1/auth/refresh').set('Cookie', `sidh_rt=${refreshToken}`).set('X-Requested-With', 'sidh');
    expect(refreshed.status).toBe(200);
    expect((await request(ctx.http).post('/api/v1/auth/refresh').set('Cookie', `sidh_rt=${refreshToken}`).set('X-Requested-With', 'sidh')).status).toBe(401);
    expect((await request(ctx.http).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(`{"password":"${wrongPassword}",`)).status).toBe(400);
    const second = await ctx.login(DEMO.auditor);
    expect((await request(ctx.http).post('/api/v1/auth/logout').set('Authorization', `Bearer ${second}`)).status).toBe(204);

    // The capture works: the app did log the events above.
    const text = lines.join('\n');
    expect(text).toContain('authn_login_success');
    expect(text).toContain('authn_login_fail');
    expect(text).toContain('authn_token_reuse');
    expect(lines.some((l) => l.includes('/api/v1/recommendations'))).toBe(true);

    const secrets = [DEMO_PASSWORD, wrongPassword, accessToken, refreshToken, refreshed.body.accessToken, second, TEST_JWT_SECRET];
    const offending = lines.filter(
      (line) => /eyJ|authorization|bearer |sidh_rt|set-cookie|"cookie"|password/i.test(line) || secrets.some((s) => line.includes(s)),
    );
    expect(offending).toEqual([]);
    // Query strings are not logged either (they may carry search terms or misplaced tokens).
    expect(lines.filter((l) => l.includes('access_token') || l.includes('q=torture'))).toEqual([]);
  });
});
