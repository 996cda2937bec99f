import request from 'supertest';
import { DevMailServer, type CapturedMail } from '../src/modules/mail/dev-mail.server.js';
import { assignmentFactory } from './factories/assignment.factory.js';
import type { TestContext } from './harness.js';

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** An institution's id by its code (`MJ`, `MI`…), read through the institutions service. */
export const institutionId = (ctx: TestContext, code: string): Promise<string> => assignmentFactory(ctx).institutionId(code);

/** Waits until the capture SMTP server holds a mail matching `match`. */
export async function waitForMail(ctx: TestContext, match: (m: CapturedMail) => boolean, timeoutMs = 10000): Promise<CapturedMail> {
  const server = ctx.app.get(DevMailServer);
  const started = Date.now();
  for (;;) {
    const found = server.messages().find(match);
    if (found) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`no matching mail among ${server.messages().length}: ${server.messages().map((m) => `${m.to.join(',')} ${m.subject}`).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function saveDraft(ctx: TestContext, token: string, id: string, body: Record<string, unknown>) {
  const current = await request(ctx.http).get(`/api/v1/contributions/${id}`).set(auth(token));
  return request(ctx.http).patch(`/api/v1/contributions/${id}`).set(auth(token)).set('If-Match', current.headers['etag']!).send(body);
}

export const transition = (ctx: TestContext, token: string, id: string, action: string, comment?: string) =>
  request(ctx.http).post(`/api/v1/contributions/${id}/transitions`).set(auth(token)).send(comment === undefined ? { action } : { action, comment });
