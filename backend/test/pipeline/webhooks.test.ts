/**
 * Signed webhooks end to end, against the three stand-ins and the real API, worker,
 * SQLite and RabbitMQ, with PUBLIC_BASE_URL pointing at the API:
 *  - the worker subscribes to PRODUCTS_UPDATE/PRODUCTS_DELETE at start, and a restart
 *    subscribes nothing twice;
 *  - predictions are polled only every 60 s and the stand-in finishes one only when told
 *    (`complete`), so a job that resumes within the bounded waits below (10 s) was woken
 *    by Replicate's webhook, not by its poll: the whole pipeline reaches PUBLISHED that way;
 *  - the owner's changes in Shopify admin reach the listing (draft + new title, then deleted);
 *  - a replayed webhook changes nothing; a tampered, unsigned or malformed one is 401 and
 *    changes nothing.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeWebhookDelivery } from '../../src/standins/replicate.js';
import { call, freePort, waitFor } from '../helpers/stack.js';
import { startPipeline, type Pipeline } from './harness.js';

const POLL_MS = 60_000;
const OPTIONS = { replicatePollDelayMs: POLL_MS, subscriptionCheckMs: 300 };
const BOUND = { timeoutMs: 10_000, intervalMs: 20 };

let p: Pipeline;
let base: string;
let fileId: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  p = await startPipeline({ env: { PORT: String(port), PUBLIC_BASE_URL: base }, replicate: { pollsUntilDone: Infinity }, worker: false });
  await p.startWorker(OPTIONS);
}, 60_000);
afterAll(async () => {
  await p?.close();
});

const job = (id: string) => p.tdb.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const jobOf = (commandType: string) =>
  waitFor(() => p.tdb.db.selectFrom('jobs').selectAll().where('file_id', '=', fileId).where('command_type', '=', commandType).executeTakeFirst(), { ...BOUND, what: commandType });
/** The job's prediction once the job waits on it (RETRYING, due in about a minute). */
async function waitingOn(jobId: string) {
  return waitFor(async () => {
    const j = await job(jobId);
    const prediction = p.replicate.predictions.find((x) => x.webhook === `${base}/webhooks/replicate?job=${jobId}` && !['succeeded', 'failed'].includes(x.status));
    return j.status === 'retrying' && Date.parse(j.run_after!) - Date.now() > POLL_MS / 2 && prediction ? { job: j, prediction } : null;
  }, { ...BOUND, what: `job ${jobId} waiting on a prediction` });
}
const getsOf = (predictionId: string) => p.replicate.requests.filter((r) => r.method === 'GET' && r.path === `/v1/predictions/${predictionId}`).length;

function expectRefused(r: { status: number; body: any }) {
  expect(r.status).toBe(401);
  expect(r.body).toMatchObject({ error_code: 'UNAUTHORIZED', detail: expect.any(String), timestamp: expect.any(String) });
}

async function post(path: string, body: string, headers: Record<string, string>) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return call(base, 'POST', path, { raw: body, headers: { 'content-type': 'application/json', ...lower } });
}

describe('Shopify subscriptions', () => {
  it('are made at start: one per topic, at PUBLIC_BASE_URL/webhooks/shopify, listed first', async () => {
    const subs = await waitFor(() => (p.shopify.webhooks.subscriptions.length === 2 ? p.shopify.webhooks.subscriptions : null), { ...BOUND, what: 'two subscriptions' });
    expect(subs.map((s) => [s.topic, s.uri]).sort()).toEqual([['PRODUCTS_DELETE', `${base}/webhooks/shopify`], ['PRODUCTS_UPDATE', `${base}/webhooks/shopify`]]);
    const ops = p.shopify.requests.filter((r) => r.endpoint.startsWith('graphql webhookSubscription')).map((r) => r.endpoint);
    expect(ops.slice(0, 3)).toEqual(['graphql webhookSubscriptions', 'graphql webhookSubscriptionCreate', 'graphql webhookSubscriptionCreate']);
  });
});

describe('Replicate wakes the waiting job', () => {
  let upscale: { delivery: FakeWebhookDelivery; jobId: string; predictionId: string };

  it('a finished upscale prediction resumes its job at once, not at the next poll (60 s)', async () => {
    const driveId = await p.drop('heron-at-dawn.jpg', { width: 600, height: 400 });
    await p.scan();
    fileId = (await p.waitForFile(() => p.fileByDriveId(driveId), 'the file')).id;
    const { id: jobId } = await jobOf('UpscaleImage');
    const { job: waiting, prediction } = await waitingOn(jobId);
    expect(prediction.webhook_events_filter).toEqual(['completed']);
    expect(getsOf(prediction.id)).toBe(1); // the one poll that found it running

    const delivery = (await p.replicate.complete(prediction.id))!;
    expect([delivery.status, delivery.answer]).toEqual([200, { status: 'accepted', detail: 'woken' }]);
    const done = await waitFor(async () => ((await job(jobId)).status === 'completed' ? job(jobId) : null), { ...BOUND, what: 'UpscaleImage completed' });
    expect(getsOf(prediction.id)).toBe(2); // woken: one more poll, which found it finished
    expect(done.attempts).toBe(waiting.attempts + 1); // waiting spent no attempt
    upscale = { delivery, jobId, predictionId: prediction.id };
  });

  it('a replayed webhook (same id, timestamp and signature) changes nothing', async () => {
    const before = await job(upscale.jobId);
    const replay = await p.replicate.redeliver(upscale.delivery);
    expect(replay.status).toBe(200);
    expect(replay.answer).toMatchObject({ status: 'duplicate' });
    expect(await job(upscale.jobId)).toEqual(before);
    expect(getsOf(upscale.predictionId)).toBe(2);
  });

  it('a tampered, unsigned, stale or malformed webhook for a waiting job is 401 and changes nothing', async () => {
    const { id: jobId } = await jobOf('GenerateMetadata');
    const { job: before, prediction } = await waitingOn(jobId);
    const body = JSON.stringify({ ...prediction, status: 'succeeded' });
    const url = `/webhooks/replicate?job=${jobId}`;
    const key = Buffer.from(p.replicate.webhookSecret.slice(6), 'base64');
    const sign = (id: string, ts: number, b: string, k = key) => `v1,${createHmac('sha256', k).update(`${id}.${ts}.${b}`).digest('base64')}`;
    const now = Math.floor(Date.now() / 1000);
    const id = `msg_${randomUUID()}`;
    const attempts: Record<string, string>[] = [
      {}, // unsigned
      { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': sign(id, now, body, Buffer.from('not the key')) },
      { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': sign(id, now, `${body} `) }, // signed another body
      { 'webhook-id': id, 'webhook-timestamp': String(now - 600), 'webhook-signature': sign(id, now - 600, body) }, // 10 minutes old
      { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': 'v1,!!!' },
      { 'webhook-id': id, 'webhook-timestamp': 'soon', 'webhook-signature': sign(id, now, body) },
    ];
    for (const headers of attempts) expectRefused(await post(url, body, headers));
    expect(await job(jobId)).toEqual(before);
    expect(p.replicate.requests.filter((r) => r.path === '/v1/webhooks/default/secret')).toHaveLength(1); // cached; refetched at most once a minute
    // A correctly signed one for another job's prediction changes nothing either.
    const other = await post(`/webhooks/replicate?job=${upscale.jobId}`, body, { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': sign(id, now, body) });
    expect([other.status, other.body.status]).toEqual([200, 'ignored']);
    expect(await job(jobId)).toEqual(before);

    // The real one still works, and the file goes on to the review queue.
    const delivery = (await p.replicate.complete(prediction.id))!;
    expect(delivery.answer).toEqual({ status: 'accepted', detail: 'woken' });
    await p.waitForStatus(fileId, 'processed', 10_000);
  });

  it('approved, the file is published with its Shopify listing (no poll needed anywhere)', async () => {
    const approved = await call(p.api.url, 'POST', `/api/files/${fileId}/approve`, { token: p.tokens.reviewer });
    expect(approved.status).toBe(200);
    await p.waitForStatus(fileId, 'published', 10_000);
  });
});

describe('Shopify keeps the listing in step with the store', () => {
  const listing = () => p.tdb.db.selectFrom('listings').selectAll().where('file_id', '=', fileId).executeTakeFirstOrThrow();
  const syncJobs = () => p.tdb.db.selectFrom('jobs').selectAll().where('command_type', '=', 'SyncShopifyListing').execute();
  const syncsDone = (n: number) =>
    waitFor(async () => {
      const jobs = await syncJobs();
      return jobs.length === n && jobs.every((j) => j.status === 'completed') ? jobs : null;
    }, { ...BOUND, what: `${n} SyncShopifyListing completed` });

  it('the owner makes the product a draft and renames it: the listing records status, title and URL', async () => {
    const before = await listing();
    expect(before.status).toBe('active');
    const [delivery] = await p.shopify.admin.updateProduct(before.platform_listing_id, { status: 'DRAFT', title: 'Grey Heron at Dawn (limited)' });
    expect([delivery.status, delivery.answer]).toEqual([200, { status: 'accepted' }]);
    expect(delivery.headers['X-Shopify-Topic']).toBe('products/update');
    await syncsDone(1);
    const after = await listing();
    expect([after.status, after.title, after.url]).toEqual(['draft', 'Grey Heron at Dawn (limited)', null]); // a draft has no storefront URL
    expect(after.store_updated_at).toBe(new Date(delivery.headers['X-Shopify-Triggered-At']).toISOString());
  });

  it('a redelivery of the same webhook id starts nothing; a tampered or unsigned one is 401', async () => {
    const delivered = p.shopify.webhooks.deliveries.find((d) => d.topic === 'products/update')!;
    const again = await p.shopify.webhooks.redeliver(delivered);
    expect([again.status, again.answer]).toMatchObject([200, { status: 'duplicate' }]);
    const tampered = await p.shopify.webhooks.redeliver(
      { ...delivered, headers: { ...delivered.headers, 'X-Shopify-Webhook-Id': randomUUID() } },
      { body: delivered.body.replace('"draft"', '"active"') },
    );
    expect(tampered.status).toBe(401);
    const { 'X-Shopify-Hmac-Sha256': _, ...unsigned } = delivered.headers;
    expectRefused(await post('/webhooks/shopify', delivered.body, { ...unsigned, 'X-Shopify-Webhook-Id': randomUUID() }));
    expectRefused(await post('/webhooks/shopify', delivered.body, { ...delivered.headers, 'X-Shopify-Hmac-Sha256': 'bm90IGEgZGlnZXN0', 'X-Shopify-Webhook-Id': randomUUID() }));
    expect(await syncJobs()).toHaveLength(1);
    expect((await listing()).status).toBe('draft');
  });

  it('a product we do not list is ignored; a body over the limit is 413', async () => {
    const body = JSON.stringify({ id: 987654321, title: 'Not ours', status: 'active', admin_graphql_api_id: 'gid://shopify/Product/987654321' });
    const hmac = createHmac('sha256', p.shopify.clientSecret).update(body).digest('base64');
    const r = await post('/webhooks/shopify', body, { 'X-Shopify-Topic': 'products/update', 'X-Shopify-Hmac-Sha256': hmac, 'X-Shopify-Webhook-Id': randomUUID() });
    expect([r.status, r.body.status]).toEqual([200, 'ignored']);
    const big = await post('/webhooks/shopify', JSON.stringify({ id: 1, pad: 'x'.repeat(600 * 1024) }), { 'X-Shopify-Topic': 'products/update', 'X-Shopify-Hmac-Sha256': hmac });
    expect([big.status, big.body.error_code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await syncJobs()).toHaveLength(1);
  });

  it('the owner deletes the product: the listing shows deleted, in GraphQL too', async () => {
    const { platform_listing_id } = await listing();
    const [delivery] = await p.shopify.admin.deleteProduct(platform_listing_id);
    expect(JSON.parse(delivery.body)).toEqual({ id: Number(platform_listing_id.split('/').pop()) });
    expect(delivery.answer).toEqual({ status: 'accepted' });
    await syncsDone(2);
    expect((await listing()).status).toBe('deleted');
    const q = await call(p.api.url, 'POST', '/graphql', { token: p.tokens.reviewer, body: { query: `query($id: ID!) { file(id: $id) { listings { status title } } }`, variables: { id: fileId } } });
    expect(q.body.data.file.listings).toEqual([{ status: 'DELETED', title: 'Grey Heron at Dawn (limited)' }]);
  });
});

describe('restarting the platform', () => {
  it('creates no second subscription (the check runs again and finds both)', async () => {
    const listed = () => p.shopify.requests.filter((r) => r.endpoint === 'graphql webhookSubscriptions').length;
    const before = listed();
    await p.stopWorker();
    const w = await p.startWorker(OPTIONS);
    await waitFor(() => (w.housekeeper.runs.get('shopify-webhooks') ?? 0) >= 1 && listed() > before, { ...BOUND, what: 'the check after the restart' });
    expect(p.shopify.webhooks.subscriptions).toHaveLength(2);
    expect(p.shopify.requests.filter((r) => r.endpoint === 'graphql webhookSubscriptionCreate')).toHaveLength(2);
  });
});
