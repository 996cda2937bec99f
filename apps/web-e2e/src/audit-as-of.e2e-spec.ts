/**
 * Issue 12, the recommendation list "as of" a date in a real browser against the built product: the
 * auditor picks a date before a change and sees the old status in the list, then today's, and opens
 * the record's point-in-time view from its row. Screenshots in French and Arabic.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD, launchBrowser, login, OUTPUT_DIR, switchLanguage } from './browser';

let browser: Browser;
let shot = 0;

/** Own prefix: the global setup only clears `e2e-*` screenshots. */
async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(OUTPUT_DIR, `audit-as-of-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
}

async function apiToken(email: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'sidh' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function apiCall<T>(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The date as the French and Arabic (Morocco) UI write it, and the time, in the browser's (and this process's) local time. */
const frDate = (d: Date) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
const time = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the recommendation list as of a date', () => {
  const WORD = 'xylographique';
  const TEXT_FR = `Créer un registre ${WORD} des lieux de privation de liberté.`;
  const TEXT_AR = 'إنشاء سجل لأماكن الحرمان من الحرية.';
  let recommendationId = '';
  let before = new Date();
  let page: Page;

  beforeAll(async () => {
    // A recommendation created with the status "not started", a moment noted, then its status set to "in progress".
    const coordinator = await apiToken('coordinator@demo.sidh');
    const bodies = await apiCall<Array<{ id: string; code: string }>>(coordinator, 'GET', '/api/v1/reference/bodies');
    const upr = bodies.find((b) => b.code === 'UPR')!;
    const created = await apiCall<{ id: string; version: number }>(coordinator, 'POST', '/api/v1/recommendations', {
      bodyId: upr.id,
      documentSymbol: 'A/HRC/98/7',
      paragraph: '12',
      textFr: TEXT_FR,
      textAr: TEXT_AR,
      response: 'supported',
      status: 'not_started',
    });
    recommendationId = created.id;
    await new Promise((r) => setTimeout(r, 1500));
    before = new Date();
    await new Promise((r) => setTimeout(r, 1500));
    await apiCall(coordinator, 'PATCH', `/api/v1/recommendations/${recommendationId}`, { status: 'in_progress' }, { 'If-Match': `"${created.version}"` });

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
    page = await context.newPage();
    await login(page, 'auditor@demo.sidh');
    await switchLanguage(page, 'fr');
  });

  const show = async (at: Date) => {
    await page.fill('[data-testid=as-of-date]', frDate(at));
    await page.fill('[data-testid=as-of-time]', time(at));
    await page.fill('[data-testid=as-of-q]', WORD);
    await page.click('[data-testid=as-of-show]');
  };
  const status = () => page.locator(`[data-testid=as-of-row-${recommendationId}] [data-testid=as-of-status]`);

  it('picks a date before the change and sees the old status (fr, then ar)', async () => {
    await page.goto(`${baseUrl()}/audit?tab=asOf`);
    await page.waitForSelector('[data-testid=as-of-form]');
    await show(before);
    await page.waitForSelector(`[data-testid=as-of-row-${recommendationId}]`);
    expect(await status().textContent()).toBe('Non entamée');
    expect(await page.locator(`[data-testid=as-of-row-${recommendationId}]`).textContent()).toContain(TEXT_FR);
    await snap(page, 'before-fr');

    await switchLanguage(page, 'ar');
    await page.waitForSelector(`[data-testid=as-of-row-${recommendationId}]`);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.locator(`[data-testid=as-of-row-${recommendationId}]`).textContent()).toContain(TEXT_AR);
    const arNotStarted = await status().textContent();
    expect(arNotStarted).not.toBe('Non entamée');
    await snap(page, 'before-ar');
    await switchLanguage(page, 'fr');
  });

  it('today the list shows the new status', async () => {
    await show(new Date());
    await page.waitForFunction((id) => document.querySelector(`[data-testid=as-of-row-${id}] [data-testid=as-of-status]`)?.textContent === 'En cours', recommendationId);
    await snap(page, 'now-fr');
  });

  it("opens the record's point in time at the same instant from its row", async () => {
    await show(before);
    await page.waitForFunction((id) => document.querySelector(`[data-testid=as-of-row-${id}] [data-testid=as-of-status]`)?.textContent === 'Non entamée', recommendationId);
    await page.locator(`[data-testid=as-of-row-${recommendationId}] [data-testid=as-of-open]`).click();
    await page.waitForSelector('[data-testid=pit-fields]');
    expect(new URL(page.url()).searchParams.get('id')).toBe(recommendationId);
    expect(await page.locator('[data-testid=pit-fields] tr[data-field=status]').textContent()).toContain('Non entamée');
  });
});
