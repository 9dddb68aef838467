/**
 * `npm start`: the whole platform on one machine — the API in this process and a
 * worker process beside it, restarted (with backoff) whenever it dies. Migrations
 * run under a lock, so both may start at once on an empty database.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApi } from '../api/runApi.js';
import { loadConfigOrExit } from '../config/index.js';
import { startDemo, type Demo } from '../demo/demo.js';
import { createLogger } from '../logger.js';
import { fieldFenPipeline } from '../pipeline/index.js';
import { API_DRAIN_SECONDS, WORKER_HANDBACK_SECONDS } from './stopBudget.js';

let config = loadConfigOrExit();
let demo: Demo | null = null;
if (config.demoMode) {
  demo = await startDemo(createLogger('demo', config.LOG_LEVEL), process.env);
  Object.assign(process.env, demo.env); // the worker process inherits them too
  config = loadConfigOrExit();
}
const api = await runApi(config, { app: fieldFenPipeline() });
if (demo) {
  const banner = [
    '',
    '  ┌─ Field & Fen — DEMO MODE ─────────────────────────────────────────',
    `  │ API:        http://localhost:${config.PORT}  (docs: /docs)`,
    `  │ Demo admin: ${demo.admin.username} / ${demo.admin.password}`,
    '  │ Drive, Replicate and Shopify are local stand-ins; sample artwork is',
    '  │ in the fake Incoming folder and flows to the review queue by itself.',
    '  └───────────────────────────────────────────────────────────────────',
    '',
  ];
  process.stdout.write(banner.join('\n'));
}
const log = api.log.child({ component: 'supervisor' });

// bin/worker.js next to this file when built (npm start), bin/worker.ts under tsx.
const here = fileURLToPath(import.meta.url);
const workerEntry = path.join(path.dirname(here), `worker${path.extname(here)}`);
let worker: ChildProcess | null = null;
let stopping = false;
let restarts = 0;
let lastStart = 0;

function startWorker(): void {
  lastStart = Date.now();
  // Two malloc arenas unless told otherwise: glibc keeps what libvips' threads freed in
  // one arena per thread (~40 MB of the worker's peak on a 384 MP print file). glibc
  // reads it at process start, so it is set for the child here (the image sets it for all).
  worker = fork(workerEntry, [], { stdio: 'inherit', env: { MALLOC_ARENA_MAX: '2', ...process.env } });
  worker.on('exit', (code, signal) => {
    worker = null;
    if (stopping) return;
    // A worker that ran a while restarts at once; one that keeps dying backs off (max 30 s).
    restarts = Date.now() - lastStart > 60_000 ? 0 : restarts + 1;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(restarts, 6));
    log.warn({ code, signal, restart_in_ms: delay }, 'worker exited; restarting');
    setTimeout(startWorker, delay).unref();
  });
}
startWorker();

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping: worker first, then the API');
  if (worker) {
    const exited = new Promise((r) => worker?.once('exit', r));
    worker.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, (config.SHUTDOWN_GRACE_SECONDS + WORKER_HANDBACK_SECONDS) * 1000))]);
    worker?.kill('SIGKILL');
  }
  // Bounded, so the whole stop stays within stopBudgetMs (a platform's kill timeout).
  await Promise.race([api.close(), new Promise((r) => setTimeout(r, API_DRAIN_SECONDS * 1000))]);
  await demo?.close();
  process.exit(0);
}
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void shutdown(sig));
