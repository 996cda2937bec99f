/**
 * Issue 13, reference data and settings, in a real browser against the built product. The
 * administrator adds a theme and a UPR review from the "Reference data" page; the recommendation
 * filter of the same session then offers them by name at once (the reference lists it had already
 * loaded are refreshed by the write). The administrator sets the organisation's name and logo; the
 * login page shows them. Screenshots in French and Arabic.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD, launchBrowser, login, OUTPUT_DIR, switchLanguage } from './browser';
import { WORKSPACE } from './server';

let browser: Browser;
const errors: string[] = [];
let shot = 0;

/** Own prefix: the global setup only clears `e2e-*` screenshots. */
async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUTPUT_DIR, `admin-reference-${String(shot).padStart(2, '0')}-${name}.png`) });
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

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json', 'X-Requested-With': 'sidh' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function session(email: string, lang: 'fr' | 'ar'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
  await login(page, email);
  await switchLanguage(page, lang);
  return page;
}

/** Picks the option of a Mantine Select whose text contains `text` (typing it first when the select is searchable). */
async function pick(page: Page, testId: string, text: string): Promise<void> {
  const input = page.locator(`[data-testid=${testId}]`);
  await input.click();
  if ((await input.getAttribute('readonly')) === null) await input.fill(text);
  // Other selects keep their (hidden) options in the page: this one's listbox only.
  await page.locator(`#${await input.getAttribute('aria-controls')} [role=option]`, { hasText: text }).first().click();
}

async function openRecommendations(page: Page): Promise<void> {
  await page.click('[data-testid=side-nav] [data-testid=nav-recommendations]');
  await page.waitForURL(/\/recommendations/);
  await page.waitForSelector('[data-testid=filter-theme]');
  await page.waitForLoadState('networkidle');
}

/** Opens a (Mantine) select's dropdown (a click toggles it) and returns its listbox, the one visible. */
async function openSelect(page: Page, testId: string): Promise<Locator> {
  const input = page.locator(`[data-testid=${testId}]`);
  const listbox = page.locator('[role=listbox]:visible').first();
  for (let attempt = 0; attempt < 4; attempt++) {
    if ((await listbox.count()) > 0) return listbox;
    await input.click();
    await listbox.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  throw new Error(`${testId} does not open`);
}

/** The labels a facet filter offers (its dropdown's options). */
async function filterOptions(page: Page, key: string): Promise<string[]> {
  const input = page.locator(`[data-testid=filter-${key}]`);
  // A read-only stand-in until focused (FacetFilters): focusing swaps in the real select, a click opens it.
  await input.focus();
  // Other selects keep their (hidden) options in the page: read this one's listbox only.
  const listbox = await openSelect(page, `filter-${key}`);
  await listbox.locator('[role=option]').first().waitFor();
  const labels = await listbox.locator('[role=option]').allInnerTexts();
  await page.keyboard.press('Escape');
  return labels;
}

/**
 * A filter's options once one of them names `wanted`, else the last ones read (15 s). Back on the list
 * the SPA shows the counts and names it holds and asks for them again (the facets on return, the
 * reference lists once a select opens): the first read can come before those answers.
 */
async function filterOptionsNaming(page: Page, key: string, wanted: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let labels = await filterOptions(page, key);
  while (!labels.some((l) => l.includes(wanted)) && Date.now() < deadline) {
    await page.waitForTimeout(250);
    labels = await filterOptions(page, key);
  }
  return labels;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('reference data and settings administration', () => {
  const THEME = { code: 'e2e-clean-air', fr: 'Droit à un air pur', ar: 'الحق في هواء نقي', en: 'Right to clean air' };
  const REVIEW = { code: 'cycle-5', fr: 'EPU du Maroc – 5e cycle', ar: 'الاستعراض الدوري الشامل للمغرب – الجولة الخامسة', en: 'UPR of Morocco – 5th cycle', symbol: 'A/HRC/67/12' };

  it('the admin adds a theme and a UPR review; the recommendation filter offers them at once', async () => {
    const page = await session('admin@demo.sidh', 'fr');
    // The recommendation screen first: its reference lists are loaded (and kept for the session).
    await openRecommendations(page);
    expect((await filterOptions(page, 'theme')).some((l) => l.includes(THEME.fr))).toBe(false);

    await page.click('[data-testid=side-nav] [data-testid="nav-admin/reference"]');
    await page.waitForURL(/\/admin\/reference$/);
    await page.waitForSelector('[data-testid=tab-bodies]');

    // A theme.
    await page.click('[data-testid=tab-themes]');
    await page.click('[data-testid=add-themes]');
    await page.fill('[data-testid=field-code]', THEME.code);
    await page.fill('[data-testid=field-nameAr]', THEME.ar);
    await page.fill('[data-testid=field-nameFr]', THEME.fr);
    await page.fill('[data-testid=field-nameEn]', THEME.en);
    expect(await page.locator('[data-testid=field-nameAr]').getAttribute('lang')).toBe('ar');
    await page.click('[data-testid=reference-save]');
    await page.waitForSelector(`[data-testid=row-${THEME.code}]`);
    await page.fill('[data-testid=reference-search]', 'air pur');
    await snap(page, 'fr-theme-added');

    // A UPR review: a duplicate symbol is refused on its field first.
    await page.click('[data-testid=tab-reviews]');
    await page.click('[data-testid=add-reviews]');
    await pick(page, 'field-bodyId', 'UPR');
    await page.fill('[data-testid=field-code]', REVIEW.code);
    await page.fill('[data-testid=field-titleAr]', REVIEW.ar);
    await page.fill('[data-testid=field-titleFr]', REVIEW.fr);
    await page.fill('[data-testid=field-titleEn]', REVIEW.en);
    await page.fill('[data-testid=field-cycle]', '5');
    await page.fill('[data-testid=field-documentSymbol]', REVIEW.symbol);
    await snap(page, 'fr-review-drawer');
    await page.click('[data-testid=reference-save]');
    const row = page.locator('tbody tr', { hasText: REVIEW.symbol });
    await row.waitFor();
    expect(await row.innerText()).toContain(REVIEW.fr);

    // A recommendation of that review with that theme (the coordinator's catalogue work, by API).
    const coordinator = await apiToken('coordinator@demo.sidh');
    const bodies = await api<Array<{ id: string; code: string }>>(coordinator, 'GET', '/api/v1/reference/bodies');
    const reviews = await api<Array<{ id: string; code: string; bodyId: string }>>(coordinator, 'GET', '/api/v1/reference/reviews');
    const upr = bodies.find((b) => b.code === 'UPR')!;
    const review = reviews.find((r) => r.code === REVIEW.code && r.bodyId === upr.id)!;
    await api(coordinator, 'POST', '/api/v1/recommendations', { bodyId: upr.id, reviewId: review.id, textFr: 'Garantir à chacun le droit de respirer un air pur.', themeCodes: [THEME.code] });

    // Back to the recommendations, in the same session: the filters name them.
    await openRecommendations(page);
    expect(await filterOptionsNaming(page, 'theme', THEME.fr)).toEqual(expect.arrayContaining([expect.stringContaining(THEME.fr)]));
    expect(await filterOptionsNaming(page, 'review', REVIEW.fr)).toEqual(expect.arrayContaining([expect.stringContaining(REVIEW.fr)]));
    await page.locator('[data-testid=filter-theme]').focus();
    await openSelect(page, 'filter-theme');
    if ((await page.locator('[data-testid=filter-theme]').getAttribute('readonly')) === null) await page.locator('[data-testid=filter-theme]').fill('air');
    await snap(page, 'fr-filter-offers-theme');
    await page.keyboard.press('Escape');

    // The same page in Arabic, right to left.
    await switchLanguage(page, 'ar');
    expect(await filterOptionsNaming(page, 'theme', THEME.ar)).toEqual(expect.arrayContaining([expect.stringContaining(THEME.ar)]));
    await page.click('[data-testid=side-nav] [data-testid="nav-admin/reference"]');
    await page.click('[data-testid=tab-reviews]');
    await page.locator(`[data-testid=edit-${REVIEW.code}]`).click();
    await page.waitForSelector('[data-testid=field-titleAr]');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await snap(page, 'ar-review-drawer');
    await page.keyboard.press('Escape');
    await page.click('[data-testid=tab-themes]');
    await page.fill('[data-testid=reference-search]', 'هواء');
    await page.waitForSelector(`[data-testid=row-${THEME.code}]`);
    await snap(page, 'ar-themes');
    expect(errors).toEqual([]);
  });

  it('the admin sets the organisation name and logo; the login page shows them in French and Arabic', async () => {
    const page = await session('admin@demo.sidh', 'fr');
    await page.click('[data-testid=side-nav] [data-testid="nav-admin/settings"]');
    await page.waitForURL(/\/admin\/settings$/);
    await page.fill('[data-testid=org-name-ar]', 'المندوبية الوزارية المكلفة بحقوق الإنسان');
    await page.fill('[data-testid=org-name-fr]', 'Délégation interministérielle aux droits de l’homme');
    await page.fill('[data-testid=org-name-en]', 'Interministerial Delegation for Human Rights');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/organisation-name') && r.status() === 200), page.click('[data-testid=save-org-name]')]);

    // A hostile SVG is refused with its reason; the plain one is taken.
    const logos = join(WORKSPACE, 'apps/api/test/fixtures/logos');
    await page.locator('[data-testid=settings-logo] input[type=file]').setInputFiles(join(logos, 'not-ok/script.svg'));
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/logo') && r.status() === 400), page.click('[data-testid=upload-logo]')]);
    await page.waitForSelector('[data-testid=settings-logo] .mantine-FileInput-error');
    await page.locator('[data-testid=settings-logo] input[type=file]').setInputFiles(join(logos, 'ok/logo.svg'));
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/logo') && r.status() === 200), page.click('[data-testid=upload-logo]')]);
    await page.waitForSelector('[data-testid=settings-logo-preview]');
    await snap(page, 'fr-settings');

    // The login page, signed out.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const visitor = await context.newPage();
    visitor.on('pageerror', (e) => errors.push(`login page: ${e.message}`));
    await visitor.goto(`${baseUrl()}/login`);
    await visitor.waitForSelector('[data-testid=login-form]');
    await switchLanguage(visitor, 'fr');
    await visitor.waitForSelector('[data-testid=org-name]');
    expect(await visitor.locator('[data-testid=org-name]').innerText()).toBe('Délégation interministérielle aux droits de l’homme');
    await visitor.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=org-logo]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    // The brand's box is reserved: the form does not move when the name and logo arrive.
    const box = await visitor.locator('[data-testid=org-brand]').boundingBox();
    expect(box?.height).toBe(84);
    await snap(visitor, 'fr-login');
    await switchLanguage(visitor, 'ar');
    expect(await visitor.locator('[data-testid=org-name]').innerText()).toBe('المندوبية الوزارية المكلفة بحقوق الإنسان');
    await snap(visitor, 'ar-login');
    await context.close();
    expect(errors).toEqual([]);
  });
});
