/**
 * Issue 13, users administration, in a real browser against the built product. The administrator
 * filters the accounts, opens a focal point, moves them to another institution, deactivates them
 * (their own open session is then refused and sent back to sign-in), and sends a pending invitation
 * again (the old link stops working). Screenshots in French and Arabic. The accounts and invitations
 * are created by this spec (through the API), so other specs' demo data is untouched.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD, launchBrowser, login, OUTPUT_DIR, switchLanguage } from './browser';

let browser: Browser;
const errors: string[] = [];
let shot = 0;
const TAG = `ua${Date.now().toString(36)}`;
const PASSWORD = 'Un-mot-de-passe-e2e-tres-long-42';

/** Own prefix: the global setup only clears `e2e-*` screenshots. */
async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUTPUT_DIR, `users-admin-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
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

async function token(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await api<{ accessToken: string }>(null, 'POST', '/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.body.accessToken;
}

type Mail = { to: string[]; subject: string; text: string };
/** The invitation tokens mailed to `email`, oldest first (waits until there are `count`). */
async function mailedTokens(adminToken: string, email: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mails = (await api<Mail[]>(adminToken, 'GET', '/dev/mails')).body.filter((m) => m.to.some((t) => t.toLowerCase() === email));
    const tokens = mails.map((m) => /#token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1]).filter((t): t is string => !!t);
    if (tokens.length >= count || Date.now() > deadline) return tokens;
    await new Promise((r) => setTimeout(r, 300));
  }
}

interface Institution {
  id: string;
  code: string;
}

describe('users administration', () => {
  let adminToken: string;
  let mj: Institution;
  let mi: Institution;
  const focalEmail = `fp.${TAG}@interior.demo`;
  const pendingEmail = `pending.${TAG}@justice.demo`;

  beforeAll(async () => {
    browser = await launchBrowser();
    adminToken = await token('admin@demo.sidh');
    const institutions = (await api<Institution[]>(adminToken, 'GET', '/institutions')).body;
    mj = institutions.find((i) => i.code === 'MJ')!;
    mi = institutions.find((i) => i.code === 'MI')!;
    // A focal point of the Interior ministry, invited and accepted; and an invitation left pending.
    const invited = await api<{ id: string }>(adminToken, 'POST', '/invitations', { email: focalEmail, name: `Salma Benali ${TAG}`, role: 'focal_point', institutionId: mi.id, locale: 'fr' });
    expect(invited.status).toBe(201);
    const [focalToken] = await mailedTokens(adminToken, focalEmail, 1);
    expect((await api(null, 'POST', '/invitations/accept', { token: focalToken, password: PASSWORD })).status).toBe(200);
    expect((await api(adminToken, 'POST', '/invitations', { email: pendingEmail, name: `Youssef Alami ${TAG}`, role: 'validator', institutionId: mj.id, locale: 'ar' })).status).toBe(201);
    expect(await mailedTokens(adminToken, pendingEmail, 1)).toHaveLength(1);
  });
  afterAll(() => browser?.close());

  async function session(email: string, password: string, lang: 'fr' | 'ar'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
    if (password === DEMO_PASSWORD) await login(page, email);
    else {
      await page.goto(`${baseUrl()}/login`);
      await page.waitForSelector('[data-testid=login-form]');
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await page.click('[data-testid=login-form] button[type=submit]');
      await page.waitForSelector('[data-testid=side-nav]');
    }
    await switchLanguage(page, lang);
    return page;
  }

  /** Types in the search box and waits for the list answering that text. */
  async function searchUsers(page: Page, q: string): Promise<void> {
    const settled = page.waitForResponse((r) => r.url().includes('/api/v1/users?') && new URL(r.url()).searchParams.get('q') === q && r.status() === 200);
    await page.fill('[data-testid=users-search]', q);
    await settled;
  }

  it('the admin filters the accounts, moves a focal point to another institution and deactivates them; their open session is refused', async () => {
    const focal = await session(focalEmail, PASSWORD, 'fr');
    const page = await session('admin@demo.sidh', DEMO_PASSWORD, 'fr');
    await page.click('[data-testid=side-nav] [data-testid=nav-users]');
    await page.waitForURL(/\/users$/);
    await page.waitForSelector('[data-testid=users-table]');

    // Filters: the text and the role narrow the list to our focal point.
    await searchUsers(page, TAG);
    const roleSettled = page.waitForResponse((r) => r.url().includes('/api/v1/users?') && new URL(r.url()).searchParams.get('role') === 'focal_point');
    await page.click('[data-testid=users-filter-role]');
    await page.getByRole('option', { name: 'Point focal', exact: true }).click();
    await roleSettled;
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=users-row]').length === 1);
    expect(await page.locator('[data-testid=users-row]').getAttribute('data-email')).toBe(focalEmail);
    expect(await page.locator('[data-testid=users-total]').innerText()).toContain('1');
    await snap(page, 'fr-filtered');

    // Change the institution: Interior → Justice.
    await page.click('[data-testid=users-row] [data-testid=users-open]');
    await page.waitForSelector('[data-testid=user-drawer] [data-testid=drawer-institution]');
    await page.fill('[data-testid=drawer-institution]', '(MJ)');
    await page.getByRole('option', { name: /\(MJ\)$/ }).click();
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/users/'));
    await page.click('[data-testid=drawer-save]');
    expect((await saved).status()).toBe(200);
    await page.waitForSelector('[data-testid=drawer-saved]');
    const users = (await api<{ items: Array<{ id: string; institutionId: string; active: boolean }> }>(adminToken, 'GET', `/users?q=${encodeURIComponent(focalEmail)}`)).body.items;
    expect(users).toHaveLength(1);
    expect(users[0]!.institutionId).toBe(mj.id);
    await snap(page, 'fr-drawer-saved');

    // Deactivate, after the confirmation.
    await page.click('[data-testid=drawer-deactivate]');
    await page.waitForSelector('[data-testid=confirm-ok]');
    await snap(page, 'fr-confirm-deactivate');
    const deactivated = page.waitForResponse((r) => r.url().endsWith('/deactivate'));
    await page.click('[data-testid=confirm-ok]');
    expect((await deactivated).status()).toBe(200);
    await page.waitForFunction(() => document.querySelector('[data-testid=drawer-status]')?.textContent === 'Désactivé');
    expect((await api<{ items: Array<{ active: boolean }> }>(adminToken, 'GET', `/users?q=${encodeURIComponent(focalEmail)}`)).body.items[0]!.active).toBe(false);

    // The focal point's open session: the next page load is refused and lands on the sign-in page.
    await focal.goto(`${baseUrl()}/recommendations`);
    await focal.waitForSelector('[data-testid=login-form]');
    expect((await api(null, 'POST', '/auth/login', { email: focalEmail, password: PASSWORD })).status).toBe(401);
    await focal.context().close();

    // The same list and drawer in Arabic: mirrored, names isolated.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=drawer-status]', { state: 'detached' });
    // Active accounts are listed by default: the deactivated one is found under "Deactivated".
    const inactiveSettled = page.waitForResponse((r) => r.url().includes('/api/v1/users?') && new URL(r.url()).searchParams.get('active') === 'false');
    await page.click('[data-testid=users-filter-active]');
    await page.getByRole('option', { name: 'Désactivé', exact: true }).click();
    await inactiveSettled;
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=users-row]').length === 1);
    await switchLanguage(page, 'ar');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.waitForFunction(() => document.querySelector('[data-testid=users-status]')?.textContent === 'معطَّل');
    await snap(page, 'ar-list');
    await page.click('[data-testid=users-row] [data-testid=users-open]');
    await page.waitForFunction(() => document.querySelector('[data-testid=drawer-status]')?.textContent === 'معطَّل');
    await snap(page, 'ar-drawer-deactivated');
    await page.context().close();
  });

  it('the admin sends a pending invitation again: a new mail, and the old link no longer works', async () => {
    const page = await session('admin@demo.sidh', DEMO_PASSWORD, 'ar');
    await page.goto(`${baseUrl()}/users`);
    await page.click('[data-testid=tab-invitations]');
    const row = page.locator(`[data-testid=invitation-row][data-email="${pendingEmail}"]`);
    await row.waitFor();
    await snap(page, 'ar-invitations');
    const [oldToken] = await mailedTokens(adminToken, pendingEmail, 1);
    const resent = page.waitForResponse((r) => r.url().endsWith('/resend'));
    await row.locator('[data-testid=invitation-resend]').click();
    expect((await resent).status()).toBe(200);
    await page.waitForSelector('[data-testid=invitation-done]');
    await snap(page, 'ar-invitation-resent');
    const tokens = await mailedTokens(adminToken, pendingEmail, 2);
    expect(tokens).toHaveLength(2);
    expect(tokens).toContain(oldToken);
    expect(tokens.filter((t) => t !== oldToken)).toHaveLength(1);
    const old = await api<{ code: string }>(null, 'POST', '/invitations/accept', { token: oldToken, password: PASSWORD });
    expect(old.status).toBe(400);
    expect(old.body.code).toBe('invitation.invalid');

    await switchLanguage(page, 'fr');
    await row.waitFor();
    await snap(page, 'fr-invitations');
    await page.context().close();
  });

  it('no page error in any session', () => {
    expect(errors).toEqual([]);
  });
});
