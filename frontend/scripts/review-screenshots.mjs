#!/usr/bin/env node
/**
 * Screenshots of the review desk in its main states (for looking at it, not a test), at
 * 1280×800 and 375×800, light and dark, against a running demo API:
 *
 *   FF_PASSWORD=<demo admin password> node frontend/scripts/review-screenshots.mjs [http://127.0.0.1:8102] [states…]
 *
 * States: main, loupe, edited, hashtags, reject, keys, warnings, published, elsewhere, empty.
 * "elsewhere" approves the artwork on screen through the API (as if another reviewer
 * did) and "empty" rejects everything left: run them last (they use up the queue).
 * Writes test-artifacts/review-*.png at the repository root.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const base = args[0]?.startsWith('http') ? args.shift() : 'http://127.0.0.1:8102';
const states = new Set(args.length ? args : ['main', 'loupe', 'edited', 'hashtags', 'reject', 'keys', 'warnings', 'published']);
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');
mkdirSync(out, { recursive: true });
const user = process.env.FF_USER ?? 'demo';
const password = process.env.FF_PASSWORD;
if (!password) throw new Error('FF_PASSWORD is required (the demo admin printed at start)');

const token = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) })
  .then((r) => r.json())
  .then((b) => b.access_token);
const gql = (query, variables = {}) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 800 } };
const shot = async (page, name, options = {}) => {
  await page.waitForTimeout(350);
  await page.screenshot({ path: path.join(out, `review-${name}.png`), ...options });
  console.log(`test-artifacts/review-${name}.png`);
};

async function open(sizeName, scheme, url = '/review') {
  const context = await browser.newContext({ viewport: sizes[sizeName], colorScheme: scheme, deviceScaleFactor: 1, reducedMotion: 'reduce', hasTouch: sizeName === 'phone', isMobile: sizeName === 'phone' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error (${sizeName}-${scheme}):`, e.message));
  await page.goto(`${base}/login?redirect=${encodeURIComponent(url)}`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
  return { context, page };
}

const artworkShown = (page) => page.getByTestId('artwork-title').waitFor({ timeout: 15_000 });

try {
  for (const sizeName of Object.keys(sizes)) {
    for (const scheme of ['light', 'dark']) {
      const tag = `${sizeName}-${scheme}`;
      const { context, page } = await open(sizeName, scheme);
      const empty = page.getByRole('heading', { name: 'All caught up' });
      await Promise.race([artworkShown(page), empty.waitFor({ timeout: 15_000 })]);
      const queued = !(await empty.isVisible());
      if (queued) await page.locator('img[alt^="The painting"]').waitFor();
      else console.error(`${tag}: the queue is empty (restart the demo for new artworks); only "published" and "empty" can be shown`);
      if (queued && states.has('main')) {
        await shot(page, `main-${tag}`);
        if (scheme === 'light') await shot(page, `main-full-${tag}`, { fullPage: true });
      }
      if (queued && states.has('loupe')) {
        const img = page.locator('img[alt^="The painting"]');
        const box = await img.boundingBox();
        if (sizeName === 'desktop') await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.4);
        else await page.touchscreen.tap(box.x + box.width * 0.62, box.y + box.height * 0.5);
        await page.getByTestId('loupe').waitFor();
        await shot(page, `loupe-${tag}`);
        if (sizeName === 'desktop') await page.mouse.move(5, 5);
        else await page.touchscreen.tap(box.x + box.width * 0.62, box.y + box.height * 0.5);
      }
      if (queued && states.has('edited') && scheme === 'light') {
        const species = page.getByLabel('Species', { exact: true });
        await species.fill('Arctic Fox');
        const title = page.getByLabel('Title', { exact: true });
        await title.fill('Arctic Fox in Morning Light – A Quiet Winter Canvas Print for Your Wall');
        await page.locator('[data-field="Title"]').getByRole('button', { name: 'Edited' }).click();
        await page.locator('[data-field="Title"]').scrollIntoViewIfNeeded();
        await page.evaluate(() => window.scrollBy(0, -220));
        await shot(page, `edited-${tag}`);
        await page.locator('[data-field="Title"]').getByRole('button', { name: 'Revert to draft' }).click();
        await page.locator('[data-field="Species"]').getByRole('button', { name: 'Edited' }).click();
        await page.locator('[data-field="Species"]').getByRole('button', { name: 'Revert to draft' }).click();
      }
      if (queued && states.has('hashtags') && scheme === 'light') {
        const input = page.getByLabel('Hashtags', { exact: true });
        await input.scrollIntoViewIfNeeded();
        await input.fill('#wildlife');
        await input.press('Enter');
        await page.getByText('#wildlife is already there.').waitFor();
        await page.evaluate(() => window.scrollBy(0, 160));
        await shot(page, `hashtags-${tag}`);
        await input.fill('');
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      if (queued && states.has('reject')) {
        await page.getByRole('button', { name: 'Reject' }).click();
        await page.getByRole('dialog', { name: 'Reject this artwork?' }).waitFor();
        if (scheme === 'light') {
          await page.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
          await page.getByText('Say why, in a few words').waitFor();
        }
        await shot(page, `reject-${tag}`);
        await page.keyboard.press('Escape');
      }
      if (queued && states.has('keys') && sizeName === 'desktop') {
        await page.locator('body').click({ position: { x: 5, y: 400 } });
        await page.keyboard.press('?');
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
        await shot(page, `keys-${tag}`);
        await page.keyboard.press('Escape');
      }
      if (states.has('published')) {
        const published = await gql('{ files(status: PUBLISHED, first: 1) { edges { node { id } } } }');
        const id = published.data?.files.edges[0]?.node.id;
        if (id) {
          await page.goto(`${base}/review?file=${id}`);
          await artworkShown(page);
          await page.getByLabel('Title', { exact: true }).fill('Edited after publishing: a new title');
          await shot(page, `published-${tag}`);
        } else console.error('no PUBLISHED file to show (approve one and wait for it to be listed)');
      }
      if (queued && states.has('warnings') && scheme === 'light') {
        // The demo's drafts meet every guideline: the API's answer is altered here, in the
        // browser only, to look at how the form shows `metadataWarnings`.
        await page.route('**/graphql', async (route) => {
          const body = route.request().postData() ?? '';
          if (!body.includes('query ReviewFile')) return route.continue();
          const res = await route.fetch();
          const json = await res.json();
          if (json.data?.file) json.data.file.metadataWarnings = ['the description has 84 words; it needs 100–200', 'there are 14 hashtags; it needs 20–30'];
          await route.fulfill({ response: res, json });
        });
        await page.reload();
        await artworkShown(page);
        await page.getByText('The draft misses 2 guidelines').waitFor();
        await page.evaluate(() => window.scrollTo(0, 180));
        await shot(page, `warnings-${tag}`);
        await page.unroute('**/graphql');
      }
      if (queued && states.has('elsewhere') && sizeName === 'desktop' && scheme === 'light') {
        await page.goto(`${base}/review`);
        await artworkShown(page);
        const id = new URL(page.url()).searchParams.get('file');
        await page.getByLabel('Title', { exact: true }).fill('A title I was still working on');
        // Another reviewer, Rita, approves it meanwhile.
        await gql('mutation { createUser(username: "rita", password: "rita-reviews-art", role: REVIEWER) { id } }');
        const rita = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rita', password: 'rita-reviews-art' }) }).then((x) => x.json());
        const r = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${rita.access_token}` },
          body: JSON.stringify({ query: 'mutation($id: ID!) { approveFile(id: $id) { id status } }', variables: { id } }),
        }).then((x) => x.json());
        if (r.errors) console.error(r.errors);
        await page.getByRole('status').filter({ hasText: 'approved' }).waitFor();
        await shot(page, `elsewhere-${tag}`);
      }
      if (states.has('empty')) {
        const q = await gql('{ files(status: PROCESSED, first: 50) { edges { node { id } } } }');
        for (const e of q.data.files.edges) await gql('mutation($id: ID!) { rejectFile(id: $id, reason: "screenshots: empty queue") { id } }', { id: e.node.id });
        await page.goto(`${base}/review`);
        await page.getByRole('heading', { name: 'All caught up' }).waitFor();
        await shot(page, `empty-${tag}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
