#!/usr/bin/env node
/**
 * How long from clicking "Approve" on the review desk to the next artwork's title being
 * shown, in headless Chromium against a running API (target: < 300 ms with the API local).
 *
 *   FF_PASSWORD=<demo admin password> node frontend/scripts/review-latency.mjs [http://127.0.0.1:8102] [approvals=5]
 *
 * It APPROVES real artworks of that API (use the demo: `DEMO_MODE=true npm start`), as
 * many as asked while at least two wait. Each run: the desk shows an artwork, the next
 * one has been prefetched (as the desk does by itself while you read), then the clock
 * starts in the page at the click event and stops when the title heading shows another
 * artwork (DOM), and at the frame after that (painted). Prints each run and the median.
 */
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const base = args[0]?.startsWith('http') ? args.shift() : 'http://127.0.0.1:8102';
const runs = Number(args[0] ?? 5);
const user = process.env.FF_USER ?? 'demo';
const password = process.env.FF_PASSWORD;
if (!password) throw new Error('FF_PASSWORD is required (the demo admin printed at start)');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results = [];
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // With TRACE=1: each GraphQL operation's duration, as the page saw it.
  if (process.env.TRACE) {
    await page.addInitScript(() => {
      const original = window.fetch;
      window.fetch = async (input, init) => {
        const t = performance.now();
        const res = await original(input, init);
        const op = typeof init?.body === 'string' ? /(query|mutation)\s+(\w+)/.exec(init.body)?.[2] : null;
        if (op) console.log(`trace ${op} ${(performance.now() - t).toFixed(1)} ms`);
        return res;
      };
    });
    page.on('console', (m) => m.text().startsWith('trace') && console.log('  ', m.text()));
  }
  await page.goto(`${base}/login?redirect=/review`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  const heading = page.getByTestId('artwork-title');

  for (let i = 0; i < runs; i++) {
    await heading.waitFor({ timeout: 20_000 });
    const waiting = await page.getByText(/ of \d+\+? waiting/).textContent();
    const total = Number(/of (\d+)/.exec(waiting ?? '')?.[1] ?? 0);
    if (total < 2) {
      console.log(`stopping: ${total} artwork(s) left in the queue (need one to approve and one to show next)`);
      break;
    }
    // Give the desk what it has while a person reads: the next artwork prefetched, its image decoded.
    // (The live stream keeps the network busy, so "network idle" never comes: a pause.)
    await page.waitForTimeout(1200);
    const before = (await heading.textContent()) ?? '';
    const timing = page.evaluate(
      (old) =>
        new Promise((resolve, reject) => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Approve');
          if (!button) return reject(new Error('no Approve button'));
          let t0 = 0;
          button.addEventListener('click', () => (t0 = performance.now()), { capture: true, once: true });
          const done = () => {
            const el = document.querySelector('[data-testid="artwork-title"]');
            if (!t0 || !el || el.textContent === old) return false;
            const dom = performance.now() - t0;
            requestAnimationFrame(() => setTimeout(() => resolve({ dom, painted: performance.now() - t0, title: el.textContent }), 0));
            return true;
          };
          const mo = new MutationObserver(() => done() && mo.disconnect());
          mo.observe(document.body, { subtree: true, childList: true, characterData: true });
          setTimeout(() => reject(new Error('the next title did not appear within 10 s')), 10_000);
        }),
      before,
    );
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const r = await timing;
    results.push(r);
    console.log(`approve ${i + 1}: ${r.dom.toFixed(1)} ms to the next title in the DOM, ${r.painted.toFixed(1)} ms to its frame  (“${before}” → “${r.title}”)`);
  }
} finally {
  await browser.close();
}
if (results.length) {
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const painted = results.map((r) => r.painted);
  console.log(`median ${median(painted).toFixed(1)} ms, worst ${Math.max(...painted).toFixed(1)} ms over ${results.length} approvals (target < 300 ms)`);
}
