/**
 * Live-update notices (queue/notices.ts) over the real broker: the changes of one
 * window arrive as one notice, each job once with its latest status; a full window goes
 * at once; nothing is lost at close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { cleanupBroker, startApi, testEnv, waitFor, type Api } from '../helpers/stack.js';
import { consumeNotices, NOTICE_MAX_JOBS, NoticePublisher, type Notice } from '../../src/queue/notices.js';

describe('notices', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  let api: Api & { url: string };
  const received: Notice[] = [];
  let consumer: { close(): Promise<void> };

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    env = testEnv({ DATABASE_URL: tdb.url });
    api = await startApi(env, []);
    await api.engine.broker.ready();
    const c = consumeNotices(api.engine.broker, api.log, (n) => received.push(n));
    await new Promise<void>((resolve) => c.once('ready', () => resolve()));
    consumer = c;
  });
  afterAll(async () => {
    await consumer?.close();
    await api?.close();
    if (env) await cleanupBroker(env);
    await tdb?.drop();
  });

  const mine = (prefix: string) => received.filter((n) => n.jobs.some((j) => j.id.startsWith(prefix)) || n.files.some((f) => f.startsWith(prefix)));

  it('gathers the changes of one window into one notice, each job once with its latest status', async () => {
    const pub = new NoticePublisher(api.engine.broker);
    pub.publish({ jobs: [{ id: 'w1-a', status: 'pending', file_id: null }, { id: 'w1-b', status: 'pending', file_id: 'w1-f' }], files: [] });
    pub.publish({ jobs: [{ id: 'w1-a', status: 'completed', file_id: null }], files: ['w1-f2'] });
    await waitFor(() => mine('w1-').length > 0, { what: 'the notice' });
    // A marker in the next window: one queue, one publisher, so any second notice of the
    // first window would arrive before it.
    pub.publish({ jobs: [], files: ['w1-marker'] });
    await waitFor(() => received.some((n) => n.files.includes('w1-marker')), { what: 'the marker' });
    const got = mine('w1-').filter((n) => !n.files.includes('w1-marker'));
    expect(got).toHaveLength(1);
    expect(got[0].jobs).toEqual([{ id: 'w1-b', status: 'pending', file_id: 'w1-f' }, { id: 'w1-a', status: 'completed', file_id: null }]);
    expect(got[0].files).toEqual(['w1-f2']);
    await pub.close();
  });

  it('sends a full window at once, and what is left at close', async () => {
    const pub = new NoticePublisher(api.engine.broker);
    const jobs = Array.from({ length: NOTICE_MAX_JOBS + 5 }, (_, i) => ({ id: `w2-${i}`, status: 'completed', file_id: null }));
    pub.publish({ jobs: jobs.slice(0, NOTICE_MAX_JOBS), files: [] });
    await waitFor(() => mine('w2-').length === 1, { what: 'the full notice' });
    pub.publish({ jobs: jobs.slice(NOTICE_MAX_JOBS), files: [] });
    await pub.close();
    await waitFor(() => mine('w2-').length === 2, { what: 'the rest, sent at close' });
    expect(mine('w2-').flatMap((n) => n.jobs.map((j) => j.id))).toEqual(jobs.map((j) => j.id));
  });
});
