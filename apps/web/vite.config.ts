import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

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

/** A catalog file (`locales/ar.json`, `locales/<namespace>/ar.json`): grouped by language as `strings-ar`. */
const CATALOG = /[\\/]apps[\\/]web[\\/]src[\\/]locales[\\/](?:[^\\/]+[\\/])?(ar|fr|en)\.json$/;

// The API serves dist/apps/web at `/` in production; in development Vite proxies `/api` to it.
export default defineConfig({
  root,
  plugins: [react(), precompress()],
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
          groups: [
            { name: 'framework', test: FRAMEWORK, priority: 10 },
            // One chunk of strings per language (app/catalog-loader.ts fetches the shown one).
            { name: (id) => { const lang = CATALOG.exec(id)?.[1]; return lang ? `strings-${lang}` : null; }, test: CATALOG, priority: 20 },
          ],
        },
      },
    },
  },
});
