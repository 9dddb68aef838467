/**
 * The platform and a browser for the dashboard's tests, all in this process:
 *
 * - `startPipeline` (backend/test/pipeline/harness.ts): a fresh SQLite file, the real
 *   API (which serves the dashboard build at /: a copy of frontend/dist, see globalSetup.ts) and an in-process worker against the machine's
 *   RabbitMQ under a unique queue prefix, and the stand-ins for Drive, Replicate and
 *   Shopify. The Drive watcher's interval is an hour: scans happen when a test asks.
 * - the demo artwork (`demoArtworkSet`, at a quarter of its size: the same ratios) in
 *   the Drive stand-in's Incoming folder, scanned once and run to the review queue
 *   (six PROCESSED, the unsupported ratio FAILED) before the first test;
 * - two people with passwords, made through the users service: an admin and a reviewer;
 * - headless Chromium (Debian's /usr/bin/chromium) through playwright-core.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { inject } from 'vitest';
import { startPipeline, type Pipeline } from '../backend/test/pipeline/harness.ts';
import { call, freePort, waitFor } from '../backend/test/helpers/stack.ts';
import { demoArtworkSet, generateArtwork } from '../backend/src/images/demoArt.ts';
import { createUser } from '../backend/src/domain/users/service.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 800 } } as const;
export type ViewportName = keyof typeof VIEWPORTS;
export type Scheme = 'light' | 'dark';

export interface Person {
  username: string;
  password: string;
  role: 'admin' | 'reviewer';
}

/** A tab without a session asks /auth/refresh first: its 401 is the normal answer, not a fault. */
const isFirstRefresh = (url: string, text: string) => url.endsWith('/auth/refresh') && text.includes('401');

/** What a page did that a failing test should say: errors thrown in it, console errors, failed requests. */
export class PageLog {
  readonly lines: string[] = [];
  constructor(page: Page) {
    page.on('pageerror', (e) => this.lines.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !isFirstRefresh(m.location().url, m.text())) this.lines.push(`console error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => {
      // The SSE stream is cut when a page closes or navigates: not a fault.
      if (!r.url().includes('/graphql/stream')) this.lines.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !isFirstRefresh(r.url(), String(r.status()))) this.lines.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }
}

export interface Session {
  context: BrowserContext;
  page: Page;
  log: PageLog;
}

export interface E2E {
  p: Pipeline;
  url: string;
  browser: Browser;
  admin: Person;
  reviewer: Person;
  /** An admin token for the REST API (the test's own requests). */
  adminToken: string;
  /** A browser context and page, logged in as `who` (or logged out: null), at `path`. */
  open(who: Person | null, path: string, o?: { viewport?: ViewportName; scheme?: Scheme }): Promise<Session>;
  /** Run `fn` with a fresh session; on failure, a screenshot and the page's log are added to the error. */
  withPage<T>(name: string, who: Person | null, path: string, fn: (s: Session) => Promise<T>, o?: { viewport?: ViewportName; scheme?: Scheme }): Promise<T>;
  /** Drop a generated painting into the Drive stand-in's Incoming folder. */
  drop(filename: string, seed: number): Promise<string>;
  /** Enqueue ScanDriveFolder through POST /api/jobs with the admin token. */
  scan(): Promise<string>;
  /** Wait until no job is PENDING, RUNNING or RETRYING and the outbox is empty. */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function login(page: Page, who: Person): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

/**
 * The page has settled: its h1 is there, no "Loading" placeholder is shown, and no
 * request other than the SSE stream has been in flight for `quietMs`.
 */
export async function settle(page: Page, { quietMs = 400, timeoutMs = 15_000 } = {}): Promise<void> {
  const inflight = new Set<Request>();
  const onRequest = (r: Request) => {
    if (!r.url().includes('/graphql/stream')) inflight.add(r);
  };
  const done = (r: Request) => inflight.delete(r);
  page.on('request', onRequest);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  try {
    await page.locator('h1').first().waitFor({ timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    let quietSince = Date.now();
    for (;;) {
      const loading = await page.locator('[role="status"][aria-label^="Loading"], [aria-busy="true"]').count();
      if (inflight.size > 0 || loading > 0) quietSince = Date.now();
      if (Date.now() - quietSince >= quietMs) break;
      if (Date.now() > deadline) throw new Error(`page ${page.url()} did not settle in ${timeoutMs} ms (${inflight.size} requests in flight, ${loading} loading placeholders)`);
      await page.waitForTimeout(50);
    }
    // Fonts and images decoded, one more frame painted.
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => r(null)))));
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', done);
    page.off('requestfailed', done);
  }
}

/**
 * A picture of the whole page as it lays out at this width: the viewport is made as
 * tall as the page for the shot (so fixed bars sit where they belong, not in the middle
 * as a stitched full-page capture puts them), then put back.
 */
export async function screenshotWhole(page: Page, file: string, maxHeight = 8_000): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight));
  const tall = Math.min(Math.max(height, viewport.height), maxHeight);
  if (tall > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height: tall });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  }
  try {
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  } finally {
    if (tall > viewport.height) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
    }
  }
}

/** The header's Live indicator says the stream is connected. */
export async function streamUp(page: Page, timeoutMs = 15_000): Promise<void> {
  await page.locator('[role="status"][data-state="connected"]').first().waitFor({ state: 'attached', timeout: timeoutMs });
}

export async function startE2E(): Promise<E2E> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The dashboard build globalSetup made current and copied (frontend/dist, or DASHBOARD_DIR).
  // PUBLIC_BASE_URL is the API itself, so the stand-ins' webhooks (Shopify's product changes, Replicate's finished predictions) reach it.
  const port = await freePort();
  const p = await startPipeline({ env: { DASHBOARD_DIR: inject('dashboardDir'), PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  const url = p.api.url;
  const browserP = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const art = await demoArtworkSet({ scale: 0.25 });
    for (const a of art) p.drive.addFile(p.folders.incoming, a.filename, a.buffer, 'image/jpeg');
    const pw = () => randomBytes(12).toString('base64url');
    const admin: Person = { username: 'e2e-admin', password: pw(), role: 'admin' };
    const reviewer: Person = { username: 'e2e-reviewer', password: pw(), role: 'reviewer' };
    await createUser(p.tdb.db, admin.username, admin.password, 'admin');
    await createUser(p.tdb.db, reviewer.username, reviewer.password, 'reviewer');
    const adminToken = p.tokens.admin;

    const e: E2E = {
      p,
      url,
      browser: await browserP,
      admin,
      reviewer,
      adminToken,
      async open(who, pathname, { viewport = 'desktop', scheme = 'light' } = {}) {
        const context = await e.browser.newContext({ viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, reducedMotion: 'reduce', baseURL: url });
        // Bounded waits: a page that does not show what a test looks for fails in seconds.
        context.setDefaultTimeout(10_000);
        const page = await context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        const log = new PageLog(page);
        if (who) {
          await page.goto(`/login?redirect=${encodeURIComponent(pathname)}`);
          await login(page, who);
          await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
        } else {
          await page.goto(pathname);
        }
        return { context, page, log };
      },
      async withPage(name, who, pathname, fn, o) {
        const s = await e.open(who, pathname, o);
        try {
          return await fn(s);
        } catch (err) {
          const shot = path.join(ARTIFACTS, 'e2e-failures', `${name}.png`);
          mkdirSync(path.dirname(shot), { recursive: true });
          await s.page.screenshot({ path: shot, fullPage: true }).catch(() => {});
          const e2 = err as Error;
          e2.message += `\n  at ${s.page.url()} (screenshot: ${path.relative(ROOT, shot)})${s.log.lines.length ? `\n  ${s.log.lines.slice(-15).join('\n  ')}` : ''}`;
          throw e2;
        } finally {
          await s.context.close().catch(() => {});
        }
      },
      async drop(filename, seed) {
        const bytes = await generateArtwork({ width: 600, height: 400, seed });
        return p.drive.addFile(p.folders.incoming, filename, bytes, 'image/jpeg').id;
      },
      async scan() {
        const r = await call(url, 'POST', '/api/jobs', { token: adminToken, body: { command_type: 'ScanDriveFolder', payload: {} } });
        if (r.status !== 201) throw new Error(`scan enqueue: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body.job_id as string;
      },
      async idle(timeoutMs = 30_000) {
        await waitFor(
          async () => {
            const busy = await p.tdb.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'running', 'retrying']).executeTakeFirstOrThrow();
            const outbox = await p.tdb.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
            return Number(busy.n) === 0 && Number(outbox.n) === 0;
          },
          { timeoutMs, intervalMs: 100, what: 'the platform to be idle (no pending, running or retrying job, an empty outbox)' },
        );
      },
      async close() {
        await e.browser.close().catch(() => {});
        await p.close();
      },
    };

    // The seeded artwork through the pipeline to the review queue.
    await e.scan();
    await waitFor(
      async () => {
        const rows = await p.tdb.db.selectFrom('files').select(['status']).execute();
        return rows.length === art.length && rows.every((r) => r.status === 'processed' || r.status === 'failed');
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `the ${art.length} demo paintings to reach review (or fail)` },
    ).catch(async (err) => {
      const files = await p.tdb.db.selectFrom('files').select(['original_filename', 'status', 'status_reason']).execute();
      const jobs = await p.tdb.db.selectFrom('jobs').select(['command_type', 'status', 'attempts', 'last_error']).execute();
      throw new Error(`${(err as Error).message}\n  files: ${JSON.stringify(files)}\n  jobs: ${JSON.stringify(jobs)}`);
    });
    await e.idle();
    return e;
  } catch (err) {
    await (await browserP.catch(() => null))?.close().catch(() => {});
    await p.close().catch(() => {});
    throw err;
  }
}
