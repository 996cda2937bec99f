import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { START_FOLDERS } from './src/app/strings-start';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));
const outDir = `${workspace}dist/apps/web`;

/** Text assets worth compressing (fonts are woff2, already compressed). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside every text asset of the build,
 * once, at build time: the API serves them as they are (express-static-gzip) and never compresses
 * per request.
 */
function precompress(): Plugin {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  let dir = outDir;
  return {
    name: 'sidh-precompress',
    apply: 'build',
    configResolved(config) {
      dir = config.build.outDir;
    },
    closeBundle() {
      for (const file of walk(dir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const raw = readFileSync(file);
        const br = brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        const gz = gzipSync(raw, { level: 9 });
        // A tiny file may not shrink: then it is served as it is.
        if (br.length < raw.length) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

/** The libraries every page needs and that change less often than our code: one long-cached chunk. */
const FRAMEWORK = /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|@tanstack[\\/](query-core|react-query))[\\/]/;

/** A catalog file (`locales/ar.json`, `locales/<folder>/ar.json`), and its `?nav` part (below). */
const CATALOG_FILE = /[\\/]apps[\\/]web[\\/]src[\\/]locales[\\/](?:([^\\/]+)[\\/])?(ar|fr|en)\.json(\?nav)?$/;

/**
 * The start-up strings of a language, grouped as `strings-ar`: the root catalog, the START_FOLDERS
 * and the `?nav` part of every other feature (app/catalog-loader.ts). Every other feature file is a
 * chunk of its own, fetched with the pages that show it.
 */
function startCatalogLanguage(id: string): string | null {
  const m = CATALOG_FILE.exec(id);
  if (!m) return null;
  const [, folder, lang, nav] = m;
  return folder === undefined || nav !== undefined || START_FOLDERS.includes(folder) ? lang! : null;
}

/**
 * `locales/<folder>/<lang>.json?nav`: only the feature's `nav` entry (its label in the navigation),
 * which the signed-in shell shows before the feature's own strings are fetched.
 */
function catalogNav(): Plugin {
  return {
    name: 'sidh-catalog-nav',
    enforce: 'pre',
    load(id) {
      const m = CATALOG_FILE.exec(id);
      if (!m?.[3]) return null;
      const catalog = JSON.parse(readFileSync(id.slice(0, -'?nav'.length), 'utf8')) as Record<string, unknown>;
      // JSON, as the file itself: Vite's JSON handling makes it a module (in development and build).
      return { code: JSON.stringify(catalog['nav'] === undefined ? {} : { nav: catalog['nav'] }), moduleType: 'json' };
    },
  };
}

/** The pages whose chunks boot.js starts fetching at once when the address is theirs (with the shell's). */
const ROUTE_PAGES: Record<string, RegExp[]> = {
  '/recommendations': [/[\\/]app[\\/]layout[\\/]AppLayout\.tsx$/, /[\\/]pages[\\/]RecommendationsPage\.tsx$/],
};

const LANGUAGES = ['ar', 'fr', 'en'] as const;

/**
 * The font file of each language's own script, as @fontsource names it: the one its first screen
 * needs (fontsFetched in tools/bench-web.ts lists them), found only once the text is laid out.
 */
const START_FONT: Record<(typeof LANGUAGES)[number], RegExp> = {
  ar: /noto-sans-arabic-arabic-wght-normal-[\w-]+\.woff2$/,
  fr: /noto-sans-latin-wght-normal-[\w-]+\.woff2$/,
  en: /noto-sans-latin-wght-normal-[\w-]+\.woff2$/,
};

/**
 * Writes into the built boot.js (public/boot.js) each language's start-up strings chunk and font
 * (boot.js preloads those of the likely language: they are otherwise asked for only once the entry
 * has run, one more round trip before the first screen), and the chunks of ROUTE_PAGES and every chunk they import,
 * but those index.html loads already: on those addresses boot.js preloads them while the entry's
 * scripts download, instead of the router finding them one level of imports at a time once the
 * entry has run.
 */
function routeChunks(): Plugin {
  let dir = outDir;
  let found: Record<string, string[]> = {};
  let startAssets: Record<string, { strings: string; font: string }> = {};
  return {
    name: 'sidh-route-chunks',
    apply: 'build',
    configResolved(config) {
      dir = config.build.outDir;
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const closure = (start: string[]) => {
        const seen = new Set<string>();
        const visit = (file: string) => {
          if (seen.has(file)) return;
          seen.add(file);
          const chunk = bundle[file];
          if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
        };
        start.forEach(visit);
        return seen;
      };
      const initial = closure(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
      startAssets = Object.fromEntries(
        LANGUAGES.map((lang) => {
          const strings = chunks.find((c) => c.name === `strings-${lang}`);
          const font = Object.keys(bundle).find((f) => START_FONT[lang].test(f));
          if (!strings || !font) throw new Error(`sidh-route-chunks: the start-up strings or the font of ${lang} were not found`);
          return [lang, { strings: `/${strings.fileName}`, font: `/${font}` }];
        }),
      );
      found = Object.fromEntries(
        Object.entries(ROUTE_PAGES).map(([path, pages]) => {
          const roots = chunks.filter((c) => c.facadeModuleId && pages.some((p) => p.test(c.facadeModuleId!))).map((c) => c.fileName);
          if (roots.length !== pages.length) throw new Error(`sidh-route-chunks: the chunks of ${path} were not all found`);
          return [path, [...closure(roots)].filter((f) => !initial.has(f)).map((f) => `/${f}`)];
        }),
      );
    },
    // After the files are written (public/ is copied before), before `closeBundle` compresses them.
    writeBundle() {
      const file = join(dir, 'boot.js');
      const text = readFileSync(file, 'utf8');
      const marker = '{} /* sidh:route-chunks */';
      const startMarker = '{} /* sidh:start-assets */';
      if (!text.includes(marker) || !text.includes(startMarker)) throw new Error('sidh-route-chunks: no marker in boot.js');
      writeFileSync(file, text.replace(marker, JSON.stringify(found)).replace(startMarker, JSON.stringify(startAssets)));
    },
  };
}

// The API serves dist/apps/web at `/` in production; in development Vite proxies `/api` to it.
export default defineConfig({
  root,
  plugins: [catalogNav(), react(), routeChunks(), precompress()],
  resolve: {
    alias: {
      '@sidh/domain': `${workspace}libs/shared/domain/src/index.ts`,
      '@sidh/api-client': `${workspace}libs/shared/api-client/src/index.ts`,
    },
  },
  server: {
    port: 4200,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  preview: {
    port: 4300,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir,
    emptyOutDir: true,
    // No source maps in the product: they would publish the whole source (and the API answers 404
    // for any *.map anyway). `vite build --sourcemap` gives them for a local investigation.
    sourcemap: false,
    // Every page is its own chunk (app/router.tsx); the first load is the shell and the login page.
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Small shared chunks (under 32 KiB of source) are copied into the chunks that use them instead
          // of being files of their own: a page's code comes in a handful of requests, not sixty — each
          // round of six costs a round trip on HTTP/1.1 (Lighthouse's slow 4G: 150 ms). Rolldown's runtime
          // keeps one instance of each module across the copies; chunks holding styles stay files (as
          // Vite's own setting does, which this one replaces).
          experimentalInlineCommonChunks: { maxSize: 32 * 1024, exclude: /\.(css|scss|sass|less|styl|stylus|pcss|postcss|sss)(\?|$)/ },
          groups: [
            { name: 'framework', test: FRAMEWORK, priority: 10 },
            // One chunk of start-up strings per language (app/catalog-loader.ts fetches the shown one).
            { name: (id) => { const lang = startCatalogLanguage(id); return lang ? `strings-${lang}` : null; }, test: (id) => startCatalogLanguage(id) !== null, priority: 20 },
          ],
        },
      },
    },
  },
});
