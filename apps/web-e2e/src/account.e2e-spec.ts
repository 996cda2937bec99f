/**
 * Issue 13, accounts, in a real browser against the built product. A focal point invited by the
 * administrator (through the API) accepts the invitation, turns on two-step sign-in on the account
 * page (the code is computed here with otpauth from the key the page shows), signs out and signs in
 * again with a code. Then a user changes their password and their other session (a second browser
 * context) is sent back to sign-in. Screenshots in French and Arabic.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freshStep, invitationToken, mailedToken, stepNow, submitSignIn as signIn, totpOf } from './accounts';
import { baseUrl, DEMO_PASSWORD, launchBrowser, OUTPUT_DIR, switchLanguage } from './browser';
import { startServer, stopServer, type RunningServer } from './server';

let browser: Browser;
const errors: string[] = [];
let shot = 0;
const TAG = `acct${Date.now().toString(36)}`;
const PASSWORD = 'Une-phrase-de-passe-e2e-assez-longue';

/** Own prefix: the global setup only clears `e2e-*` screenshots. */
async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUTPUT_DIR, `account-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

async function api<T>(token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl()}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'sidh', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function adminToken(): Promise<string> {
  const res = await api<{ accessToken: string }>(null, 'POST', '/auth/login', { email: 'admin@demo.sidh', password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`admin login: ${res.status}`);
  return res.body.accessToken;
}

/** Invites a focal point of the Ministry of Justice (demo data) and returns the invitation token. */
async function invite(admin: string, email: string, name: string): Promise<string> {
  const institutions = (await api<Array<{ id: string; code: string }>>(admin, 'GET', '/institutions')).body;
  const mj = institutions.find((i) => i.code === 'MJ') ?? institutions[0]!;
  const res = await api(admin, 'POST', '/invitations', { email, name, role: 'focal_point', institutionId: mj.id, locale: 'fr' });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
  return invitationToken(admin, email);
}

function watch(page: Page): void {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // 401/403 of a session that ends, and the 400 of a refused password, are expected here; anything else logged as an error is not.
    if (m.type() === 'error' && !/status of 40[013]/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('accounts in the browser', () => {
  it('a focal point accepts the invitation, turns on two-step sign-in, signs out and signs in with a code', async () => {
    const admin = await adminToken();
    const email = `fp-${TAG}@demo.sidh`;
    const token = await invite(admin, email, 'Point focal TOTP');

    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page);
    await page.goto(`${baseUrl()}/invitations/accept#token=${token}`);
    const passwords = page.locator('[data-testid=accept-invitation] input[type=password]');
    await passwords.nth(0).fill(PASSWORD);
    await passwords.nth(1).fill(PASSWORD);
    await page.locator('[data-testid=accept-invitation] button').last().click();
    await page.waitForSelector('[data-testid=accept-invitation] a[href="/login"]');

    await signIn(page, email, PASSWORD);
    await page.waitForSelector('[data-testid=side-nav]');
    await switchLanguage(page, 'fr');
    await page.click('[data-testid=account-link]');
    await page.waitForSelector('[data-testid=account-page]');
    await page.click('[data-testid=totp-start]');
    await page.waitForSelector('[data-testid=totp-qr]');
    const secret = (await page.locator('[data-testid=totp-secret]').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.locator('[data-testid=totp-qr]').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await snap(page, 'fr-enrolment');

    await freshStep(0);
    const enrolledStep = stepNow();
    await page.fill('input[name=totpCode]', totpOf(secret).generate());
    await page.click('[data-testid=totp-confirm]');
    await page.waitForSelector('[data-testid=recovery-codes]');
    expect(await page.locator('[data-testid=recovery-code]').count()).toBe(10);
    await snap(page, 'fr-recovery-codes');
    await page.click('[data-testid=recovery-done]');
    await expect(page.locator('[data-testid=totp-state]').innerText()).resolves.toBe('Activée');

    await page.click('[data-testid=logout]');
    await page.waitForSelector('[data-testid=login-form]');
    await switchLanguage(page, 'ar');
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('[data-testid=login-form] button[type=submit]');
    await page.waitForSelector('[data-testid=totp-step]');
    await snap(page, 'ar-code-step');
    await freshStep(enrolledStep);
    await page.fill('[data-testid=totp-step] input[name=code]', totpOf(secret).generate());
    await page.click('[data-testid=totp-step] button[type=submit]');
    await page.waitForSelector('[data-testid=side-nav]');
    await page.click('[data-testid=account-link]');
    await page.waitForSelector('[data-testid=sign-in-history]');
    await expect(page.locator('[data-testid=totp-state]').innerText()).resolves.toBe('مفعّل');
    await snap(page, 'ar-account');
    await context.close();
    expect(errors).toEqual([]);
  });

  it('a user changes their password and their other session ends', async () => {
    const admin = await adminToken();
    const email = `pw-${TAG}@demo.sidh`;
    const token = await invite(admin, email, 'Point focal mot de passe');
    expect((await api(null, 'POST', '/invitations/accept', { token, password: PASSWORD })).status).toBe(200);

    const contexts: BrowserContext[] = [];
    const open = async (): Promise<Page> => {
      const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      watch(page);
      await signIn(page, email, PASSWORD);
      await page.waitForSelector('[data-testid=side-nav]');
      return page;
    };
    const here = await open();
    const elsewhere = await open();

    await switchLanguage(here, 'fr');
    await here.click('[data-testid=account-link]');
    await here.waitForSelector('[data-testid=change-password]');
    await here.fill('input[name=currentPassword]', PASSWORD);
    await here.fill('input[name=newPassword]', `${PASSWORD}-nouvelle`);
    await here.fill('input[name=confirmPassword]', `${PASSWORD}-nouvelle`);
    await here.click('[data-testid=change-password] button[type=submit]');
    await here.waitForSelector('[data-testid=password-changed]');
    await snap(here, 'fr-password-changed');

    // The other session: its next request is refused and it is sent back to sign-in.
    await elsewhere.click('[data-testid=account-link]');
    await elsewhere.waitForSelector('[data-testid=login-form]');
    await switchLanguage(elsewhere, 'ar');
    await snap(elsewhere, 'ar-other-session-ended');
    // This session goes on.
    await here.reload();
    await here.waitForSelector('[data-testid=account-page]');
    for (const c of contexts) await c.close();
    expect(errors).toEqual([]);
  });

  it('a user who forgot the password asks for a link from the login page and sets a new password with it', async () => {
    const admin = await adminToken();
    const email = `reset-${TAG}@demo.sidh`;
    const token = await invite(admin, email, 'Point focal oubli');
    expect((await api(null, 'POST', '/invitations/accept', { token, password: PASSWORD })).status).toBe(200);

    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page);
    await page.goto(`${baseUrl()}/login`);
    await switchLanguage(page, 'fr');
    await page.click('[data-testid=forgot-password]');
    await page.waitForSelector('[data-testid=forgot-password-page]');
    await page.fill('input[name=email]', email);
    await page.click('[data-testid=forgot-password-page] button[type=submit]');
    await page.waitForSelector('[data-testid=reset-sent]');
    await snap(page, 'fr-reset-sent');

    const resetToken = await mailedToken(admin, email, /\/password-reset#token=([A-Za-z0-9_-]+)/);
    await page.goto(`${baseUrl()}/password-reset#token=${resetToken}`);
    await page.waitForSelector('[data-testid=reset-password-page]');
    await switchLanguage(page, 'ar');
    await page.fill('input[name=password]', 'password123456');
    await page.fill('input[name=confirmPassword]', 'password123456');
    await page.click('[data-testid=reset-password-page] button[type=submit]');
    await page.waitForSelector('[data-testid=account-error]');
    await snap(page, 'ar-reset-common-password');
    await page.fill('input[name=password]', `${PASSWORD}-oubli`);
    await page.fill('input[name=confirmPassword]', `${PASSWORD}-oubli`);
    await page.click('[data-testid=reset-password-page] button[type=submit]');
    await page.waitForSelector('[data-testid=reset-done]');
    await snap(page, 'ar-reset-done');

    await signIn(page, email, `${PASSWORD}-oubli`);
    await page.waitForSelector('[data-testid=side-nav]');
    await context.close();
    expect(errors).toEqual([]);
  });
});

describe('two-step sign-in required for administrators and coordinators (a server of its own: AUTH_TOTP_REQUIRED_ROLES=admin,coordinator)', () => {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startServer({ AUTH_TOTP_REQUIRED_ROLES: 'admin,coordinator' });
  }, 630_000);
  afterAll(async () => {
    await stopServer(server);
  });

  it('the administrator is kept on the account page until two-step sign-in is on, then has the whole application', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page);
    await page.goto(`${server!.baseUrl}/login`);
    await page.waitForSelector('[data-testid=login-form]');
    await switchLanguage(page, 'fr');
    await page.fill('input[name=email]', 'admin@demo.sidh');
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('[data-testid=login-form] button[type=submit]');
    await page.waitForSelector('[data-testid=totp-required]');
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.locator('[data-testid=side-nav] a').count()).toBe(0);
    await page.goto(`${server!.baseUrl}/recommendations`);
    await page.waitForSelector('[data-testid=totp-required]');
    expect(new URL(page.url()).pathname).toBe('/account');
    await snap(page, 'fr-admin-must-enrol');

    await page.click('[data-testid=totp-start]');
    await page.waitForSelector('[data-testid=totp-qr]');
    const secret = (await page.locator('[data-testid=totp-secret]').innerText()).trim();
    await freshStep(0);
    await page.fill('input[name=totpCode]', totpOf(secret).generate());
    await page.click('[data-testid=totp-confirm]');
    await page.waitForSelector('[data-testid=recovery-codes]');
    await page.click('[data-testid=recovery-done]');
    await page.waitForSelector('[data-testid=side-nav] a[href="/recommendations"]');
    await page.click('[data-testid=side-nav] a[href="/recommendations"]');
    await page.waitForFunction(() => location.pathname === '/recommendations');
    await context.close();
    expect(errors).toEqual([]);
  });
});
