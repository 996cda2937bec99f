import request from 'supertest';
import { awayFromStepEdge, codeAt, enrolTotp, passwordLogin } from './account-helpers.js';
import { userFactory } from './factories/user.factory.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * The sign-in history (issue 13): every attempt with its outcome, for administrators
 * (GET /users/:id/sign-ins, user:manage) and for the user (GET /auth/sign-ins), newest first,
 * paged by cursor, in the shape the users-admin page reads: { items: [{ at, ip, userAgent, outcome }], nextCursor }.
 */
describe('sign-in history', () => {
  let ctx: TestContext;
  let f: ReturnType<typeof userFactory>;
  let adminToken: string;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false, env: { LOGIN_MAX_FAILURES: '3' } });
    f = userFactory(ctx);
    adminToken = await f.login(await f.newUser({ role: 'admin' }));
  });
  afterAll(() => ctx.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const history = (userId: string, query = '') => request(ctx.http).get(`/api/v1/users/${userId}/sign-ins${query}`).set(bearer(adminToken));

  it('records success, bad_password, locked and inactive, newest first, with address and browser', async () => {
    const user = await f.newUser({ role: 'auditor' });
    expect((await passwordLogin(ctx, user.email, user.password!, 'Browser/1.0')).status).toBe(200);
    expect((await passwordLogin(ctx, user.email, 'wrong password', 'Browser/2.0')).status).toBe(401);
    await passwordLogin(ctx, user.email, 'wrong password');
    await passwordLogin(ctx, user.email, 'wrong password');
    expect((await passwordLogin(ctx, user.email, user.password!)).status).toBe(429);
    const res = await history(user.id);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((i: { outcome: string }) => i.outcome)).toEqual(['locked', 'bad_password', 'bad_password', 'bad_password', 'success']);
    expect(res.body.items[4]).toEqual({ at: expect.any(String), ip: expect.stringMatching(/127\.0\.0\.1|::1/), userAgent: 'Browser/1.0', outcome: 'success' });
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['at', 'ip', 'outcome', 'userAgent']);
    expect(new Date(res.body.items[0].at).getTime()).toBeGreaterThanOrEqual(new Date(res.body.items[4].at).getTime());

    const inactive = await f.newUser({ role: 'auditor', active: false });
    await passwordLogin(ctx, inactive.email, inactive.password!);
    expect((await history(inactive.id)).body.items.map((i: { outcome: string }) => i.outcome)).toEqual(['inactive']);
  });

  it('records bad_totp for a wrong second factor', async () => {
    const user = await f.newUser({ role: 'auditor' });
    const { secret } = await enrolTotp(ctx, await f.login(user));
    const first = await passwordLogin(ctx, user.email, user.password!);
    await awayFromStepEdge();
    const wrong = String((Number(codeAt(secret, 1)) + 1) % 1_000_000).padStart(6, '0');
    expect((await request(ctx.http).post('/api/v1/auth/login/totp').send({ mfaToken: first.body.mfaToken, code: wrong })).status).toBe(400);
    expect((await request(ctx.http).post('/api/v1/auth/login/totp').send({ mfaToken: first.body.mfaToken, code: codeAt(secret, 1) })).status).toBe(200);
    expect((await history(user.id)).body.items.map((i: { outcome: string }) => i.outcome)).toEqual(['success', 'bad_totp', 'success']);
  });

  it('pages with limit and cursor without gaps or repeats', async () => {
    const user = await f.newUser({ role: 'auditor' });
    for (let i = 0; i < 5; i += 1) await passwordLogin(ctx, user.email, user.password!, `Agent/${i}`);
    const first = await history(user.id, '?limit=2');
    const second = await history(user.id, `?limit=2&cursor=${first.body.nextCursor}`);
    const third = await history(user.id, `?limit=2&cursor=${second.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((i: { userAgent: string }) => i.userAgent)).toEqual(['Agent/4', 'Agent/3', 'Agent/2', 'Agent/1', 'Agent/0']);
    expect(third.body.nextCursor).toBeNull();
    expect((await history(user.id, '?limit=0')).status).toBe(400);
    expect((await history(user.id, '?cursor=abc')).status).toBe(400);
  });

  it('shows the user their own history at GET /auth/sign-ins', async () => {
    const user = await f.newUser({ role: 'auditor' });
    const token = await f.login(user);
    const res = await request(ctx.http).get('/api/v1/auth/sign-ins').set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [{ at: expect.any(String), ip: expect.any(String), userAgent: null, outcome: 'success' }], nextCursor: null });
  });

  it('shows a coordinator the history of focal points and validators only (403 for others), 403 to other roles, 404 for an unknown user', async () => {
    const auditor = await f.newUser({ role: 'auditor' });
    const fp = await f.newUser({ role: 'focal_point' });
    const coordToken = await f.login(await f.newUser({ role: 'coordinator' }));
    expect((await request(ctx.http).get(`/api/v1/users/${auditor.id}/sign-ins`).set(bearer(coordToken))).status).toBe(403);
    expect((await request(ctx.http).get(`/api/v1/users/${fp.id}/sign-ins`).set(bearer(coordToken))).status).toBe(200);
    expect((await request(ctx.http).get(`/api/v1/users/${fp.id}/sign-ins`).set(bearer(await f.login(auditor)))).status).toBe(403);
    expect((await history('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('keeps the last 200 sign-ins of a user', async () => {
    const user = await f.newUser({ role: 'auditor' });
    await ctx.dataSource.query(`INSERT INTO sign_in_event (user_id, ip, user_agent, outcome) SELECT $1, '10.0.0.1', 'old', 'success' FROM generate_series(1, 205)`, [user.id]);
    await passwordLogin(ctx, user.email, user.password!, 'newest');
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM sign_in_event WHERE user_id = $1`, [user.id]);
    expect(n).toBe(200);
    expect((await history(user.id, '?limit=1')).body.items[0].userAgent).toBe('newest');
  });
});
