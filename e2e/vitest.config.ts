/**
 * The dashboard's browser tests (`npm run e2e`): one file, one platform, one Chromium,
 * in a single forked process (the tests share the platform and run in order).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));
// As in backend/vitest.config.ts: one copy of graphql (Node's CommonJS build) for the
// backend's sources, which run in this process.
const graphqlMain = createRequire(path.join(here, '../backend/package.json')).resolve('graphql');

export default defineConfig({
  root: here,
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlMain }] },
  test: {
    environment: 'node',
    include: ['**/*.e2e.ts'],
    globalSetup: ['./globalSetup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // A test that fails leaves the platform as it was; the next one starts from there.
    sequence: { concurrent: false },
  },
});
