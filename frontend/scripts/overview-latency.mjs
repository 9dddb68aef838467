#!/usr/bin/env node
/**
 * How long until the Overview shows its real counts (not a skeleton), in headless
 * Chromium, logged in: from navigation start (performance.timeOrigin) to the moment the
 * files pipeline's counts are in the DOM (`[data-overview-counts="ready"]`, seen by a
 * MutationObserver installed before the page's own scripts). Target: < 1.5 s.
 *
 *   cd backend && npx tsx bench/bigdb.ts --jobs 100000 --files 5000 --out /tmp/ff-overview-big.db --runs 1
 *   DATABASE_URL=sqlite:////tmp/ff-overview-big.db DEMO_MODE=false JWT_SECRET=$(openssl rand -hex 32) \
 *     ADMIN_USERNAME=owner ADMIN_PASSWORD=owner-password PORT=8111 npm start
 *   FF_USER=owner FF_PASSWORD=owner-password node frontend/scripts/overview-latency.mjs [http://127.0.0.1:8111] [--runs 10]
 *
 * Each run is a full navigation (a reload of /): "cold" runs clear the browser's HTTP
 * cache first (every script, style and chunk fetched again), "warm" runs keep it (the
 * hashed assets are immutable). Prints every run with its breakdown (the page's own
 * requests from the Resource Timing entries) and the median / p95 / worst per kind;
 * exits 1 when a p95 misses the target. Needs Chromium at /usr/bin/chromium.
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '10' }, target: { type: 'string', default: '1500' } } });
const base = (positionals[0] ?? 'http://127.0.0.1:8111').replace(/\/$/, '');
const RUNS = Number(values.runs);
const TARGET_MS = Number(values.target);
const user = process.env.FF_USER ?? 'owner';
const password = process.env.FF_PASSWORD ?? 'owner-password';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Installed before any script of the page: note when the counts (and the skeleton) first appear. */
function watchCounts() {
  const w = /** @type {any} */ (window);
  w.__overview = { skeletonAt: null, countsAt: null };
  const check = () => {
    if (w.__overview.skeletonAt === null && document.querySelector('[data-overview-counts="loading"]')) w.__overview.skeletonAt = performance.now();
    if (w.__overview.countsAt === null && document.querySelector('[data-overview-counts="ready"]')) {
      w.__overview.countsAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  const start = () => {
    observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-overview-counts'] });
    check();
  };
  if (document.documentElement) start();
  else document.addEventListener('readystatechange', start, { once: true });
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (x) => `${Math.round(x)} ms`;

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await context.addInitScript(watchCounts);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');

  // Log in once through the form (the session lives in this tab's sessionStorage and the refresh cookie).
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('[data-overview-counts="ready"]').waitFor({ timeout: 30_000 });
  const counts = await page.locator('[data-overview-counts="ready"]').innerText();
  console.log(`logged in as ${user} at ${base}; the pipeline reads: ${counts.replace(/\s+/g, ' ').slice(0, 160)}`);

  const results = { cold: [], warm: [] };
  for (let i = 0; i < RUNS * 2; i++) {
    const kind = i % 2 === 0 ? 'cold' : 'warm';
    if (kind === 'cold') await cdp.send('Network.clearBrowserCache');
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__overview?.countsAt != null, null, { timeout: 30_000, polling: 50 });
    const r = await page.evaluate(() => {
      const o = window.__overview;
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource').filter((e) => e.startTime < o.countsAt);
      const pick = (re) => res.filter((e) => re.test(e.name)).map((e) => ({ start: e.startTime, end: e.responseEnd }));
      const span = (xs) => (xs.length ? `${Math.round(Math.min(...xs.map((x) => x.start)))}–${Math.round(Math.max(...xs.map((x) => x.end)))}` : '—');
      return {
        countsAt: o.countsAt,
        skeletonAt: o.skeletonAt,
        html: nav ? Math.round(nav.responseEnd) : null,
        breakdown: {
          'js+css': span(pick(/\/assets\/index-.*\.(js|css)$/)),
          config: span(pick(/\/config\.json$/)),
          auth: span(pick(/\/auth\//)),
          'overview chunk': span(pick(/\/assets\/overview-.*\.js$/)),
          graphql: span(pick(/\/graphql$/)),
        },
      };
    });
    results[kind].push(r.countsAt);
    const parts = Object.entries(r.breakdown).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`${kind} #${Math.floor(i / 2) + 1}: counts at ${ms(r.countsAt)} (skeleton at ${r.skeletonAt === null ? '—' : ms(r.skeletonAt)}; html ${r.html} ms, ${parts} ms)`);
  }

  let ok = true;
  console.log('');
  for (const [kind, xs] of Object.entries(results)) {
    const p95 = quantile(xs, 0.95);
    ok &&= p95 < TARGET_MS;
    console.log(`${kind.padEnd(4)} (${xs.length} runs): median ${ms(quantile(xs, 0.5))}, p95 ${ms(p95)}, worst ${ms(Math.max(...xs))}  ${p95 < TARGET_MS ? '✓' : '✗'} target < ${TARGET_MS} ms`);
  }
  await context.close();
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
}
