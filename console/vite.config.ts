import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console: a React single-page app built into console/dist, which the server serves.
 * JSX goes through Vite's own oxc transform (no React plugin needed).
 * For development against a running server: `npx vite --config console/vite.config.ts`
 * (proxies /api to SWITCHBOARD_URL, default http://127.0.0.1:7300).
 */
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': { target: process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:7300', changeOrigin: true } },
  },
});
