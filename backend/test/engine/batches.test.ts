/**
 * Batch announcements (issue 12): one broker message may name many jobs of a queue.
 * The jobs table stays the truth, so a batch redelivered after a kill re-claims only
 * what is left, a batch may mix any outcomes, single-job messages (a redrive) work next
 * to batches, WORKER_CONCURRENCY holds however large the batches, and a backlog on one
 * queue does not starve another.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, exited, spawnWorker, startApi, startWorker, testConfig, testEnv, token, waitFor, type Api, type InProcessWorker } from '../helpers/stack.js';
import { runWorker } from '../../src/worker/runWorker.js';
import { flag, testCommands } from '../support/commands.js';
import { queueStats, redrive } from '../../src/queue/redrive.js';
import { ANNOUNCE_MAX, announcedJobIds } from '../../src/queue/message.js';

let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };
let admin: string;
const children: ChildProcess[] = [];
let worker: InProcessWorker | null = null;

const CONCURRENCY = 4;

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: tdb.url, WORKER_CONCURRENCY: String(CONCURRENCY), RETRY_MAX_ATTEMPTS: '3' });
  api = await startApi(env, testCommands);
  await api.engine.broker.ready();
  admin = await token('admin');
});

afterEach(async () => {
  await worker?.stop('test');
  worker = null;
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

async function bulk(jobs: { command_type: string; payload: object }[]): Promise<string[]> {
  const r = await call(api.url, 'POST', '/api/jobs/bulk', { token: admin, body: { jobs } });
  expect(r.status).toBe(201);
  return r.body.job_ids;
}
const many = (n: number, command_type: string, payload: object) => Array.from({ length: n }, () => ({ command_type, payload }));

const statuses = async (ids: string[]) => {
  const rows = await tdb.db.selectFrom('jobs').select(['status', sql<number>`count(*)`.as('n')]).where('id', 'in', ids).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
};
const outboxEmpty = async () => Number((await tdb.db.selectFrom('outbox').select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n) === 0;
const depth = async (queue: string) => (await queueStats(api.engine.broker)).find((q) => q.name === queue)!;

/** Take every message off a work queue (no consumer runs here) and return the job ids each names. */
async function drain(queue: string): Promise<string[][]> {
  const ch = await api.engine.broker.connection.acquire();
  const out: string[][] = [];
  try {
    for (;;) {
      const msg = await ch.basicGet({ queue: api.engine.broker.topology.queue(queue as never) });
      if (!msg) break;
      out.push(announcedJobIds(msg.body) ?? []);
      ch.basicAck({ deliveryTag: msg.deliveryTag });
    }
  } finally {
    await ch.close();
  }
  return out;
}

describe('batch announcements', () => {
  it('a bulk enqueue is one message per queue and ANNOUNCE_MAX jobs; lone and redriven jobs keep the single-job body', async () => {
    const ids = await bulk([...many(ANNOUNCE_MAX + 30, 'Noop', {}), { command_type: 'TestElsewhere', payload: {} }]);
    await waitFor(outboxEmpty, { what: 'the relay to publish' });
    const system = await drain('system');
    const other = await drain('image.process');
    expect(system.map((m) => m.length)).toEqual([ANNOUNCE_MAX, 30]);
    expect(new Set(system.flat())).toEqual(new Set(ids.slice(0, ANNOUNCE_MAX + 30)));
    expect(other).toEqual([[ids.at(-1)]]);
    // A single job's body is the SPEC §2 message, as before.
    const [lone] = await bulk([{ command_type: 'Noop', payload: { sleep_ms: 1 } }]);
    await waitFor(outboxEmpty, { what: 'the relay to publish' });
    const ch = await api.engine.broker.connection.acquire();
    const msg = await ch.basicGet({ queue: api.engine.broker.topology.queue('system') });
    if (msg) ch.basicAck({ deliveryTag: msg.deliveryTag });
    await ch.close();
    expect(typeof msg!.body === 'string' ? JSON.parse(msg!.body) : msg!.body).toMatchObject({ job_id: lone, command_type: 'Noop', payload: { sleep_ms: 1 }, attempt: 1, max_attempts: 3 });
    // Their messages were taken above: cancel the jobs so the next tests start clean.
    for (const id of [...ids, lone]) await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
    expect((await statuses([...ids, lone])).cancelled).toBe(ids.length + 1);
  });

  it('a batch redelivered after its worker is killed mid-batch completes every job exactly once', async () => {
    const ids = await bulk(many(60, 'Noop', { sleep_ms: 150 }));
    await waitFor(async () => (await depth('system')).depth === 1, { what: 'the one batch message' });
    const first = spawnWorker(env);
    children.push(first);
    await waitFor(async () => ((await statuses(ids)).completed ?? 0) >= 8 && ((await statuses(ids)).running ?? 0) > 0, { what: 'part of the batch done' });
    first.kill('SIGKILL');
    await exited(first);
    const doneBefore = (await tdb.db.selectFrom('jobs').select('id').where('id', 'in', ids).where('status', '=', 'completed').execute()).map((r) => r.id);
    expect(doneBefore.length).toBeLessThan(60); // the kill really came mid-batch
    const second = spawnWorker(env);
    children.push(second);
    await waitFor(async () => (await statuses(ids)).completed === 60, { timeoutMs: 60_000, what: 'all 60 completed' });
    const runs = await tdb.db.selectFrom('job_runs').select(['job_id', 'outcome', 'worker']).where('job_id', 'in', ids).execute();
    const completedRuns = new Map<string, number>();
    for (const r of runs) if (r.outcome === 'completed') completedRuns.set(r.job_id, (completedRuns.get(r.job_id) ?? 0) + 1);
    expect([...completedRuns.values()].every((n) => n === 1)).toBe(true);
    expect(completedRuns.size).toBe(60);
    // Jobs finished before the kill were not run again; the ones cut short were taken over.
    const lost = runs.filter((r) => r.outcome === 'lost').map((r) => r.job_id);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.some((id) => doneBefore.includes(id))).toBe(false);
    const jobs = await tdb.db.selectFrom('jobs').select(['id', 'attempts']).where('id', 'in', ids).execute();
    for (const j of jobs) expect(j.attempts).toBe(lost.includes(j.id) ? 2 : 1);
    second.kill('SIGTERM');
    await exited(second);
  });

  it('a graceful stop mid-batch starts no more of it and puts the message back; the rest run later, no attempt spent', async () => {
    const ids = await bulk(many(40, 'Noop', { sleep_ms: 100 }));
    worker = await startWorker(env, testCommands, api);
    await waitFor(async () => ((await statuses(ids)).completed ?? 0) >= CONCURRENCY, { what: 'part of the batch done' });
    await worker.stop('test');
    worker = null;
    const after = await statuses(ids);
    expect(after.running).toBeUndefined();
    expect(after.completed).toBeLessThan(40);
    await waitFor(async () => (await depth('system')).depth === 1, { what: 'the batch message back in its queue' });
    worker = await startWorker(env, testCommands, api);
    await waitFor(async () => (await statuses(ids)).completed === 40, { what: 'the rest completed' });
    const jobs = await tdb.db.selectFrom('jobs').select('attempts').where('id', 'in', ids).execute();
    expect(jobs.every((j) => j.attempts === 1)).toBe(true);
  });

  it('a batch that waits too long for run slots goes back with its unstarted jobs; each runs exactly once', async () => {
    const ids = await bulk(many(40, 'Noop', { sleep_ms: 50 }));
    // 4 slots for 40 jobs of 50 ms: about half a second of waiting, against a hold of 150 ms.
    worker = await runWorker(testConfig(env), { engine: api.engine, batchHoldMs: 150 });
    await waitFor(async () => (await statuses(ids)).completed === 40, { what: 'all 40 completed' });
    const requeued = (await worker.metrics.batchesRequeued.get()).values.reduce((n, v) => n + v.value, 0);
    expect(requeued).toBeGreaterThan(0);
    const runs = await tdb.db.selectFrom('job_runs').select(['job_id', 'outcome']).where('job_id', 'in', ids).execute();
    expect(runs.filter((r) => r.outcome === 'completed').length).toBe(40);
    expect(new Set(runs.map((r) => r.job_id)).size).toBe(40);
    expect(runs.every((r) => r.outcome === 'completed')).toBe(true);
    const jobs = await tdb.db.selectFrom('jobs').select('attempts').where('id', 'in', ids).execute();
    expect(jobs.every((j) => j.attempts === 1)).toBe(true);
  });

  it('a batch mixing jobs that fail, run later and succeed: each ends on its own, dead letters one per job', async () => {
    flag.broken = true;
    const ids = await bulk([
      ...many(5, 'TestBroken', {}),
      ...many(5, 'TestLater', { times: 3, delay_ms: 20 }),
      ...many(5, 'Noop', { fail_times: 1 }),
      ...many(5, 'Noop', {}),
    ]);
    await waitFor(async () => (await depth('system')).depth === 1, { what: 'the one batch message' });
    const dlqBefore = (await depth('system')).dlq_depth;
    worker = await startWorker(env, testCommands, api);
    await waitFor(async () => {
      const s = await statuses(ids);
      return s.completed === 15 && s.failed === 5;
    }, { what: 'every job final' });
    const jobs = new Map((await tdb.db.selectFrom('jobs').selectAll().where('id', 'in', ids).execute()).map((j) => [j.id, j]));
    const of = (i: number) => jobs.get(ids[i])!;
    for (let i = 0; i < 5; i++) expect(of(i)).toMatchObject({ status: 'failed', attempts: 1 });
    for (let i = 5; i < 10; i++) expect(of(i)).toMatchObject({ status: 'completed', attempts: 1 }); // "later" spends no attempt
    for (let i = 10; i < 15; i++) expect(of(i)).toMatchObject({ status: 'completed', attempts: 2 });
    for (let i = 15; i < 20; i++) expect(of(i)).toMatchObject({ status: 'completed', attempts: 1 });
    // Each "later" streak is one history row counting its runs (jobs/runs.ts).
    const later = await tdb.db.selectFrom('job_runs').select(['job_id', 'runs']).where('job_id', 'in', ids.slice(5, 10)).where('outcome', '=', 'later').execute();
    expect(later.map((r) => Number(r.runs))).toEqual([3, 3, 3, 3, 3]);
    await waitFor(async () => (await depth('system')).dlq_depth === dlqBefore + 5, { what: 'five dead letters' });
  });

  it('a redriven single-job message runs next to batches', async () => {
    // The five TestBroken dead letters of the previous test, fixed now, redriven while batches flow.
    flag.broken = false;
    worker = await startWorker(env, testCommands, api);
    const broken = (await tdb.db.selectFrom('jobs').select('id').where('command_type', '=', 'TestBroken').where('status', '=', 'failed').execute()).map((r) => r.id);
    expect(broken.length).toBe(5);
    const batch = bulk(many(150, 'Noop', { sleep_ms: 2 }));
    const redriven = await redrive(api.engine, 'system');
    const ids = await batch;
    expect(redriven).toBe(5);
    await waitFor(async () => (await statuses([...ids, ...broken])).completed === 155, { what: 'batches and redriven jobs completed' });
    expect((await depth('system')).dlq_depth).toBe(0);
  });

  it('WORKER_CONCURRENCY holds however large the batches; a backlog on one queue does not starve another', async () => {
    const backlog = await bulk(many(300, 'Noop', { sleep_ms: 40 }));
    worker = await startWorker(env, testCommands, api);
    // Sample the RUNNING count while the backlog drains: it reaches the limit, never passes it.
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, (await statuses(backlog)).running ?? 0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await waitFor(async () => ((await statuses(backlog)).completed ?? 0) >= 20, { what: 'the backlog under way' });
    const [other] = await bulk([{ command_type: 'TestElsewhere', payload: {} }]);
    await waitFor(async () => (await statuses([other])).completed === 1, { what: 'the other queue’s job' });
    const doneWhenOther = (await statuses(backlog)).completed ?? 0;
    await waitFor(async () => (await statuses(backlog)).completed === 300, { timeoutMs: 60_000, what: 'the backlog done' });
    sampling = false;
    await sampler;
    expect(peak).toBe(CONCURRENCY);
    // The lone job waited for a handful of runs, not for the 280 left in the backlog.
    expect(doneWhenOther).toBeLessThan(100);
  });
});
