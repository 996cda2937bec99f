/**
 * Issue 9, reports to the UN, in a real browser against the built product. The coordinator builds a UPR
 * mid-term report on cycle 3 in French from validated contributions, edits a section and sees the word
 * count move, lowers the limit and sees the warning, goes over it, finalises (confirming) and downloads
 * the .docx; then the same in Arabic, right to left; the auditor opens the report's versions (and checks
 * the downloaded file against them) and its history; a focal point has no Reports menu and /reports
 * refuses them. Validated contributions on cycle 3 are made through the API first when the demo has no
 * pair of them with one written in Arabic.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD, launchBrowser, login, OUTPUT_DIR, switchLanguage } from './browser';

const CYCLE3 = 'A/HRC/36/6';
const FR_TITLE = `Rapport à mi-parcours EPU, 3e cycle (e2e ${Date.now()})`;
const AR_TITLE = `تقرير منتصف المدة، الجولة الثالثة — اختبار ${Date.now()}`;
const FR_MEASURES = '- Adoption de la **loi 38.15** relative à l’organisation judiciaire\n- Formation de 1 200 magistrats aux droits de l’homme';
const AR_MEASURES = '- اعتماد القانون رقم 38.15 المتعلق بالتنظيم القضائي\n- تكوين 1200 قاض في مجال حقوق الإنسان';

let browser: Browser;
const errors: string[] = [];
let shot = 0;

/** Own prefix: the global setup only clears `e2e-*` screenshots. From the top, once the layout settled. */
async function snap(page: Page, name: string, { top = true } = {}): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  if (top) await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(OUTPUT_DIR, `reports-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
}

// ---------------------------------------------------------------------------------------------------------
// API helpers for the set-up (validated contributions on cycle 3).

async function apiToken(email: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'sidh' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function apiCall<T>(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 400)}`);
  return (await res.json()) as T;
}

interface Contribution {
  id: string;
  status: string;
  version: number;
  canEdit: boolean;
  recommendation: { id: string; documentSymbol: string | null; paragraph: string | null; textFr: string | null };
}
type ContributionPage = { items: Contribution[]; total: number };

async function contributions(token: string, query: string): Promise<Contribution[]> {
  const out: Contribution[] = [];
  for (let page = 1; ; page++) {
    const res = await apiCall<ContributionPage>(token, 'GET', `/api/v1/contributions?${query}&pageSize=100&page=${page}`);
    out.push(...res.items);
    if (res.items.length === 0 || out.length >= res.total) return out;
  }
}

/** Arabic letters: a contribution written in Arabic is "to translate" in a French report. */
const ARABIC = /[\u0600-\u06FF]/;

/**
 * Two recommendations of cycle 3 with validated contributions, one of them written in Arabic (the
 * French report marks it "to translate"). The demo validates some in French and some in Arabic, in one
 * transaction, so the list's order among them is arbitrary: the pair is chosen by the texts, and
 * contributions are made now (in French or in Arabic, whichever is missing) when the demo has no such pair.
 */
async function validatedCycle3Items(): Promise<Contribution['recommendation'][]> {
  const coordinator = await apiToken('coordinator@demo.sidh');
  const validated = (await contributions(coordinator, 'status=validated'))
    .filter((c) => c.recommendation.documentSymbol === CYCLE3)
    .sort((a, b) => (a.recommendation.paragraph ?? '').localeCompare(b.recommendation.paragraph ?? '', 'en', { numeric: true }) || a.id.localeCompare(b.id));
  const measures = await Promise.all(validated.map(async (c) => (await apiCall<{ measures: string }>(coordinator, 'GET', `/api/v1/contributions/${c.id}`)).measures));
  const arabic = validated.find((_, i) => ARABIC.test(measures[i]!))?.recommendation;
  // The other one written in French where there is one: each report then has text in its own language and text to translate.
  const others = validated.filter((c) => c.recommendation.id !== arabic?.id);
  const other = (others.find((c) => !ARABIC.test(measures[validated.indexOf(c)]!)) ?? others[0])?.recommendation;
  if (arabic && other) return [arabic, other];

  const focal = await apiToken('focal.justice@demo.sidh');
  const validator = await apiToken('validator.justice@demo.sidh');
  const taken = new Set(validated.map((c) => c.recommendation.id));
  const needed = arabic ? [FR_MEASURES] : other ? [AR_MEASURES] : [FR_MEASURES, AR_MEASURES];
  const drafts = (await contributions(focal, 'mine=true'))
    .filter((c) => c.recommendation.documentSymbol === CYCLE3 && c.canEdit && c.status === 'draft' && !taken.has(c.recommendation.id) && c.recommendation.textFr)
    .slice(0, needed.length);
  if (drafts.length < needed.length) throw new Error('The demo data has no draft contribution of the Justice ministry on UPR cycle 3');
  const made: Contribution['recommendation'][] = [];
  for (const [i, draft] of drafts.entries()) {
    const edited = await apiCall<Contribution>(
      focal,
      'PATCH',
      `/api/v1/contributions/${draft.id}`,
      { implementationStatus: 'in_progress', measures: needed[i] },
      { 'If-Match': `"${draft.version}"` },
    );
    await apiCall(focal, 'POST', `/api/v1/contributions/${draft.id}/transitions`, { action: 'submit' }, { 'If-Match': `"${edited.version}"` });
    await apiCall(validator, 'POST', `/api/v1/contributions/${draft.id}/transitions`, { action: 'approve' });
    await apiCall(coordinator, 'POST', `/api/v1/contributions/${draft.id}/transitions`, { action: 'validate' });
    made.push(draft.recommendation);
  }
  return [...(arabic ? [arabic] : other ? [other] : []), ...made];
}

// ---------------------------------------------------------------------------------------------------------
// Browser helpers.

async function session(email: string, lang: 'fr' | 'ar'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400 && r.status() !== 401) {
      void r.text().then((t) => console.log(`${email} ${r.request().method()} ${r.url()} ${r.status()} ${t.slice(0, 300)}`));
    }
  });
  await login(page, email);
  await switchLanguage(page, lang);
  return page;
}

async function words(page: Page, testId = 'word-count'): Promise<{ words: number; state: string | null }> {
  const bar = page.locator(`[data-testid=report-header] [data-testid=${testId}]`);
  return { words: Number(await bar.getAttribute('data-words')), state: await bar.getAttribute('data-state') };
}

/** Runs the wizard: type UPR mid-term, the language, the UPR cycle 3, the items ticked by hand; opens the editor. */
async function createReport(page: Page, opts: { title: string; language: 'fr' | 'ar'; items: Contribution['recommendation'][]; shots: string }): Promise<string> {
  await page.click('[data-testid=nav-reports]');
  await page.waitForSelector('[data-testid=report-list], [data-testid=reports-empty]');
  await page.click('[data-testid=new-report]');
  await page.waitForSelector('[data-testid=report-wizard]');
  // Step 1: the mid-term report (chosen first; no default limit), its language, title and due date.
  expect(await page.locator('[data-testid=wizard-type]').inputValue()).toBe(opts.language === 'ar' ? 'تقرير منتصف المدة في إطار الاستعراض الدوري الشامل' : 'Rapport à mi-parcours (Examen périodique universel)');
  expect(await page.locator('[data-testid=wizard-word-limit]').inputValue()).toBe('');
  await page.locator('[data-testid=wizard-language] label', { hasText: opts.language === 'ar' ? 'العربية' : 'Français' }).click();
  await page.fill('[data-testid=wizard-title]', opts.title);
  expect(await page.locator('[data-testid=wizard-title]').getAttribute('dir')).toBe(opts.language === 'ar' ? 'rtl' : 'ltr');
  await page.fill('[data-testid=wizard-due-date]', '2027-03-31');
  await snap(page, `${opts.shots}-wizard-report`);
  await page.click('[data-testid=wizard-next]');
  // Step 2: the UPR is the only body of its kind (chosen already); the review is cycle 3.
  await page.waitForFunction(() => (document.querySelector('[data-testid=wizard-body]') as HTMLInputElement | null)?.value.includes('UPR'));
  await page.click('[data-testid=wizard-review]');
  await page.locator('[role=option]', { hasText: CYCLE3 }).click();
  await snap(page, `${opts.shots}-wizard-body`);
  await page.click('[data-testid=wizard-next]');
  // Step 3: tick the items with validated contributions, found by their text.
  for (const item of opts.items) {
    const words = item.textFr!.split(/\s+/).slice(0, 6).join(' ');
    await page.fill('[data-testid=wizard-search]', words);
    const box = page.locator(`input[data-testid=wizard-item][data-id="${item.id}"]`);
    await box.waitFor();
    await box.check();
  }
  await page.waitForSelector(`[data-testid=wizard-picked-count][data-count="${opts.items.length}"]`);
  await snap(page, `${opts.shots}-wizard-items`);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST'),
    page.click('[data-testid=wizard-create]'),
  ]);
  expect(res.status()).toBe(201);
  const created = (await res.json()) as { id: string; sections: unknown[] };
  expect(created.sections).toHaveLength(opts.items.length);
  await page.waitForSelector('[data-testid=report-editor]');
  expect(new URL(page.url()).pathname).toBe(`/reports/${created.id}`);
  return created.id;
}

/** Types at the end of the first section's text (key by key) and saves it (If-Match of the section). */
async function appendToFirstSection(page: Page, text: string): Promise<void> {
  const body = page.locator('[data-testid=report-section]').first().locator('[data-testid=section-body]');
  await body.click();
  await page.keyboard.press('Control+End');
  await body.pressSequentially(text, { delay: 5 });
}

async function saveFirstSection(page: Page): Promise<void> {
  const section = page.locator('[data-testid=report-section]').first();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/sections/') && r.request().method() === 'PATCH'),
    section.locator('[data-testid=section-save]').click(),
  ]);
  expect(res.status()).toBe(200);
  expect(res.request().headers()['if-match']).toMatch(/^"\d+"$/);
  await section.locator('[data-testid=section-save-state][data-state=saved]').waitFor();
}

/** Sets the word limit so that the report stands at about 95 % of it: the bar turns amber. */
async function setLimitForWarning(page: Page): Promise<number> {
  const { words: now } = await words(page);
  const limit = Math.ceil(now / 0.95);
  await page.click('[data-testid=edit-details]');
  await page.fill('[data-testid=details-word-limit]', String(limit));
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PATCH' && /\/api\/v1\/reports\/[^/]+$/.test(r.url())),
    page.click('[data-testid=details-save]'),
  ]);
  expect(res.status()).toBe(200);
  await page.waitForSelector(`[data-testid=report-header] [data-testid=word-count][data-limit="${limit}"]`);
  expect(await words(page)).toEqual({ words: now, state: 'warning' });
  return limit;
}

/** Finalises: over the limit, the confirmation must be ticked first. Returns the version's SHA-256. */
async function finaliseConfirming(page: Page): Promise<string> {
  await page.click('[data-testid=finalise]');
  await page.waitForSelector('[data-testid=finalise-dialog] [data-testid=confirm-over-limit]');
  expect(await page.locator('[data-testid=finalise-confirm]').isDisabled()).toBe(true);
  await page.locator('[data-testid=confirm-over-limit]').check();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/finalise') && r.request().method() === 'POST'),
    page.click('[data-testid=finalise-confirm]'),
  ]);
  expect(res.status()).toBe(201);
  // The server records the confirmation only when the request carried `confirmOverLimit: true`.
  const version = (await res.json()) as { number: number; sha256: string; overLimit: boolean; overLimitConfirmed: boolean };
  expect(version).toMatchObject({ number: 1, overLimit: true, overLimitConfirmed: true });
  await page.waitForSelector('[data-testid=finalised-notice]');
  await page.waitForSelector('[data-testid=report-status][data-status=finalised]');
  return version.sha256;
}

async function downloadDocx(page: Page): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('[data-testid=download-docx]')]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  return bytes;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('reports to the UN', () => {
  let items: Contribution['recommendation'][] = [];
  let frReportUrl = '';
  let frVersionSha = '';
  let frDocx = '';

  beforeAll(async () => {
    items = await validatedCycle3Items();
  });

  it('the coordinator builds the UPR mid-term report in French, edits it within, then over, a small limit, finalises and downloads it', async () => {
    const page = await session('coordinator@demo.sidh', 'fr');
    await createReport(page, { title: FR_TITLE, language: 'fr', items, shots: 'fr' });
    frReportUrl = page.url();
    const sections = page.locator('[data-testid=report-section]');
    expect(await sections.count()).toBe(items.length);
    // French report, French text: left to right; the Arabic contribution is marked "to translate".
    expect(await sections.first().locator('[data-testid=section-body]').getAttribute('dir')).toBe('ltr');
    await page.waitForSelector('[data-testid=section-preview] [data-to-translate=true]');
    await snap(page, 'fr-editor');

    // Typing moves the count at once (client-side count), before anything is saved.
    const before = await words(page);
    expect(before.state).toBe('ok');
    await appendToFirstSection(page, '\n\nLe Gouvernement a aussi renforcé le Conseil national des droits humains.');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=report-header] [data-testid=word-count]')?.getAttribute('data-words')) === n, before.words + 11);
    expect(await sections.first().getAttribute('data-dirty')).toBe('true');
    await saveFirstSection(page);

    // A small limit: amber from 90 %.
    const limit = await setLimitForWarning(page);
    await snap(page, 'fr-warning');
    // Over it: red, live.
    const { words: now } = await words(page);
    const extra = Array.from({ length: limit - now + 3 }, (_, i) => `mot${i}`).join(' ');
    await appendToFirstSection(page, `\n\n${extra}`);
    await page.waitForSelector('[data-testid=report-header] [data-testid=word-count][data-state=over]');
    await page.waitForSelector('[data-testid=report-header] [data-testid=word-count-note]');
    await snap(page, 'fr-over', { top: false });
    await saveFirstSection(page);
    await page.waitForSelector('[data-testid=report-header] [data-testid=word-count][data-state=over]');

    frVersionSha = await finaliseConfirming(page);
    await snap(page, 'fr-finalised');
    // The Word file as rendered now, and the version stored (the exact bytes whose hash was recorded).
    await downloadDocx(page);
    await page.click('[data-testid=tab-versions]');
    await page.waitForSelector('[data-testid=version-row][data-number="1"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=version-download]')]);
    const stored = readFileSync((await download.path())!);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(frVersionSha);
    frDocx = join(OUTPUT_DIR, 'reports-e2e-version-1.docx');
    await download.saveAs(frDocx);
    await snap(page, 'fr-versions');

    // The list shows it: words over the limit, final, one version.
    await page.click('[data-testid=nav-reports]');
    const row = page.locator('[data-testid=report-row]').filter({ hasText: FR_TITLE });
    await row.waitFor();
    expect(await row.locator('[data-testid=row-words]').getAttribute('data-state')).toBe('over');
    expect(await row.locator('[data-testid=report-status]').getAttribute('data-status')).toBe('finalised');
    expect(await row.locator('[data-testid=row-versions]').textContent()).toBe('1');
    await snap(page, 'fr-list');
    await page.context().close();
  });

  it('the same in Arabic, right to left', async () => {
    const page = await session('coordinator@demo.sidh', 'ar');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await createReport(page, { title: AR_TITLE, language: 'ar', items, shots: 'ar' });
    const first = page.locator('[data-testid=report-section]').first();
    expect(await first.locator('[data-testid=section-body]').getAttribute('dir')).toBe('rtl');
    expect(await first.locator('[data-testid=section-preview]').getAttribute('dir')).toBe('rtl');
    // The header's start is on the right in Arabic: the title is right of the word-count bar.
    const title = await page.locator('[data-testid=report-title]').boundingBox();
    const bar = await page.locator('[data-testid=report-header] [data-testid=word-count]').boundingBox();
    expect(title!.x).toBeGreaterThan(bar!.x);
    await snap(page, 'ar-editor');

    const before = await words(page);
    await appendToFirstSection(page, '\n\nعززت الحكومة كذلك المجلس الوطني لحقوق الإنسان.');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=report-header] [data-testid=word-count]')?.getAttribute('data-words')) === n, before.words + 7);
    await saveFirstSection(page);
    // "Refresh from contributions": the text drawn again from the validated contributions, without the
    // sentence added by hand; Apply puts it in the editor (the count goes back), saving stays a choice.
    await first.locator('[data-testid=section-refresh]').click();
    const proposed = page.locator('[data-testid=refresh-dialog] [data-testid=refresh-proposed]');
    await proposed.waitFor();
    expect(await proposed.getAttribute('dir')).toBe('rtl');
    expect(await proposed.textContent()).not.toContain('عززت الحكومة كذلك');
    await snap(page, 'ar-refresh', { top: false });
    await page.click('[data-testid=refresh-apply]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=report-header] [data-testid=word-count]')?.getAttribute('data-words')) === n, before.words);
    expect(await first.locator('[data-testid=section-body]').inputValue()).not.toContain('عززت الحكومة كذلك');
    await saveFirstSection(page);
    const limit = await setLimitForWarning(page);
    await snap(page, 'ar-warning');
    const { words: now } = await words(page);
    await appendToFirstSection(page, `\n\n${Array.from({ length: limit - now + 3 }, () => 'كلمة').join(' ')}`);
    await page.waitForSelector('[data-testid=report-header] [data-testid=word-count][data-state=over]');
    await snap(page, 'ar-over', { top: false });
    await saveFirstSection(page);
    await finaliseConfirming(page);
    await downloadDocx(page);
    await snap(page, 'ar-finalised');
    await page.click('[data-testid=nav-reports]');
    await page.locator('[data-testid=report-row]').filter({ hasText: AR_TITLE }).waitFor();
    await snap(page, 'ar-list');
    await page.context().close();
  });

  it('the auditor reads the versions, verifies the downloaded file, and reads the history', async () => {
    const page = await session('auditor@demo.sidh', 'fr');
    expect(await page.locator('[data-testid=nav-reports]').count()).toBe(1);
    await page.click('[data-testid=nav-reports]');
    await page.waitForSelector('[data-testid=report-list]');
    expect(await page.locator('[data-testid=new-report]').count()).toBe(0);
    await page.goto(frReportUrl);
    await page.waitForSelector('[data-testid=report-editor]');
    // Read only: no editing, no finalising.
    expect(await page.locator('[data-testid=section-body]').count()).toBe(0);
    expect(await page.locator('[data-testid=finalise]').count()).toBe(0);

    await page.click('[data-testid=tab-versions]');
    const row = page.locator('[data-testid=version-row][data-number="1"]');
    await row.waitFor();
    expect(await row.locator('[data-testid=version-sha256]').textContent()).toBe(frVersionSha);
    expect(await row.locator('[data-testid=version-over-limit]').count()).toBe(1);
    await page.locator('[data-testid=verify-file] input[type=file]').setInputFiles(frDocx);
    await page.waitForSelector('[data-testid=verify-result][data-match="1"]');
    await snap(page, 'fr-auditor-versions');
    // Any other file matches none.
    await page.locator('[data-testid=verify-file] input[type=file]').setInputFiles({ name: 'autre.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK not the report') });
    await page.waitForSelector('[data-testid=verify-result][data-match=none]');

    await page.click('[data-testid=tab-history]');
    await page.waitForSelector('[data-testid=history-row][data-action="report.finalise"]');
    for (const action of ['report.create', 'report.section.update', 'report.update']) {
      expect(await page.locator(`[data-testid=history-row][data-action="${action}"]`).count()).toBeGreaterThanOrEqual(1);
    }
    expect(await page.locator('[data-testid=history-row]').first().textContent()).toContain('Coordinat');
    await snap(page, 'fr-auditor-history');
    await switchLanguage(page, 'ar');
    await snap(page, 'ar-auditor-history');
    await page.click('[data-testid=tab-versions]');
    await page.waitForSelector('[data-testid=version-row]');
    await snap(page, 'ar-auditor-versions');
    await page.context().close();
  });

  it('a focal point has no Reports menu, and /reports refuses them', async () => {
    const page = await session('focal.justice@demo.sidh', 'fr');
    expect(await page.locator('[data-testid=nav-reports]').count()).toBe(0);
    await page.goto(`${baseUrl()}/reports`);
    await page.waitForSelector('[data-testid=reports-refused]');
    expect(await page.locator('[data-testid=report-list]').count()).toBe(0);
    await snap(page, 'fr-focal-refused');
    await page.goto(frReportUrl);
    await page.waitForSelector('[data-testid=reports-refused]');
    await switchLanguage(page, 'ar');
    await snap(page, 'ar-focal-refused');
    await page.context().close();
  });

  it('no page error in any session', () => {
    expect(errors).toEqual([]);
  });
});
