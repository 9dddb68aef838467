/**
 * The scaled-out layout users move to when one machine is not enough: two API
 * processes and three worker processes sharing one PostgreSQL database and one broker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, exited, freePort, spawnApi, spawnWorker, stderrTail, testEnv, token, waitFor } from '../helpers/stack.js';

let tdb: TestDatabase;
let env: Record<string, string>;
const children: ChildProcess[] = [];
const apis: string[] = [];
/** Each child: running or how it exited, and the end of its stderr (for a failure's message). */
const processReport = () => children.map((c) => `pid ${c.pid} exit ${c.exitCode ?? c.signalCode ?? 'running'}: ${stderrTail(c).slice(-1500)}`).join('\n');

beforeAll(async () => {
  tdb = await createTestDatabase('postgres', false); // the processes migrate it themselves, under the lock
  env = testEnv({ DATABASE_URL: tdb.url, WORKER_CONCURRENCY: '30' });
  const started = await Promise.all([spawnApi(env, await freePort()), spawnApi(env, await freePort())]);
  for (const a of started) {
    children.push(a.child);
    apis.push(a.url);
  }
  for (let i = 0; i < 3; i++) children.push(spawnWorker(env));
  // All three consuming before the load (a worker that failed to start says why here).
  const admin = await token('admin');
  await waitFor(async () => {
    const q = await call(apis[0], 'GET', '/api/queues', { token: admin });
    return q.status === 200 && q.body.queues.find((x: { name: string }) => x.name === 'system')?.consumers === 3;
  }, { timeoutMs: 90_000, what: 'three workers consuming' }).catch((err) => {
    throw new Error(`${(err as Error).message}\n${processReport()}`);
  });
}, 120_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => exited(c)));
  if (env) await cleanupBroker(env);
  await tdb?.drop();
}, 60_000);

describe('scale-out on PostgreSQL', () => {
  it('runs 2,000 jobs through 2 APIs and 3 workers, each completed exactly once', async () => {
    const admin = await token('admin');
    const ids: string[] = [];
    // Half as single requests spread over both APIs, half in bulk.
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, lane) => {
        while (next < 1000) {
          next++;
          const r = await call(apis[lane % 2], 'POST', '/api/jobs', { token: admin, body: { command_type: 'Noop', payload: {} } });
          expect(r.status).toBe(201);
          ids.push(r.body.job_id);
        }
      }),
    );
    for (let b = 0; b < 10; b++) {
      const r = await call(apis[b % 2], 'POST', '/api/jobs/bulk', { token: admin, body: { jobs: Array.from({ length: 100 }, () => ({ command_type: 'Noop', payload: {} })) } });
      expect(r.status).toBe(201);
      ids.push(...r.body.job_ids);
    }
    expect(new Set(ids).size).toBe(2000);
    await waitFor(
      async () => {
        const r = await tdb.db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).where('status', '=', 'completed').executeTakeFirst();
        return Number(r?.n) === 2000;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: '2,000 completed' },
    ).catch(async (err) => {
      // Say where the rest are (states, outbox, queue depths) rather than only that they are late.
      const states = await tdb.db.selectFrom('jobs').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
      const outbox = await tdb.db.selectFrom('outbox').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      const queues = await call(apis[0], 'GET', '/api/queues', { token: admin });
      throw new Error(`${(err as Error).message}: jobs ${JSON.stringify(states)}, outbox ${outbox?.n}, queues ${JSON.stringify(queues.body)}\n${processReport()}`);
    });
    const rows = await tdb.db.selectFrom('jobs').select(['attempts', 'status']).execute();
    expect(rows).toHaveLength(2000);
    expect(rows.every((r) => r.status === 'completed' && r.attempts === 1)).toBe(true);
    // Published rows are deleted by the publisher's next write, or within ~100 ms.
    await waitFor(
      async () => Number((await tdb.db.selectFrom('outbox').select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n) === 0,
      { timeoutMs: 10_000, what: 'the outbox to drain' },
    );
    const queues = await call(apis[0], 'GET', '/api/queues', { token: admin });
    expect(queues.body.queues.find((q: { name: string }) => q.name === 'system').consumers).toBe(3);
  }, 180_000);
});
