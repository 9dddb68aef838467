#!/usr/bin/env node
/**
 * Screenshots of the dashboard against a running API (for looking at the pages, not a
 * test): the login page and the shell at 1280×800 and 375×800, light and dark.
 *
 *   cd backend && JWT_SECRET=$(openssl rand -hex 32) DEBUG=true npm start   # prints a demo admin
 *   FF_USER=demo FF_PASSWORD=… node frontend/scripts/screenshots.mjs [http://127.0.0.1:8000]
 *
 * Needs Chromium at /usr/bin/chromium (apt-get install chromium). Writes
 * test-artifacts/*.png at the repository root.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8000';
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');
mkdirSync(out, { recursive: true });
const user = process.env.FF_USER ?? 'demo';
const password = process.env.FF_PASSWORD;
if (!password) throw new Error('FF_PASSWORD is required (the demo admin printed at start)');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 800 } };
const shot = async (page, name) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  console.log(`test-artifacts/${name}.png`);
};

try {
  for (const [sizeName, viewport] of Object.entries(sizes)) {
    for (const scheme of ['light', 'dark']) {
      const tag = `${sizeName}-${scheme}`;
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`page error (${tag}):`, e.message));
      await page.goto(`${base}/files?status=FAILED`);
      await page.getByLabel('Username').waitFor();
      await shot(page, `login-${tag}`);
      // wrong password: the message
      await page.getByLabel('Username').fill(user);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();
      await shot(page, `login-error-${tag}`);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Files' }).waitFor();
      await page.getByRole('status').filter({ hasText: /^Live$/ }).first().waitFor({ timeout: 10_000 }).catch(() => console.error(`${tag}: the Live indicator did not say Live`));
      await shot(page, `files-filtered-${tag}`);
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      await shot(page, `overview-${tag}`);
      await page.goto(`${base}/jobs?tab=queues`);
      await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
      await shot(page, `jobs-${tag}`);
      if (sizeName === 'desktop' && scheme === 'light') {
        await page.getByRole('button', { name: /^Account:/ }).click();
        await page.getByRole('menuitem', { name: 'Log out' }).waitFor();
        await shot(page, `user-menu-${tag}`);
        await page.keyboard.press('Escape');
        await page.goto(`${base}/review`);
        await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
        await page.keyboard.press('Tab');
        console.log('focused after Tab:', await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120)));
        await shot(page, `skip-link-${tag}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
