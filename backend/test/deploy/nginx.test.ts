/**
 * The dashboard image's nginx configuration in a real nginx (Debian's package), in
 * front of a real API: frontend/nginx/default.conf.template filled the way the nginx
 * image fills it at start (envsubst of the variables defined in the environment), with
 * only `listen 80` (→ a free port) and `root` (→ frontend/dist) rewritten, inside a
 * minimal nginx.conf like the image's. Then HTTP through it: the SPA fallback, caching,
 * gzip, security headers, the API proxied (REST, GraphQL, SSE, the client's address),
 * and a browser logging in.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-sse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { BACKEND_DIR, cleanupBroker, freePort, startApi, startWorker, testEnv, token, waitFor, type Api, type InProcessWorker } from '../helpers/stack.js';

const NGINX = '/usr/sbin/nginx';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const REPO = path.resolve(BACKEND_DIR, '..');
const DIST = path.join(REPO, 'frontend/dist');
const ADMIN = { username: 'nginx-admin', password: 'a-long-password-for-nginx' };

let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };
let worker: InProcessWorker;
let nginx: ChildProcess | null = null;
let tmp: string;
let base: string;
const seenByApi: http.IncomingHttpHeaders[] = [];
const sseClients: Client<true>[] = [];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request (no automatic decompression: content-encoding is what nginx sent). */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
const json = (a: Answer) => JSON.parse(a.body.toString('utf8'));
const HTML = { accept: 'text/html,application/xhtml+xml' };

/** The template as the nginx image's 20-envsubst-on-templates.sh fills it: only variables defined in the environment. */
function fillTemplate(templateEnv: Record<string, string>): string {
  const template = readFileSync(path.join(REPO, 'frontend/nginx/default.conf.template'), 'utf8');
  const defined = Object.keys(templateEnv).map((k) => `\${${k}}`).join(' ');
  const r = spawnSync('envsubst', [defined], { input: template, env: templateEnv, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`envsubst: ${r.stderr}`);
  return r.stdout;
}

/** Replace exactly one occurrence (the test must not silently rewrite something else). */
function rewriteOnce(text: string, pattern: RegExp, replacement: string): string {
  const hits = text.match(new RegExp(pattern.source, 'gm'))?.length ?? 0;
  if (hits !== 1) throw new Error(`expected one ${pattern} in the template, found ${hits}`);
  return text.replace(new RegExp(pattern.source, 'm'), replacement);
}

/** The image's nginx.conf, reduced: everything it writes goes to the temp directory. */
function nginxConf(dir: string): string {
  return `# Like the nginx image's /etc/nginx/nginx.conf, with its paths in ${dir}.
${process.getuid?.() === 0 ? `user ${os.userInfo().username};` : '# not root: nginx runs as this user'}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    sendfile on;
    keepalive_timeout 65;
    include ${dir}/conf.d/*.conf;
}
`;
}

/** Why the stack could not start: every test then FAILS with it (none is skipped). */
let setupError: Error | null = null;

beforeAll(async () => {
  try {
    await startStack();
  } catch (err) {
    setupError = err as Error;
  }
}, 240_000);
beforeEach(() => {
  if (setupError) throw setupError;
});

async function startStack(): Promise<void> {
  if (!existsSync(NGINX)) throw new Error(`nginx is not installed (${NGINX} is missing): apt-get install -y nginx`);
  if (!existsSync(path.join(DIST, 'index.html'))) {
    const r = spawnSync('npm', ['run', 'build', '-w', 'frontend'], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the dashboard build failed (npm run build -w frontend)');
  }
  tdb = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: tdb.url, DASHBOARD_DIR: DIST, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
  api = await startApi(env);
  await api.engine.broker.ready();
  worker = await startWorker(env, [], api);
  api.app.server.on('request', (req: http.IncomingMessage) => seenByApi.push(req.headers));

  tmp = mkdtempSync(path.join(os.tmpdir(), 'ff-nginx-'));
  mkdirSync(path.join(tmp, 'conf.d'));
  const port = await freePort();
  let conf = fillTemplate({ PATH: process.env.PATH ?? '/usr/bin:/bin', API_UPSTREAM: new URL(api.url).host });
  conf = rewriteOnce(conf, /^\s*listen 80;/, `    listen 127.0.0.1:${port};`);
  conf = rewriteOnce(conf, /^\s*root \/usr\/share\/nginx\/html;/, `    root ${DIST};`);
  writeFileSync(path.join(tmp, 'conf.d/default.conf'), conf);
  writeFileSync(path.join(tmp, 'nginx.conf'), nginxConf(tmp));
  const args = ['-p', tmp, '-c', path.join(tmp, 'nginx.conf'), '-e', path.join(tmp, 'error.log')];
  const test = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t refused the configuration:\n${test.stderr}\n${conf}`);
  nginx = spawn(NGINX, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await request(`${base}/nginx-health`).catch(() => null))?.status === 200, { timeoutMs: 10_000, what: 'nginx to answer' });
}

afterAll(async () => {
  for (const c of sseClients) c.dispose();
  if (nginx?.pid && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx!.once('exit', r));
    process.kill(nginx.pid, 'SIGTERM');
    await exited;
  }
  await worker?.stop('SIGTERM');
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the dashboard through nginx', () => {
  const index = () => readFileSync(path.join(DIST, 'index.html'));
  const script = () => /src="(\/assets\/[^"]+\.js)"/.exec(index().toString())![1];

  it('answers a deep link (/files?status=FAILED) with the app’s index.html, never cached', async () => {
    const r = await request(`${base}/files?status=FAILED`, { headers: HTML });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body.equals(index())).toBe(true);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect((await request(`${base}/`)).headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets for a year, immutable, and a missing one as 404 (not the page)', async () => {
    const r = await request(`${base}${script()}`);
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(`${base}/assets/index-missing.js`)).status).toBe(404);
  });

  it('gzips JavaScript for clients that accept it (and says it varies by Accept-Encoding)', async () => {
    const r = await request(`${base}${script()}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    const plain = await request(`${base}${script()}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(r.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('sends the page with the security headers the API sends with it (CSP included), and the rest with no duplicates', async () => {
    const fromApi = await request(`${api.url}/`, { headers: HTML });
    const page = await request(`${base}/`, { headers: HTML });
    for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) {
      expect(fromApi.headers[h], `the API sets ${h}`).toBeTruthy();
      expect(page.headers[h], h).toBe(fromApi.headers[h]);
    }
    // Node joins a repeated header's values ("nosniff, nosniff"), so toBe also rules out duplicates.
    const asset = await request(`${base}${script()}`);
    const health = await request(`${base}/health/live`);
    for (const [what, r] of Object.entries({ page, asset, health })) {
      expect(r.headers['x-content-type-options'], what).toBe('nosniff');
      expect(r.headers['x-frame-options'], what).toBe('DENY');
      expect(r.headers['referrer-policy'], what).toBe('same-origin');
      expect(r.headers['permissions-policy'], what).toMatch(/camera=\(\)/);
      expect(r.headers.server, what).toBe('nginx'); // server_tokens off: no version
    }
  });
});

describe('the API through nginx', () => {
  it('answers /health/live and a /graphql query with a bearer token', async () => {
    expect((await request(`${base}/health/live`)).status).toBe(200);
    const r = await request(`${base}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { username role } }' }),
    });
    expect(r.status).toBe(200);
    expect(json(r)).toEqual({ data: { me: { username: 'test-admin', role: 'ADMIN' } } });
  });

  it('hands the API the client’s address (X-Forwarded-For, trusted from loopback): a client locked out of login does not lock out another', async () => {
    const login = (client: string, password: string) =>
      request(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify({ username: ADMIN.username, password }) });
    seenByApi.length = 0;
    expect((await login('203.0.113.7', 'wrong password')).status).toBe(401);
    const headers = seenByApi.find((h) => String(h['x-forwarded-for']).startsWith('203.0.113.7'));
    expect(headers?.['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1'); // the client's, then nginx's peer
    expect(headers?.['x-real-ip']).toBe('127.0.0.1');
    expect(headers?.['x-forwarded-proto']).toBe('http');
    // 10 failures from one client (the API slows them, then refuses): only that client.
    for (let i = 2; i <= 10; i++) await login('203.0.113.7', 'wrong password');
    expect((await login('203.0.113.7', ADMIN.password)).status).toBe(429);
    expect((await login('198.51.100.2', ADMIN.password)).status).toBe(200);
  }, 30_000);

  it('carries a GraphQL subscription over SSE (single connection): a Noop enqueued through nginx reaches jobUpdated', async () => {
    const admin = await token('admin');
    const client = createClient({ url: `${base}/graphql/stream`, singleConnection: true, headers: { authorization: `Bearer ${admin}` }, retryAttempts: 0 });
    sseClients.push(client);
    const mine = new Set<string>();
    const seen: { id: string; status: string }[] = [];
    const stop = client.subscribe<{ jobUpdated: { id: string; status: string } }>(
      { query: 'subscription { jobUpdated { id status } }' },
      { next: (v) => v.data && seen.push(v.data.jobUpdated), error: (e) => seen.push({ id: 'error', status: String(e) }), complete: () => {} },
    );
    const completed = () => seen.some((j) => mine.has(j.id) && j.status === 'COMPLETED');
    // The protocol has no "subscribed" answer: enqueue until one of ours is seen (bounded).
    for (let i = 0; i < 40 && !completed(); i++) {
      const r = await request(`${base}/api/jobs`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ command_type: 'Noop', payload: {} }) });
      expect(r.status).toBe(201);
      mine.add(json(r).job_id);
      await waitFor(completed, { timeoutMs: 250, intervalMs: 10 }).catch(() => null);
    }
    stop();
    expect(seen.filter((j) => j.id === 'error')).toEqual([]);
    expect(completed()).toBe(true);
  });
});

describe('a browser through nginx', () => {
  it('logs in and sees the Overview', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM=<path>)`);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.goto(`${base}/`);
      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 15_000 });
      expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
