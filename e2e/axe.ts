/**
 * axe-core in the page (its default rules, none disabled). The script is evaluated
 * through the DevTools protocol, so the page's Content-Security-Policy (scripts from
 * its own origin only) stays on and in force.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js', { paths: [new URL('../frontend/', import.meta.url).pathname] }), 'utf8');

export type Violation = Pick<Result, 'id' | 'impact' | 'help' | 'helpUrl'> & { nodes: { target: string; html: string; summary: string }[] };

export async function axe(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(async () => {
    const a = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe;
    return a.run(document, { resultTypes: ['violations'] });
  })) as AxeResults;
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
  }));
}

export const isSerious = (v: Violation) => v.impact === 'serious' || v.impact === 'critical';
