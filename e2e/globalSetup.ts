/**
 * Before the browser tests: a current dashboard build (frontend/dist, built once with
 * `npm run build -w frontend` when it is missing or older than its sources, as
 * `npm start` does; or DASHBOARD_DIR, an absolute path to a build made elsewhere) and
 * Chromium where playwright-core will look for it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: apt-get update && apt-get install -y chromium (or set CHROMIUM=<path>)`);
  }
  // A build made elsewhere (DASHBOARD_DIR, as for the API): not ours to make.
  if (process.env.DASHBOARD_DIR) {
    if (!existsSync(path.join(process.env.DASHBOARD_DIR, 'index.html'))) throw new Error(`DASHBOARD_DIR=${process.env.DASHBOARD_DIR} has no index.html`);
    return;
  }
  const why = staleness();
  if (why) {
    console.log(`e2e: frontend/dist is ${why}; building it (npm run build -w frontend)…`);
    const env = { ...process.env };
    delete env.DEBUG;
    const r = spawnSync('npm', ['run', 'build', '--workspace', 'frontend', '--silent', '--', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
    if (r.status !== 0) throw new Error('e2e: the dashboard build failed (see above)');
  }
}
