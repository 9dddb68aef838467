/**
 * The scaled layout on PostgreSQL (fly.scaled.toml's shape): 2 APIs and 1, 2, 3 workers.
 *   npx tsx bench/scale.ts [--jobs 20000] [--workers 1,2,3]
 * Prints jobs/s per worker count for the HTTP path (POST /api/jobs, 25 connections to
 * each API) and the bulk path. On this 2-core machine (shared with PostgreSQL, RabbitMQ
 * and the load generator) more processes show their cost, not growth.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { fmt, runHttpLoad, waitUntil } from './load.js';
import { bulkEnqueue, startPlatform } from './platform.js';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '20000' }, workers: { type: 'string', default: '1,2,3' } } });
const jobs = Number(values.jobs);
const rows: string[] = [];
for (const workers of values.workers.split(',').map(Number)) {
  const p = await startPlatform({ dialect: 'postgres', apis: 2, workers });
  try {
    // Warm-up, not measured.
    await Promise.all(p.urls.map((url) => runHttpLoad({ url: `${url}/api/jobs`, connections: 10, total: 500, headers: p.headers, body: () => ({ command_type: 'Noop', payload: {} }) })));
    await waitUntil(async () => (await p.completed()) >= 1000, { timeoutMs: 120_000, what: 'warm-up' });

    let base = await p.completed();
    let t0 = performance.now();
    const loads = await Promise.all(p.urls.map((url) => runHttpLoad({ url: `${url}/api/jobs`, connections: 25, total: jobs / 2, headers: p.headers, body: () => ({ command_type: 'Noop', payload: {} }) })));
    await waitUntil(async () => (await p.completed()) >= base + jobs, { timeoutMs: 600_000, intervalMs: 20, what: 'HTTP jobs completed' });
    const http = (jobs / (performance.now() - t0)) * 1000;
    const p99 = Math.max(...loads.map((l) => l.p99Ms));
    const errors = loads.reduce((n, l) => n + l.errors, 0);

    base = await p.completed();
    t0 = performance.now();
    await bulkEnqueue(p, jobs);
    await waitUntil(async () => (await p.completed()) >= base + jobs, { timeoutMs: 600_000, intervalMs: 20, what: 'bulk jobs completed' });
    const bulk = (jobs / (performance.now() - t0)) * 1000;
    const line = `2 APIs, ${workers} worker${workers > 1 ? 's' : ' '}: HTTP ${fmt(http).padStart(6)} jobs/s (p99 ${fmt(p99, 1)} ms, ${errors} errors)   bulk ${fmt(bulk).padStart(6)} jobs/s`;
    console.log(line);
    rows.push(line);
  } finally {
    await p.stop();
  }
}
console.log(`\nPostgreSQL, ${jobs} Noop jobs per path, WORKER_CONCURRENCY=800 per worker:\n${rows.join('\n')}`);
