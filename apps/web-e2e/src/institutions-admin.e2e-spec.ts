/**
 * Issue 13, institutions administration, in a real browser against the built product. The
 * administrator creates an institution with its names in three languages (the Arabic one typed
 * right-to-left), invites its focal point from the people page (the existing flow), who accepts,
 * turns on two-step sign-in and signs in with a code (the steps in ./accounts.ts), then merges
 * two institutions and sees the recommendation's assignment follow the target. Screenshots in
 * French and Arabic. The institutions are created by this spec, so the demo data stays as it is.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { acceptInvitation, confirmTotp, enterTotpCode, invitationToken, startTotpEnrolment, submitSignIn } from './accounts';
import { baseUrl, DEMO_PASSWORD, launchBrowser, login, OUTPUT_DIR, switchLanguage } from './browser';

let browser: Browser;
const errors: string[] = [];
let shot = 0;
const TAG = Date.now().toString(36).toUpperCase().slice(-6);

/** Own prefix: the global setup only clears `e2e-*` screenshots. */
async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUTPUT_DIR, `institutions-admin-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
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

async function token(email: string): Promise<string> {
  const res = await api<{ accessToken: string }>(null, 'POST', '/auth/login', { email, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.body.accessToken;
}

async function session(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
  await login(page, email);
  await switchLanguage(page, 'fr');
  return page;
}

/** Opens an institution's drawer from the list, found by its code. */
async function openInstitution(page: Page, code: string): Promise<void> {
  await page.fill('[data-testid=institutions-q]', code);
  const row = page.locator(`[data-testid=institution-row][data-code="${code}"]`);
  await row.waitFor();
  await row.click();
  await page.waitForSelector('[data-testid=institution-form]');
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('institutions administration', () => {
  let admin: Page;
  const code = `E2E-${TAG}`;

  it('the admin creates an institution with its names in three languages, the Arabic one right-to-left', async () => {
    admin = await session('admin@demo.sidh');
    await admin.click('[data-testid=nav-institutions]');
    await admin.waitForSelector('[data-testid=institutions-table]');
    await snap(admin, 'fr-list');
    await admin.click('[data-testid=institution-new]');
    await admin.waitForSelector('[data-testid=institution-form]');
    await admin.fill('[data-testid=institution-name-ar]', 'وزارة الانتقال الرقمي');
    await admin.fill('[data-testid=institution-name-fr]', 'Ministère de la transition numérique');
    await admin.fill('[data-testid=institution-name-en]', 'Ministry of Digital Transition');
    await admin.fill('[data-testid=institution-code]', code);
    await admin.fill('[data-testid=institution-domains]', 'numerique.gov.test');
    await admin.keyboard.press('Enter');
    expect(await admin.locator('[data-testid=institution-name-ar]').getAttribute('dir')).toBe('rtl');
    await snap(admin, 'fr-create');
    const [res] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith('/api/v1/institutions') && r.request().method() === 'POST'),
      admin.click('[data-testid=institution-save]'),
    ]);
    expect(res.status()).toBe(201);
    const created = (await res.json()) as { id: string; nameAr: string; emailDomains: string[] };
    expect(created).toMatchObject({ nameAr: 'وزارة الانتقال الرقمي', emailDomains: ['numerique.gov.test'] });
    await admin.waitForSelector('[data-testid=institution-status]');
    await snap(admin, 'fr-created');
  });

  it('invites its focal point from the people page; an address outside its domains is refused', async () => {
    const institutions = (await api<Array<{ id: string; code: string }>>(await token('admin@demo.sidh'), 'GET', '/institutions')).body;
    const id = institutions.find((i) => i.code === code)!.id;
    await admin.goto(`${baseUrl()}/people?institution=${id}`);
    await admin.waitForSelector('[data-testid=people]');
    await admin.click('[data-testid=invite-open]');
    await admin.fill('[data-testid=invite-name]', 'Salma Bennis');
    await admin.fill('[data-testid=invite-email]', `salma.${TAG.toLowerCase()}@gmail.test`);
    const [refused] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith('/api/v1/invitations') && r.request().method() === 'POST'),
      admin.click('[data-testid=invite-send]'),
    ]);
    expect(refused.status()).toBe(422);
    await admin.fill('[data-testid=invite-email]', `salma.${TAG.toLowerCase()}@numerique.gov.test`);
    const [sent] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith('/api/v1/invitations') && r.request().method() === 'POST'),
      admin.click('[data-testid=invite-send]'),
    ]);
    expect(sent.status()).toBe(201);
    await admin.waitForSelector('[data-testid=invite-sent]');
    await admin.keyboard.press('Escape');
    await admin.waitForSelector('[data-testid=pending-invitation]');
    await snap(admin, 'fr-people');
  });

  it('its invited focal point accepts, turns on two-step sign-in and signs in with a code', async () => {
    const email = `salma.${TAG.toLowerCase()}@numerique.gov.test`;
    const password = 'Une-phrase-de-passe-numerique-e2e';
    const invitation = await invitationToken(await token('admin@demo.sidh'), email);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
    await acceptInvitation(page, invitation, password);
    await submitSignIn(page, email, password);
    await page.waitForSelector('[data-testid=side-nav]');
    await switchLanguage(page, 'ar');
    const secret = await startTotpEnrolment(page);
    const enrolled = await confirmTotp(page, secret);
    await page.click('[data-testid=recovery-done]');
    await page.click('[data-testid=logout]');
    await page.waitForSelector('[data-testid=login-form]');
    await submitSignIn(page, email, password);
    await enterTotpCode(page, secret, enrolled);
    // Signed in with the code, as the focal point of the institution the admin just created (her profile says French).
    await switchLanguage(page, 'ar');
    await expect(page.locator('[data-testid=user-name]').innerText()).resolves.toBe('Salma Bennis');
    await snap(page, 'ar-focal-point-signed-in-with-code');
    await context.close();
  });

  it('merges two institutions: the recommendation’s assignment follows the target', async () => {
    const adminToken = await token('admin@demo.sidh');
    const coordToken = await token('coordinator@demo.sidh');
    const make = async (suffix: string, fr: string, ar: string) =>
      (await api<{ id: string; code: string }>(adminToken, 'POST', '/institutions', { code: `E2E-${TAG}-${suffix}`, type: 'public_agency', nameFr: fr, nameAr: ar, nameEn: fr })).body;
    const source = await make('S', `Office source ${TAG}`, 'مكتب المصدر');
    const target = await make('T', `Agence cible ${TAG}`, 'الوكالة المستقبِلة');
    // A recommendation of the catalogue, given to the source as well.
    const list = await api<{ items: Array<{ id: string }> }>(coordToken, 'GET', '/recommendations?pageSize=5');
    expect(list.status).toBe(200);
    const recommendationId = list.body.items[0]!.id;
    expect((await api(coordToken, 'POST', '/assignments', { recommendationId, institutionId: source.id, role: 'lead' })).status).toBe(201);

    await admin.goto(`${baseUrl()}/institutions`);
    await openInstitution(admin, source.code);
    expect(await admin.locator('[data-testid=institution-count-assignments]').textContent()).toBe('1');
    await admin.click('[data-testid=institution-merge]');
    await admin.waitForSelector('[data-testid=merge-target]');
    await admin.click('[data-testid=merge-target]');
    await admin.keyboard.type(target.code);
    await admin.locator('[role=option]:visible', { hasText: `(${target.code})` }).first().click();
    await admin.waitForSelector('[data-testid=merge-preview]');
    expect(await admin.locator('[data-testid=merge-count-assignments] >> nth=0').textContent()).toContain('1');
    expect(await admin.locator('[data-testid=merge-submit]').isDisabled()).toBe(true);
    await admin.fill('[data-testid=merge-confirm-code]', source.code);
    await snap(admin, 'fr-merge-dialog');
    const [merged] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith('/merge') && r.request().method() === 'POST'),
      admin.click('[data-testid=merge-submit]'),
    ]);
    expect(merged.status()).toBe(200);
    await admin.waitForSelector('[data-testid=merge-done]');
    await snap(admin, 'fr-merged');

    await admin.goto(`${baseUrl()}/recommendations/${recommendationId}`);
    const rows = admin.locator('[data-testid=assignments] [data-testid=assignment-row]');
    await rows.first().waitFor();
    await admin.locator(`[data-testid=assignments] [data-testid=assignment-row][data-code="${target.code}"]`).waitFor();
    const codes = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toContain(target.code);
    expect(codes).not.toContain(source.code);
    await admin.locator('[data-testid=assignments]').scrollIntoViewIfNeeded();
    await snap(admin, 'fr-recommendation-assignment');

    // The same pages in Arabic.
    await switchLanguage(admin, 'ar');
    await admin.locator('[data-testid=assignments]').scrollIntoViewIfNeeded();
    await snap(admin, 'ar-recommendation-assignment');
    await admin.goto(`${baseUrl()}/institutions`);
    await admin.waitForSelector('[data-testid=institutions-table]');
    await snap(admin, 'ar-list');
    await openInstitution(admin, source.code);
    await admin.waitForSelector('[data-testid=institution-status]');
    expect(await admin.locator('[data-testid=institution-status]').textContent()).toContain(target.code);
    await snap(admin, 'ar-merged-source');
    await admin.keyboard.press('Escape');
    await openInstitution(admin, code);
    await admin.click('[data-testid=institution-merge]');
    await admin.waitForSelector('[data-testid=merge-target]');
    await admin.click('[data-testid=merge-target]');
    await admin.keyboard.type(target.code);
    await admin.locator('[role=option]:visible', { hasText: `(${target.code})` }).first().click();
    await admin.waitForSelector('[data-testid=merge-preview]');
    await snap(admin, 'ar-merge-dialog');
    expect(errors).toEqual([]);
  });
});
