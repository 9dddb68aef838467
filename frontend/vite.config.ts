/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { bundleSize } from './build/bundleSize.ts';

/** The API in development (`npm start` at the repository root serves it on :8000). */
const API = process.env.API_URL ?? 'http://127.0.0.1:8000';

// The paths the dev server hands to the API. The SSE stream (/graphql/stream) is passed
// through as it comes: the proxy does not buffer, and no timeout cuts a long stream.
const proxied = ['/api', '/graphql', '/auth', '/health', '/config.json'];

export default defineConfig({
  plugins: [react(), tailwindcss(), bundleSize({ budgetKb: 250 })],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: API, changeOrigin: false, timeout: 0, proxyTimeout: 0 }])),
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    assetsDir: 'assets',
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    css: false,
  },
});
