import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import request from 'supertest';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_KEY } from '../src/common/decorators.js';
import { userFactory } from './factories/user.factory.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * Every unauthenticated route is rate-limited (issue 13): 429 auth.too_many_attempts with a
 * Retry-After header, per client address (and per account for sign-in). The limits are set low
 * for this file: 2 requests per route and client, 2 failed sign-ins per account.
 */
describe('rate limits of the public routes', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false, env: { RATE_LIMIT_PUBLIC_MAX: '2', RATE_LIMIT_REFRESH_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: '600', LOGIN_MAX_FAILURES: '2' } });
  });
  afterAll(() => ctx.close());

  const expect429 = (res: request.Response) => {
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('auth.too_many_attempts');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
  };

  /** Each public route and a request that reaches its limit (a fresh body each time). */
  const ROUTES: Record<string, () => request.Test> = {
    'POST /api/v1/auth/refresh': () => request(ctx.http).post('/api/v1/auth/refresh').set('X-Requested-With', 'sidh').set('Cookie', 'sidh_rt=unknown').send(),
    'POST /api/v1/auth/password-reset': () => request(ctx.http).post('/api/v1/auth/password-reset').send({ email: `someone-${Math.random()}@factory.test` }),
    'POST /api/v1/auth/password-reset/confirm': () => request(ctx.http).post('/api/v1/auth/password-reset/confirm').send({ token: 'B'.repeat(43), password: 'a long phrase nobody uses' }),
    'POST /api/v1/invitations/accept': () => request(ctx.http).post('/api/v1/invitations/accept').send({ token: 'C'.repeat(43), password: 'a long phrase nobody uses' }),
    'POST /api/v1/auth/login/totp': () => request(ctx.http).post('/api/v1/auth/login/totp').send({ mfaToken: 'not-a-token-at-all', code: '123456' }),
  };

  it.each(Object.keys(ROUTES))('%s answers 429 with Retry-After once the client has used its requests', async (route) => {
    const send = ROUTES[route]!;
    expect((await send()).status).not.toBe(429);
    expect((await send()).status).not.toBe(429);
    expect429(await send());
  });

  it('POST /api/v1/auth/login answers 429 with Retry-After after the account\'s failures, even with the right password', async () => {
    const user = await userFactory(ctx).newUser({ role: 'auditor' });
    const login = (password: string) => request(ctx.http).post('/api/v1/auth/login').send({ email: user.email, password });
    expect((await login('wrong password')).status).toBe(401);
    expect((await login('wrong password')).status).toBe(401);
    expect429(await login(user.password!));
  });

  it('the answer of a limited route names nothing but the code (same body for every route)', async () => {
    const res = await ROUTES['POST /api/v1/auth/password-reset']!();
    expect(res.status).toBe(429);
    expect(Object.keys(res.body).sort()).toEqual(expect.arrayContaining(['code', 'message']));
  });

  it('covers every @Public() route that is not a read: each is in the list above, or is sign-in', () => {
    const reflector = ctx.app.get(Reflector);
    const publicWrites: string[] = [];
    const controllers = [...ctx.app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
    for (const wrapper of controllers) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance) continue;
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (!reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler as () => void, wrapper.metatype as () => void])) continue;
        // Reads (health, the organisation's public settings and logo shown on the login page) change nothing and are not limited here.
        if (Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.GET) continue;
        publicWrites.push(`${(wrapper.metatype as { name: string }).name}.${name}`);
      }
    }
    expect(publicWrites.sort()).toEqual(['AccountController.confirmReset', 'AccountController.requestReset', 'AuthController.login', 'AuthController.loginTotp', 'AuthController.refresh', 'InvitationsController.accept']);
  });
});
