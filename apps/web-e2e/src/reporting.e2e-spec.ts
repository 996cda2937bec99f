/**
 * Issue 4, "Done means": the full reporting journey in a real browser against the built product.
 * Coordinator opens a campaign → Justice focal point writes and submits a contribution with a PDF →
 * Justice validator approves → coordinator returns it with a comment → focal point revises and
 * resubmits → validator approves → coordinator validates → the status shows on the recommendation
 * page; the capture SMTP server received the notification mails. Screenshots in fr and ar.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, login, OUTPUT_DIR, switchLanguage, tinyPdf } from './browser';

// The picker cites in the UI's language (French here).
const CITATION = 'A/HRC/36/6 par. 144.125';
const CAMPAIGN = `Suivi e2e de la réforme de la justice ${Date.now()}`;
const RETURN_COMMENT = 'Merci de joindre le texte du décret et de préciser le calendrier.';

let browser: Browser;
const errors: string[] = [];
let shot = 0;

async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.screenshot({ path: join(OUTPUT_DIR, `reporting-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
}


async function session(email: string, lang: 'fr' | 'ar' = 'fr'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400 && r.status() !== 401) void r.text().then((t) => console.log(`${email} ${r.request().method()} ${r.url()} ${r.status()} ${t.slice(0, 300)}`));
  });
  await login(page, email);
  await switchLanguage(page, lang);
  return page;
}

async function openFromQueue(page: Page, nav: string, tableTestId: string): Promise<void> {
  await page.click(`[data-testid=nav-${nav}]`);
  const row = page.locator(`[data-testid=${tableTestId}] [data-testid=contribution-row]`).filter({ hasText: CAMPAIGN });
  await row.first().waitFor();
  await row.first().locator('[data-testid=contribution-link]').click();
  await page.waitForSelector('[data-testid=contribution-title]');
}

async function step(page: Page, action: string, expectStatus: string): Promise<void> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST'),
    page.click(`[data-testid=action-${action}]`),
  ]);
  expect(res.status()).toBe(200);
  await page.waitForSelector(`[data-testid=contribution-status][data-status=${expectStatus}]`);
}

async function returnWithComment(page: Page, comment: string): Promise<void> {
  await page.click('[data-testid=action-return]');
  await page.fill('[data-testid=return-comment]', comment);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST'),
    page.click('[data-testid=return-confirm]'),
  ]);
  expect(res.status()).toBe(200);
  await page.waitForSelector('[data-testid=contribution-status][data-status=returned]');
}

async function waitSaved(page: Page): Promise<void> {
  try {
    await page.waitForSelector('[data-testid=save-state][data-state=saved]', { timeout: 15000 });
  } catch (e) {
    await snap(page, 'save-failed');
    const state = await page.locator('[data-testid=save-state]').getAttribute('data-state');
    const error = await page.locator('[data-testid=reporting-error]').allTextContents();
    throw new Error(`autosave did not settle: state=${state} error=${error.join(' | ')} (${(e as Error).message})`);
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('implementation reporting journey', () => {
  let coordinator: Page;
  let focal: Page;
  let validator: Page;
  let contributionUrl = '';

  it('the coordinator opens a campaign on a Justice recommendation', async () => {
    coordinator = await session('coordinator@demo.sidh');
    expect(await coordinator.locator('[data-testid=nav-review]').count()).toBe(1);
    expect(await coordinator.locator('[data-testid=nav-my-work]').count()).toBe(0);
    await coordinator.click('[data-testid=nav-campaigns]');
    await coordinator.waitForSelector('[data-testid=campaign-list]');
    await snap(coordinator, 'fr-campaigns');
    await coordinator.click('[data-testid=new-campaign]');
    await coordinator.waitForSelector('[data-testid=campaign-form]');
    await coordinator.fill('[data-testid=campaign-title]', CAMPAIGN);
    const deadline = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10);
    await coordinator.fill('[data-testid=campaign-deadline]', deadline);
    await coordinator.fill('[data-testid=picker-search]', CITATION);
    const pick = coordinator.locator('[data-testid=picker-results]').getByLabel(CITATION, { exact: true });
    await pick.waitFor();
    await pick.check();
    await coordinator.waitForSelector('[data-testid=picked]');
    await coordinator.click('[data-testid=campaign-institutions]');
    await coordinator.keyboard.type('Justice');
    await coordinator.locator('[role=option]', { hasText: '(MJ)' }).first().click();
    await coordinator.keyboard.press('Escape');
    await snap(coordinator, 'fr-campaign-form');
    const [res] = await Promise.all([
      coordinator.waitForResponse((r) => r.url().endsWith('/api/v1/campaigns') && r.request().method() === 'POST'),
      coordinator.click('[data-testid=campaign-submit]'),
    ]);
    expect(res.status()).toBe(201);
    await coordinator.waitForSelector('[data-testid=campaign-view]');
    const row = coordinator.locator('[data-testid=progress-row][data-code=MJ]');
    expect(await row.locator('[data-testid=progress-expected]').textContent()).toBe('1');
    expect(await row.locator('[data-testid=progress-draft]').textContent()).toBe('1');
    await snap(coordinator, 'fr-campaign');
    // The deadline is 5 days away: a reminder sweep (run now rather than at the next hourly job)
    // sends the Justice focal point a "due soon" reminder for the new draft.
    const admin = await fetch(`${baseUrl()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'sidh' },
      body: JSON.stringify({ email: 'admin@demo.sidh', password: 'demo-password' }),
    });
    const sweep = await fetch(`${baseUrl()}/api/v1/dev/reminders/run`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${((await admin.json()) as { accessToken: string }).accessToken}` },
    });
    expect(sweep.status).toBe(200);
    expect(((await sweep.json()) as { reminders: number }).reminders).toBeGreaterThanOrEqual(1);
    await switchLanguage(coordinator, 'ar');
    await snap(coordinator, 'ar-campaign');
    await switchLanguage(coordinator, 'fr');
  });

  it('the Justice focal point writes the contribution, attaches a PDF and submits it', async () => {
    focal = await session('focal.justice@demo.sidh');
    expect(await focal.locator('[data-testid=nav-review]').count()).toBe(0);
    await focal.click('[data-testid=nav-my-work]');
    await focal.waitForSelector('[data-testid=my-work]');
    await snap(focal, 'fr-my-work');
    const row = focal.locator('[data-testid=contribution-row]').filter({ hasText: CAMPAIGN });
    await row.first().locator('[data-testid=contribution-link]').click();
    await focal.waitForSelector('[data-testid=contribution-editor]');
    contributionUrl = focal.url();

    await focal.click('[data-testid=field-implementationStatus]');
    await focal.locator('[role=option]', { hasText: 'Partiellement mise en œuvre' }).click();
    await focal.fill('[data-testid=field-measures]', '- Loi 38.15 sur l’organisation judiciaire promulguée\n- **1 200** magistrats formés');
    await focal.fill('[data-testid=field-challenges]', 'Délais de publication des textes d’application.');
    await focal.click('[data-testid=indicator-add]');
    await focal.fill('[data-testid=indicator-name]', 'Magistrats formés');
    await waitSaved(focal);

    const pdf = join(OUTPUT_DIR, 'e2e-evidence.pdf');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(pdf, tinyPdf());
    await focal.fill('[data-testid=evidence-title-input]', 'Dahir de promulgation');
    const [upload] = await Promise.all([
      focal.waitForResponse((r) => r.url().includes('/evidence') && r.request().method() === 'POST'),
      focal.locator('[data-testid=evidence-panel] input[type=file]').setInputFiles(pdf),
    ]);
    expect(upload.status()).toBe(201);
    await focal.waitForSelector('[data-testid=evidence-item]');
    expect(await focal.locator('[data-testid=evidence-title]').first().textContent()).toBe('Dahir de promulgation');
    await focal.click('[data-testid=field-measures-mode] >> text=Aperçu');
    await focal.waitForSelector('[data-testid=field-measures-preview] strong');
    await snap(focal, 'fr-editor');
    await switchLanguage(focal, 'ar');
    expect(await focal.locator('[data-testid=field-challenges]').getAttribute('dir')).toBe('auto');
    await snap(focal, 'ar-editor');
    await switchLanguage(focal, 'fr');
    await focal.click('[data-testid=field-measures-mode] >> text=Rédiger');

    await step(focal, 'submit', 'submitted');
    expect(await focal.locator('[data-testid=contribution-view]').count()).toBe(1);
  });

  it('the Justice validator approves it', async () => {
    validator = await session('validator.justice@demo.sidh');
    await openFromQueue(validator, 'validation', 'queue-table');
    expect(await validator.locator('[data-testid=action-approve]').count()).toBe(1);
    expect(await validator.locator('[data-testid=action-validate]').count()).toBe(0);
    await snap(validator, 'fr-validator');
    await step(validator, 'approve', 'approved');
  });

  it('the coordinator returns it with a comment', async () => {
    await coordinator.goto(`${baseUrl()}/recommendations`);
    await coordinator.waitForSelector('[data-testid=side-nav]');
    await openFromQueue(coordinator, 'review', 'queue-table');
    expect(await coordinator.locator('[data-testid=evidence-item]').count()).toBe(1);
    await returnWithComment(coordinator, RETURN_COMMENT);
    expect(await coordinator.locator('[data-testid=comment-body]').last().textContent()).toBe(RETURN_COMMENT);
  });

  it('the focal point sees the comment, revises and resubmits', async () => {
    await focal.click('[data-testid=nav-my-work]');
    await focal.waitForSelector('[data-testid=section-returned]');
    const excerpt = focal.locator('[data-testid=section-returned] [data-testid=returned-excerpt]');
    await excerpt.first().waitFor();
    expect(await excerpt.first().textContent()).toContain(RETURN_COMMENT);
    await snap(focal, 'fr-my-work-returned');
    await focal.goto(contributionUrl);
    await focal.waitForSelector('[data-testid=returned-comment]');
    expect(await focal.locator('[data-testid=returned-comment]').textContent()).toContain(RETURN_COMMENT);
    await focal.fill('[data-testid=field-nextSteps]', 'Publication du décret d’application prévue au premier semestre.');
    await waitSaved(focal);
    await focal.waitForSelector('[data-testid=contribution-status][data-status=draft]');
    await switchLanguage(focal, 'ar');
    await snap(focal, 'ar-editor-returned');
    await switchLanguage(focal, 'fr');
    await step(focal, 'submit', 'submitted');
  });

  it('the validator approves again and the coordinator validates', async () => {
    await validator.goto(`${baseUrl()}/recommendations`);
    await validator.waitForSelector('[data-testid=side-nav]');
    await openFromQueue(validator, 'validation', 'queue-table');
    await step(validator, 'approve', 'approved');

    await coordinator.goto(`${baseUrl()}/recommendations`);
    await coordinator.waitForSelector('[data-testid=side-nav]');
    await openFromQueue(coordinator, 'review', 'queue-table');
    await step(coordinator, 'validate', 'validated');
    await coordinator.waitForSelector('[data-testid=validated-notice]');
    await snap(coordinator, 'fr-validated');
  });

  it('the status shows on the recommendation page, and the coordinator consolidates it', async () => {
    await coordinator.click('[data-testid=contribution-title] a');
    await coordinator.waitForSelector('[data-testid=contribution-timeline]');
    const item = coordinator.locator('[data-testid=timeline-item][data-status=validated]').filter({ hasText: 'Justice' });
    await item.first().waitFor();
    expect(await item.first().textContent()).toContain('Partiellement mise en œuvre');
    const suggestion = coordinator.locator('[data-testid=status-suggestion]');
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toContain('Partiellement mise en œuvre');
    const [patch] = await Promise.all([
      coordinator.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/recommendations/')),
      coordinator.click('[data-testid=consolidated-save]'),
    ]);
    expect(patch.status()).toBe(200);
    await coordinator.waitForFunction(
      () => document.querySelector('[data-testid=status-badge]')?.textContent === 'Partiellement mise en œuvre',
    );
    await snap(coordinator, 'fr-recommendation-reporting');
    await switchLanguage(coordinator, 'ar');
    await snap(coordinator, 'ar-recommendation-reporting');
    await switchLanguage(coordinator, 'fr');
  });

  it('the focal point has notifications (bell and page)', async () => {
    await focal.goto(`${baseUrl()}/recommendations`);
    await focal.waitForSelector('[data-testid=side-nav]');
    // The unread count is its own request: wait for it rather than read the first render.
    await focal.waitForFunction(() => Number(document.querySelector('[data-testid=bell-count]')?.getAttribute('data-count') ?? 0) >= 3, undefined, { timeout: 10_000 });
    const count = Number(await focal.locator('[data-testid=bell-count]').getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(3);
    await focal.click('[data-testid=notification-bell]');
    await focal.waitForSelector('[data-testid=notification][data-type="contribution.returned"]');
    await snap(focal, 'fr-notifications');
    await switchLanguage(focal, 'ar');
    await snap(focal, 'ar-notifications');
  });

  it('the capture SMTP server received the notification mails', async () => {
    const auth = await fetch(`${baseUrl()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'sidh' },
      body: JSON.stringify({ email: 'admin@demo.sidh', password: 'demo-password' }),
    });
    const { accessToken } = (await auth.json()) as { accessToken: string };
    type Mail = { to: string[]; subject: string; text: string };
    let mails: Mail[] = [];
    // Every mail links to the contribution: `/contributions/<id>`.
    const id = new URL(contributionUrl).pathname.split('/').pop()!;
    const ours = (m: Mail) => m.text.includes(`/contributions/${id}`);
    const to = (addr: string) => mails.filter((m) => m.to.some((t) => t.toLowerCase().includes(addr)));
    // submit ×2 → validator; approve ×2 → coordinator + focal point; return → focal point; validate → focal point + validator.
    const complete = () =>
      to('validator.justice@demo.sidh').length >= 3 && to('focal.justice@demo.sidh').length >= 4 && to('coordinator@demo.sidh').length >= 2;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${baseUrl()}/api/v1/dev/mails`, { headers: { Authorization: `Bearer ${accessToken}` } });
      expect(res.status).toBe(200);
      mails = ((await res.json()) as Mail[]).filter(ours);
      if (complete()) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(to('validator.justice@demo.sidh').length).toBeGreaterThanOrEqual(3);
    expect(to('focal.justice@demo.sidh').length).toBeGreaterThanOrEqual(4);
    expect(to('coordinator@demo.sidh').length).toBeGreaterThanOrEqual(2);
    expect(to('focal.justice@demo.sidh').some((m) => m.text.includes(RETURN_COMMENT))).toBe(true);
    // The reminder sent by the sweep when the campaign opened, for this very contribution.
    const reminders = to('focal.justice@demo.sidh').filter((m) => /rappel|reminder|تذكير/i.test(m.subject));
    expect(reminders.length).toBeGreaterThanOrEqual(1);
  });

  it('no page error in any session', () => {
    expect(errors).toEqual([]);
  });
});
