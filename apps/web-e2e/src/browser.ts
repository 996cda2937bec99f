import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BASE_URL_ENV, WORKSPACE } from './server';

export const OUTPUT_DIR = join(WORKSPACE, 'apps/web-e2e/output');
export const DEMO_PASSWORD = 'demo-password';

export function baseUrl(): string {
  const url = process.env[BASE_URL_ENV];
  if (!url) throw new Error(`${BASE_URL_ENV} is not set: the global setup did not start the server`);
  return url;
}

/**
 * How long an action or a navigation waits (Playwright's default is 30 s). On a quiet host every step
 * takes well under a second; on a starved one (CPU steal over 50 %) a sign-in has taken longer than 30 s.
 */
export const ACTION_TIMEOUT_MS = 60_000;

/** The system Chromium, never a downloaded browser; its contexts and pages wait ACTION_TIMEOUT_MS. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    return page;
  };
  return browser;
}

let shot = 0;
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  shot += 1;
  await page.screenshot({ path: join(OUTPUT_DIR, `e2e-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: false });
}

/** Picks the UI language with the switcher (the header's one once logged in). */
export async function switchLanguage(page: Page, lang: 'ar' | 'fr' | 'en'): Promise<void> {
  const header = page.locator('header [data-testid=language-switcher]');
  const scope = (await header.count()) > 0 ? header : page.locator('[data-testid=language-switcher]').first();
  await scope.locator(`[data-testid=lang-${lang}]`).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  // Let the mirrored layout settle (two frames) before measuring or taking a screenshot.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
}

export async function login(page: Page, email: string): Promise<string> {
  await page.goto(`${baseUrl()}/login`);
  await page.waitForSelector('[data-testid=login-form]');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
    page.click('[data-testid=login-form] button[type=submit]'),
  ]);
  if (response.status() !== 200) throw new Error(`login as ${email} answered ${response.status()}: ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string };
  await page.waitForSelector('[data-testid=side-nav]');
  return body.accessToken;
}

/** Types like a user (key by key), so the debounce and request cancellation are exercised. */
export async function search(page: Page, q: string): Promise<void> {
  const input = page.locator('[data-testid=search-input]');
  await input.fill('');
  const settled = page.waitForResponse((r) => {
    if (!r.url().includes('/api/v1/recommendations?')) return false;
    return new URL(r.url()).searchParams.get('q') === q;
  });
  await input.pressSequentially(q, { delay: 40 });
  const res = await settled;
  if (res.status() !== 200) throw new Error(`search "${q}" answered ${res.status()}`);
  await page.waitForFunction((query) => new URL(location.href).searchParams.get('q') === query, q);
  await resultsShown(page);
}

/**
 * Waits until the result list shows the answer to what the URL asks: the list renders arriving
 * results in a deferred render, and says aria-busy until it has.
 */
export async function resultsShown(page: Page): Promise<void> {
  try {
    await page.waitForSelector('[data-testid=results]:not([aria-busy=true])');
  } catch (error) {
    // What the page showed instead (another address, an alert, an empty or still busy list), and a
    // screenshot of it: a timeout alone says nothing about why.
    const seen = await page
      .evaluate(() => ({
        alerts: Array.from(document.querySelectorAll('[role=alert]')).map((e) => e.textContent?.trim()).filter(Boolean),
        results: document.querySelector('[data-testid=results]')?.getAttribute('aria-busy') ?? 'absent',
        heading: document.querySelector('h1')?.textContent?.trim() ?? null,
      }))
      .catch(() => null);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, `failed-results-${Date.now()}.png`) }).catch(() => undefined);
    throw new Error(`the result list was not shown at ${page.url()}: ${JSON.stringify(seen)}`, { cause: error });
  }
}

/** One accessibility rule axe-core found broken on a page, with the elements that break it. */
export interface A11yViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

let axeSource: string | null = null;

/**
 * Runs axe-core (WCAG 2.0–2.2 A/AA and best practices) on the page as it is now. The script is
 * evaluated through the DevTools protocol rather than added as a <script>: the product's
 * Content-Security-Policy (script-src 'self') rightly refuses an inline script.
 */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  axeSource ??= readFileSync(join(WORKSPACE, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: A11yViolation['impact']; help: string; nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200), summary: (n.failureSummary ?? '').slice(0, 300) })),
    }));
  });
}

/** A minimal valid PDF (one empty page), with a correct cross-reference table. */
export function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
