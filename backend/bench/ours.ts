/**
 * Our engine, measured the way it runs: an API process and a worker process
 * (production entry points, bench/platform.ts), a fresh SQLite file, the machine's RabbitMQ.
 *  - HTTP:   POST /api/jobs at N concurrent connections → … → COMPLETED, with the
 *            API's p50/p99 meanwhile;
 *  - engine: the same number of jobs enqueued by POST /api/jobs/bulk (one request and
 *            one transaction per chunk of 5,000) → COMPLETED.
 * Also the resident memory of both processes at idle after start, and after the load.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runHttpLoad, waitUntil, type HttpLoadResult } from './load.js';
import { bulkEnqueue, startPlatform } from './platform.js';

export interface OursResult {
  http: { jobs: number; durationMs: number; jobsPerSec: number; load: HttpLoadResult };
  engine: { jobs: number; durationMs: number; jobsPerSec: number; requests: number };
  idleRssMb: { api: number; worker: number };
  idleRssAfterMb: { api: number; worker: number };
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
  const p = await startPlatform({ dialect: 'sqlite', apis: 1, workers: 1, concurrency: opts.concurrency, backendDir: opts.backendDir });
  const url = p.urls[0];
  const rss = () => {
    const r = p.rssMb();
    return { api: r.apis[0], worker: r.workers[0] };
  };
  const noop = () => ({ command_type: 'Noop', payload: {} });
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const idleRssMb = rss();

    // Warm-up (JIT, connections, statement caches), not measured.
    await runHttpLoad({ url: `${url}/api/jobs`, connections: 20, total: 1000, headers: p.headers, body: noop });
    await waitUntil(async () => (await p.completed()) >= 1000, { timeoutMs: 60_000, what: 'warm-up' });

    // HTTP path.
    const base1 = await p.completed();
    const t0 = performance.now();
    const load = await runHttpLoad({ url: `${url}/api/jobs`, connections: opts.connections ?? 50, total: opts.jobs, headers: p.headers, body: noop });
    await waitUntil(async () => (await p.completed()) >= base1 + opts.jobs, { timeoutMs: 600_000, intervalMs: 10, what: 'HTTP jobs completed' });
    const httpMs = performance.now() - t0;

    // Engine path: bulk enqueue.
    const base2 = await p.completed();
    const t1 = performance.now();
    const requests = await bulkEnqueue(p, opts.jobs);
    await waitUntil(async () => (await p.completed()) >= base2 + opts.jobs, { timeoutMs: 600_000, intervalMs: 10, what: 'bulk jobs completed' });
    const engineMs = performance.now() - t1;

    await new Promise((r) => setTimeout(r, opts.memoryWaitMs ?? 60_000));
    const idleRssAfterMb = rss();
    if (process.env.BENCH_HEAPSNAPSHOT) {
      // With BENCH_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2: what both still hold after the load.
      p.signal('SIGUSR2');
      await new Promise((r) => setTimeout(r, 8000));
    }
    return {
      http: { jobs: opts.jobs, durationMs: httpMs, jobsPerSec: (opts.jobs / httpMs) * 1000, load },
      engine: { jobs: opts.jobs, durationMs: engineMs, jobsPerSec: (opts.jobs / engineMs) * 1000, requests },
      idleRssMb,
      idleRssAfterMb,
    };
  } finally {
    await p.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const jobs = Number(process.argv[2] ?? 20000);
  const r = await runOurs({ jobs, concurrency: process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined, memoryWaitMs: 3000 });
  console.log(JSON.stringify({ ...r, http: { ...r.http, load: { ...r.http.load } } }, null, 2));
}
