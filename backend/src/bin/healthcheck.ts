/**
 * The container HEALTHCHECK (`node backend/dist/bin/healthcheck.js`; no curl in the
 * image): finds which roles this container runs — the API (bin/api.js), a worker
 * (bin/worker.js) or the one-box supervisor (bin/start.js: both) — from the processes'
 * command lines, and asks each role's liveness endpoint: the API's /health/live on
 * PORT, the worker's on WORKER_METRICS_PORT. Exit 0 when every role answers 200.
 */
import { readdirSync, readFileSync } from 'node:fs';

const roles = new Set<'api' | 'worker'>();
for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    continue; // gone meanwhile
  }
  if (/bin\/(api|start)\.js/.test(cmd)) roles.add('api');
  if (/bin\/(worker|start)\.js/.test(cmd)) roles.add('worker');
}

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback) || fallback;
const targets = [
  ...(roles.has('api') ? [`http://127.0.0.1:${port('PORT', 8000)}/health/live`] : []),
  ...(roles.has('worker') ? [`http://127.0.0.1:${port('WORKER_METRICS_PORT', 9464)}/health/live`] : []),
];
if (targets.length === 0) {
  console.error('healthcheck: no Field & Fen process is running');
  process.exit(1);
}
const results = await Promise.all(
  targets.map((url) =>
    fetch(url, { signal: AbortSignal.timeout(4000) })
      .then((r) => ({ url, ok: r.ok, status: String(r.status) }))
      .catch((err: Error) => ({ url, ok: false, status: err.message })),
  ),
);
for (const r of results) if (!r.ok) console.error(`healthcheck: ${r.url} → ${r.status}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
