/**
 * Waking a waiting job (jobs/wake.ts), on the real engine: a job that asked to run again
 * in 60 s runs again at once when woken — whether the wake comes while it waits or while
 * its run is still under way — without spending an attempt; a job that moved on is not
 * changed. The 60 s wait is far beyond every bounded wait below, so only the wake can
 * explain a resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../src/jobs/command.js';
import { RunLaterError } from '../../src/core/outcomes.js';
import { wake, type WakeResult } from '../../src/jobs/wake.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { cleanupBroker, startApi, startWorker, testEnv, waitFor, type Api, type InProcessWorker } from '../helpers/stack.js';

const LONG_WAIT_MS = 60_000;
let api: Api & { url: string };
let worker: InProcessWorker;
/** What the in-run wake of each job answered. */
const inRun = new Map<string, WakeResult>();

/** Waits LONG_WAIT_MS once (its checkpoint remembers), then completes; `wake_in_run` wakes itself before saying "later". */
const waitsOnce = defineCommand({
  type: 'TestWaitsOnce',
  queue: 'system',
  payload: z.strictObject({ wake_in_run: z.boolean() }),
  timeoutMs: 60_000,
  async handler(ctx) {
    if (ctx.checkpoint<boolean>('waited')) return { resumed: true };
    await ctx.saveCheckpoint('waited', true);
    // The webhook overtakes the run: it arrives after the poll said "running", before this run ends.
    if (ctx.payload.wake_in_run) inRun.set(ctx.job.id, await wake(api.engine.db, api.engine.jobs, ctx.job.id));
    throw new RunLaterError(LONG_WAIT_MS, 'prediction still running');
  },
});

let tdb: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: tdb.url });
  api = await startApi(env, [waitsOnce]);
  await api.engine.broker.ready();
  worker = await startWorker(env, [waitsOnce], api);
});
afterAll(async () => {
  await worker?.stop('test');
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

const row = (id: string) => tdb.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const runs = (id: string) => tdb.db.selectFrom('job_runs').select(['outcome', 'attempt']).where('job_id', '=', id).orderBy('id').execute();
const completed = (id: string) => waitFor(async () => ((await row(id)).status === 'completed' ? row(id) : null), { what: `job ${id} completed`, timeoutMs: 10_000, intervalMs: 20 });

describe('wake', () => {
  it('a job waiting 60 s runs again at once when woken, its attempt not spent', async () => {
    const job = await api.engine.jobs.enqueue({ commandType: 'TestWaitsOnce', payload: { wake_in_run: false } });
    const waiting = await waitFor(async () => {
      const j = await row(job.id);
      return j.status === 'retrying' ? j : null;
    }, { what: 'the job to wait', timeoutMs: 10_000, intervalMs: 20 });
    expect(Date.parse(waiting.run_after!) - Date.now()).toBeGreaterThan(LONG_WAIT_MS - 10_000);
    expect(waiting.attempts).toBe(0); // "later" gives the attempt back
    // Its announcement waits in the outbox for the due time.
    // (Only the scheduled row: the first announcement's row may not be deleted yet after its publish.)
    expect(await tdb.db.selectFrom('outbox').select('id').where('job_id', '=', job.id).where('available_at', '>', new Date().toISOString()).execute()).toHaveLength(1);

    expect(await wake(api.engine.db, api.engine.jobs, job.id)).toBe('woken');
    const done = await completed(job.id);
    expect(JSON.parse(done.result_json!)).toEqual({ resumed: true });
    expect(done.attempts).toBe(1);
    expect(await runs(job.id)).toEqual([{ outcome: 'later', attempt: 1 }, { outcome: 'completed', attempt: 1 }]);
    // The due-later announcement was replaced, not left to fire in 60 s.
    expect(await waitFor(async () => (await tdb.db.selectFrom('outbox').select('id').where('job_id', '=', job.id).execute()).length === 0, { what: 'no outbox rows', timeoutMs: 5000 })).toBe(true);
  });

  it('a wake during the run (before it says "later") makes the later due at once', async () => {
    const job = await api.engine.jobs.enqueue({ commandType: 'TestWaitsOnce', payload: { wake_in_run: true } });
    const done = await completed(job.id);
    expect(inRun.get(job.id)).toBe('marked');
    expect(done.attempts).toBe(1);
    expect(await runs(job.id)).toEqual([{ outcome: 'later', attempt: 1 }, { outcome: 'completed', attempt: 1 }]);
  });

  it('changes nothing for a job that moved on, or one that does not exist', async () => {
    const job = await api.engine.jobs.enqueue({ commandType: 'TestWaitsOnce', payload: { wake_in_run: true } });
    const before = await completed(job.id);
    expect(await wake(api.engine.db, api.engine.jobs, job.id)).toBe('unchanged');
    expect(await row(job.id)).toEqual(before);
    expect(await wake(api.engine.db, api.engine.jobs, '00000000-0000-4000-8000-000000000000')).toBe('unchanged');
  });
});
