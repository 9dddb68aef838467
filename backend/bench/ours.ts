/**
 * Our engine, measured the way it runs: an API process and a worker process
 * (production entry points), a fresh SQLite file, the machine's RabbitMQ.
 *  - HTTP:   POST /api/jobs at N concurrent connections → … → COMPLETED, with the
 *            API's p50/p99 meanwhile;
 *  - engine: the same number of jobs enqueued by POST /api/jobs/bulk (one request and
 *            one transaction per chunk) → COMPLETED.
 * Also the resident memory of both processes at idle.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { signToken } from '../src/domain/users/service.js';
import { cleanupBroker, freePort } from '../test/helpers/stack.js';
import { runHttpLoad, waitUntil, type HttpLoadResult } from './load.js';

const THIS_BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface OursResult {
  http: { jobs: number; durationMs: number; jobsPerSec: number; load: HttpLoadResult };
  engine: { jobs: number; durationMs: number; jobsPerSec: number; requests: number };
  idleRssMb: { api: number; worker: number };
  idleRssAfterMb: { api: number; worker: number };
}

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** The production entry points, built as `npm start` builds them (plain Node, no TS loader). */
function spawn(backend: string, entry: string, env: Record<string, string>): ChildProcess {
  return fork(path.join(backend, entry), [], { cwd: backend, env: { ...process.env, ...env }, execArgv: ['--enable-source-maps', ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/ffprof'] : [])], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

export interface OursOptions {
  jobs: number;
  connections?: number;
  concurrency?: number;
  /** Another checkout's backend/ to measure instead of this one (a baseline, side by side). */
  backendDir?: string;
  /** How long after the load the idle memory is read (no forced GC); default 60 s. */
  memoryWaitMs?: number;
}

export async function runOurs(opts: OursOptions): Promise<OursResult> {
  const BACKEND = opts.backendDir ?? THIS_BACKEND;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-bench-'));
  const file = path.join(dir, 'bench.db');
  const port = await freePort();
  const prefix = `bench${randomUUID().slice(0, 6)}.`;
  const env = {
    JWT_SECRET: SECRET,
    DEMO_MODE: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_URL: `sqlite:///${file}`,
    RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/',
    RABBITMQ_QUEUE_PREFIX: prefix,
    // Noop jobs are tiny: a deep prefetch lets claims and completions batch (measured here:
    // 200 → ~6,200 jobs/s, 400 → ~7,000, 800 → ~7,900 on the bulk path).
    WORKER_CONCURRENCY: String(opts.concurrency ?? 800),
    PORT: String(port),
  };
  execFileSync(process.execPath, [path.join(BACKEND, 'scripts/build.mjs')]);
  const api = spawn(BACKEND, 'dist/bin/api.js', env);
  const worker = spawn(BACKEND, 'dist/bin/worker.js', env);
  const url = `http://127.0.0.1:${port}`;
  const token = await signToken(SECRET, { sub: 'bench', role: 'admin' }, 3600);
  const headers = { authorization: `Bearer ${token}` };
  try {
    await waitUntil(async () => (await fetch(`${url}/health`).catch(() => null))?.ok === true, { timeoutMs: 60_000, what: 'API healthy' });
    await waitUntil(async () => {
      const r = await fetch(`${url}/api/queues`, { headers }).then((x) => x.json()).catch(() => null);
      return Boolean(r?.queues?.find((q: { name: string; consumers: number }) => q.name === 'system')?.consumers);
    }, { timeoutMs: 60_000, what: 'worker consuming' });
    await new Promise((r) => setTimeout(r, 2000));
    const idleRssMb = { api: rssMb(api), worker: rssMb(worker) };

    const db = new Database(file, { readonly: true });
    db.pragma('busy_timeout = 5000');
    const completed = db.prepare("SELECT count(*) AS n FROM jobs WHERE status = 'completed'");
    const count = () => (completed.get() as { n: number }).n;

    // Warm-up (JIT, connections, statement caches), not measured.
    await runHttpLoad({ url: `${url}/api/jobs`, connections: 20, total: 1000, headers, body: () => ({ command_type: 'Noop', payload: {} }) });
    await waitUntil(() => count() >= 1000, { timeoutMs: 60_000, what: 'warm-up' });

    // HTTP path.
    const base1 = count();
    const t0 = performance.now();
    const load = await runHttpLoad({ url: `${url}/api/jobs`, connections: opts.connections ?? 50, total: opts.jobs, headers, body: () => ({ command_type: 'Noop', payload: {} }) });
    await waitUntil(() => count() >= base1 + opts.jobs, { timeoutMs: 600_000, intervalMs: 10, what: 'HTTP jobs completed' });
    const httpMs = performance.now() - t0;

    // Engine path: bulk enqueue.
    const base2 = count();
    const chunk = 5000;
    const t1 = performance.now();
    const requests: Promise<unknown>[] = [];
    for (let i = 0; i < opts.jobs; i += chunk) {
      const n = Math.min(chunk, opts.jobs - i);
      requests.push(
        fetch(`${url}/api/jobs/bulk`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ jobs: Array.from({ length: n }, () => ({ command_type: 'Noop', payload: {} })) }),
        }).then((r) => {
          if (r.status !== 201) throw new Error(`bulk answered ${r.status}`);
        }),
      );
    }
    await Promise.all(requests);
    await waitUntil(() => count() >= base2 + opts.jobs, { timeoutMs: 600_000, intervalMs: 10, what: 'bulk jobs completed' });
    const engineMs = performance.now() - t1;
    db.close();

    await new Promise((r) => setTimeout(r, opts.memoryWaitMs ?? 60_000));
    const idleRssAfterMb = { api: rssMb(api), worker: rssMb(worker) };
    if (process.env.BENCH_HEAPSNAPSHOT) {
      // With BENCH_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2: what both still hold after the load.
      api.kill('SIGUSR2');
      worker.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 8000));
    }
    return {
      http: { jobs: opts.jobs, durationMs: httpMs, jobsPerSec: (opts.jobs / httpMs) * 1000, load },
      engine: { jobs: opts.jobs, durationMs: engineMs, jobsPerSec: (opts.jobs / engineMs) * 1000, requests: requests.length },
      idleRssMb,
      idleRssAfterMb,
    };
  } finally {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await Promise.all([api, worker].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await cleanupBroker({ RABBITMQ_QUEUE_PREFIX: prefix });
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const jobs = Number(process.argv[2] ?? 20000);
  const r = await runOurs({ jobs, concurrency: process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined, memoryWaitMs: 3000 });
  console.log(JSON.stringify({ ...r, http: { ...r.http, load: { ...r.http.load } } }, null, 2));
}
