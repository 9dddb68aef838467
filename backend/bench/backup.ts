/**
 * Backups on a database of 100,000 jobs (issue 10): how long `backup` takes and how big
 * its file is, and the API's latency while it runs compared with without it.
 *   npx tsx bench/backup.ts [--jobs 100000] [--runs 3] [--connections 10]
 * The database comes from bench/bigdb.ts (files, jobs in every state, usage rows). The
 * API is a child process (tsx, on that file, the machine's RabbitMQ); each backup is the
 * CLI in its own process, as cron runs it. Load: POST /api/jobs through bench/load.ts
 * (closed loop, `--connections` in flight): 3,000 requests without a backup, and for
 * exactly as long as a backup's process runs (start to exit) during one.
 * Prints medians of `--runs`.
 */
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { signToken } from '../src/domain/users/service.js';
import { BACKEND_DIR, cleanupBroker, freePort, testEnv, waitFor } from '../test/helpers/stack.js';
import { runHttpLoad, type HttpLoadResult } from './load.js';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, connections: { type: 'string', default: '10' } } });
const JOBS = Number(values.jobs), RUNS = Number(values.runs), CONNECTIONS = Number(values.connections);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-bench-backup-'));
const dbFile = path.join(dir, 'ff.db');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`generating ${JOBS.toLocaleString()} jobs (bench/bigdb.ts) …`);
execFileSync(process.execPath, ['--import', 'tsx', 'bench/bigdb.ts', '--jobs', String(JOBS), '--files', String(Math.round(JOBS / 20)), '--usage', String(JOBS / 5), '--runs', '1', '--out', dbFile], { cwd: BACKEND_DIR, stdio: 'ignore' });

const port = await freePort();
const env = testEnv({ DATABASE_URL: dbFile, PORT: String(port), LOG_LEVEL: 'warn', RABBITMQ_QUEUE_TYPE: 'quorum' });
const api = fork(path.join(BACKEND_DIR, 'src/bin/api.ts'), [], { cwd: BACKEND_DIR, env: { ...process.env, ...env }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const url = `http://127.0.0.1:${port}`;
try {
  await waitFor(async () => (await fetch(`${url}/health/live`).catch(() => null))?.ok === true, { timeoutMs: 60_000, what: 'the API' });
  const token = await signToken(env.JWT_SECRET, { sub: 'bench', role: 'admin' }, 3600);
  const load = (total: number, stop?: () => boolean): Promise<HttpLoadResult> =>
    runHttpLoad({ url: `${url}/api/jobs`, connections: CONNECTIONS, total, stop, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: () => ({ command_type: 'Noop', payload: {} }) });
  const backup = () =>
    new Promise<{ wallMs: number; innerMs: number; bytes: number; file: string }>((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'backup', '--out', path.join(dir, 'backups')], { cwd: BACKEND_DIR, env: { PATH: process.env.PATH, ...env } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.once('exit', (code) => {
        if (code !== 0) return reject(new Error(`backup exited ${code}: ${out}`));
        const lines = out.trim().split('\n');
        const m = /([\d.]+) (MB|kB) in ([\d.]+) s/.exec(lines[lines.length - 2])!;
        resolve({ wallMs: performance.now() - t0, innerMs: Number(m[3]) * 1000, bytes: Number(m[1]) * (m[2] === 'MB' ? 1e6 : 1e3), file: lines[lines.length - 1] });
      });
    });

  await load(1000); // warm up
  const dbBytes = (await import('node:fs')).statSync(dbFile).size;
  const alone: Awaited<ReturnType<typeof backup>>[] = [];
  const base: HttpLoadResult[] = [];
  const during: HttpLoadResult[] = [];
  const underLoad: Awaited<ReturnType<typeof backup>>[] = [];
  for (let i = 0; i < RUNS; i++) {
    alone.push(await backup());
    const b = await load(3000);
    base.push(b);
    // Load for exactly as long as the backup's process runs.
    let running = true;
    const [l, bk] = await Promise.all([load(10_000_000, () => !running), backup().finally(() => (running = false))]);
    during.push(l);
    underLoad.push(bk);
  }
  const f = (n: number) => n.toFixed(1);
  console.log(`database: ${(dbBytes / 1e6).toFixed(1)} MB on disk (${JOBS.toLocaleString()} jobs)`);
  console.log(`backup alone: ${f(median(alone.map((a) => a.innerMs)) / 1000)} s inside the CLI (${alone.map((a) => f(a.innerMs / 1000)).join(' / ')}), ${f(median(alone.map((a) => a.wallMs)) / 1000)} s as a process; gzip ${f(median(alone.map((a) => a.bytes)) / 1e6)} MB`);
  console.log(`backup under load: ${f(median(underLoad.map((a) => a.innerMs)) / 1000)} s inside the CLI (${underLoad.map((a) => f(a.innerMs / 1000)).join(' / ')})`);
  console.log(`POST /api/jobs, ${CONNECTIONS} connections, without a backup: p50 ${f(median(base.map((r) => r.p50Ms)))} ms, p99 ${f(median(base.map((r) => r.p99Ms)))} ms (p99s ${base.map((r) => f(r.p99Ms)).join(' / ')}), ${Math.round(median(base.map((r) => (r.requests / r.durationMs) * 1000)))} req/s`);
  console.log(`POST /api/jobs, ${CONNECTIONS} connections, during a backup: p50 ${f(median(during.map((r) => r.p50Ms)))} ms, p99 ${f(median(during.map((r) => r.p99Ms)))} ms (p99s ${during.map((r) => f(r.p99Ms)).join(' / ')}), ${Math.round(median(during.map((r) => (r.requests / r.durationMs) * 1000)))} req/s; errors ${during.reduce((n, r) => n + r.errors, 0)}`);
} finally {
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  await cleanupBroker(env);
  rmSync(dir, { recursive: true, force: true });
}
