// Build the dashboard (frontend/ → frontend/dist) when it is missing or older than its
// sources, so `npm ci && npm start` on a fresh clone serves it at /. A no-op when it is
// current (a stat of each source file: a few ms), when DASHBOARD_DIR points elsewhere
// (a deployment that ships its own build), or when frontend/ is not there (an image
// with the backend only). A failed build is reported and the API starts anyway: the
// API and the workers matter more than the page.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const backend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const frontend = path.resolve(backend, '../frontend');
const dist = path.join(frontend, 'dist');

/** Newest modification time under the given paths (files and folders, recursively). */
function newest(paths) {
  let t = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
    else t = Math.max(t, s.mtimeMs);
  };
  paths.forEach(visit);
  return t;
}

export function dashboardIsStale() {
  const built = path.join(dist, 'index.html');
  if (!existsSync(built)) return 'missing';
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'build'].map((p) => path.join(frontend, p));
  return newest(sources) > statSync(built).mtimeMs ? 'older than its sources' : null;
}

const custom = process.env.DASHBOARD_DIR?.trim();
if (custom && path.resolve(backend, custom) !== dist) {
  // someone else's build: not ours to make
} else if (!existsSync(path.join(frontend, 'package.json'))) {
  // no frontend workspace here
} else {
  const why = dashboardIsStale();
  if (why) {
    console.log(`dashboard: frontend/dist is ${why}; building it (npm run build -w frontend)…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // DEBUG=true is the API's request logging; to build tools it means "print internals".
    const env = { ...process.env };
    delete env.DEBUG;
    const r = spawnSync(npm, ['run', 'build', '--workspace', 'frontend', '--silent', '--', '--logLevel', 'warn'], { cwd: path.resolve(backend, '..'), stdio: 'inherit', env });
    if (r.status !== 0) console.error('dashboard: the build failed (see above); the API starts without a current dashboard');
  }
}
