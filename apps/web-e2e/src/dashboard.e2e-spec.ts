/**
 * Issue 12, dashboards, in a real browser against the built product. The coordinator opens the
 * dashboard, clicks a bar of "implementation status by mechanism" and lands on the recommendation
 * list filtered by that mechanism and status, with as many results as the bar counts; the same page
 * in Arabic is mirrored (right to left, the category axis on the right); a focal point of the
 * Justice ministry sees only its institution's figures. Screenshots in French and Arabic.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD, launchBrowser, login, OUTPUT_DIR, switchLanguage } from './browser';

let browser: Browser;
const errors: string[] = [];
let shot = 0;

/** Own prefix: the global setup only clears `e2e-*` screenshots. */
async function snap(page: Page, name: string, { fullPage = false } = {}): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUTPUT_DIR, `dashboard-${String(shot).padStart(2, '0')}-${name}.png`), fullPage });
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

async function apiGet<T>(token: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl()}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

interface StatusStats {
  total: number;
  groups: Array<{ key: string; total: number; counts: Record<string, number>; label: { code: string } | null }>;
}

async function session(email: string, lang: 'fr' | 'ar'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
  await login(page, email);
  await switchLanguage(page, lang);
  return page;
}

/** Opens the dashboard from the navigation and waits for the status chart's bars. */
async function openDashboard(page: Page): Promise<void> {
  await page.click('[data-testid=side-nav] [data-testid=nav-dashboard]');
  await page.waitForURL(/\/dashboard$/);
  await page.waitForSelector('[data-testid=chart-status-by-mechanism] .recharts-bar-rectangle path');
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('dashboard', () => {
  it('the coordinator clicks a bar and lands on the list filtered by its mechanism and status, with the bar’s count', async () => {
    const page = await session('coordinator@demo.sidh', 'fr');
    await openDashboard(page);
    expect(await page.locator('figure figcaption').count()).toBeGreaterThanOrEqual(6);
    await snap(page, 'fr-coordinator');
    await snap(page, 'fr-coordinator-full', { fullPage: true });

    const stats = await apiGet<StatusStats>(await apiToken('coordinator@demo.sidh'), '/api/v1/stats/status?by=mechanism');
    // The first bar segment of the chart.
    await page.locator('[data-testid=chart-status-by-mechanism] .recharts-bar-rectangle path').first().click();
    await page.waitForURL(/\/recommendations\?/);
    const url = new URL(page.url());
    const mechanism = url.searchParams.get('mechanism');
    const status = url.searchParams.get('status');
    expect(mechanism).toBeTruthy();
    expect(status).toBeTruthy();
    const expected = stats.groups.find((g) => g.key === mechanism)!.counts[status!]!;
    expect(expected).toBeGreaterThan(0);
    // The list applies both filters (its filter fields show them) and counts what the bar counted.
    const count = page.locator('[data-testid=result-count]');
    await count.waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid=result-count]')?.textContent?.replace(/\s/g, '').includes(String(n)), expected);
    expect((await count.textContent())!.replace(/\s/g, '')).toContain(String(expected));
    expect(await page.locator('[data-testid=filter-status]').inputValue()).not.toBe('');
    expect(await page.locator('[data-testid=filter-mechanism]').inputValue()).not.toBe('');
    const listTotal = await apiGet<{ total: number }>(await apiToken('coordinator@demo.sidh'), `/api/v1/recommendations?mechanism=${mechanism}&status=${status}&pageSize=1`);
    expect(listTotal.total).toBe(expected);
    await snap(page, 'fr-filtered-list');

    // Back to the dashboard: the table view of the same data, with links.
    await page.goBack();
    await page.waitForSelector('[data-testid=chart-status-by-mechanism]');
    await page.locator('[data-testid=view-status-by-mechanism] label').nth(1).click();
    await page.waitForSelector('[data-testid=table-status]');
    expect(await page.locator('[data-testid=table-status] tbody tr').count()).toBe(stats.groups.length);
    // The CSV download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=csv-status-by-mechanism]')]);
    expect(download.suggestedFilename()).toBe('status-by-mechanism.csv');
    await page.context().close();
  });

  it('mirrors in Arabic: right to left, the category axis on the right, Arabic-Indic or Latin digits through Intl', async () => {
    const page = await session('coordinator@demo.sidh', 'ar');
    await openDashboard(page);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const chart = page.locator('[data-testid=chart-status-by-mechanism] .recharts-wrapper').first();
    const yAxis = page.locator('[data-testid=chart-status-by-mechanism] .recharts-yAxis').first();
    const [c, y] = [await chart.boundingBox(), await yAxis.boundingBox()];
    expect(y!.x + y!.width / 2).toBeGreaterThan(c!.x + c!.width / 2);
    await snap(page, 'ar-coordinator');
    await snap(page, 'ar-coordinator-full', { fullPage: true });
    // The PNG of a chart.
    const downloaded = page.waitForEvent('download').then(async (d) => {
      await d.saveAs(join(OUTPUT_DIR, 'dashboard-chart-ar.png'));
      return d.suggestedFilename();
    });
    const failed = page.waitForSelector('[data-testid=png-error-status-by-mechanism]').then(async (e) => `error: ${await e.getAttribute('data-error')}`);
    await page.click('[data-testid=png-status-by-mechanism]');
    expect(await Promise.race([downloaded, failed])).toBe('status-by-mechanism.png');
    await page.context().close();
  });

  it('a focal point sees only its institution’s figures', async () => {
    const focalToken = await apiToken('focal.justice@demo.sidh');
    const coordinatorToken = await apiToken('coordinator@demo.sidh');
    const mine = await apiGet<StatusStats>(focalToken, '/api/v1/stats/status?by=institution');
    const all = await apiGet<StatusStats>(coordinatorToken, '/api/v1/stats/status?by=institution');
    const list = await apiGet<{ total: number }>(focalToken, '/api/v1/recommendations?pageSize=1');
    expect(mine.total).toBe(list.total);
    expect(mine.total).toBeLessThan(all.total);
    expect(mine.groups.map((g) => g.label?.code)).toEqual(['MJ']);

    const page = await session('focal.justice@demo.sidh', 'fr');
    await openDashboard(page);
    await page.locator('[data-testid=status-dimension] label', { hasText: 'Institution' }).click();
    await page.waitForSelector('[data-testid=chart-status-by-institution] .recharts-bar-rectangle path');
    await page.locator('[data-testid=view-status-by-institution] label').nth(1).click();
    const rows = page.locator('[data-testid=table-status] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    const description = await page.locator('[data-testid=chart-status-by-institution] figcaption').textContent();
    expect(description!.replace(/\s/g, '')).toContain(String(mine.total));
    // Campaign progress: only the ministry's own row.
    await page.locator('[data-testid=view-campaigns] label').nth(1).click();
    const campaignRows = page.locator('[data-testid=table-campaigns] tbody tr');
    if ((await campaignRows.count()) > 0) expect(await campaignRows.count()).toBe(1);
    await snap(page, 'fr-focal');
    await switchLanguage(page, 'ar');
    await snap(page, 'ar-focal');
    await page.context().close();
  });

  it('had no uncaught page errors', () => {
    expect(errors).toEqual([]);
  });
});
