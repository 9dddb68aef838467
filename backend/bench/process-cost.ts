/**
 * What one job costs each process of the two-process layout: CPU µs and bytes written
 * (all write syscalls: the WAL, checkpoints, sockets) per job, from /proc, over a bulk
 * enqueue (default) or the HTTP load (HTTP=1) to COMPLETED:
 *   npx tsx bench/process-cost.ts [jobs]        HTTP=1 npx tsx bench/process-cost.ts [jobs]
 */
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { runHttpLoad, waitUntil } from './load.js';
import { bulkEnqueue, startPlatform } from './platform.js';
const jobs = Number(process.argv[2] ?? 20000);
const p = await startPlatform({ dialect: 'sqlite', apis: 1, workers: 1 });
// The platform's children (API, worker), not the pgrep shell that matches its own pattern.
const pids = execSync(`pgrep -P ${process.pid} -f dist/bin`)
  .toString()
  .trim()
  .split('\n')
  .filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/bin/');
    } catch {
      return false;
    }
  });
/** Bytes the process has written (every write syscall) and CPU time (clock ticks of 10 ms). */
const written = (pid: string) => Number(/wchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
const ticks = (pid: string) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime
};
const name = (pid: string) => (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker.js') ? 'worker' : 'API');
try {
  const base = await p.completed();
  const before = pids.map((pid) => ({ w: written(pid), t: ticks(pid) }));
  const t0 = performance.now();
  if (process.env.HTTP) await runHttpLoad({ url: `${p.urls[0]}/api/jobs`, connections: 50, total: jobs, headers: p.headers, body: () => ({ command_type: 'Noop', payload: {} }) });
  else await bulkEnqueue(p, jobs);
  await waitUntil(async () => (await p.completed()) >= base + jobs, { timeoutMs: 600_000, intervalMs: 20, what: 'jobs completed' });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${jobs} jobs (${process.env.HTTP ? 'POST /api/jobs, 50 connections' : 'POST /api/jobs/bulk'}) → COMPLETED: ${Math.round(jobs / seconds)} jobs/s`);
  pids.forEach((pid, i) => {
    const cpuUs = ((ticks(pid) - before[i].t) * 10_000) / jobs;
    console.log(`  ${name(pid).padEnd(6)} CPU ${cpuUs.toFixed(0)} µs/job, written ${((written(pid) - before[i].w) / jobs).toFixed(0)} bytes/job`);
  });
} finally {
  await p.stop();
}
