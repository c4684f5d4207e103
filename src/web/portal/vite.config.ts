import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The resident portal's progressive-enhancement scripts (no framework): one small entry per page,
 * Leaflet only in a chunk loaded on demand. Built into dist/portal, served under /assets/portal/;
 * the manifest maps each entry to its hashed file and the chunks it imports.
 */
export default defineConfig({
  root: here('./scripts'),
  base: '/assets/portal/',
  publicDir: false,
  build: {
    outDir: here('../../../dist/portal'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { report: here('./scripts/report.ts'), nearby: here('./scripts/nearby.ts'), chat: here('./scripts/chat.ts') },
    },
  },
});
