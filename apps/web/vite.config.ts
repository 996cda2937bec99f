import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));

// The API serves dist/apps/web at `/` in production; in development Vite proxies `/api` to it.
export default defineConfig({
  root,
  plugins: [react()],
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
    outDir: `${workspace}dist/apps/web`,
    emptyOutDir: true,
    sourcemap: true,
    // One bundle of ~250 kB gzipped (React, Mantine, i18n catalogs) for an intranet tool; splitting it
    // would add requests without a faster first screen.
    chunkSizeWarningLimit: 1000,
  },
});
