import request from 'supertest';
import { TotpSecretBox, totpCodeAt, TOTP_PERIOD_SECONDS } from '../src/auth/totp.js';
import type { TestContext } from './harness.js';

/** Shared by the account-*.integration-spec.ts files (issue 13). */

/** Polls until `check` returns a value (work done after an answer, e.g. the reset mail). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

/**
 * Waits, if needed, until the current TOTP step has at least `margin` seconds left, so that a code
 * computed now is judged in the same step by the server (never an assertion about time).
 */
export async function awayFromStepEdge(margin = 4): Promise<void> {
  const left = TOTP_PERIOD_SECONDS - ((Date.now() / 1000) % TOTP_PERIOD_SECONDS);
  if (left < margin) await new Promise((r) => setTimeout(r, left * 1000 + 250));
}

/** The code of the step `offset` steps from now. */
export const codeAt = (secret: string, offset = 0) => totpCodeAt(secret, Date.now() + offset * TOTP_PERIOD_SECONDS * 1000);

/** Password sign-in: the 200 session or the 202 challenge, as the API answered. */
export const passwordLogin = (ctx: TestContext, email: string, password: string, agent = 'jest-agent') =>
  request(ctx.http).post('/api/v1/auth/login').set('User-Agent', agent).send({ email, password });

/** The refresh cookie's value in a sign-in answer. */
export function refreshCookieOf(res: request.Response): string {
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sidh_rt='));
  if (!cookie) throw new Error('no refresh cookie');
  return cookie.split(';')[0]!.slice('sidh_rt='.length);
}

export const refresh = (ctx: TestContext, cookie: string) =>
  request(ctx.http).post('/api/v1/auth/refresh').set('X-Requested-With', 'sidh').set('Cookie', `sidh_rt=${cookie}`).send();

/** Starts and confirms enrolment for the signed-in token; returns the secret and the recovery codes. */
export async function enrolTotp(ctx: TestContext, token: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const enrol = await request(ctx.http).post('/api/v1/auth/totp/enrol').set('Authorization', `Bearer ${token}`).send();
  if (enrol.status !== 200) throw new Error(`enrol: ${enrol.status}`);
  const secret = enrol.body.secret as string;
  await awayFromStepEdge();
  const confirm = await request(ctx.http).post('/api/v1/auth/totp/confirm').set('Authorization', `Bearer ${token}`).send({ code: codeAt(secret) });
  if (confirm.status !== 200) throw new Error(`confirm: ${confirm.status} ${JSON.stringify(confirm.body)}`);
  return { secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
}

/** The secret as stored (decrypted with the server's key), to prove it is not stored in clear. */
export async function storedTotp(ctx: TestContext, userId: string): Promise<{ secretEnc: string; secret: string | null; lastUsedStep: string | null } | undefined> {
  const [row] = await ctx.dataSource.query(`SELECT secret_enc, last_used_step::text AS last_used_step FROM user_totp WHERE user_id = $1`, [userId]);
  if (!row) return undefined;
  return { secretEnc: row.secret_enc, secret: new TotpSecretBox(ctx.config.JWT_SECRET).open(row.secret_enc), lastUsedStep: row.last_used_step };
}

export async function auditActions(ctx: TestContext, userId: string): Promise<string[]> {
  const rows = await ctx.dataSource.query(`SELECT action FROM audit_event WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id`, [userId]);
  return rows.map((r: { action: string }) => r.action);
}
