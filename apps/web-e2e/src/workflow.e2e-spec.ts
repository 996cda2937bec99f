/**
 * Issue 10, items 1–3 in a real browser against the built product:
 *  1. an institution without a validator (the demo's Interior ministry, MI): the campaign form warns,
 *     the focal point's editor says the coordinator will review, the submit reaches the coordinator's
 *     queue (marked "No validator") and mailbox, and the coordinator approves and validates in one step;
 *  2. the coordinator manages the campaign from its page: reminder now, extend the deadline, export the
 *     progress table, close (its drafts leave "My work") and reopen; a superseded draft leaves "My work";
 *  3. the coordinator edits a recommendation's classification (no consolidated status in the form).
 * Screenshots in fr and ar; dates shown day first in both.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, checkA11y, launchBrowser, login, OUTPUT_DIR, switchLanguage, tinyPdf } from './browser';

const CAMPAIGN = `Intérieur sans validateur ${Date.now()}`;

let browser: Browser;
const errors: string[] = [];
let shot = 0;
let coordinatorToken = '';
let campaignId = '';
let contributionId = '';
let supersededId = '';
let recommendationId = '';

async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.screenshot({ path: join(OUTPUT_DIR, `workflow-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
}

/** A dialog at rest (Mantine fades and scales it in): the screenshot shows it, not its transition. */
async function dialogSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const content = document.querySelector('.mantine-Modal-content');
    if (!content) return false;
    const style = getComputedStyle(content);
    return style.opacity === '1' && (style.transform === 'none' || style.transform === 'matrix(1, 0, 0, 1, 0, 0)');
  });
}

async function session(email: string, lang: 'fr' | 'ar' = 'fr'): Promise<{ page: Page; token: string }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
  const token = await login(page, email);
  await switchLanguage(page, lang);
  return { page, token };
}

async function apiCall<T>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl()}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Serious or critical axe findings inside one of our components. */
async function a11yIn(page: Page, testIds: string[]): Promise<string[]> {
  const found = await checkA11y(page);
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.filter((n) => testIds.some((id) => n.html.includes(id) || n.target.includes(id))).map((n) => `${v.id}: ${n.target}`));
}


beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('workflow: no validator, campaign management, recommendation classification', () => {
  let coordinator: Page;
  let focal: Page;

  it('the campaign form warns that the Interior ministry has no validator', async () => {
    ({ page: coordinator, token: coordinatorToken } = await session('coordinator@demo.sidh'));
    await coordinator.goto(`${baseUrl()}/campaigns/new`);
    await coordinator.waitForSelector('[data-testid=campaign-form]');
    // Dates read day first in French, whatever the browser's language (en-US here).
    expect(await coordinator.locator('[data-testid=campaign-deadline]').getAttribute('placeholder')).toBe('jj/mm/aaaa');
    expect(await coordinator.locator('[data-testid=campaign-deadline]').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await coordinator.click('[data-testid=campaign-institutions]');
    await coordinator.keyboard.type('(MI)');
    await coordinator.locator('[role=option]', { hasText: '(MI)' }).first().click();
    await coordinator.keyboard.press('Escape');
    const warning = coordinator.locator('[data-testid=no-validator-warning]');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/pas de validateur actif/);
    await snap(coordinator, 'fr-campaign-form-warning');
    await switchLanguage(coordinator, 'ar');
    expect(await warning.textContent()).toMatch(/مصادق نشط/);
    expect(await coordinator.locator('[data-testid=campaign-deadline]').getAttribute('placeholder')).toBe('يوم/شهر/سنة');
    await snap(coordinator, 'ar-campaign-form-warning');
    await switchLanguage(coordinator, 'fr');
  });

  it('a campaign on an Interior recommendation supersedes its draft of the demo campaign', async () => {
    const institutions = await apiCall<Array<{ id: string; code: string }>>(coordinatorToken, 'GET', '/institutions');
    const mi = institutions.body.find((i) => i.code === 'MI')!;
    const drafts = await apiCall<{ items: Array<{ id: string; recommendation: { id: string } }> }>(coordinatorToken, 'GET', `/contributions?institutionId=${mi.id}&status=draft&pageSize=5`);
    expect(drafts.body.items.length).toBeGreaterThan(0);
    supersededId = drafts.body.items[0]!.id;
    recommendationId = drafts.body.items[0]!.recommendation.id;
    const deadline = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
    const created = await apiCall<{ id: string }>(coordinatorToken, 'POST', '/campaigns', { title: CAMPAIGN, deadline, scope: { recommendationIds: [recommendationId] }, institutionIds: [mi.id] });
    expect(created.status).toBe(201);
    campaignId = created.body.id;
    const mine = await apiCall<{ items: Array<{ id: string; campaign: { id: string }; supersedesId: string | null }> }>(coordinatorToken, 'GET', `/contributions?campaignId=${campaignId}`);
    contributionId = mine.body.items[0]!.id;
    expect(mine.body.items[0]!.supersedesId).toBe(supersededId);
  });

  it('the Interior focal point is told the coordinator will review, and submits', async () => {
    ({ page: focal } = await session('focal.interior@demo.sidh'));
    await focal.click('[data-testid=nav-my-work]');
    await focal.waitForSelector('[data-testid=my-work]');
    await focal.locator(`[data-testid=contribution-row][data-id="${contributionId}"]`).waitFor();
    expect(await focal.locator(`[data-testid=contribution-row][data-id="${supersededId}"]`).count()).toBe(0);
    await focal.locator(`[data-testid=contribution-row][data-id="${contributionId}"] [data-testid=contribution-link]`).click();
    await focal.waitForSelector('[data-testid=contribution-editor]');
    expect(await focal.locator('[data-testid=contribution-editor]').textContent()).toMatch(/directement au coordinateur/);
    await focal.click('[data-testid=field-implementationStatus]');
    await focal.locator('[role=option]', { hasText: 'En cours' }).first().click();
    await focal.fill('[data-testid=field-measures]', 'Circulaire aux walis sur les registres de garde à vue.');
    await focal.click('[data-testid=indicator-add]');
    await focal.fill('[data-testid=indicator-name]', 'Registres contrôlés');
    await focal.waitForSelector('[data-testid=save-state][data-state=saved]', { timeout: 15000 });
    const pdf = join(OUTPUT_DIR, 'workflow-evidence.pdf');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(pdf, tinyPdf());
    await focal.fill('[data-testid=evidence-title-input]', 'Circulaire n° 12');
    const [upload] = await Promise.all([
      focal.waitForResponse((r) => r.url().includes('/evidence') && r.request().method() === 'POST'),
      focal.locator('[data-testid=evidence-panel] input[type=file]').setInputFiles(pdf),
    ]);
    expect(upload.status()).toBe(201);
    await focal.waitForSelector('[data-testid=evidence-item]');
    // The indicator's fields all fit at 1440 px: nothing hidden behind a horizontal scroll.
    const clipped = await focal.evaluate(() => {
      const box = document.querySelector('[data-testid=indicators]')!.getBoundingClientRect();
      return Array.from(document.querySelectorAll('[data-testid=indicator-row] input, [data-testid=indicator-remove]'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          // visible controls only (not hidden inputs nor the date field's 1-px native picker)
          return r.width > 2 && r.height > 2 && (r.right > box.right + 1 || r.left < box.left - 1);
        })
        .map((el) => el.outerHTML.slice(0, 120));
    });
    expect(clipped).toEqual([]);
    await snap(focal, 'fr-editor-no-validator');
    await switchLanguage(focal, 'ar');
    // the evidence line: each part isolated, so the Latin file name keeps its extension at its end
    expect(await focal.locator('[data-testid=evidence-meta] bdi').count()).toBeGreaterThanOrEqual(3);
    await focal.locator('[data-testid=indicators]').scrollIntoViewIfNeeded();
    await snap(focal, 'ar-editor-no-validator');
    await switchLanguage(focal, 'fr');
    const [res] = await Promise.all([
      focal.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST'),
      focal.click('[data-testid=action-submit]'),
    ]);
    expect(res.status()).toBe(200);
    await focal.waitForSelector('[data-testid=contribution-status][data-status=submitted]');
  });

  it('the coordinator finds it in the review queue, marked, and approves and validates in one step', async () => {
    await coordinator.click('[data-testid=nav-review]');
    await coordinator.waitForSelector('[data-testid=review-queue]');
    const row = coordinator.locator(`[data-testid=contribution-row][data-id="${contributionId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid=no-validator]').count()).toBe(1);
    await coordinator.waitForSelector('[data-testid=queue-no-validator]');
    await snap(coordinator, 'fr-review-queue');
    await switchLanguage(coordinator, 'ar');
    await snap(coordinator, 'ar-review-queue');
    await switchLanguage(coordinator, 'fr');
    await row.locator('[data-testid=contribution-link]').click();
    await coordinator.waitForSelector('[data-testid=action-validate]');
    expect(await coordinator.locator('[data-testid=action-validate]').textContent()).toBe('Approuver et valider');
    await coordinator.waitForSelector('[data-testid=validate-direct-help]');
    await snap(coordinator, 'fr-validate-direct');
    const [res] = await Promise.all([
      coordinator.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST'),
      coordinator.click('[data-testid=action-validate]'),
    ]);
    expect(res.status()).toBe(200);
    await coordinator.waitForSelector('[data-testid=contribution-status][data-status=validated]');
  });

  it('the coordinators got the submit mail that says why', async () => {
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      const mails = await apiCall<Array<{ to: string[]; subject: string; text: string }>>(coordinatorToken, 'GET', '/dev/mails');
      if (mails.status === 403) {
        const admin = await fetch(`${baseUrl()}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'sidh' }, body: JSON.stringify({ email: 'admin@demo.sidh', password: 'demo-password' }) });
        const token = ((await admin.json()) as { accessToken: string }).accessToken;
        const all = await apiCall<Array<{ to: string[]; subject: string; text: string }>>(token, 'GET', '/dev/mails');
        found = all.body.some((m) => m.to.includes('coordinator@demo.sidh') && m.text.includes(`/contributions/${contributionId}`) && /validateur actif|active validator|مصادق نشط/.test(m.text));
      } else {
        found = mails.body.some((m) => m.to.includes('coordinator@demo.sidh') && m.text.includes(`/contributions/${contributionId}`));
      }
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    expect(found).toBe(true);
  });

  it('the coordinator reminds, extends, exports, closes and reopens the campaign', async () => {
    await coordinator.goto(`${baseUrl()}/campaigns/${campaignId}`);
    await coordinator.waitForSelector('[data-testid=campaign-actions]');
    expect(await coordinator.locator('[data-testid=progress-row][data-code=MI] [data-testid=no-validator]').count()).toBe(1);
    // reminder now: nothing left to remind (the only contribution is validated)
    await coordinator.click('[data-testid=campaign-remind]');
    await coordinator.waitForSelector('[data-testid=campaign-action-dialog]');
    await dialogSettled(coordinator);
    await snap(coordinator, 'fr-remind-confirm');
    await coordinator.click('[data-testid=campaign-action-confirm]');
    await coordinator.waitForSelector('[data-testid=campaign-action-done]');
    expect(await coordinator.locator('[data-testid=campaign-action-done]').textContent()).toMatch(/Aucun rappel/);
    // extend the deadline, typed day first
    await coordinator.click('[data-testid=campaign-extend]');
    const input = coordinator.locator('[data-testid=campaign-new-deadline]');
    await input.fill('31/12/2030');
    await dialogSettled(coordinator);
    await snap(coordinator, 'fr-extend');
    const [patched] = await Promise.all([
      coordinator.waitForResponse((r) => r.url().endsWith(`/campaigns/${campaignId}`) && r.request().method() === 'PATCH'),
      coordinator.click('[data-testid=campaign-action-confirm]'),
    ]);
    expect(patched.status()).toBe(200);
    expect(((await patched.json()) as { deadline: string }).deadline).toBe('2030-12-31');
    // export the progress table
    const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.click('[data-testid=campaign-export]')]);
    const file = await download.path();
    const csv = readFileSync(file!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFInstitution,Code,Attendues,Brouillons,Soumises,Approuvées,Validées,Renvoyées,En retard,Examen');
    expect(csv).toMatch(/,MI,1,0,0,0,1,0,0,Coordinateur/);
    // close
    await coordinator.click('[data-testid=campaign-close]');
    await coordinator.click('[data-testid=campaign-action-confirm]');
    await coordinator.waitForSelector('[data-testid=campaign-reopen]');
    await snap(coordinator, 'fr-campaign-closed');
    expect(await a11yIn(coordinator, ['campaign-actions', 'no-validator', 'progress-table'])).toEqual([]);
    await switchLanguage(coordinator, 'ar');
    expect(await coordinator.locator('[data-testid=campaign-action-done]').textContent()).toBe('أُغلقت الحملة.');
    await snap(coordinator, 'ar-campaign-closed');
    await coordinator.click('[data-testid=campaign-reopen]');
    await coordinator.waitForSelector('[data-testid=campaign-action-dialog]');
    await dialogSettled(coordinator);
    await snap(coordinator, 'ar-reopen-confirm');
    await coordinator.click('[data-testid=campaign-action-confirm]');
    await coordinator.waitForSelector('[data-testid=campaign-close]');
    await switchLanguage(coordinator, 'fr');
  });

  it('a closed campaign’s drafts leave "My work"', async () => {
    const other = await apiCall<{ id: string; version: number }>(coordinatorToken, 'POST', '/campaigns', {
      title: `${CAMPAIGN} (2)`,
      deadline: new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10),
      scope: { recommendationIds: [recommendationId] },
      institutionIds: [(await apiCall<Array<{ id: string; code: string }>>(coordinatorToken, 'GET', '/institutions')).body.find((i) => i.code === 'MI')!.id],
    });
    expect(other.status).toBe(201);
    const draft = (await apiCall<{ items: Array<{ id: string }> }>(coordinatorToken, 'GET', `/contributions?campaignId=${other.body.id}`)).body.items[0]!.id;
    await focal.click('[data-testid=nav-my-work]');
    await focal.locator(`[data-testid=contribution-row][data-id="${draft}"]`).waitFor();
    const closed = await fetch(`${baseUrl()}/api/v1/campaigns/${other.body.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${coordinatorToken}`, 'Content-Type': 'application/json', 'If-Match': `"${other.body.version}"` },
      body: JSON.stringify({ status: 'closed' }),
    });
    expect(closed.status).toBe(200);
    await focal.reload();
    await focal.waitForSelector('[data-testid=my-work]');
    expect(await focal.locator(`[data-testid=contribution-row][data-id="${draft}"]`).count()).toBe(0);
    await snap(focal, 'fr-my-work-after-close');
  });

  it('the coordinator edits the classification of a recommendation; the status is set elsewhere', async () => {
    await coordinator.goto(`${baseUrl()}/recommendations/${recommendationId}`);
    await coordinator.click('[data-testid=edit-button]');
    await coordinator.waitForSelector('[data-testid=edit-form]');
    expect(await coordinator.locator('[data-testid=edit-status]').count()).toBe(0);
    await coordinator.waitForSelector('[data-testid=edit-status-elsewhere]');
    await coordinator.click('[data-testid=edit-sdgTargetCodes]');
    await coordinator.keyboard.type('16.3');
    await coordinator.locator('[role=option]', { hasText: '16.3' }).first().click();
    await coordinator.keyboard.press('Escape');
    await coordinator.locator('[data-testid=taxonomy-fields]').scrollIntoViewIfNeeded();
    await snap(coordinator, 'fr-edit-taxonomies');
    const [res] = await Promise.all([
      coordinator.waitForResponse((r) => r.url().endsWith(`/recommendations/${recommendationId}`) && r.request().method() === 'PATCH'),
      coordinator.click('[data-testid=edit-save]'),
    ]);
    expect(res.status()).toBe(200);
    const saved = (await res.json()) as { sdgTargets: Array<{ code: string }> };
    expect(saved.sdgTargets.map((s) => s.code)).toContain('16.3');
    expect(JSON.parse(res.request().postData() ?? '{}')).not.toHaveProperty('status');
    await coordinator.click('[data-testid=edit-button]');
    await coordinator.waitForSelector('[data-testid=taxonomy-fields]');
    await switchLanguage(coordinator, 'ar');
    await coordinator.locator('[data-testid=taxonomy-fields]').scrollIntoViewIfNeeded();
    await snap(coordinator, 'ar-edit-taxonomies');
  });

  it('no page error in any session', () => {
    expect(errors).toEqual([]);
  });
});
