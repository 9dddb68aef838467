/**
 * Latency under load: enqueue → COMPLETED p50/p99 at 25 %, 50 % and 90 % of the
 * platform's maximum rate, not only at saturation.
 *   npx tsx bench/latency.ts [--seconds 10] [--max <jobs/s>]
 * The maximum is measured first in the same run (POST /api/jobs at 50 connections,
 * closed loop, 20,000 jobs → COMPLETED) unless given. Each level is an open loop: single
 * POST /api/jobs requests sent on a fixed schedule (every 5 ms, rate × 5 ms requests),
 * whatever the answers; the latency of each job is its completed_at − created_at, both
 * written by the platform (the API at enqueue, the worker's finish commit).
 * One API and one worker on SQLite, as ours.ts.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { fmt, percentile, runHttpLoad, waitUntil } from './load.js';
import { startPlatform } from './platform.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, max: { type: 'string' }, backend: { type: 'string' } } });
const seconds = Number(values.seconds);
const p = await startPlatform({ dialect: 'sqlite', apis: 1, workers: 1, backendDir: values.backend });
const url = p.urls[0];
const body = JSON.stringify({ command_type: 'Noop', payload: {} });
try {
  await runHttpLoad({ url: `${url}/api/jobs`, connections: 20, total: 1000, headers: p.headers, body: () => ({ command_type: 'Noop', payload: {} }) });
  await waitUntil(async () => (await p.completed()) >= 1000, { timeoutMs: 60_000, what: 'warm-up' });
  let max = values.max ? Number(values.max) : NaN;
  if (!values.max) {
    const base = await p.completed();
    const t0 = performance.now();
    await runHttpLoad({ url: `${url}/api/jobs`, connections: 50, total: 20_000, headers: p.headers, body: () => ({ command_type: 'Noop', payload: {} }) });
    await waitUntil(async () => (await p.completed()) >= base + 20_000, { timeoutMs: 600_000, intervalMs: 10, what: 'saturation run' });
    max = (20_000 / (performance.now() - t0)) * 1000;
  }
  console.log(`maximum rate (HTTP, 50 connections, closed loop): ${fmt(max)} jobs/s`);
  const pool = new Pool(url, { connections: 256, pipelining: 1 });
  const lines: string[] = [];
  for (const share of [0.25, 0.5, 0.9]) {
    const rate = max * share;
    const total = Math.round(rate * seconds);
    const since = new Date().toISOString();
    const base = await p.completed();
    let sent = 0;
    let errors = 0;
    const inflight: Promise<void>[] = [];
    const t0 = performance.now();
    // Open loop: at each 5 ms tick, send what the schedule says is due by now.
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      for (; sent < due; sent++) {
        inflight.push(
          pool
            .request({ path: '/api/jobs', method: 'POST', headers: { ...p.headers, 'content-type': 'application/json' }, body })
            .then(async (r) => {
              await r.body.dump();
              if (r.statusCode !== 201) errors++;
            })
            .catch(() => void errors++),
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(inflight);
    const offered = (total / (performance.now() - t0)) * 1000;
    await waitUntil(async () => (await p.completed()) >= base + total - errors, { timeoutMs: 600_000, intervalMs: 20, what: `level ${share * 100} % completed` });
    const lat = await p.latencies(since);
    const line = `${String(share * 100).padStart(3)} % (${fmt(offered).padStart(6)} jobs/s offered, ${total} jobs, ${errors} errors): enqueue → COMPLETED p50 ${fmt(percentile(lat, 50), 1)} ms, p99 ${fmt(percentile(lat, 99), 1)} ms`;
    console.log(line);
    lines.push(line);
  }
  await pool.close();
  console.log(`\n${lines.join('\n')}`);
} finally {
  await p.stop();
}
