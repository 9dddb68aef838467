/**
 * Demo mode: the stand-ins started and seeded by `startDemo`, the platform configured
 * from the variables it returns, and the seeded artwork flowing on its own (the Drive
 * watcher) to the review queue — the unsupported one FAILED with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger.js';
import { startDemo, type Demo } from '../../src/demo/demo.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, startApi, startWorker, testEnv, waitFor, type Api, type InProcessWorker } from '../helpers/stack.js';

let demo: Demo;
let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };
let worker: InProcessWorker;

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  const base = testEnv({ DATABASE_URL: tdb.url, DRIVE_SCAN_INTERVAL_SECONDS: '5' });
  demo = await startDemo(createLogger('demo', 'silent'), base, path.join(os.tmpdir(), `ff-demo-${process.pid}`));
  env = { ...base, ...demo.env, DATABASE_URL: tdb.url };
  api = await startApi(env);
  worker = await startWorker(env, [], api);
}, 60_000);

afterAll(async () => {
  await worker?.stop('test');
  await api?.close();
  await demo?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

describe('demo mode', () => {
  it('creates the demo admin and runs the seeded artwork to the review queue by itself', async () => {
    expect(api.engine.config.demoMode).toBe(true);
    const login = await call(api.url, 'POST', '/auth/login', { body: { username: demo.admin.username, password: demo.admin.password } });
    expect(login.status).toBe(200);
    const token = login.body.access_token as string;
    expect((await call(api.url, 'GET', '/health')).body).toMatchObject({ status: 'healthy', demo: true });

    const files = await waitFor(async () => {
      const r = await call(api.url, 'GET', '/api/files?limit=50', { token });
      const items = r.body.items as { status: string; original_filename: string; status_reason: string | null }[];
      return items.length === 7 && items.every((f) => f.status === 'PROCESSED' || f.status === 'FAILED') ? items : null;
    }, { timeoutMs: 60_000, intervalMs: 200, what: 'the seeded artwork in the review queue' });
    expect(files.filter((f) => f.status === 'PROCESSED')).toHaveLength(6);
    const failed = files.filter((f) => f.status === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0].status_reason).toMatch(/^UNSUPPORTED_RATIO/);
  }, 90_000);
});
