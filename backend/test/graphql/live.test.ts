/**
 * Live updates over HTTP SSE (graphql-sse, single-connection mode): a job finished by
 * a worker in ANOTHER process reaches a subscriber of this API through the notices
 * exchange; a decision taken through the API reaches fileUpdated; a service token may
 * not subscribe; the stream answers keep-alive pings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-sse';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, exited, spawnWorker, startApi, testEnv, token, waitFor, type Api } from '../helpers/stack.js';

let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };
let worker: ChildProcess | null = null;
let admin: string;
const clients: Client<true>[] = [];

function sse(tok: string): Client<true> {
  const c = createClient({ url: `${api.url}/graphql/stream`, singleConnection: true, headers: { authorization: `Bearer ${tok}` }, retryAttempts: 0 });
  clients.push(c);
  return c;
}

/** The first `n` results of a subscription (or its error). */
function take<T = any>(c: Client<true>, query: string, n: number, variables: Record<string, unknown> = {}): { results: T[]; done: Promise<T[]>; stop: () => void } {
  const results: T[] = [];
  let unsubscribe = () => {};
  const done = new Promise<T[]>((resolve, reject) => {
    unsubscribe = c.subscribe<T>({ query, variables }, {
      next: (v) => {
        if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
        if (results.length >= n) return; // events already in flight when it was stopped
        results.push(v.data as T);
        if (results.length >= n) {
          unsubscribe();
          resolve(results);
        }
      },
      error: reject,
      complete: () => resolve(results),
    });
  });
  return { results, done, stop: () => unsubscribe() };
}

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: tdb.url });
  api = await startApi(env);
  await api.engine.broker.ready();
  admin = await token('admin');
  worker = spawnWorker(env);
});
afterAll(async () => {
  for (const c of clients) c.dispose();
  if (worker) {
    worker.kill('SIGTERM');
    await exited(worker);
  }
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

describe('subscriptions over SSE', () => {
  /**
   * A subscription is live a moment after it is sent (there is no "subscribed" answer in
   * the protocol): jobs are enqueued until the subscriber has seen what it waits for,
   * at most 40 over 10 s. COMPLETED is announced only by the worker child's finisher.
   */
  async function until(seen: () => boolean, enqueue: () => Promise<unknown>): Promise<void> {
    for (let i = 0; i < 40 && !seen(); i++) {
      await enqueue();
      await waitFor(seen, { timeoutMs: 250, intervalMs: 10 }).catch(() => null);
    }
  }
  const noop = (payload: Record<string, unknown> = {}) => call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type: 'Noop', payload } });

  it('a job completed by a worker in another process reaches a jobUpdated subscriber', async () => {
    await waitFor(async () => (await call(api.url, 'GET', '/api/queues', { token: admin })).body.queues?.find((q: { name: string }) => q.name === 'system')?.consumers === 1, { what: 'the worker child consuming', timeoutMs: 30_000 });
    const client = sse(admin);
    const mine = new Set<string>();
    const sub = take<{ jobUpdated: { id: string; status: string } }>(client, 'subscription { jobUpdated { id status } }', 1000);
    const completed = () => sub.results.some((r) => r.jobUpdated.status === 'COMPLETED' && mine.has(r.jobUpdated.id));
    await until(completed, async () => mine.add((await noop()).body.job_id));
    sub.stop();
    expect(completed()).toBe(true);
    // And one job followed by id: its own events only, ending COMPLETED.
    const one = (await noop({ sleep_ms: 1500 })).body.job_id as string;
    // Notices gather 50 ms of changes (queue/notices.ts): the enqueue's may arrive once
    // the job is RUNNING, so the updates before COMPLETED vary; every one is this job's.
    const byId = take<{ jobUpdated: { id: string; status: string } }>(client, 'subscription($id: ID) { jobUpdated(id: $id) { id status } }', 10, { id: one });
    await waitFor(() => byId.results.some((r) => r.jobUpdated.status === 'COMPLETED'), { what: 'the job COMPLETED', timeoutMs: 15_000 });
    byId.stop();
    expect(byId.results.map((r) => r.jobUpdated.id)).toEqual(byId.results.map(() => one));
    expect(byId.results.at(-1)!.jobUpdated).toEqual({ id: one, status: 'COMPLETED' });
  });

  it('one stream carries several subscriptions (single-connection mode)', async () => {
    const client = sse(admin);
    const all = take<{ jobUpdated: { id: string; status: string } }>(client, 'subscription { jobUpdated { id status } }', 2);
    const overview = take<{ overviewUpdated: { at: string } }>(client, 'subscription { overviewUpdated { at } }', 1);
    await until(() => all.results.length >= 2 && overview.results.length >= 1, () => noop());
    const [jobs, ticks] = await Promise.all([all.done, overview.done]);
    expect(jobs.length).toBe(2);
    expect(ticks[0].overviewUpdated.at).toMatch(/^\d{4}-/);
  });

  it('a service token may not subscribe (403); no token is refused (401), before any stream opens', async () => {
    const svc = sse(await token('service'));
    await expect(take(svc, 'subscription { overviewUpdated { at } }', 1).done).rejects.toThrow(/403/);
    const none = createClient({ url: `${api.url}/graphql/stream`, singleConnection: true, retryAttempts: 0 });
    clients.push(none as never);
    await expect(take(none as never, 'subscription { overviewUpdated { at } }', 1).done).rejects.toThrow(/401/);
    const r = await fetch(`${api.url}/graphql/stream`, { method: 'PUT' });
    expect(r.status).toBe(401);
    expect((await r.json()).error_code).toBe('UNAUTHORIZED');
  });
});
