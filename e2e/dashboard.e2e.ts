/**
 * The dashboard in a real browser against the real platform (issue 8, Tests): see
 * harness.ts for what runs. The tests share one platform and run in order; each opens
 * its own browser context (its own tab and session).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor } from '../backend/test/helpers/stack.ts';
import { usageByService } from '../backend/test/pipeline/harness.ts';
import { takeBackup } from '../backend/src/ops/backup.ts';
import { axe, isSerious, type Violation } from './axe.ts';
import { ARTIFACTS, login, screenshotWhole, settle, startE2E, streamUp, VIEWPORTS, type E2E, type Scheme, type ViewportName } from './harness.ts';

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
}, 120_000);

afterAll(async () => {
  await e?.close();
});

const main = (page: Page) => page.locator('main');
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** Text shown in <main>, including what fields hold (a title may be in an input). */
async function mainHas(page: Page, text: string, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    (t) => {
      const m = document.querySelector('main');
      if (!m) return false;
      if (m.innerText.includes(t)) return true;
      return [...m.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].some((el) => el.value.includes(t));
    },
    text,
    { timeout: timeoutMs, polling: 100 },
  );
}

/** The number the page shows as waiting ("7 waiting", "2 of 7 waiting"), if it shows one. */
async function waitingShown(page: Page): Promise<number | null> {
  return main(page).evaluate((m) => {
    const n = (m as HTMLElement).innerText.match(/(\d[\d,]*)\s*\+?\s*waiting/i)?.[1];
    return n ? Number(n.replace(/,/g, '')) : null;
  });
}

/** Whether the review desk shows `title`; if not, one pass through its queue with Previous and Next. */
async function deskShows(page: Page, title: string): Promise<boolean> {
  const shows = () => mainHas(page, title, 1_000).then(() => true, () => false);
  if (await shows()) return true;
  const step = async (name: 'Previous' | 'Next') => {
    const button = main(page).getByRole('button', { name, exact: true });
    if (!(await button.isEnabled().catch(() => false))) return false;
    await button.click();
    await settle(page, { quietMs: 150 });
    return true;
  };
  for (let i = 0; i < 50 && (await step('Previous')); i++) if (await shows()) return true;
  for (let i = 0; i < 50 && (await step('Next')); i++) if (await shows()) return true;
  return false;
}

const fileRow = (id: string) => e.p.file(id);
const titleOf = (f: { metadata_json: string | null }) => (f.metadata_json ? (JSON.parse(f.metadata_json).title as string) : null);

async function enqueue(command_type: string, payload: unknown): Promise<string> {
  const r = await call(e.url, 'POST', '/api/jobs', { token: e.adminToken, body: { command_type, payload } });
  if (r.status !== 201) throw new Error(`enqueue ${command_type}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.job_id;
}

async function jobStatus(id: string): Promise<string | undefined> {
  return (await e.p.tdb.db.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirst())?.status;
}

async function dlqDepth(queue: string): Promise<number> {
  const r = await call(e.url, 'GET', '/api/queues', { token: e.adminToken });
  const q = (r.body.queues ?? r.body.items ?? r.body).find((x: { name: string }) => x.name === queue);
  if (!q) throw new Error(`no queue ${queue} in GET /api/queues: ${JSON.stringify(r.body)}`);
  return q.dlq_depth;
}

/** A Noop that fails every attempt: FAILED, its message in the system queue's DLQ. */
async function deadLetteredNoop(): Promise<string> {
  const before = await dlqDepth('system');
  const id = await enqueue('Noop', { fail_times: 10 });
  await waitFor(async () => (await jobStatus(id)) === 'failed', { timeoutMs: 20_000, what: `Noop ${id} to fail` });
  await waitFor(async () => (await dlqDepth('system')) > before, { timeoutMs: 10_000, what: `Noop ${id} in the system DLQ` });
  return id;
}

describe('the dashboard in Chromium', () => {
  it('1. a logged-out visitor of /files is sent to Login and lands back on /files after logging in', () =>
    e.withPage('1-login-redirect', null, '/files', async ({ page }) => {
      await page.waitForURL((u) => u.pathname === '/login');
      expect(new URL(page.url()).searchParams.get('redirect')).toMatch(/^\/files/);
      await h1(page, /^Log in/).waitFor();
      await login(page, e.admin);
      await page.waitForURL((u) => u.pathname === '/files', { timeout: 15_000 });
      await h1(page, 'Files').waitFor();
    }));

  let liveFileId: string | null = null;

  it('2. a new painting arrives in the review desk live, without a reload', () =>
    e.withPage('2-review-live', e.admin, '/review', async ({ page }) => {
      await h1(page, 'Review').waitFor();
      await streamUp(page);
      await settle(page);
      await page.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'still the same document'));
      const waitingBefore = await waitingShown(page);

      const driveId = await e.drop('curlew-at-the-tideline.jpg', 9001);
      await e.scan();
      const file = await e.p.waitForFile(async () => {
        const f = await e.p.fileByDriveId(driveId);
        return f?.status === 'processed' ? f : null;
      }, 'the dropped painting to reach review', 30_000);
      liveFileId = file.id;
      const title = titleOf(file)!;
      expect(title).toBeTruthy();
      // The desk shows one painting at a time and keeps the one being looked at: the new
      // one joins its queue. Where the desk says how many wait ("2 of 7 waiting"), that
      // number goes up by itself first (nothing clicked: live).
      if (waitingBefore !== null) {
        await waitFor(async () => (await waitingShown(page)) === waitingBefore + 1, { timeoutMs: 20_000, intervalMs: 200, what: `the desk to show ${waitingBefore + 1} waiting (it showed ${waitingBefore})` });
      }
      // Then walk the queue in the page (Previous to the start, then Next) until its
      // title is on the desk.
      await waitFor(() => deskShows(page, title), { timeoutMs: 20_000, intervalMs: 500, what: `“${title}” in the review desk` });
      expect(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still the same document');
    }));

  it('3. its title is edited and approved with the keyboard (E, type, Ctrl+Enter); its page then shows it PUBLISHED with its listing link, and warns (live) once the owner deletes the product in Shopify admin', async () => {
    // The painting of test 2, or (if that one failed) a fresh one.
    let fileId = liveFileId;
    if (!fileId) {
      const driveId = await e.drop('robin-on-the-gate.jpg', 9002);
      await e.scan();
      fileId = (await e.p.waitForFile(async () => {
        const f = await e.p.fileByDriveId(driveId);
        return f?.status === 'processed' ? f : null;
      }, 'a painting to reach review', 30_000)).id as string;
    }
    const before = (await fileRow(fileId))!;
    const oldTitle = titleOf(before)!;
    const newTitle = `Curlew at the Tideline, e2e ${Date.now().toString(36)}`;

    // The desk's link to one painting (/review?file=<id>).
    await e.withPage('3-review-approve', e.admin, `/review?file=${fileId}`, async ({ page }) => {
      await h1(page, 'Review').waitFor();
      await settle(page);
      await mainHas(page, oldTitle);
      const titleField = page.getByRole('textbox', { name: 'Title', exact: true });
      // E: edit — the cursor goes to the Title field (pressed outside any field).
      await page.locator('body').focus().catch(() => {});
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('e');
      await waitFor(async () => titleField.evaluate((el) => el === document.activeElement).catch(() => false), { timeoutMs: 5_000, what: 'E to put the cursor in the Title field' });
      expect(await titleField.inputValue()).toBe(oldTitle);
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(newTitle);
      await page.keyboard.press('Control+Enter');
      const published = await e.p.waitForStatus(fileId!, 'published', 30_000);
      expect(titleOf(published)).toBe(newTitle);
    });

    const listing = await e.p.tdb.db.selectFrom('listings').selectAll().where('file_id', '=', fileId).executeTakeFirstOrThrow();
    expect(listing.url).toBeTruthy();
    await e.withPage('3-file-detail', e.admin, `/files/${fileId}`, async ({ page }) => {
      await h1(page, /.+/).waitFor();
      await settle(page);
      await mainHas(page, newTitle);
      await main(page).locator('[data-status="PUBLISHED"]').or(main(page).getByText(/^Published$/)).first().waitFor();
      const link = main(page).locator(`a[href="${listing.url}"]`).first();
      await link.waitFor();
      expect(await link.isVisible()).toBe(true);
      expect(await main(page).getByRole('note').filter({ hasText: 'in Shopify' }).count()).toBe(0);

      // The owner deletes the product in Shopify admin: the signed products/delete webhook
      // (subscribed at start under PUBLIC_BASE_URL) marks the listing deleted; the page says so without a reload.
      const [delivery] = await e.p.shopify.admin.deleteProduct(listing.platform_listing_id);
      expect([delivery?.status, delivery?.answer]).toEqual([200, { status: 'accepted' }]);
      await main(page).getByRole('note').filter({ hasText: 'Deleted in Shopify: the product no longer exists there.' }).waitFor({ timeout: 15_000 });
      await mainHas(page, 'changed in Shopify');
    });
  });

  it('4. a dead-lettered job is redriven from the Jobs page (Queues tab) and the dead-letter count shown goes down', async () => {
    await deadLetteredNoop();
    const depth = await dlqDepth('system');
    expect(depth).toBeGreaterThan(0);
    // With the worker stopped the redriven job waits in its queue instead of failing
    // straight back into the DLQ (its fresh attempts fail too: fail_times 10).
    await e.p.stopWorker();
    try {
      await e.withPage('4-jobs-redrive', e.admin, '/jobs?tab=queues', async ({ page }) => {
        await h1(page, 'Jobs').waitFor();
        await settle(page);
        const row = queueRow(page, 'system');
        await row.waitFor();
        expect(await deadLettersShown(page, 'system'), 'dead letters shown for the system queue').toBe(depth);
        await row.getByRole('button', { name: /^Redrive/ }).click();
        const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog')).first();
        await dialog.waitFor();
        await dialog.getByRole('button', { name: /^Redrive/ }).click();
        await waitFor(async () => (await dlqDepth('system')) < depth, { timeoutMs: 10_000, what: 'the system DLQ to shrink' });
        await waitFor(async () => ((await deadLettersShown(page, 'system')) ?? depth) < depth, { timeoutMs: 10_000, what: 'the dead-letter count shown to go down' });
      });
    } finally {
      await e.p.startWorker();
    }
  });

  it('5. the usage page shows the calls made: its totals equal api_usage per service', async () => {
    await e.idle();
    const sums = await usageByService(e.p.tdb.db);
    // At least Drive (the scans) and Replicate (upscales, drafts); Shopify once test 3 has listed a painting.
    expect(Object.keys(sums)).toEqual(expect.arrayContaining(['google_drive', 'replicate']));
    await e.withPage('5-usage', e.admin, '/usage', async ({ page }) => {
      await h1(page, 'Usage').waitFor();
      await settle(page);
      for (const [service, calls] of Object.entries(sums)) {
        // The page may still be taking in the last calls (it updates live): a few seconds.
        const shown = await waitFor(async () => ((await callsShown(page, service)) === calls ? calls : null), { timeoutMs: 5_000, intervalMs: 250, what: `${calls} calls shown for ${service}` }).catch(() => callsShown(page, service));
        expect(shown, `calls shown for ${service} (api_usage: ${calls})`).toBe(calls);
      }
    });
  });

  it('6. a reviewer cannot open Settings (not in the nav; /settings says admins only) and sees no Retry on a failed job', async () => {
    const failedId = await deadLetteredNoop();
    const failedJobs = '/jobs?status=FAILED';
    const jobLink = (page: Page) => main(page).locator(`a[href*="${failedId}"]`).first();
    /** The failed job in the list, then its own page. */
    const openFailedJob = async (page: Page) => {
      await page.goto(failedJobs);
      await h1(page, 'Jobs').waitFor();
      await settle(page);
      await jobLink(page).click();
      await page.waitForURL((u) => u.pathname.includes(failedId));
      await settle(page);
      await mainHas(page, 'Noop failing on purpose');
    };
    // The admin sees Retry there (so its absence for the reviewer means something).
    await e.withPage('6-admin-retry', e.admin, '/', async ({ page }) => {
      await openFailedJob(page);
      await main(page).getByRole('button', { name: /^Retry/ }).first().waitFor();
    });
    await e.withPage('6-reviewer', e.reviewer, '/', async ({ page }) => {
      await h1(page, 'Overview').waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Usage' }).first().waitFor();
      expect(await nav.getByRole('link', { name: 'Settings' }).count(), 'a Settings link in the reviewer\'s navigation').toBe(0);

      await page.goto('/settings');
      // The admins-only state ("This part is for admins", "Settings are for admins", …), and no settings in it.
      await main(page).getByRole('heading', { name: /for admins/i }).waitFor();
      expect(await main(page).getByRole('textbox').count(), 'fields on /settings for a reviewer').toBe(0);

      await page.goto(failedJobs);
      await h1(page, 'Jobs').waitFor();
      await settle(page);
      await jobLink(page).waitFor();
      expect(await main(page).getByRole('button', { name: /^Retry/ }).count(), 'a Retry button in the failed jobs for a reviewer').toBe(0);
      await openFailedJob(page);
      expect(await main(page).getByRole('button', { name: /^Retry/ }).count(), `a Retry button on failed job ${failedId} for a reviewer`).toBe(0);

      await page.goto('/jobs?tab=failures');
      await h1(page, 'Jobs').waitFor();
      await settle(page);
      await mainHas(page, 'Noop failing on purpose');
      expect(await main(page).getByRole('button', { name: /^Retry/ }).count(), 'a Retry (all) button in the failure groups for a reviewer').toBe(0);
    });
  });

  describe('every page', () => {
    interface Visit {
      page: string;
      viewport: ViewportName;
      scheme: Scheme;
      shot: string;
      violations: Violation[];
      error?: string;
    }
    const visits: Visit[] = [];
    let pages: { name: string; path: string; heading?: string | RegExp }[] = [];
    const where = (v: Visit) => `${v.page} ${VIEWPORTS[v.viewport].width}px ${v.scheme}`;

    beforeAll(async () => {
      const published = await e.p.tdb.db.selectFrom('files').select('id').where('status', '=', 'published').executeTakeFirst();
      const any = published ?? (await e.p.tdb.db.selectFrom('files').select('id').where('status', '=', 'processed').executeTakeFirstOrThrow());
      pages = [
        { name: 'login', path: '/login', heading: /^Log in/ },
        { name: 'overview', path: '/', heading: 'Overview' },
        { name: 'review', path: '/review', heading: 'Review' },
        { name: 'files', path: '/files', heading: 'Files' },
        { name: 'file', path: `/files/${any.id}` },
        { name: 'jobs', path: '/jobs', heading: 'Jobs' },
        { name: 'failures', path: '/jobs?tab=failures', heading: 'Jobs' },
        { name: 'queues', path: '/jobs?tab=queues', heading: 'Jobs' },
        { name: 'usage', path: '/usage', heading: 'Usage' },
        { name: 'settings', path: '/settings', heading: 'Settings' },
        { name: 'backups', path: '/settings?tab=backups', heading: 'Settings' },
      ];
      // One backup on record (in the test database's directory), so the Backups tab shows a row.
      await takeBackup({ config: e.p.config, db: e.p.tdb.db, trigger: 'cli' });
      await e.idle();
      // One pass over every page at both widths in both schemes: a screenshot (test 8),
      // then axe (test 7). Two lanes at once (one per width), each a fresh tab and
      // session per scheme. A page that does not come up once is not retried at the
      // other sizes (its error is repeated), which bounds the pass.
      const broken = new Map<string, string>();
      const lane = async (viewport: ViewportName) => {
        for (const scheme of ['light', 'dark'] as Scheme[]) {
          const loggedOut = await e.open(null, '/login', { viewport, scheme });
          const loggedIn = await e.open(e.admin, '/', { viewport, scheme });
          try {
            for (const pg of pages) {
              const { page } = pg.name === 'login' ? loggedOut : loggedIn;
              const shot = path.join(ARTIFACTS, `${pg.name}-${VIEWPORTS[viewport].width}-${scheme}.png`);
              const visit: Visit = { page: pg.name, viewport, scheme, shot, violations: [] };
              visits.push(visit);
              rmSync(shot, { force: true });
              if (broken.has(pg.name)) {
                visit.error = `(as before) ${broken.get(pg.name)}`;
                continue;
              }
              try {
                const t0 = Date.now();
                if (pg.name !== 'login') await page.goto(pg.path);
                await h1(page, pg.heading ?? /./).waitFor();
                await settle(page);
                const t1 = Date.now();
                await screenshotWhole(page, shot);
                const t2 = Date.now();
                visit.violations = await axe(page);
                if (process.env.E2E_TIMINGS) console.log(`${where(visit)}: load ${t1 - t0} ms, screenshot ${t2 - t1} ms, axe ${Date.now() - t2} ms`);
              } catch (err) {
                visit.error = (err as Error).message.split('\n')[0]!;
                broken.set(pg.name, visit.error);
              }
            }
          } finally {
            await loggedOut.context.close();
            await loggedIn.context.close();
          }
        }
      };
      await Promise.all((Object.keys(VIEWPORTS) as ViewportName[]).map(lane));
    }, 150_000);

    it('7. axe (default rules): no serious or critical violation on any page, at 1280 and 375 px, light and dark', () => {
      expect(visits).toHaveLength(pages.length * 4);
      const errors = visits.filter((v) => v.error).map((v) => `${where(v)}: not checked: ${v.error}`);
      const serious = groupViolations(visits, isSerious);
      const minor = groupViolations(visits, (v) => !isSerious(v));
      if (minor) console.log(`axe: moderate and minor findings (reported, not failing):\n${minor}`);
      const report = [...errors, ...(serious ? [serious] : [])].join('\n');
      if (report) {
        console.log(`axe: pages not checked, serious and critical findings:\n${report}`);
        throw new Error(`axe: serious or critical violations, or pages not checked:\n${report}`);
      }
    });

    it('8. screenshots of every page at 1280 and 375 px, light and dark, in test-artifacts/', () => {
      expect(visits).toHaveLength(pages.length * 4);
      const missing = visits.filter((v) => v.error || !existsSync(v.shot) || statSync(v.shot).size === 0).map((v) => `${path.basename(v.shot)}: ${v.error ?? 'not written'}`);
      if (missing.length) throw new Error(`screenshots not taken:\n${missing.join('\n')}`);
    });

    /** Violations grouped by rule and element, each with the pages, widths and schemes it was seen at. */
    function groupViolations(vs: Visit[], keep: (v: Violation) => boolean): string {
      const groups = new Map<string, { v: Violation; node: Violation['nodes'][number]; at: string[] }>();
      for (const visit of vs) {
        for (const v of visit.violations.filter(keep)) {
          for (const node of v.nodes) {
            // React's and Radix's generated ids differ from page to page: not part of the key.
            const key = `${v.id}|${node.target}|${node.html}`.replace(/_r_[0-9a-z]+_/g, '_r_');
            const g = groups.get(key) ?? { v, node, at: [] };
            g.at.push(where(visit));
            groups.set(key, g);
          }
        }
      }
      return [...groups.values()]
        .map(({ v, node, at }) => `[${v.impact}] ${v.id}: ${v.help}\n    element: ${node.target}\n      ${node.html}\n    why: ${node.summary}\n    seen at (${at.length}): ${at.join(', ')}\n    ${v.helpUrl}`)
        .join('\n');
    }
  });

  it('9. idle with the stream up, the Overview page makes no request but the SSE stream for 10 s', async () => {
    await e.idle();
    await e.withPage('9-idle', e.admin, '/', async ({ page }) => {
      await h1(page, 'Overview').waitFor();
      await streamUp(page);
      await settle(page, { quietMs: 1_500 });
      const seen: string[] = [];
      page.on('request', (r) => seen.push(`${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`));
      await page.waitForTimeout(10_000);
      await streamUp(page, 1_000);
      expect(seen.filter((s) => !/^POST \/graphql\/stream(\?|$)|^GET \/graphql\/stream(\?|$)/.test(s))).toEqual([]);
    });
  }, 60_000);
});

// ── reading the Jobs and Usage pages ──────────────────────────────────────────────

/** The Queues tab's row (a table row, or a list item on phones) of one work queue, named exactly. */
function queueRow(page: Page, name: string) {
  return main(page)
    .locator('tr, li')
    .filter({ visible: true })
    .filter({ has: page.getByText(name, { exact: true }) })
    .last();
}

/** The dead letters shown for a queue: its "Dead letters" column, or the number by its "dead letters" label. */
async function deadLettersShown(page: Page, queue: string): Promise<number | null> {
  return queueRow(page, queue).evaluate((el) => {
    const num = (t: string | null | undefined) => {
      const d = t?.match(/\d[\d,]*/)?.[0];
      return d ? Number(d.replace(/,/g, '')) : null;
    };
    if (el.tagName === 'TR') {
      const table = el.closest('table')!;
      const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.toLowerCase() ?? '');
      const col = headers.findIndex((h) => /dead/.test(h));
      return col >= 0 ? num((el as HTMLTableRowElement).cells[col]?.textContent) : null;
    }
    const text = (el as HTMLElement).innerText;
    const m = text.match(/dead[- ]letters?\s*:?\s*(\d[\d,]*)/i) ?? text.match(/(\d[\d,]*)\s*dead[- ]letters?/i);
    return m ? num(m[1]) : null;
  });
}

const SERVICE_NAMES: Record<string, string> = { google_drive: 'drive', replicate: 'replicate', shopify: 'shopify' };

/**
 * The total calls the Usage page shows for one service: the innermost element of
 * <main> (a list item, a table row, a card) that names the service and a number of
 * calls ("123 calls", or a Calls column of a totals table).
 */
async function callsShown(page: Page, service: string): Promise<number | null> {
  const name = SERVICE_NAMES[service] ?? service;
  return main(page).evaluate((m, name) => {
    const num = (t: string | null | undefined) => {
      const d = t?.match(/\d[\d,]*/)?.[0];
      return d ? Number(d.replace(/,/g, '')) : null;
    };
    const read = (el: HTMLElement): number | null => {
      const text = el.innerText;
      if (!text.toLowerCase().includes(name)) return null;
      if (el.tagName === 'TR') {
        const table = el.closest('table')!;
        const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.toLowerCase() ?? '');
        const col = headers.findIndex((h) => /^\s*(total\s+)?(calls|requests)\b/.test(h));
        return col >= 0 ? num((el as HTMLTableRowElement).cells[col]?.textContent) : null;
      }
      const after = text.match(/(\d[\d,]*)\s*(?:calls?|requests?)\b/i);
      return after ? num(after[1]) : null;
    };
    const candidates = [...m.querySelectorAll<HTMLElement>('li, tr, article, section, [role="group"], [role="region"]')].filter((el) => read(el) !== null);
    const innermost = candidates.filter((el) => !candidates.some((o) => o !== el && el.contains(o)));
    return innermost.length ? read(innermost[0]!) : null;
  }, name);
}
