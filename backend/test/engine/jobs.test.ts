/**
 * The job engine end to end on the real parts: HTTP API → SQLite → RabbitMQ → worker
 * → SQLite, in this process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, startApi, startWorker, testEnv, token, waitFor, type Api, type InProcessWorker } from '../helpers/stack.js';
import { flag, stepCalls, testCommands } from '../support/commands.js';
import { queueStats } from '../../src/queue/redrive.js';

let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };
let worker: InProcessWorker;
let admin: string;

const BASE_DELAY_S = 0.2;
const JITTER_MS = 20;

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  env = testEnv({
    DATABASE_URL: tdb.url,
    RETRY_BASE_DELAY_SECONDS: String(BASE_DELAY_S),
    RETRY_JITTER_MS: String(JITTER_MS),
    WORKER_CONCURRENCY: '50',
    RABBITMQ_QUEUE_TYPE: 'quorum', // the production default
  });
  api = await startApi(env, testCommands);
  worker = await startWorker(env, testCommands, api);
  await api.engine.broker.ready();
  await worker.engine.broker.ready();
  admin = await token('admin');
});

afterAll(async () => {
  await worker?.stop('test');
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

async function job(id: string) {
  const r = await call(api.url, 'GET', `/api/jobs/${id}`, { token: admin });
  expect(r.status).toBe(200);
  return r.body;
}

async function finalJob(id: string, timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const j = await job(id);
      return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(j.status) ? j : null;
    },
    { timeoutMs, what: `job ${id} to finish` },
  );
}

async function enqueue(command_type: string, payload: object = {}): Promise<string> {
  const r = await call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type, payload } });
  expect(r.status).toBe(201);
  expect(r.body.status).toBe('PENDING');
  return r.body.job_id;
}

describe('job engine on SQLite and RabbitMQ', () => {
  it('runs 1,000 Noop jobs, each exactly once', async () => {
    const ids: string[] = [];
    const queue = Array.from({ length: 1000 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (queue.pop() !== undefined) ids.push(await enqueue('Noop'));
      }),
    );
    expect(new Set(ids).size).toBe(1000);
    await waitFor(
      async () => {
        const r = await tdb.db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).where('status', '=', 'completed').where('command_type', '=', 'Noop').executeTakeFirst();
        return Number(r?.n) >= 1000;
      },
      { timeoutMs: 60_000, what: '1,000 jobs completed' },
    );
    const rows = await tdb.db.selectFrom('jobs').select(['id', 'status', 'attempts', 'completed_at']).where('id', 'in', ids).execute();
    expect(rows).toHaveLength(1000);
    // One run each: the attempt is counted when a run starts.
    expect(rows.every((r) => r.status === 'completed' && r.attempts === 1 && r.completed_at)).toBe(true);
    const metrics = await worker.registry.getSingleMetricAsString('fieldfen_job_runs_total');
    expect(metrics).toMatch(/fieldfen_job_runs_total\{command_type="Noop",outcome="done"\} 1000\b/);
  });

  it('retries with exponential backoff: fail_times 2 ends COMPLETED after 3 attempts', async () => {
    const id = await enqueue('Noop', { fail_times: 2 });
    // Watch each run start (started_at changes per claim) while it runs.
    const starts = new Map<number, number>();
    const states = new Set<string>();
    const done = await waitFor(
      async () => {
        const j = await job(id);
        states.add(j.status);
        if (j.started_at && !starts.has(j.attempts)) starts.set(j.attempts, Date.parse(j.started_at));
        return j.status === 'COMPLETED' ? j : null;
      },
      { intervalMs: 10, what: 'backoff job' },
    );
    expect(done.attempts).toBe(3);
    expect(done.result).toEqual({ ok: true, attempt: 3 });
    expect(states.has('RETRYING')).toBe(true);
    expect([...starts.keys()].sort()).toEqual([1, 2, 3]);
    const wait1 = starts.get(2)! - starts.get(1)!;
    const wait2 = starts.get(3)! - starts.get(2)!;
    // base × 2^(attempt−1) + jitter(0..JITTER_MS), plus relay/poll slack.
    expect(wait1).toBeGreaterThanOrEqual(BASE_DELAY_S * 1000);
    expect(wait1).toBeLessThan(BASE_DELAY_S * 1000 + JITTER_MS + 400);
    expect(wait2).toBeGreaterThanOrEqual(BASE_DELAY_S * 2000);
    expect(wait2).toBeLessThan(BASE_DELAY_S * 2000 + JITTER_MS + 400);
  });

  it('fails after the attempt limit into the DLQ, and a redrive runs it again', async () => {
    const id = await enqueue('Noop', { fail_times: 10 });
    const failed = await finalJob(id);
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(3);
    expect(failed.last_error).toMatch(/no attempts left/);
    const dlqDepth = async () => (await queueStats(api.engine.broker)).find((q) => q.name === 'system')!.dlq_depth;
    await waitFor(async () => (await dlqDepth()) === 1, { what: 'dead letter' });
    const queues = await call(api.url, 'GET', '/api/queues', { token: admin });
    expect(queues.body.queues.find((q: any) => q.name === 'system').dlq_depth).toBe(1);

    const r = await call(api.url, 'POST', '/api/queues/system/redrive', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.redriven).toBe(1);
    // It ran again from a fresh attempt budget (and, still failing, ended in the DLQ again).
    await waitFor(async () => {
      const j = await job(id);
      return j.status === 'FAILED' && j.attempts === 3 && j.started_at > failed.started_at;
    }, { what: 'redriven job to run again' });
    await waitFor(async () => (await dlqDepth()) === 1, { what: 'dead letter again' });
  });

  it('redrive completes a job whose cause was fixed', async () => {
    flag.broken = true;
    const id = await enqueue('TestBroken');
    const failed = await finalJob(id);
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(1); // permanent: no retries
    await waitFor(async () => (await queueStats(api.engine.broker)).find((q) => q.name === 'system')!.dlq_depth >= 1);
    flag.broken = false;
    const r = await call(api.url, 'POST', '/api/queues/system/redrive', { token: admin });
    expect(r.body.redriven).toBeGreaterThanOrEqual(1);
    const done = await finalJob(id);
    expect(done.status).toBe('COMPLETED');
    expect(done.result).toEqual({ fixed: true });
  });

  it('"run again later" ten times spends no attempt', async () => {
    const id = await enqueue('TestLater', { times: 10, delay_ms: 5 });
    const done = await finalJob(id);
    expect(done.status).toBe('COMPLETED');
    expect(done.result).toEqual({ waited: 10 });
    expect(done.attempts).toBe(1);
  });

  it('checkpoints: a retried job skips the steps it already completed', async () => {
    const id = await enqueue('TestSteps', { fail_after_step1: 2 });
    const done = await finalJob(id);
    expect(done.status).toBe('COMPLETED');
    expect(done.attempts).toBe(3);
    expect(stepCalls.get(`${id}:step1`)).toBe(1);
    expect(stepCalls.get(`${id}:step2`)).toBe(1);
    expect(done.checkpoint).toEqual({ step1: { paid: 'once' }, step2: 2 });
  });

  it('cancels a running job (its handler is aborted) and retries it', async () => {
    const id = await enqueue('Noop', { sleep_ms: 20_000 });
    await waitFor(async () => (await job(id)).status === 'RUNNING', { what: 'running' });
    const c = await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
    expect(c.status).toBe(200);
    expect(c.body.status).toBe('CANCELLED');
    await waitFor(() => worker.worker.running === 0, { what: 'handler aborted' });
    expect((await job(id)).status).toBe('CANCELLED');
    const again = await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
    expect(again.status).toBe(409);
    expect(again.body.error_code).toBe('INVALID_STATE');

    const retry = await call(api.url, 'POST', `/api/jobs/${id}/retry`, { token: admin });
    expect(retry.status).toBe(200);
    expect(retry.body.status).toBe('PENDING');
    expect(retry.body.attempts).toBe(0);
    await waitFor(async () => (await job(id)).status === 'RUNNING');
    await call(api.url, 'POST', `/api/jobs/${id}/cancel`, { token: admin });
    const retryCompleted = await call(api.url, 'POST', `/api/jobs/${(await enqueue('Noop'))}/retry`, { token: admin });
    expect([409]).toContain(retryCompleted.status);
  });

  it('lists jobs newest first with keyset pagination and filters', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await enqueue('Noop', { sleep_ms: 0 }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/jobs?command_type=Noop&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await call(api.url, 'GET', q, { token: admin });
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.items.map((j: any) => j.id));
      cursor = r.body.next_cursor;
    } while (cursor && seen.length < 40);
    expect(seen.slice(0, 5)).toEqual([...ids].reverse());
    const failed = await call(api.url, 'GET', '/api/jobs?status=FAILED', { token: admin });
    expect(failed.body.items.every((j: any) => j.status === 'FAILED')).toBe(true);
    const bad = await call(api.url, 'GET', '/api/jobs?cursor=garbage', { token: admin });
    expect(bad.status).toBe(400);
  });

  it('bulk enqueue is one transaction: one bad payload stores nothing', async () => {
    const before = await tdb.db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    const bad = await call(api.url, 'POST', '/api/jobs/bulk', {
      token: admin,
      body: { jobs: [{ command_type: 'Noop', payload: {} }, { command_type: 'Noop', payload: { sleep_ms: -1 } }] },
    });
    expect(bad.status).toBe(400);
    const after = await tdb.db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
    const ok = await call(api.url, 'POST', '/api/jobs/bulk', { token: admin, body: { jobs: Array.from({ length: 100 }, () => ({ command_type: 'Noop', payload: {} })) } });
    expect(ok.status).toBe(201);
    expect(ok.body.job_ids).toHaveLength(100);
    for (const id of ok.body.job_ids.slice(0, 3)) expect((await finalJob(id)).status).toBe('COMPLETED');
  });
});
