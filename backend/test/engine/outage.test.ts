/**
 * The broker made unreachable while work is submitted. The path to the machine's
 * RabbitMQ goes through a TCP proxy this test controls, so the broker itself (and
 * every other test) is untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, exited, spawnWorker, startApi, testEnv, token, waitFor, type Api } from '../helpers/stack.js';
import { TcpProxy } from '../support/tcpProxy.js';

let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };
let worker: ChildProcess;
const proxy = new TcpProxy(5672);

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  const port = await proxy.start();
  env = testEnv({ DATABASE_URL: tdb.url, RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${port}/` });
  api = await startApi(env);
  await api.engine.broker.ready();
  worker = spawnWorker(env);
});

afterAll(async () => {
  worker?.kill('SIGKILL');
  await api?.close();
  await proxy.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

const completed = async () =>
  Number((await tdb.db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).where('status', '=', 'completed').executeTakeFirst())?.n);

describe('RabbitMQ outage', () => {
  it('keeps accepting jobs, reports degraded health, and completes everything once the broker is back', async () => {
    const admin = await token('admin');
    const submit = async () => {
      const r = await call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type: 'Noop', payload: {} } });
      expect(r.status).toBe(201);
    };
    for (let i = 0; i < 10; i++) await submit();
    await waitFor(async () => (await completed()) === 10, { what: 'jobs before the outage' });

    await proxy.cut();
    await waitFor(async () => (await call(api.url, 'GET', '/health')).status === 503, { what: 'degraded health' });
    const health = await call(api.url, 'GET', '/health');
    expect(health.body).toMatchObject({ status: 'degraded', database: 'connected', rabbitmq: 'disconnected' });
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);

    for (let i = 0; i < 40; i++) await submit();
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);
    expect(await completed()).toBe(10);
    const waiting = await tdb.db.selectFrom('outbox').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    expect(Number(waiting?.n)).toBe(40); // kept in the outbox, nothing lost

    await proxy.restore();
    await waitFor(async () => (await completed()) === 50, { timeoutMs: 60_000, what: 'all 50 completed after the outage' });
    // The API's own connection is back too (it reconnects on its own schedule).
    await waitFor(async () => (await call(api.url, 'GET', '/health')).status === 200, { what: 'healthy again' });
    // The same worker process consumed again after reconnecting: it was never restarted.
    expect(worker.exitCode).toBeNull();
    expect(worker.signalCode).toBeNull();
    // Each work queue has its one consumer again (re-subscribed queue by queue after the reconnect).
    await waitFor(
      async () => {
        const queues = await call(api.url, 'GET', '/api/queues', { token: admin });
        return queues.status === 200 && queues.body.queues.every((q: { consumers: number }) => q.consumers === 1);
      },
      { timeoutMs: 15_000, what: 'one consumer per queue again' },
    );
    // And it keeps consuming new work.
    await submit();
    await waitFor(async () => (await completed()) === 51, { what: 'a job after recovery' });
    worker.kill('SIGTERM');
    await exited(worker);
  });
});
