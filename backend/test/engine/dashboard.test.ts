/**
 * The dashboard served by the API (api/dashboard.ts), on a fixture build: no frontend
 * build here, just DASHBOARD_DIR pointed at a folder with index.html and one asset.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { cleanupBroker, startApi, testEnv, type Api } from '../helpers/stack.js';
import { dashboardOptions } from '../../src/api/dashboard.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';

let dist: string;
let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'ff-dashboard-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), INDEX);
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log("hello")');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  tdb = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: tdb.url, DASHBOARD_DIR: dist });
  api = await startApi(env);
});

afterAll(async () => {
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
  rmSync(dist, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${api.url}${pathname}`, { headers });

describe('the dashboard at /', () => {
  it('answers / and a deep link with the page, never cached stale', async () => {
    for (const p of ['/', '/files?status=FAILED', '/jobs/2f1c?tab=runs']) {
      const r = await get(p, html);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type'), p).toMatch(/^text\/html/);
      expect(r.headers.get('cache-control'), p).toBe('no-cache');
      expect(r.headers.get('content-security-policy'), p).toContain("frame-ancestors 'none'");
      expect(await r.text(), p).toBe(INDEX);
    }
  });

  it('serves hashed assets with a year of immutable cache', async () => {
    const r = await get('/assets/app-abc123.js');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/javascript/);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await r.text()).toBe('console.log("hello")');
  });

  it('a missing asset is a 404, not the page', async () => {
    const r = await get('/assets/app-gone.js', html);
    expect(r.status).toBe(404);
    expect((await r.json()).error_code).toBe('NOT_FOUND');
  });

  it('serves other top-level files of the build', async () => {
    const r = await get('/favicon.svg');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('keeps unknown API paths JSON 404s, even for a browser', async () => {
    for (const p of ['/api/unknown', '/api/files/x/y/z', '/auth/nothing', '/graphql/nothing', '/health/x', '/webhooks/x', '/metrics/x']) {
      for (const headers of [{}, html]) {
        const r = await get(p, headers);
        expect(r.status, p).toBe(404);
        expect(r.headers.get('content-type'), p).toMatch(/^application\/json/);
        const body = await r.json();
        expect(body.error_code, p).toBe('NOT_FOUND');
        expect(body.detail, p).toBe(`no route GET ${p.split('?')[0]}`);
      }
    }
  });

  it('answers a non-HTML request for an unknown path with a JSON 404', async () => {
    const r = await get('/nothing-here', { accept: 'application/json' });
    expect(r.status).toBe(404);
    expect((await r.json()).error_code).toBe('NOT_FOUND');
  });

  it('still protects the API', async () => {
    const r = await get('/api/jobs', html);
    expect(r.status).toBe(401);
  });

  it('serves /config.json from configuration', async () => {
    const r = await get('/config.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(await r.json()).toEqual({ appName: 'Field & Fen', apiBase: '', publicBaseUrl: null });
  });
});

describe('dashboard configuration', () => {
  it('defaults to ../frontend/dist from backend/, resolves relative paths there, checks PUBLIC_BASE_URL', () => {
    const backend = path.resolve(__dirname, '../..');
    expect(dashboardOptions({}).dir).toBe(path.resolve(backend, '../frontend/dist'));
    expect(dashboardOptions({ DASHBOARD_DIR: 'web' }).dir).toBe(path.join(backend, 'web'));
    expect(dashboardOptions({ PUBLIC_BASE_URL: 'https://studio.example/' }).publicBaseUrl).toBe('https://studio.example');
    expect(() => dashboardOptions({ PUBLIC_BASE_URL: 'studio' })).toThrow('configuration error: PUBLIC_BASE_URL must be a URL');
  });
});
