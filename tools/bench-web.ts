/**
 * `npm run bench:web`: what a user's browser downloads on the first visit, and Lighthouse's mobile
 * performance score, on the built product. Figures only, no assertions.
 *
 * 1. Builds everything; `--no-build` measures dist/ as it is. Nothing else may rebuild dist/ while
 *    the product runs from it (on a shared machine, wrap the command in a lock).
 * 2. Bundle sizes from dist/apps/web: the JavaScript index.html loads (entry + modulepreloads +
 *    boot.js) and the start-up strings of one language fetched right after (app/catalog-loader.ts),
 *    raw / gzip / brotli (the precompressed files the API serves), and their sum; all CSS.
 * 3. Starts the built product (apps/web-e2e/src/server.ts: fresh embedded database, demo data) and
 *    lists the font files Chromium fetches for the login page in French and in Arabic (playwright-core).
 * 4. Lighthouse 12 (its command line, with Debian's Chromium; mobile: Moto G Power emulation, simulated slow 4G and 4× CPU slowdown), cold
 *    (cache and storage cleared), performance only, RUNS times per page, on the login page and on the
 *    recommendations page signed in (a fresh session per run: the refresh cookie of an API login is
 *    sent as a header, so the SPA restores the session as for a returning user). Prints the median.
 *
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_WEB_RUNS (default 3),
 * BENCH_WEB_LANG (the UI language of the Lighthouse runs: fr, ar or en; default fr),
 * BENCH_WEB_SAVE (a folder: every run's full Lighthouse report is written there as JSON, for its
 * diagnostics — LCP element and breakdown, main-thread work, request chains…), BENCH_WEB_PAGES
 * (which pages, by id: login, recommendations; default both).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer, stopServer, WORKSPACE, type RunningServer } from '../apps/web-e2e/src/server';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const RUNS = Number(process.env['BENCH_WEB_RUNS'] ?? 3);
const LANG = process.env['BENCH_WEB_LANG'] ?? 'fr';
const SAVE = process.env['BENCH_WEB_SAVE'];
const WEB = join(WORKSPACE, 'dist/apps/web');
/** As apps/web-e2e/src/browser.ts launches Chromium. */
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** A built file's sizes: its .gz/.br beside it when the build wrote them, else compressed here. */
function sizesOf(file: string): Sizes {
  const raw = readFileSync(file);
  const gz = existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`).length : gzipSync(raw, { level: 9 }).length;
  const br = existsSync(`${file}.br`) ? readFileSync(`${file}.br`).length : brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: raw.length, gzip: gz, brotli: br };
}

function sum(list: Sizes[]): Sizes {
  return list.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });
}

const line = (label: string, s: Sizes, extra = '') => console.log(`  ${label.padEnd(38)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip ${kb(s.brotli).padStart(10)} brotli${extra}`);

function bundleSizes(): void {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const assets = readdirSync(join(WEB, 'assets'));
  const all = (ext: string) => assets.filter((f) => f.endsWith(ext)).map((f) => join(WEB, 'assets', f));
  const initialSizes = sum(initial.map((f) => sizesOf(join(WEB, f))));
  console.log('\nBundle (dist/apps/web)');
  line(`initial JS (${initial.length} files in index.html)`, initialSizes);
  const totals: string[] = [];
  for (const lang of ['fr', 'ar', 'en']) {
    const strings = all('.js').filter((f) => new RegExp(`/strings-${lang}-[^/]+\\.js$`).test(f));
    const s = sum(strings.map(sizesOf));
    line(`  + strings-${lang} (fetched at start)`, s, `  → ${kb(initialSizes.gzip + s.gzip)} gzip in all`);
    totals.push(`${lang} ${kb(initialSizes.gzip + s.gzip)}`);
  }
  // The issue's budget: what the first screen needs in one language (a page's own features'
  // strings come with its chunk, as its code does).
  console.log(`  initial JS + one language's start-up strings, gzip (target ≤ 200 KB): ${totals.join(', ')}`);
  line(`all JS (${all('.js').length} chunks)`, sum(all('.js').map(sizesOf)));
  line(`CSS (${all('.css').length} files)`, sum(all('.css').map(sizesOf)));
  const maps = assets.filter((f) => f.endsWith('.map'));
  console.log(`  source maps in dist: ${maps.length}`);
}

/** The font files Chromium fetches to show the login page in a language (no cache). */
async function fontsOnLogin(baseUrl: string): Promise<void> {
  console.log('\nFonts fetched on the login page');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
  try {
    for (const [lang, locale] of [['fr', 'fr-FR'], ['ar', 'ar-MA']] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      const fonts: { name: string; bytes: number }[] = [];
      page.on('requestfinished', (req) => {
        if (req.resourceType() !== 'font') return;
        void req.sizes().then((s) => fonts.push({ name: req.url().split('/').pop()!.replace(/-[\w-]{8}\.woff2$/, '.woff2'), bytes: s.responseBodySize }));
      });
      await page.goto(`${baseUrl}/login`, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      const total = fonts.reduce((a, f) => a + f.bytes, 0);
      console.log(`  ${lang}: ${fonts.length} files, ${kb(total)} — ${fonts.map((f) => `${f.name} (${kb(f.bytes)})`).join(', ') || 'none'}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

const COORDINATOR = 'coordinator@demo.sidh';

/** A demo account's sign-in: its access token and refresh cookie (`name=value`). */
async function signIn(baseUrl: string, email: string): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo-password' }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sidh_rt='));
  if (!cookie) throw new Error('login set no refresh cookie');
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { token: accessToken, cookie: cookie.split(';')[0]! };
}

/** A fresh session of the demo coordinator: the refresh cookie, as `name=value`. */
async function refreshCookie(baseUrl: string): Promise<string> {
  return (await signIn(baseUrl, COORDINATOR)).cookie;
}

/**
 * The signed-in runs show the UI in LANG: a cold browser has no language stored, so the SPA takes the
 * user's profile language, and the demo coordinator's is Arabic. The admin sets it to LANG first
 * (as a user would choose theirs), so a French run neither fetches the Arabic strings and font nor
 * renders twice.
 */
async function setCoordinatorLanguage(baseUrl: string): Promise<void> {
  const { token } = await signIn(baseUrl, 'admin@demo.sidh');
  const auth = { Authorization: `Bearer ${token}` };
  const list = await fetch(`${baseUrl}/api/v1/users?q=${encodeURIComponent(COORDINATOR)}`, { headers: auth });
  if (list.status !== 200) throw new Error(`listing the users answered ${list.status}`);
  const { items } = (await list.json()) as { items: { id: string; email: string }[] };
  const id = items.find((u) => u.email === COORDINATOR)?.id;
  if (!id) throw new Error('the demo coordinator was not found');
  const current = await fetch(`${baseUrl}/api/v1/users/${id}`, { headers: auth });
  if (current.status !== 200) throw new Error(`reading the coordinator answered ${current.status}`);
  const res = await fetch(`${baseUrl}/api/v1/users/${id}`, {
    method: 'PATCH',
    headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': current.headers.get('etag') ?? '' },
    body: JSON.stringify({ locale: LANG }),
  });
  if (res.status !== 200) throw new Error(`setting the coordinator's language answered ${res.status}`);
}

interface Run {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  si: number;
  cls: number;
}

/**
 * One Lighthouse run through its command line in a plain Node process (a run inside this tsx
 * process fails: the functions Lighthouse sends to the page would carry tsx's `__name` helper).
 */
async function lighthouseRun(url: string, headers: Record<string, string> | undefined, saveAs: string): Promise<Run> {
  const args = [
    join(WORKSPACE, 'node_modules/lighthouse/cli/index.js'),
    url,
    '--quiet',
    '--output=json',
    '--output-path=stdout',
    '--only-categories=performance',
    `--chrome-flags=${[...CHROME_FLAGS, `--lang=${LANG}`, `--accept-lang=${LANG}`].join(' ')}`,
    ...(headers ? [`--extra-headers=${JSON.stringify(headers)}`] : []),
  ];
  // Asynchronous: the server's log pipe must keep draining while Lighthouse runs.
  // Chromium takes its UI language, hence navigator.languages, from LANGUAGE on Linux (headless ignores
  // --lang): the SPA's first guess is then the run's language, as for a user whose browser speaks it.
  const env = { ...process.env, CHROME_PATH: CHROMIUM, LANGUAGE: LANG, LANG: `${LANG}_${LANG === 'ar' ? 'MA' : LANG === 'fr' ? 'FR' : 'GB'}.UTF-8` };
  const { stdout } = await promisify(execFile)(process.execPath, args, { env, maxBuffer: 256 * 1024 * 1024 });
  const lhr = JSON.parse(stdout) as {
    runtimeError?: { code: string; message: string };
    categories: Record<string, { score: number | null } | undefined>;
    audits: Record<string, { numericValue?: number } | undefined>;
  };
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  if (SAVE) {
    mkdirSync(SAVE, { recursive: true });
    writeFileSync(join(SAVE, `${saveAs}.json`), stdout);
  }
  const ms = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    score: Math.round((lhr.categories['performance']?.score ?? 0) * 100),
    fcp: ms('first-contentful-paint'),
    lcp: ms('largest-contentful-paint'),
    tbt: ms('total-blocking-time'),
    si: ms('speed-index'),
    cls: ms('cumulative-layout-shift'),
  };
}

/**
 * Lighthouse now and then fails to record the trace of a load (NO_NAVSTART, NO_FCP on a busy
 * machine): that run is done again, twice at most, rather than losing the whole measurement.
 */
async function withRetry(run: () => Promise<Run>): Promise<Run> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n').find((l) => l.includes('Runtime error') || l.startsWith('Lighthouse:')) ?? error.message.slice(0, 200) : String(error);
      if (attempt >= 3) throw new Error(message);
      console.log(`  (a run failed, run again: ${message.trim()})`);
    }
  }
}

function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.score - b.score)[Math.floor(runs.length / 2)]!;
}

/**
 * The browser's version and how busy the host's CPUs were: the scores follow both (a new Chromium, or
 * a host whose other guests take the CPU, moved them by 20 points with the same bundle).
 */
function browserAndHost(): string {
  let version = 'unknown';
  try {
    version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* reported as unknown */
  }
  // Linux pressure stall information: the share of time some runnable task waited for a CPU.
  const pressure = existsSync('/proc/pressure/cpu') ? /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8')) : null;
  return `${version}; CPU pressure ${pressure ? `${pressure[1]} % (10 s), ${pressure[2]} % (60 s)` : 'not reported'}`;
}

async function scores(baseUrl: string): Promise<void> {
  // Lighthouse simulates a 4× slower CPU from the durations it observes here: on a loaded machine
  // (load average above the number of cores) the blocking time, hence the score, is inflated.
  console.log(`\nLighthouse 12.2.3 mobile performance, cold, UI in ${LANG}, median of ${RUNS} (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  console.log(`  ${browserAndHost()}`);
  const pages: { name: string; id: string; url: string; signedIn: boolean }[] = [
    { name: 'login', id: 'login', url: `${baseUrl}/login`, signedIn: false },
    { name: 'recommendations (signed in)', id: 'recommendations', url: `${baseUrl}/recommendations`, signedIn: true },
  ];
  const only = process.env['BENCH_WEB_PAGES']?.split(',').map((id) => id.trim());
  for (const p of pages.filter((page) => !only || only.includes(page.id))) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      runs.push(await withRetry(async () => lighthouseRun(p.url, p.signedIn ? { Cookie: await refreshCookie(baseUrl) } : undefined, `${p.id}-${i + 1}`)));
    }
    const m = median(runs);
    const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
    console.log(
      `  ${p.name.padEnd(30)} score ${String(m.score).padStart(3)}  (runs: ${runs.map((r) => r.score).join(', ')})  FCP ${s(m.fcp)}  LCP ${s(m.lcp)}  TBT ${Math.round(m.tbt)} ms  SI ${s(m.si)}  CLS ${m.cls.toFixed(3)}`,
    );
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    console.log('Building (npm run build)…');
    execFileSync('npm', ['run', 'build'], { cwd: WORKSPACE, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  bundleSizes();
  let server: RunningServer | undefined;
  try {
    server = await startServer();
    await fontsOnLogin(server.baseUrl);
    await setCoordinatorLanguage(server.baseUrl);
    await scores(server.baseUrl);
  } finally {
    await stopServer(server);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
