/**
 * Issue 12, the auditor's workspace in a real browser against the built product: the auditor picks a
 * date and sees a recommendation as it was, opens a field diff (a long text as a word diff, Arabic
 * right to left), downloads the proof bundle, and the offline verifier (another process, no database)
 * finds the chain intact — then names the exact event after one byte of the bundle is changed.
 * Screenshots in French and Arabic.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD, launchBrowser, login, OUTPUT_DIR, switchLanguage } from './browser';
import { WORKSPACE } from './server';

let browser: Browser;
let work: string;
let shot = 0;

/** Own prefix: the global setup only clears `e2e-*` screenshots. */
async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(OUTPUT_DIR, `audit-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
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

/** `2026-11-27T10:15:30` in the browser's (and this process's) local time, for a datetime-local input. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The files of the downloaded .tar.gz, written out as a folder. */
function extract(bundle: Buffer, dir: string): void {
  const tar = gunzipSync(bundle);
  mkdirSync(dir, { recursive: true });
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('ascii').replace(/\0+$/, '');
    const size = Number.parseInt(header.subarray(124, 135).toString('ascii'), 8);
    writeFileSync(join(dir, name), tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}

function verifyOffline(target: string): { code: number | null; result: Record<string, unknown> } {
  const run = spawnSync(process.execPath, [join(WORKSPACE, 'tools/audit-verify-export.mjs'), target, '--json'], { cwd: WORKSPACE, encoding: 'utf8' });
  if (run.status === 2) throw new Error(run.stderr);
  return { code: run.status, result: JSON.parse(run.stdout) as Record<string, unknown> };
}

beforeAll(async () => {
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'sidh-e2e-audit-'));
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("the auditor's workspace", () => {
  const OLD_FR = 'Renforcer les garanties procédurales des personnes placées en garde à vue.';
  const NEW_FR = 'Renforcer sans délai les garanties procédurales des personnes placées en garde à vue, notamment l’accès à un avocat.';
  const OLD_AR = 'تعزيز الضمانات الإجرائية للأشخاص المودعين رهن الحراسة النظرية.';
  const NEW_AR = 'تعزيز الضمانات الإجرائية للأشخاص المودعين رهن الحراسة النظرية، ولا سيما الحق في الاستعانة بمحام.';
  let recommendationId = '';
  let asOf = new Date();
  let page: Page;

  beforeAll(async () => {
    // A recommendation with a known past: its French text and status set, a moment noted, then changed.
    const coordinator = await apiToken('coordinator@demo.sidh');
    const list = await apiCall<{ items: Array<{ id: string }> }>(coordinator, 'GET', '/api/v1/recommendations?pageSize=1');
    recommendationId = list.items[0]!.id;
    let rec = await apiCall<{ version: number }>(coordinator, 'GET', `/api/v1/recommendations/${recommendationId}`);
    rec = await apiCall(coordinator, 'PATCH', `/api/v1/recommendations/${recommendationId}`, { textFr: OLD_FR, textAr: OLD_AR, status: 'not_started' }, { 'If-Match': `"${rec.version}"` });
    await new Promise((r) => setTimeout(r, 1500));
    asOf = new Date();
    await new Promise((r) => setTimeout(r, 1500));
    await apiCall(coordinator, 'PATCH', `/api/v1/recommendations/${recommendationId}`, { textFr: NEW_FR, textAr: NEW_AR, status: 'in_progress' }, { 'If-Match': `"${rec.version}"` });

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
    page = await context.newPage();
    await login(page, 'auditor@demo.sidh');
    await switchLanguage(page, 'fr');
  });

  it('picks a date and sees the recommendation as it was (fr, then ar)', async () => {
    await page.goto(`${baseUrl()}/audit?tab=history`);
    await page.fill('[data-testid=pit-id]', recommendationId);
    await page.fill('[data-testid=pit-at]', localInput(asOf));
    await page.click('[data-testid=pit-show]');
    await page.waitForSelector('[data-testid=pit-fields]');
    const textFr = page.locator('[data-testid=pit-fields] tr[data-field=textFr]');
    expect(await textFr.textContent()).toContain(OLD_FR);
    expect(await page.locator('[data-testid=pit-fields] tr[data-field=status]').textContent()).toContain('Non entamée');
    await snap(page, 'point-in-time-fr');

    // Now: the current text.
    await page.fill('[data-testid=pit-at]', localInput(new Date(Date.now() + 60_000)));
    await page.click('[data-testid=pit-show]');
    await page.waitForFunction((text) => document.querySelector('[data-testid=pit-fields] tr[data-field=textFr]')?.textContent?.includes(text), NEW_FR);

    await switchLanguage(page, 'ar');
    await page.waitForSelector('[data-testid=pit-fields]');
    const ar = page.locator('[data-testid=pit-fields] tr[data-field=textAr] [dir=rtl]');
    expect(await ar.textContent()).toBe(NEW_AR);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await snap(page, 'point-in-time-ar');
    await switchLanguage(page, 'fr');
  });

  it('opens a field diff: who, when, request id, the long text as a word diff (fr, then ar)', async () => {
    await page.goto(`${baseUrl()}/audit`);
    await page.fill('[data-testid=filter-entity-id]', recommendationId);
    await page.click('[data-testid=apply-filters]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=audit-table] tbody tr').length >= 2);
    await page.locator('[data-testid=open-event]').first().click();
    await page.waitForSelector('[data-testid=word-diff-textFr]');
    const diff = page.locator('[data-testid=word-diff-textFr]');
    expect(await diff.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('sans délai')]));
    expect((await page.locator('[data-testid=event-request-id]').textContent())?.length).toBeGreaterThan(8);
    await snap(page, 'field-diff-fr');

    // The drawer covers the header: closed, the language switched, opened again.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=event-diff]', { state: 'detached' });
    await switchLanguage(page, 'ar');
    await page.locator('[data-testid=open-event]').first().click();
    await page.waitForSelector('[data-testid=word-diff-textAr]');
    expect(await page.locator('[data-testid=word-diff-textAr]').getAttribute('dir')).toBe('rtl');
    await snap(page, 'field-diff-ar');
    await page.keyboard.press('Escape');
    await switchLanguage(page, 'fr');
  });

  it('downloads the proof bundle; the offline verifier finds the chain intact, then names the event whose byte was changed', async () => {
    await page.goto(`${baseUrl()}/audit?tab=proof`);
    await page.waitForSelector('[data-testid=export-bundle]');
    await snap(page, 'proof-fr');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid=export-bundle]')]);
    expect(download.suggestedFilename()).toMatch(/^sidh-audit-\d+-\d{4}-\d{2}-\d{2}\.tar\.gz$/);
    const file = join(work, download.suggestedFilename());
    writeFileSync(file, readFileSync((await download.path())!));

    const ok = verifyOffline(file);
    // The chain is intact; the checkpoints of earlier runs in the shared anchor folder belong to other databases ("foreign").
    expect(ok.result).toMatchObject({ intact: true, firstBrokenEventId: null, reason: null });
    if (ok.result['checkpointStatus'] === 'none' || ok.result['checkpointStatus'] === 'matches') expect(ok.code).toBe(0);

    const dir = join(work, 'tampered');
    extract(readFileSync(file), dir);
    const events = readFileSync(join(dir, 'events.jsonl'));
    const lines = events.toString('utf8').trim().split('\n');
    const target = JSON.parse(lines[Math.floor(lines.length / 2)]!) as { id: string };
    const start = events.indexOf(`{"id":"${target.id}",`);
    const at = events.indexOf('"action":"', start) + '"action":"'.length;
    events[at] = events[at]! ^ 0x01;
    writeFileSync(join(dir, 'events.jsonl'), events);
    const broken = verifyOffline(dir);
    expect(broken.code).toBe(1);
    expect(broken.result).toMatchObject({ intact: false, firstBrokenEventId: target.id, reason: 'hash', accepted: false });

    await switchLanguage(page, 'ar');
    await snap(page, 'proof-ar');
  });
});
