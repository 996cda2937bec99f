/**
 * Account steps shared by the browser tests (issue 13): the invitation mail's token, accepting it,
 * turning on two-step sign-in on the account page, and signing in with a code. TOTP codes are
 * computed here with otpauth from the key the page shows; a code is accepted once per time step.
 */
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { baseUrl } from './browser';

export const totpOf = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
export const stepNow = () => Math.floor(Date.now() / 30_000);

/** Waits until the time step is later than `after` (a code is accepted once per step) and not about to end. */
export async function freshStep(after: number): Promise<void> {
  for (;;) {
    const left = 30 - ((Date.now() / 1000) % 30);
    if (stepNow() > after && left > 4) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

type Mail = { to: string[]; text: string };

/** The first token matching `pattern` in a mail to `email` (demo mode keeps mails at GET /dev/mails, read with an administrator's token). */
export async function mailedToken(adminToken: string, email: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${baseUrl()}/api/v1/dev/mails`, { headers: { Authorization: `Bearer ${adminToken}`, Accept: 'application/json' } });
    const mails = ((await res.json()) as Mail[]).filter((m) => m.to.some((t) => t.toLowerCase() === email.toLowerCase()));
    const token = mails.map((m) => pattern.exec(m.text)?.[1]).find(Boolean);
    if (token) return token;
    if (Date.now() > deadline) throw new Error(`no mail to ${email} matching ${pattern}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The token of the invitation mailed to `email`. */
export const invitationToken = (adminToken: string, email: string) => mailedToken(adminToken, email, /#token=([A-Za-z0-9_-]+)/);

/** Accepts an invitation with `password` (typed twice) and waits for the link to the sign-in page. */
export async function acceptInvitation(page: Page, token: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/invitations/accept#token=${token}`);
  const passwords = page.locator('[data-testid=accept-invitation] input[type=password]');
  await passwords.nth(0).fill(password);
  await passwords.nth(1).fill(password);
  await page.locator('[data-testid=accept-invitation] button').last().click();
  await page.waitForSelector('[data-testid=accept-invitation] a[href="/login"]');
}

/** Fills and submits the sign-in form (the password step). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.waitForSelector('[data-testid=login-form]');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('[data-testid=login-form] button[type=submit]');
}

/** On the account page of a signed-in user: starts enrolment and returns the key the page shows. */
export async function startTotpEnrolment(page: Page): Promise<string> {
  await page.click('[data-testid=account-link]');
  await page.waitForSelector('[data-testid=account-page]');
  await page.click('[data-testid=totp-start]');
  await page.waitForSelector('[data-testid=totp-qr]');
  return (await page.locator('[data-testid=totp-secret]').innerText()).trim();
}

/** Confirms enrolment with a fresh code; returns the time step used (the next code must be of a later one). */
export async function confirmTotp(page: Page, secret: string): Promise<number> {
  await freshStep(0);
  const step = stepNow();
  await page.fill('input[name=totpCode]', totpOf(secret).generate());
  await page.click('[data-testid=totp-confirm]');
  await page.waitForSelector('[data-testid=recovery-codes]');
  return step;
}

/** The sign-in's second step: a code of a step later than `afterStep`; waits for the application. */
export async function enterTotpCode(page: Page, secret: string, afterStep: number): Promise<void> {
  await page.waitForSelector('[data-testid=totp-step]');
  await freshStep(afterStep);
  await page.fill('[data-testid=totp-step] input[name=code]', totpOf(secret).generate());
  await page.click('[data-testid=totp-step] button[type=submit]');
  await page.waitForSelector('[data-testid=side-nav]');
}
