/**
 * Workers that die: SIGKILL mid-run, a handler that kills its process every time,
 * graceful shutdown, and the sweep of runs whose worker vanished. Workers run as
 * child processes here so they can really be killed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { sql } from 'kysely';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { BACKEND_DIR, call, cleanupBroker, exited, spawnWorker, startApi, startWorker, testEnv, token, waitFor, type Api } from '../helpers/stack.js';
import { testCommands } from '../support/commands.js';
import { queueStats } from '../../src/queue/redrive.js';
import { sweepStaleRuns } from '../../src/worker/sweep.js';
import { isoAfter } from '../../src/time.js';

const TEST_WORKER = path.join(BACKEND_DIR, 'test/support/testWorker.ts');

let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };
let admin: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: tdb.url, WORKER_CONCURRENCY: '10', RETRY_MAX_ATTEMPTS: '3' });
  api = await startApi(env, testCommands);
  await api.engine.broker.ready();
  admin = await token('admin');
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

const counts = async (ids: string[]) => {
  const rows = await tdb.db.selectFrom('jobs').select(['status', sql<number>`count(*)`.as('n')]).where('id', 'in', ids).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
};

async function bulk(n: number, command_type: string, payload: object): Promise<string[]> {
  const r = await call(api.url, 'POST', '/api/jobs/bulk', { token: admin, body: { jobs: Array.from({ length: n }, () => ({ command_type, payload })) } });
  expect(r.status).toBe(201);
  return r.body.job_ids;
}

describe('workers that die', () => {
  it('SIGKILL mid-run: every job still reaches a final state, none lost', async () => {
    const ids = await bulk(40, 'Noop', { sleep_ms: 300 });
    const first = spawnWorker(env);
    children.push(first);
    await waitFor(async () => ((await counts(ids)).running ?? 0) >= 5, { what: 'runs in flight' });
    first.kill('SIGKILL');
    await exited(first);
    const second = spawnWorker(env);
    children.push(second);
    await waitFor(async () => (await counts(ids)).completed === 40, { timeoutMs: 60_000, what: 'all 40 completed' });
    const rows = await tdb.db.selectFrom('jobs').select(['attempts']).where('id', 'in', ids).execute();
    // The runs cut short by the kill were taken over (their attempt stays spent).
    expect(rows.some((r) => r.attempts === 2)).toBe(true);
    expect(rows.every((r) => r.attempts >= 1 && r.attempts <= 2)).toBe(true);
    second.kill('SIGTERM');
    await exited(second);
  });

  it('a handler that kills its worker every time ends FAILED after the attempt limit, in the DLQ', async () => {
    const [id] = await bulk(1, 'TestCrash', {});
    let deaths = 0;
    // A supervisor, as `npm start` has: restart the worker whenever it dies (bounded).
    const supervise = async () => {
      while (deaths < 6) {
        const w = spawnWorker(env, TEST_WORKER);
        children.push(w);
        await exited(w);
        const j = await tdb.db.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow();
        if (j.status === 'failed') return;
        deaths++;
      }
    };
    const supervising = supervise();
    const failed = await waitFor(
      async () => {
        const j = await tdb.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return j.status === 'failed' ? j : undefined;
      },
      { timeoutMs: 90_000, what: 'crash-looping job to fail' },
    );
    expect(failed.attempts).toBe(3);
    expect(failed.last_error).toMatch(/never finished/);
    expect(deaths).toBe(3);
    await waitFor(async () => (await queueStats(api.engine.broker)).find((q) => q.name === 'system')!.dlq_depth === 1, { what: 'dead letter' });
    for (const c of children) c.kill('SIGTERM');
    await supervising;
  });

  it('SIGTERM: in-flight runs finish within the grace period, the rest are handed back without spending attempts', async () => {
    const quick = await bulk(5, 'Noop', { sleep_ms: 200 });
    const slow = await bulk(3, 'Noop', { sleep_ms: 30_000 });
    const w = spawnWorker({ ...env, SHUTDOWN_GRACE_SECONDS: '1' });
    children.push(w);
    await waitFor(async () => ((await counts(slow)).running ?? 0) === 3, { what: 'slow runs started' });
    w.kill('SIGTERM');
    await exited(w);
    expect(w.exitCode).toBe(0);
    expect((await counts(quick)).completed).toBe(5);
    const handedBack = await tdb.db.selectFrom('jobs').select(['status', 'attempts']).where('id', 'in', slow).execute();
    expect(handedBack.every((j) => j.status === 'retrying' && j.attempts === 0)).toBe(true);
    // Another worker picks them up as fresh runs.
    await call(api.url, 'POST', `/api/jobs/${slow[0]}/cancel`, { token: admin });
    const next = await startWorker(env, testCommands, api);
    await waitFor(async () => ((await counts(slow.slice(1))).running ?? 0) === 2, { what: 'handed-back runs restarted' });
    const rows = await tdb.db.selectFrom('jobs').select('attempts').where('id', 'in', slow.slice(1)).execute();
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    for (const id of slow.slice(1)) await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
    await next.stop('test');
  });

  it('the sweep recovers a job left RUNNING by a worker that vanished without a redelivery', async () => {
    const [id] = await bulk(1, 'Noop', {});
    await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
    // Simulate a run whose worker and message are both gone long ago.
    await tdb.db.updateTable('jobs').set({ status: 'running', attempts: 1, run_id: 'dead-run', started_at: isoAfter(-3_600_000) }).where('id', '=', id).execute();
    const swept = await sweepStaleRuns(api.engine.db, api.engine.registry, api.engine.finisher);
    expect(swept).toBe(1);
    const w = await startWorker(env, testCommands, api);
    const done = await waitFor(async () => {
      const j = await tdb.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return j.status === 'completed' ? j : undefined;
    }, { what: 'swept job to complete' });
    expect(done.attempts).toBe(2);
    expect(done.last_error).toMatch(/never finished/);
    await w.stop('test');
  });
});
