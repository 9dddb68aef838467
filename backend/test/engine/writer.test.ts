/**
 * The worker's group commit (worker/writer.ts): claims and run ends submitted together
 * are written in one transaction, and an item that makes the shared transaction fail
 * fails alone (real SQLite and RabbitMQ; the engine of an in-process API).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { cleanupBroker, startApi, testEnv, type Api } from '../helpers/stack.js';
import { uuidv7 } from '../../src/core/ids.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import type { NewJob } from '../../src/db/schema.js';
import { getJob, insertJobs } from '../../src/jobs/repository.js';
import { runsOfJob } from '../../src/jobs/runs.js';
import type { Claim } from '../../src/worker/claim.js';
import { Finisher } from '../../src/worker/finish.js';
import { RunWriter } from '../../src/worker/writer.js';

function pending(): NewJob {
  const t = new Date().toISOString();
  return {
    id: uuidv7(), file_id: null, command_type: 'Noop', queue: 'system', status: 'pending', attempts: 0, max_attempts: 3,
    last_error: null, payload_json: '{}', result_json: null, checkpoint_json: null, run_id: null, run_after: null,
    created_at: t, started_at: null, completed_at: null, updated_at: t,
  };
}

describe('the worker group commit of claims and run ends', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  let api: Api & { url: string };
  let traced: Db;
  let writer: RunWriter;
  let begins = 0;

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    env = testEnv({ DATABASE_URL: tdb.url });
    api = await startApi(env, []);
    await api.engine.broker.ready();
    traced = openDatabase(tdb.target, { onQuery: (text) => void (text === 'begin immediate' && begins++) });
    const e = api.engine;
    writer = new RunWriter(traced, new Finisher(traced, e.broker.topology, e.relay, e.jobs, { baseDelaySeconds: 1, jitterMs: 0 }));
  });

  afterAll(async () => {
    await traced?.destroy();
    await api?.close();
    if (env) await cleanupBroker(env);
    await tdb?.drop();
  });

  const claimed = (c: Claim) => {
    if (c.kind !== 'claimed') throw new Error(`expected a claim, got ${c.kind}`);
    return c;
  };

  it('writes the end of one run and the claims of the next in one transaction', async () => {
    const [a, b, c] = [pending(), pending(), pending()];
    await insertJobs(tdb.db, [a, b, c]);
    const first = claimed(await writer.claim({ jobId: a.id, redelivered: false }));

    const before = begins;
    const [ended, nextB, nextC] = await Promise.all([
      writer.finish({ job: first.job, runId: first.runId, end: { kind: 'done', result: { ok: true } }, events: [], followUps: [] }),
      writer.claim({ jobId: b.id, redelivered: false }),
      writer.claim({ jobId: c.id, redelivered: false }),
    ]);
    expect(begins - before).toBe(1);
    expect(ended).toEqual({ applied: true, state: 'completed' });
    expect(claimed(nextB).job.attempts).toBe(1);
    expect(claimed(nextC).job.status).toBe('running');

    const done = await getJob(tdb.db, a.id);
    expect(done?.status).toBe('completed');
    expect(JSON.parse(done!.result_json!)).toEqual({ ok: true });
    expect((await runsOfJob(tdb.db, a.id)).map((r) => r.outcome)).toEqual(['completed']);
    expect((await getJob(tdb.db, b.id))?.status).toBe('running');
  });

  it('fails only the item that broke the shared transaction', async () => {
    const [a, b, c] = [pending(), pending(), pending()];
    await insertJobs(tdb.db, [a, b, c]);
    const runA = claimed(await writer.claim({ jobId: a.id, redelivered: false }));
    const runB = claimed(await writer.claim({ jobId: b.id, redelivered: false }));

    const results = await Promise.allSettled([
      // A result JSON.stringify cannot write: this finish throws inside the transaction.
      writer.finish({ job: runA.job, runId: runA.runId, end: { kind: 'done', result: { n: 1n } }, events: [], followUps: [] }),
      writer.finish({ job: runB.job, runId: runB.runId, end: { kind: 'done', result: 'fine' }, events: [], followUps: [] }),
      writer.claim({ jobId: c.id, redelivered: false }),
    ]);
    expect(results[0].status).toBe('rejected');
    expect(results[1]).toEqual({ status: 'fulfilled', value: { applied: true, state: 'completed' } });
    expect(results[2].status === 'fulfilled' && results[2].value.kind).toBe('claimed');
    expect((await getJob(tdb.db, a.id))?.status).toBe('running'); // its end was never written: the sweep or a redelivery ends it
    expect((await getJob(tdb.db, b.id))?.status).toBe('completed');
    expect((await getJob(tdb.db, c.id))?.status).toBe('running');
    expect(await runsOfJob(tdb.db, a.id)).toEqual([]);
  });
});
