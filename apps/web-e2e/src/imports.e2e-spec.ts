/**
 * The import wizard and the export in a real browser, against the built product: a coordinator uploads
 * 20 real rows of the Morocco cycle 2 UPR report plus one broken row, sees the file previewed (columns,
 * first rows), picks the preset, sees the dry run reject the broken row, fixes it with a value
 * correspondence, commits (progress, result), finds the import in the history and downloads the
 * original; then the same in Arabic. Then, on a sheet of the repository's own fixtures (no ../shared
 * needed): the file sent once (preview, then dry run and commit by `uploadId`), an unmatched
 * special-procedure mandate mapped with one click, commit with progress, in French and Arabic. Then
 * exports the list.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, login, OUTPUT_DIR, resultsShown, switchLanguage } from './browser';
import { WORKSPACE } from './server';

const SOURCE = join(WORKSPACE, '../shared/data/morocco_upr_docs/morocco_upr_cycle2_A-HRC-21-3_recommendations.csv');
const FILE_NAME = 'maroc-epu-cycle2-extrait.csv';
/** The broken row: a response the importer does not know ("Pending"), on row 22 (header = row 1). */
const BROKEN_ROW = 22;


let shot = 0;
/** Own prefix: the global setup only clears `e2e-*` screenshots, and other suites run alongside. */
async function screenshot(p: Page, name: string, { fullPage = false } = {}): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  // From the top, once transitions (stepper icons) have settled, so the fixed header sits where it belongs.
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.waitForTimeout(250);
  await p.screenshot({ path: join(OUTPUT_DIR, `imports-${String(shot).padStart(2, '0')}-${name}.png`), fullPage });
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let dir: string;
let fixture: string;
let didhSheet: string;
const errors: string[] = [];

/** First 20 data rows of the real file, then the 21st with its response replaced by "Pending". */
function writeFixture(): string {
  const lines = readFileSync(SOURCE, 'utf8').split(/\r?\n/);
  const broken = lines[21]!.replace(/,Supported$/, ',Pending');
  if (broken === lines[21]) throw new Error('The 21st row of the source no longer ends with "Supported"');
  const path = join(dir, FILE_NAME);
  writeFileSync(path, [...lines.slice(0, 21), broken, ''].join('\n'));
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sidh-e2e-import-'));
  fixture = SHARED_AVAILABLE ? writeFixture() : '';
  didhSheet = writeDidhSheet();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function counts(p: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const k of ['new', 'updated', 'unchanged', 'rejected']) {
    out[k] = Number(await p.locator(`[data-testid=import-counts] [data-testid=count-${k}]`).getAttribute('data-count'));
  }
  return out;
}

/** Chooses the file, has it previewed (the API reads and keeps it), then goes on to the mapping. */
async function uploadAndAnalyse(p: Page, file = fixture, name = FILE_NAME): Promise<void> {
  await p.locator('[data-testid=import-file-input]').setInputFiles(file);
  await p.waitForSelector('[data-testid=import-file-name]');
  expect(await p.locator('[data-testid=import-file-name]').textContent()).toBe(name);
  await p.click('[data-testid=import-analyse]');
  await p.waitForSelector('[data-testid=file-preview]');
  await p.click('[data-testid=import-continue]');
  await p.waitForSelector('[data-testid=import-mapping-table]');
}

async function pickPreset(p: Page, label: RegExp): Promise<void> {
  await p.click('[data-testid=import-preset]');
  await p.getByRole('option', { name: label }).click();
  await p.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test((document.querySelector('[data-testid=import-preset]') as HTMLInputElement).value),
    [label.source, label.flags] as const,
  );
}

let dryRunCounts: Record<string, number> = {};

/** The repository's own DIDH treaty-body / special-procedure sheet (apps/api/test/fixtures/imports). */
const DIDH_FIXTURE = join(WORKSPACE, 'apps/api/test/fixtures/imports/ok/didh-treaty-bodies-special-procedures.csv');
const DIDH_NAME = 'didh-organes-traites-procedures-speciales.csv';
/** Its data rows once the one true error (the bare `P65`, record 38) is left out. */
const DIDH_ROWS = 37;
/** The mandate as staff typed it, close to no reference name: offered the right-to-food mandate first. */
const UNMATCHED_MANDATE = 'Rapporteuse spéciale droit alimentation et nutrition des populations rurales';

/** The fixture without its bare-P65 record: every other row goes in once the mandate is mapped. */
function writeDidhSheet(): string {
  const lines = readFileSync(DIDH_FIXTURE, 'utf8').split('\r\n');
  const kept = lines.filter((l) => !l.startsWith('38,'));
  if (kept.length !== lines.length - 1) throw new Error('The DIDH fixture no longer has its record 38 (the bare P65)');
  const path = join(dir, DIDH_NAME);
  writeFileSync(path, kept.join('\r\n'));
  return path;
}

/**
 * The size of a request's body: the browser does not expose a multipart body built from a FormData,
 * but its length tells whether the file went with it (a body with the sheet is larger than the sheet; the fields alone, smaller).
 */
async function sentBytes(r: { allHeaders(): Promise<Record<string, string>> }): Promise<number> {
  return Number((await r.allHeaders())['content-length']);
}

/** The wizard journeys import real UN files from ../shared/data (beside the repository in CI); without it they skip, saying why. */
const SHARED_AVAILABLE = existsSync(SOURCE);
const withSharedData = SHARED_AVAILABLE ? describe : describe.skip;
const skipped = SHARED_AVAILABLE ? '' : ' — skipped: ../shared/data is not beside the repository';

withSharedData(`coordinator import wizard${skipped}`, () => {
  it('opens the imports from the navigation (fr)', async () => {
    await login(page, 'coordinator@demo.sidh');
    await switchLanguage(page, 'fr');
    await page.click('[data-testid=nav-imports]');
    await page.waitForSelector('[data-testid=import-new]');
    expect(new URL(page.url()).pathname).toBe('/imports');
    await page.click('[data-testid=import-new]');
    await page.waitForSelector('[data-testid=import-dropzone]');
    await screenshot(page, 'fr-import-upload');
  });

  it('uploads the file and maps its columns from the UPR report preset', async () => {
    await uploadAndAnalyse(page);
    await pickPreset(page, /^Rapport de l'EPU \(CSV\)/);
    expect(await page.locator('[data-testid=import-preset]').inputValue()).toContain("Rapport de l'EPU (CSV)");
    expect(await page.locator('[data-testid=import-columns] .mantine-Badge-root').count()).toBe(10);
    expect(await page.locator('[data-testid="column-text.en"]').inputValue()).toBe('text');
    expect(await page.locator('[data-testid=column-response]').inputValue()).toBe('response_in_report');
    expect(await page.locator('[data-testid=default-mechanism]').inputValue()).toBe('Examen périodique universel');
    await screenshot(page, 'fr-import-mapping', { fullPage: true });
  });

  it('dry run: counts, detected encoding and delimiter, the broken row rejected with its reason', async () => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST'),
      page.click('[data-testid=import-dry-run]'),
    ]);
    expect(res.status()).toBe(200);
    await page.waitForSelector('[data-testid=dry-run-report]');
    expect(await page.locator('[data-testid=fact-encoding]').textContent()).toMatch(/UTF-8/i);
    expect(await page.locator('[data-testid=fact-delimiter]').textContent()).toBe('Virgule ( , )');
    expect(await page.locator('[data-testid=fact-rows]').textContent()).toBe('21');
    const c = await counts(page);
    expect(c['rejected']).toBe(1);
    expect(c['new']! + c['updated']! + c['unchanged']!).toBe(20);
    const rows = page.locator('[data-testid=rejection]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-row')).toBe(String(BROKEN_ROW));
    expect(await rows.first().locator('[data-testid=rejection-column]').textContent()).toContain('response_in_report');
    expect(await rows.first().locator('[data-testid=rejection-reason]').textContent()).toBe('Valeur inconnue.');
    expect(await rows.first().textContent()).toContain('Pending');
    expect(await page.locator('[data-testid=import-commit]').count()).toBe(0);
    await screenshot(page, 'fr-import-dry-run-rejected');
  });

  it('maps the unknown value, checks again, commits with a progress bar and shows the result', async () => {
    await page.click('[data-testid=fix-value]');
    await page.click('[data-testid=fix-value-noted]');
    await page.waitForSelector('[data-testid=dry-run-stale]');
    await page.click('[data-testid=import-rerun]');
    await page.waitForSelector('[data-testid=dry-run-ready]');
    dryRunCounts = await counts(page);
    expect(dryRunCounts['rejected']).toBe(0);
    expect(dryRunCounts['new']! + dryRunCounts['updated']! + dryRunCounts['unchanged']!).toBe(21);
    // The seeded rows are recognised as they are (no trailing ";" to "update"); the fixed row's
    // response, supported in the catalogue, becomes "noted": shown before → after.
    expect(dryRunCounts).toMatchObject({ new: 0, updated: 1, unchanged: 20 });
    const response = page.locator('[data-testid=import-change][data-action=updated] [data-testid=field-change][data-field=response]');
    expect(await response.locator('[data-testid=field-before]').textContent()).toContain('Acceptée');
    expect(await response.locator('[data-testid=field-after]').textContent()).toContain('Notée');
    await page.locator('[data-testid=import-changes]').scrollIntoViewIfNeeded();
    await screenshot(page, 'fr-import-dry-run-ready', { fullPage: true });

    // Record every state of the progress bar, however short the commit.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid=import-progress-bar]');
        if (bar) seen.push(Number(bar.getAttribute('data-value')));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST'),
      page.click('[data-testid=import-commit]'),
    ]);
    expect(res.status()).toBe(202);
    const started = (await res.json()) as { id: string; status: string; totalRows: number };
    expect(started.status).toBe('running');
    expect(started.totalRows).toBe(21);

    await page.waitForSelector('[data-testid=import-result][data-status=succeeded]', { timeout: 60_000 });
    const progress = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(100);
    expect(await counts(page)).toEqual(dryRunCounts);
    await screenshot(page, 'fr-import-result');
  });

  it('lists the import in the history and downloads the original file', async () => {
    await page.click('[data-testid=import-history-link]');
    await page.waitForSelector('[data-testid=import-history-row]');
    const row = page.locator('[data-testid=import-history-row][data-dry-run=false]').first();
    expect(await row.getAttribute('data-status')).toBe('succeeded');
    expect(await row.textContent()).toContain(FILE_NAME);
    expect(await row.textContent()).toContain('Nadia Bennani');
    expect(await row.locator('[data-testid=import-sha]').textContent()).toMatch(/^[0-9a-f]{12}$/);
    await screenshot(page, 'fr-imports-history');

    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid=import-download]').click()]);
    expect(download.suggestedFilename()).toBe(FILE_NAME);
    const saved = await download.path();
    expect(statSync(saved).size).toBe(statSync(fixture).size);
  });

  it('in Arabic: the wizard is mirrored, and re-importing the same rows changes nothing', async () => {
    await switchLanguage(page, 'ar');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await screenshot(page, 'ar-imports-history');
    await page.click('[data-testid=import-new]');
    await uploadAndAnalyse(page);
    await pickPreset(page, /^تقرير الاستعراض الدوري/);
    // The table reads from the right: the field column is right of the column select.
    const field = await page.locator('[data-testid="field-text.en"] td').first().boundingBox();
    const select = await page.locator('[data-testid="column-text.en"]').boundingBox();
    expect(field!.x).toBeGreaterThan(select!.x);
    await screenshot(page, 'ar-import-mapping', { fullPage: true });

    await page.click('[data-testid=import-dry-run]');
    await page.waitForSelector('[data-testid=dry-run-report]');
    const c = await counts(page);
    expect(c).toEqual({ new: 0, updated: 0, unchanged: 20, rejected: 1 });
    expect(await page.locator('[data-testid=rejection-reason]').first().textContent()).toBe('قيمة غير معروفة.');
    await screenshot(page, 'ar-import-dry-run');

    // Mapping the broken row to "supported" now changes the response committed as "noted": before → after, in Arabic.
    await page.click('[data-testid=fix-value]');
    await page.click('[data-testid=fix-value-supported]');
    await page.click('[data-testid=import-rerun]');
    await page.waitForSelector('[data-testid=dry-run-ready]');
    expect(await counts(page)).toEqual({ new: 0, updated: 1, unchanged: 20, rejected: 0 });
    const response = page.locator('[data-testid=field-change][data-field=response]');
    expect(await response.locator('[data-testid=field-before]').textContent()).toContain('أُحيط بها علمًا');
    expect(await response.locator('[data-testid=field-after]').textContent()).toContain('حظيت بالتأييد');
    // Right to left: the value before is on the right of the value after.
    const before = await response.locator('[data-testid=field-before]').boundingBox();
    const after = await response.locator('[data-testid=field-after]').boundingBox();
    expect(before!.x).toBeGreaterThan(after!.x);
    await screenshot(page, 'ar-import-dry-run-before-after', { fullPage: true });
  });
});

withSharedData(`the coordinating body's real bilingual sheet through the wizard${skipped}`, () => {
  const DIDH = join(WORKSPACE, '../shared/data/didh_morocco/didh_upr_cycle3_recommendations_fr_ar.csv');

  it('imports all 227 cycle-3 recommendations of the DIDH sheet with its preset, none rejected', async () => {
    await switchLanguage(page, 'fr');
    await page.goto(`${baseUrl()}/imports/new`);
    await page.waitForSelector('[data-testid=import-dropzone]');
    await uploadAndAnalyse(page, DIDH, 'didh_upr_cycle3_recommendations_fr_ar.csv');
    await pickPreset(page, /^Tableau bilingue de la DIDH/);
    await page.click('[data-testid=import-dry-run]');
    await page.waitForSelector('[data-testid=dry-run-report]', { timeout: 60_000 });
    const c = await counts(page);
    expect(c['rejected']).toBe(0);
    expect(c['new']! + c['updated']! + c['unchanged']!).toBe(227);
    await page.waitForSelector('[data-testid=dry-run-ready]');
    await screenshot(page, 'fr-import-didh-dry-run');
    await page.click('[data-testid=import-commit]');
    await page.waitForSelector('[data-testid=import-result][data-status=succeeded]', { timeout: 120_000 });
    expect(await counts(page)).toEqual(c);
  });
});

describe('upload once: the wizard previews the file, maps an unmatched mandate in one click, commits by uploadId', () => {
  let uploadId = '';
  let sha256 = '';

  it('previews the file: detected format, encoding, delimiter, its columns and first rows, and the id of the stored original (fr)', async () => {
    // Signed in already when the journeys above ran (../shared present); otherwise signs in now.
    await page.goto(`${baseUrl()}/imports/new`);
    await page.waitForSelector('[data-testid=import-dropzone], [data-testid=login-form]');
    if (await page.locator('[data-testid=login-form]').count()) {
      await login(page, 'coordinator@demo.sidh');
      await page.goto(`${baseUrl()}/imports/new`);
    }
    await switchLanguage(page, 'fr');
    await page.waitForSelector('[data-testid=import-dropzone]');
    await page.locator('[data-testid=import-file-input]').setInputFiles(didhSheet);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/imports/preview') && r.request().method() === 'POST'),
      page.click('[data-testid=import-analyse]'),
    ]);
    expect(res.status()).toBe(200);
    expect(await sentBytes(res.request())).toBeGreaterThan(statSync(didhSheet).size);
    const preview = (await res.json()) as { uploadId: string; columns: string[]; totalRows: number; sha256: string };
    uploadId = preview.uploadId;
    sha256 = preview.sha256;
    expect(preview.totalRows).toBe(DIDH_ROWS);
    await page.waitForSelector('[data-testid=file-preview]');
    expect(await page.locator('[data-testid=file-preview]').getAttribute('data-upload-id')).toBe(uploadId);
    const columns = await page.locator('[data-testid=preview-column]').allTextContents();
    expect(columns).toHaveLength(23);
    expect(columns.slice(0, 4)).toEqual(['id', 'mechanism', 'mechanism_fr', 'code']);
    expect(columns).toContain('special_procedure_mandate_fr');
    expect(await page.locator('[data-testid=preview-row]').count()).toBe(20);
    expect(await page.locator('[data-testid=preview-row]').first().getAttribute('data-row')).toBe('2');
    expect(await page.locator('[data-testid=preview-fact-delimiter]').textContent()).toBe('Virgule ( , )');
    expect(await page.locator('[data-testid=preview-fact-rows]').textContent()).toBe(String(DIDH_ROWS));
    expect(await page.locator('[data-testid=preview-caption]').textContent()).toContain('20 premières lignes sur 37');
    // No dry run was made to learn the columns.
    expect(await page.locator('[data-testid=import-error]').count()).toBe(0);
    await screenshot(page, 'fr-import-preview', { fullPage: true });
  });

  it('dry run by uploadId (the file is not sent again): the unmatched mandate with its candidates; one click maps its rows and checks again', async () => {
    await page.click('[data-testid=import-continue]');
    await page.waitForSelector('[data-testid=import-mapping-table]');
    await pickPreset(page, /^Tableau bilingue de la DIDH/);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST'),
      page.click('[data-testid=import-dry-run]'),
    ]);
    expect(res.status()).toBe(200);
    // The stored original, not the file again: a request of a few fields, the job made from the previewed bytes.
    expect(await sentBytes(res.request())).toBeLessThan(statSync(didhSheet).size);
    expect(((await res.json()) as { sha256: string }).sha256).toBe(sha256);
    await page.waitForSelector('[data-testid=dry-run-report]');
    expect(await counts(page)).toEqual({ new: DIDH_ROWS - 2, updated: 0, unchanged: 0, rejected: 2 });
    const unmatched = page.locator('[data-testid=unmatched-value]');
    expect(await unmatched.count()).toBe(1);
    expect(await unmatched.getAttribute('data-value')).toBe(UNMATCHED_MANDATE);
    expect(await unmatched.getAttribute('data-field')).toBe('body');
    expect(await page.locator('[data-testid=rejection][data-code="body.unknown"]').count()).toBe(2);
    await page.locator('[data-testid=unmatched-values]').scrollIntoViewIfNeeded();
    await page.click('[data-testid=unmatched-candidates]');
    const first = page.getByRole('option').first();
    expect(await first.textContent()).toMatch(/^SP-FOOD — /);
    await screenshot(page, 'fr-import-unmatched-mandate', { fullPage: true });

    const [again] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST'),
      first.click(),
    ]);
    expect(again.status()).toBe(200);
    // The mapping as run (recorded with the job): every row with this value takes the mandate chosen.
    const rerun = (await again.json()) as { mapping: { valueMappings?: unknown } };
    expect(rerun.mapping.valueMappings).toEqual({ body: { [UNMATCHED_MANDATE]: 'SP-FOOD' } });
    expect(await sentBytes(again.request())).toBeLessThan(statSync(didhSheet).size);
    await page.waitForSelector('[data-testid=dry-run-ready]');
    expect(await counts(page)).toEqual({ new: DIDH_ROWS, updated: 0, unchanged: 0, rejected: 0 });
    expect(await page.locator('[data-testid=unmatched-value]').count()).toBe(0);
    await screenshot(page, 'fr-import-mandate-mapped');
  });

  it('commits by uploadId with a progress bar, and shows the result', async () => {
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid=import-progress-bar]');
        if (bar) seen.push(Number(bar.getAttribute('data-value')));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST'),
      page.click('[data-testid=import-commit]'),
    ]);
    expect(res.status()).toBe(202);
    expect(await sentBytes(res.request())).toBeLessThan(statSync(didhSheet).size);
    const started = (await res.json()) as { status: string; totalRows: number; fileName: string; sha256: string };
    expect(started).toMatchObject({ status: 'running', totalRows: DIDH_ROWS, fileName: DIDH_NAME, sha256 });
    await page.waitForSelector('[data-testid=import-result][data-status=succeeded]', { timeout: 60_000 });
    const progress = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(100);
    expect(await counts(page)).toEqual({ new: DIDH_ROWS, updated: 0, unchanged: 0, rejected: 0 });
    await screenshot(page, 'fr-import-didh-general-result');
  });

  it('in Arabic: the preview reads right to left with the cells in their own direction; re-importing changes nothing', async () => {
    await switchLanguage(page, 'ar');
    await page.goto(`${baseUrl()}/imports/new`);
    await page.waitForSelector('[data-testid=import-dropzone]');
    await page.locator('[data-testid=import-file-input]').setInputFiles(didhSheet);
    await page.click('[data-testid=import-analyse]');
    await page.waitForSelector('[data-testid=file-preview]');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.locator('[data-testid=preview-caption]').textContent()).toContain('كما سيقرؤها الاستيراد');
    // Right to left: the row number is the rightmost cell of a row.
    const row = page.locator('[data-testid=preview-row]').first();
    const number = await row.locator('td').first().boundingBox();
    const next = await row.locator('td').nth(1).boundingBox();
    expect(number!.x).toBeGreaterThan(next!.x);
    await screenshot(page, 'ar-import-preview', { fullPage: true });

    await page.click('[data-testid=import-continue]');
    await page.waitForSelector('[data-testid=import-mapping-table]');
    await pickPreset(page, /^الجدول الثنائي اللغة للمندوبية/);
    await page.click('[data-testid=import-dry-run]');
    await page.waitForSelector('[data-testid=dry-run-report]');
    expect(await counts(page)).toEqual({ new: 0, updated: 0, unchanged: DIDH_ROWS - 2, rejected: 2 });
    await page.locator('[data-testid=unmatched-values]').scrollIntoViewIfNeeded();
    await page.click('[data-testid=unmatched-candidates]');
    await screenshot(page, 'ar-import-unmatched-mandate', { fullPage: true });
    await page.getByRole('option').first().click();
    await page.waitForSelector('[data-testid=dry-run-nothing]');
    expect(await counts(page)).toEqual({ new: 0, updated: 0, unchanged: DIDH_ROWS, rejected: 0 });
    await screenshot(page, 'ar-import-mandate-mapped');
  });
});

describe('export of the recommendation list', () => {
  it('exports exactly the current filters, in CSV with the chosen languages, as a download', async () => {
    await switchLanguage(page, 'fr');
    await page.goto(`${baseUrl()}/recommendations?q=torture&mechanism=UPR`);
    await resultsShown(page);
    await page.click('[data-testid=export-options]');
    await page.getByText('CSV', { exact: true }).click();
    await page.click('[data-testid=export-lang-en]');
    await screenshot(page, 'fr-export-options');

    const download = page.waitForEvent('download', { timeout: 20_000 }).catch(() => null);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/recommendations/export')),
      page.click('[data-testid=export-run]'),
    ]);
    const url = new URL(res.url());
    // Headers and values in the UI language unless another is chosen; no code columns unless asked.
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: 'torture', mechanism: 'UPR', format: 'csv', lang: 'ar,fr', labels: 'fr' });
    expect(res.request().headers()['authorization']).toMatch(/^Bearer /);

    expect(res.status()).toBe(200);
    const file = await download;
    expect(file).not.toBeNull();
    expect(file!.suggestedFilename()).toMatch(/\.csv$/);
    expect(statSync(await file!.path()).size).toBeGreaterThan(0);
    const header = readFileSync(await file!.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(header).toContain('Statut de mise en œuvre');
    expect(header).not.toContain('status');
  });

  it('in Arabic the headers and values default to Arabic; another language and the code columns can be chosen', async () => {
    await switchLanguage(page, 'ar');
    await page.goto(`${baseUrl()}/recommendations?mechanism=UPR`);
    await resultsShown(page);
    await page.click('[data-testid=export-options]');
    await page.waitForSelector('[data-testid=export-labels]');
    expect(await page.locator('[data-testid=export-labels] input:checked').getAttribute('value')).toBe('ar');
    await page.locator('[data-testid=export-format]').getByText(/CSV/).click();
    await screenshot(page, 'ar-export-options');
    const arabic = page.waitForEvent('download', { timeout: 20_000 });
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/recommendations/export')), page.click('[data-testid=export-run]')]);
    expect(new URL(res.url()).searchParams.get('labels')).toBe('ar');
    const rows = readFileSync(await (await arabic).path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]!.startsWith('رمز الوثيقة,الفقرة')).toBe(true);
    expect(rows[0]).toContain('حالة التنفيذ');

    // French headers, with the codes in extra columns.
    await page.click('[data-testid=export-options]');
    await page.locator('[data-testid=export-labels]').getByText('Français').click();
    await page.click('[data-testid=export-codes]');
    const french = page.waitForEvent('download', { timeout: 20_000 });
    const [res2] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/recommendations/export')), page.click('[data-testid=export-run]')]);
    expect(Object.fromEntries(new URL(res2.url()).searchParams)).toMatchObject({ labels: 'fr', codes: 'true' });
    const header = readFileSync(await (await french).path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(header.startsWith('Cote du document,Paragraphe')).toBe(true);
    expect(header.endsWith(',institutions,status,kind')).toBe(true);
  });

  it('raised no page error', () => {
    expect(errors).toEqual([]);
  });
});
