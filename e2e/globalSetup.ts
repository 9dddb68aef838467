/**
 * Before the browser tests: a current dashboard build (frontend/dist, built once with
 * `npm run build -w frontend` when it is missing or older than its sources, as
 * `npm start` does; or DASHBOARD_DIR, a build made elsewhere), copied for the run, and
 * Chromium where playwright-core will look for it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The dashboard build the API serves in these tests (a copy: see below). */
    dashboardDir: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const frontend = path.join(root, 'frontend');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((name) => newest(path.join(p, name))));
}

function staleness(): string | null {
  const built = path.join(frontend, 'dist', 'index.html');
  if (!existsSync(built)) return 'missing';
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'build'].map((p) => path.join(frontend, p));
  return Math.max(...sources.map(newest)) > statSync(built).mtimeMs ? 'older than its sources' : null;
}

export default function setup(project: TestProject): (() => void) | void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: apt-get update && apt-get install -y chromium (or set CHROMIUM=<path>)`);
  }
  // A build made elsewhere (DASHBOARD_DIR, as for the API): not ours to make.
  const given = process.env.DASHBOARD_DIR ? path.resolve(process.env.DASHBOARD_DIR) : null;
  if (given && !existsSync(path.join(given, 'index.html'))) throw new Error(`DASHBOARD_DIR=${given} has no index.html`);
  if (!given) {
    const why = staleness();
    if (why) {
      console.log(`e2e: frontend/dist is ${why}; building it (npm run build -w frontend)…`);
      const env = { ...process.env };
      delete env.DEBUG;
      const r = spawnSync('npm', ['run', 'build', '--workspace', 'frontend', '--silent', '--', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
      if (r.status !== 0) throw new Error('e2e: the dashboard build failed (see above)');
    }
  }
  // The API serves a copy: a build started meanwhile (npm start, another npm run build)
  // empties frontend/dist first, and pages would be 404s for a moment.
  const copy = mkdtempSync(path.join(os.tmpdir(), 'ff-e2e-dashboard-'));
  cpSync(given ?? path.join(frontend, 'dist'), copy, { recursive: true });
  project.provide('dashboardDir', copy);
  return () => rmSync(copy, { recursive: true, force: true });
}
