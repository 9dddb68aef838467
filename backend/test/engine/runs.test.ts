/**
 * The attempt history (`job_runs`): what GET /api/jobs/{id} shows after retries, a
 * crash, polling and the stale-run sweep (real RabbitMQ, SQLite, worker children), and
 * the repository functions on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, exited, spawnWorker, startApi, startWorker, testEnv, token, waitFor, type Api } from '../helpers/stack.js';
import { flag, testCommands } from '../support/commands.js';
import { insertJobs } from '../../src/jobs/repository.js';
import { recordRuns, runsOfJob, runsOfJobs, THIS_WORKER } from '../../src/jobs/runs.js';
import { claimBatch } from '../../src/worker/claim.js';
import { pruneOldRows, sweepStaleRuns } from '../../src/worker/sweep.js';
import { isoAfter } from '../../src/time.js';
import type { NewJob, NewJobRun } from '../../src/db/schema.js';

const ME = `${hostname()}:${process.pid}`;

describe('attempt history through the API', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  let api: Api & { url: string };
  let admin: string;

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    env = testEnv({ DATABASE_URL: tdb.url, WORKER_CONCURRENCY: '10', RETRY_MAX_ATTEMPTS: '3' });
    api = await startApi(env, testCommands);
    await api.engine.broker.ready();
    admin = await token('admin');
  });

  afterAll(async () => {
    await api?.close();
    if (env) await cleanupBroker(env);
    await tdb?.drop();
  });

  const job = async (id: string) => {
    const r = await call(api.url, 'GET', `/api/jobs/${id}`, { token: admin });
    expect(r.status).toBe(200);
    return r.body;
  };
  const until = (id: string, status: string, timeoutMs = 30_000) =>
    waitFor(async () => {
      const j = await job(id);
      return j.status === status ? j : null;
    }, { timeoutMs, what: `job ${id} ${status}` });
  const enqueue = async (command_type: string, payload: object = {}) => {
    const r = await call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type, payload } });
    expect(r.status).toBe(201);
    return r.body.job_id as string;
  };
  /** An in-process worker for the duration of `fn`. */
  const withWorker = async <T>(fn: () => Promise<T>): Promise<T> => {
    const w = await startWorker(env, testCommands, api);
    try {
      return await fn();
    } finally {
      await w.stop('test');
    }
  };

  it('retries: two RETRY runs with their errors, then COMPLETED, newest first', async () => {
    const j = await withWorker(async () => until(await enqueue('Noop', { fail_times: 2 }), 'COMPLETED'));
    expect(j.runs.map((r: any) => [r.attempt, r.outcome])).toEqual([[3, 'COMPLETED'], [2, 'RETRY'], [1, 'RETRY']]);
    expect(j.runs[0].error).toBeNull();
    expect(j.runs[1].error).toMatch(/failing on purpose \(attempt 2 of 2/);
    expect(j.runs[2].error).toMatch(/failing on purpose \(attempt 1 of 2/);
    for (const r of j.runs) {
      expect(r).toEqual({ attempt: r.attempt, outcome: r.outcome, error: r.error, worker: ME, runs: 1, started_at: expect.any(String), ended_at: expect.any(String) });
      expect(r.started_at <= r.ended_at).toBe(true);
    }
    expect(j.runs[1].ended_at <= j.runs[0].started_at).toBe(true);
  });

  it('failures: retryable with no attempts left and permanent both record FAILED', async () => {
    flag.broken = true;
    const [retried, broken] = await withWorker(async () => {
      const a = await enqueue('Noop', { fail_times: 10 });
      const b = await enqueue('TestBroken');
      return [await until(a, 'FAILED'), await until(b, 'FAILED')];
    });
    expect(retried.runs.map((r: any) => r.outcome)).toEqual(['FAILED', 'RETRY', 'RETRY']);
    expect(retried.runs[0].error).toBe(retried.last_error);
    expect(broken.runs).toEqual([expect.objectContaining({ attempt: 1, outcome: 'FAILED', error: 'broken on purpose' })]);
  });

  it('run again later five times: ONE LATER row with runs 5, then COMPLETED', async () => {
    const j = await withWorker(async () => until(await enqueue('TestLater', { times: 5 }), 'COMPLETED'));
    expect(j.runs).toHaveLength(2);
    expect(j.runs[0]).toMatchObject({ attempt: 1, outcome: 'COMPLETED', runs: 1 });
    expect(j.runs[1]).toMatchObject({ attempt: 1, outcome: 'LATER', runs: 5, error: 'still waiting (5/5)', worker: ME });
    expect(j.runs[1].started_at < j.runs[1].ended_at).toBe(true); // first start, last end
  });

  it('a worker killed mid-run: RUNNING while it runs, then LOST and COMPLETED after the takeover', async () => {
    const id = await enqueue('Noop', { sleep_ms: 4000 });
    const child = spawnWorker(env);
    let startedAt = '';
    try {
      const running = await until(id, 'RUNNING');
      startedAt = running.started_at;
      expect(running.runs).toEqual([{ attempt: 1, outcome: 'RUNNING', error: null, worker: `${hostname()}:${child.pid}`, runs: 1, started_at: running.started_at, ended_at: null }]);
      child.kill('SIGKILL');
      await exited(child);
    } finally {
      child.kill('SIGKILL');
    }
    const j = await withWorker(() => until(id, 'COMPLETED'));
    expect(j.runs.map((r: any) => [r.attempt, r.outcome, r.worker])).toEqual([
      [2, 'COMPLETED', ME],
      [1, 'LOST', `${hostname()}:${child.pid}`],
    ]);
    expect(j.runs[1].error).toBe('the worker stopped during the run (message redelivered)');
    expect(j.runs[1].started_at).toBe(startedAt);
    expect(j.runs[1].ended_at <= j.runs[0].started_at).toBe(true);
  });

  it('graceful shutdown: the cut-short run is HANDED_BACK', async () => {
    const id = await enqueue('Noop', { sleep_ms: 30_000 });
    const w = await startWorker(env, testCommands, api);
    await until(id, 'RUNNING');
    await w.stop('test'); // SHUTDOWN_GRACE_SECONDS=2, then hand-back
    const j = await until(id, 'RETRYING');
    expect(j.runs).toEqual([expect.objectContaining({ attempt: 1, outcome: 'HANDED_BACK', error: 'worker shutting down', worker: ME })]);
    await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
  });

  it('the stale-run sweep records its runs as LOST (retried, and FAILED when no attempts are left)', async () => {
    const longAgo = isoAfter(-3_600_000);
    const stale = async (attempts: number) => {
      const id = await enqueue('Noop');
      await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
      await tdb.db.updateTable('jobs').set({ status: 'running', attempts, run_id: 'dead-run', worker: 'gone:1', started_at: longAgo }).where('id', '=', id).execute();
      return id;
    };
    const again = await stale(1);
    const last = await stale(3);
    expect(await sweepStaleRuns(api.engine.db, api.engine.registry, api.engine.finisher)).toBe(2);
    const failed = await job(last);
    expect(failed.status).toBe('FAILED');
    expect(failed.runs).toEqual([expect.objectContaining({ attempt: 3, outcome: 'LOST', worker: 'gone:1', started_at: longAgo, error: expect.stringMatching(/never finished/) })]);
    const j = await withWorker(() => until(again, 'COMPLETED'));
    expect(j.runs.map((r: any) => [r.attempt, r.outcome, r.worker])).toEqual([[2, 'COMPLETED', ME], [1, 'LOST', 'gone:1']]);
    expect(j.runs[1].started_at).toBe(longAgo);
  });

  it('a redelivery with no attempts left records the last run as LOST', async () => {
    const id = await enqueue('Noop');
    await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
    const startedAt = isoAfter(-60_000);
    const row = await tdb.db.updateTable('jobs').set({ status: 'running', attempts: 3, run_id: 'dead-run', worker: 'gone:2', started_at: startedAt }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    // What the worker submits for an `exhausted` claim.
    const [res] = await api.engine.finisher.finishBatch([{ job: row, runId: 'dead-run', end: { kind: 'exhausted', error: 'attempt 3 of 3 never finished' }, events: [], followUps: [] }]);
    expect(res).toMatchObject({ applied: true, state: 'failed' });
    expect((await job(id)).runs).toEqual([{ attempt: 3, outcome: 'LOST', error: 'attempt 3 of 3 never finished', worker: 'gone:2', runs: 1, started_at: startedAt, ended_at: expect.any(String) }]);
  });
});

function newJob(overrides: Partial<NewJob> = {}): NewJob {
  const t = new Date().toISOString();
  return {
    id: randomUUID(), file_id: null, command_type: 'Noop', queue: 'system', status: 'pending', attempts: 0, max_attempts: 3,
    last_error: null, payload_json: '{}', result_json: null, checkpoint_json: null, run_id: null, run_after: null,
    created_at: t, started_at: null, completed_at: null, updated_at: t, ...overrides,
  };
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const run = (jobId: string, attempt: number, outcome: NewJobRun['outcome'], s: number, error: string | null = null): NewJobRun => ({
  job_id: jobId, attempt, outcome, error, worker: 'w:1', started_at: at(s), ended_at: at(s + 1),
});

for (const dialect of DIALECTS) {
  describe(`job_runs repository on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
    });
    afterAll(async () => t?.drop());

    it('lists a job’s runs newest first, and several jobs’ runs grouped per job', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      await recordRuns(t.db, [run(a, 1, 'retry', 0, 'x'), run(b, 1, 'completed', 0)], at(1));
      await recordRuns(t.db, [run(a, 2, 'retry', 2, 'y')], at(3));
      await recordRuns(t.db, [run(a, 3, 'completed', 4)], at(5));
      expect((await runsOfJob(t.db, a)).map((r) => [r.attempt, r.outcome, r.error, r.runs])).toEqual([[3, 'completed', null, 1], [2, 'retry', 'y', 1], [1, 'retry', 'x', 1]]);
      const both = await runsOfJobs(t.db, [a, b, a]);
      expect(both.filter((r) => r.job_id === a).map((r) => r.attempt)).toEqual([3, 2, 1]);
      expect(both.filter((r) => r.job_id === b).map((r) => r.outcome)).toEqual(['completed']);
      expect(await runsOfJobs(t.db, [])).toEqual([]);
    });

    it('merges consecutive later runs of one attempt into one row', async () => {
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      await recordRuns(t.db, [run(c, 1, 'retry', 0, 'boom')], at(1));
      // One batch: two jobs' first laters (inserted) and a later after a retry (inserted).
      await recordRuns(t.db, [run(a, 1, 'later', 2, 'wait 1'), run(b, 1, 'later', 2, 'b 1'), run(c, 2, 'later', 2, 'c 1')], at(3));
      // Next batch: all three extend their rows, each with its own latest reason.
      await recordRuns(t.db, [run(a, 1, 'later', 4, 'wait 2'), run(b, 1, 'later', 4, 'b 2'), run(c, 2, 'later', 4, 'c 2')], at(5));
      await recordRuns(t.db, [run(a, 1, 'later', 6, 'wait 3'), run(b, 1, 'completed', 6)], at(7));
      const [ra, rb, rc] = [await runsOfJob(t.db, a), await runsOfJob(t.db, b), await runsOfJob(t.db, c)];
      expect(ra.map((r) => [r.outcome, r.runs, r.error, r.started_at, r.ended_at])).toEqual([['later', 3, 'wait 3', at(2), at(7)]]);
      expect(rb.map((r) => [r.outcome, r.runs, r.error])).toEqual([['completed', 1, null], ['later', 2, 'b 2']]);
      expect(rc.map((r) => [r.outcome, r.runs, r.error])).toEqual([['later', 2, 'c 2'], ['retry', 1, 'boom']]);
      // A later of another attempt (a new streak) gets its own row.
      await recordRuns(t.db, [run(a, 2, 'later', 8, 'new streak')], at(9));
      expect((await runsOfJob(t.db, a)).map((r) => [r.attempt, r.runs])).toEqual([[2, 1], [1, 3]]);
    });

    it('a takeover records the superseded run as lost, and claims name the worker', async () => {
      const j = newJob();
      await insertJobs(t.db, [j]);
      const [first] = await claimBatch(t.db, [{ jobId: j.id, redelivered: false }]);
      expect(first.kind === 'claimed' && first.job.worker).toBe(THIS_WORKER);
      expect(await runsOfJob(t.db, j.id)).toEqual([]);
      await t.db.updateTable('jobs').set({ worker: 'dead:7' }).where('id', '=', j.id).execute();
      const [taken] = await claimBatch(t.db, [{ jobId: j.id, redelivered: true }]);
      expect(taken.kind === 'claimed' && [taken.job.attempts, taken.job.worker]).toEqual([2, THIS_WORKER]);
      const runs = await runsOfJob(t.db, j.id);
      expect(runs).toEqual([expect.objectContaining({ attempt: 1, outcome: 'lost', worker: 'dead:7', started_at: first.kind === 'claimed' ? first.job.started_at : '', runs: 1 })]);
    });

    it('prunes a finished job’s runs with the job', async () => {
      const old = newJob({ status: 'completed', completed_at: isoAfter(-40 * 86_400_000) });
      const recent = newJob({ status: 'completed', completed_at: isoAfter(-3_600_000) });
      await insertJobs(t.db, [old, recent]);
      await recordRuns(t.db, [run(old.id, 1, 'retry', 0, 'x'), run(old.id, 2, 'completed', 2), run(recent.id, 1, 'completed', 0)], at(3));
      expect(await pruneOldRows(t.db, 30)).toBe(1);
      expect(await runsOfJob(t.db, old.id)).toEqual([]);
      expect(await runsOfJob(t.db, recent.id)).toHaveLength(1);
      expect(await t.db.selectFrom('jobs').select('id').where('id', 'in', [old.id, recent.id]).execute()).toEqual([{ id: recent.id }]);
    });
  });
}
