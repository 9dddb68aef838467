/**
 * SQL rows written per job on the engine's path: `npx tsx bench/rows-per-job.ts [--jobs 2000]`.
 * The API and a worker share one engine (one SQLite connection) in this process, so
 * SQLite's `total_changes()` counts every row inserted, updated or deleted for N Noop
 * jobs enqueued in bulk and run to COMPLETED (outbox rows and job_runs included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { cleanupBroker, testConfig, testEnv, waitFor } from '../test/helpers/stack.js';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '2000' } } });
const jobs = Number(values.jobs);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-rows-'));
const env = testEnv({ DATABASE_URL: `sqlite:///${path.join(dir, 'rows.db')}`, WORKER_CONCURRENCY: '200', LOG_LEVEL: 'warn' });
const config = testConfig(env);
const { runApi } = await import('../src/api/runApi.js');
const { runWorker } = await import('../src/worker/runWorker.js');
// The pipeline as the engine's Application (this tree); older trees wired it themselves.
const app = await import('../src/pipeline/index.js' as string).then((m) => m.fieldFenPipeline()).catch(() => undefined);
const api = await runApi(config, { host: '127.0.0.1', app } as never);
const worker = await runWorker(config, { engine: api.engine } as never);
const db = api.engine.db;
const changes = async () => Number((await sql<{ n: number }>`select total_changes() as n`.execute(db)).rows[0].n);
const completed = async () => Number((await sql<{ n: number }>`select count(*) as n from jobs where status = 'completed'`.execute(db)).rows[0].n);
try {
  await api.engine.broker.ready();
  const before = await changes();
  for (let i = 0; i < jobs; i += 500) {
    await api.engine.jobs.enqueueMany(Array.from({ length: Math.min(500, jobs - i) }, () => ({ commandType: 'Noop', payload: {} })));
  }
  await waitFor(async () => (await completed()) >= jobs, { timeoutMs: 120_000, what: 'all jobs completed' });
  // Let the relay delete the last confirmed outbox rows (folded into the next write, or its poll).
  await waitFor(async () => Number((await sql<{ n: number }>`select count(*) as n from outbox`.execute(db)).rows[0].n) === 0, { timeoutMs: 30_000, what: 'outbox drained' });
  const rows = (await changes()) - before;
  const runs = await sql<{ n: number }>`select count(*) as n from job_runs`.execute(db).then((r) => Number(r.rows[0].n)).catch(() => 0);
  console.log(`${jobs} jobs: ${rows} rows written, ${(rows / jobs).toFixed(2)} per job (job_runs rows: ${runs})`);
} finally {
  await worker.stop('bench');
  await api.close();
  await cleanupBroker(env);
  rmSync(dir, { recursive: true, force: true });
}
