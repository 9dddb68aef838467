import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplicateClient, firstOutputUrl, outputText } from '../../src/integrations/replicate.js';
import { MemoryUsageRecorder } from '../../src/integrations/usage.js';
import { FAKE_TEXT_MODEL, FAKE_UPSCALE_MODEL, startFakeReplicate, type FakeReplicate } from '../../src/standins/replicate.js';
import { PermanentError, RetryableError, RunLaterError } from '../../src/core/outcomes.js';

let fake: FakeReplicate;
let usage: MemoryUsageRecorder;
let client: ReplicateClient;

beforeEach(async () => {
  fake = await startFakeReplicate({ token: 'r8_test_token' });
  usage = new MemoryUsageRecorder();
  client = new ReplicateClient({ token: 'r8_test_token', baseUrl: fake.baseUrl, usage, pollDelayMs: 1234 });
});

afterEach(async () => {
  // Every request the fake saw was metered exactly once, and nothing else was.
  expect(usage.entries.length).toBe(fake.requests.length);
  expect(usage.entries.every((e) => e.service === 'replicate')).toBe(true);
  await fake.close();
});

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

/** Polls the way a job does (each RunLaterError = one re-scheduled run), without waiting. */
async function pollToEnd(id: string, max = 10): Promise<{ output?: unknown; error?: Error; laters: number }> {
  for (let laters = 0; laters < max; laters++) {
    try {
      return { output: await client.pollPrediction(id, { jobId: 'job-1' }), laters };
    } catch (err) {
      if (!(err instanceof RunLaterError)) return { error: err as Error, laters };
    }
  }
  throw new Error('prediction never finished');
}

async function pngDataUri(width: number, height: number): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 20 } } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('creating predictions', () => {
  it('uses the model path for "owner/name", with a bearer token and no Prefer: wait', async () => {
    const p = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'Species: Barn Owl' } }, { jobId: 'job-7' });
    expect(p.status).toBe('starting');
    expect(p.model).toBe(FAKE_TEXT_MODEL);
    expect(p.input).toEqual({ prompt: 'Species: Barn Owl' });
    expect(p.urls?.get).toBe(`${fake.baseUrl}/v1/predictions/${p.id}`);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: `/v1/models/${FAKE_TEXT_MODEL}/predictions`, status: 201, prefer: null });
    expect(usage.entries[0]).toMatchObject({ endpoint: `POST /v1/models/${FAKE_TEXT_MODEL}/predictions`, statusCode: 201, jobId: 'job-7' });
    expect(fake.createdCount()).toBe(1);
  });

  it('uses POST /v1/predictions with {version} for "owner/name:version" and a bare version id', async () => {
    const version = fake.versionOf(FAKE_TEXT_MODEL);
    const a = await client.createPrediction({ model: `${FAKE_TEXT_MODEL}:${version}`, input: { prompt: 'x' } });
    const b = await client.createPrediction({ model: version, input: { prompt: 'y' } });
    expect([a.version, b.version]).toEqual([version, version]);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/predictions', '/v1/predictions']);
    expect(usage.entries.map((e) => e.endpoint)).toEqual(['POST /v1/predictions', 'POST /v1/predictions']);
    const wrong = await caught(client.createPrediction({ model: `${FAKE_TEXT_MODEL}:${'0'.repeat(64)}`, input: { prompt: 'z' } }));
    expect(wrong).toBeInstanceOf(PermanentError);
    expect((wrong as PermanentError).code).toBe('VALIDATION_FAILED');
    expect(wrong.message).toContain('Invalid version');
  });

  it('maps an unknown model to NOT_FOUND and bad input to VALIDATION_FAILED, creating nothing', async () => {
    const missing = await caught(client.createPrediction({ model: 'nobody/nothing', input: {} }));
    expect((missing as PermanentError).code).toBe('NOT_FOUND');
    const bad = await caught(client.createPrediction({ model: FAKE_UPSCALE_MODEL, input: { image: await pngDataUri(4, 4), scale: 12 } }));
    expect(bad).toBeInstanceOf(PermanentError);
    expect((bad as PermanentError).code).toBe('VALIDATION_FAILED');
    expect(bad.message).toContain('scale');
    expect(fake.createdCount()).toBe(0);
  });
});

describe('polling', () => {
  it('answers RunLaterError while processing, then the output (text model tokens join to JSON)', async () => {
    fake.pollsUntilDone = 2;
    const p = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'Species: Barn Owl\nWrite metadata.' } });
    const first = await caught(client.pollPrediction(p.id));
    expect(first).toBeInstanceOf(RunLaterError);
    expect((first as RunLaterError).delayMs).toBe(1234);
    expect(fake.predictions[0].status).toBe('processing');
    const { output, laters } = await pollToEnd(p.id);
    expect(laters).toBe(1);
    expect(Array.isArray(output) && (output as unknown[]).length).toBeGreaterThan(10);
    const doc = JSON.parse(outputText(output));
    expect(doc.species).toBe('Barn Owl');
    expect(doc.hashtags.length).toBeGreaterThanOrEqual(20);
    const words = doc.description.split(/\s+/).length;
    expect(words).toBeGreaterThanOrEqual(100);
    expect(words).toBeLessThanOrEqual(200);
  });

  it('finishes at the first GET with pollsUntilDone 0 and lets tests return malformed text', async () => {
    fake.pollsUntilDone = 0;
    fake.setTextOutput('{"species": "Otter", "title": ');
    const p = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'anything' } });
    const { output, laters } = await pollToEnd(p.id);
    expect(laters).toBe(0);
    expect(outputText(output)).toBe('{"species": "Otter", "title": ');
    expect(() => JSON.parse(outputText(output))).toThrow();
  });

  it.each([
    ['failed', 'PREDICTION_FAILED'],
    ['aborted', 'PREDICTION_ABORTED'],
    ['canceled', 'PREDICTION_CANCELED'],
  ] as const)('a %s prediction is a PermanentError %s', async (status, code) => {
    fake.fail.nextPrediction({ status, error: status === 'failed' ? 'CUDA out of memory' : undefined });
    const p = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } });
    const { error } = await pollToEnd(p.id);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe(code);
    if (status === 'failed') expect(error!.message).toContain('CUDA out of memory');
    expect(fake.predictions[0].status).toBe(status);
  });

  it('reports a model that crashed (input image unreachable) as PREDICTION_FAILED with its error', async () => {
    const gone = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    try {
      const image = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/missing.png`;
      const p = await client.createPrediction({ model: FAKE_UPSCALE_MODEL, input: { image, scale: 2 } });
      const { error } = await pollToEnd(p.id);
      expect((error as PermanentError).code).toBe('PREDICTION_FAILED');
      expect(error!.message).toContain('HTTP 404');
    } finally {
      await new Promise((r) => gone.close(r));
    }
  });

  it('cancels a prediction past its deadline: PREDICTION_TIMEOUT', async () => {
    const p = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } });
    const running = await client.getPrediction(p.id);
    expect(running.status).toBe('processing');
    const err = await caught(client.pollOutcome(running, { now: Date.parse(running.created_at) + 31 * 60_000 }));
    expect((err as PermanentError).code).toBe('PREDICTION_TIMEOUT');
    expect(fake.predictions[0].status).toBe('canceled');
    expect(usage.entries.at(-1)?.endpoint).toBe('POST /v1/predictions/{id}/cancel');
    // Within the deadline it is only "later".
    const fresh = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'y' } });
    expect(await caught(client.pollOutcome(fresh, { deadlineMs: 60_000 }))).toBeInstanceOf(RunLaterError);
  });

  it('cancelPrediction cancels', async () => {
    const p = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } });
    const c = await client.cancelPrediction(p.id);
    expect(c?.status).toBe('canceled');
    const { error } = await pollToEnd(p.id);
    expect((error as PermanentError).code).toBe('PREDICTION_CANCELED');
  });
});

describe('upscaling', () => {
  let images: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => (images ? images.close(r) : r(undefined)));
    images = undefined;
  });

  it('scales a data: URI PNG by 2 and an http JPEG by 4 (dimensions checked)', async () => {
    const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
    images = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(jpeg));
    await new Promise<void>((r) => images!.listen(0, '127.0.0.1', r));
    const jpegUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/fox.jpg`;

    const two = await client.createPrediction({ model: FAKE_UPSCALE_MODEL, input: { image: await pngDataUri(30, 20), scale: 2 } });
    const four = await client.createPrediction({ model: FAKE_UPSCALE_MODEL, input: { image: jpegUrl, scale: 4 } });
    const twoUrl = firstOutputUrl((await pollToEnd(two.id)).output);
    const fourUrl = firstOutputUrl((await pollToEnd(four.id)).output);
    expect(twoUrl).toBe(`${fake.baseUrl}/files/${two.id}.png`);
    expect(fourUrl).toBe(`${fake.baseUrl}/files/${four.id}.jpg`);

    const twoMeta = await sharp(await client.downloadOutputToBuffer(twoUrl, { jobId: 'job-2' })).metadata();
    expect([twoMeta.width, twoMeta.height, twoMeta.format]).toEqual([60, 40, 'png']);

    const dl = await client.downloadOutput(fourUrl);
    expect(dl.contentType).toBe('image/jpeg');
    const chunks: Buffer[] = [];
    for await (const c of dl.body) chunks.push(c as Buffer); // streamed, not pre-buffered by the client
    expect(Buffer.concat(chunks).length).toBe(dl.contentLength);
    const fourMeta = await sharp(Buffer.concat(chunks)).metadata();
    expect([fourMeta.width, fourMeta.height, fourMeta.format]).toEqual([120, 80, 'jpeg']);
    expect(usage.entries.filter((e) => e.endpoint === 'GET output file').map((e) => e.statusCode)).toEqual([200, 200]);
  });

  it('an expired output is OUTPUT_EXPIRED', async () => {
    fake.pollsUntilDone = 0;
    const p = await client.createPrediction({ model: FAKE_UPSCALE_MODEL, input: { image: await pngDataUri(8, 8), scale: 2 } });
    const url = firstOutputUrl((await pollToEnd(p.id)).output);
    fake.expireOutputs();
    const err = await caught(client.downloadOutputToBuffer(url));
    expect((err as PermanentError).code).toBe('OUTPUT_EXPIRED');
  });
});

describe('HTTP failures', () => {
  it('429 with Retry-After is a RunLaterError of that delay; without it, the delay in the body', async () => {
    fake.fail.next(1, { status: 429, retryAfter: 7 });
    const a = await caught(client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } }));
    expect(a).toBeInstanceOf(RunLaterError);
    expect((a as RunLaterError).delayMs).toBe(7000);
    expect((a as RunLaterError).code).toBe('RATE_LIMITED');
    fake.fail.next(1, { status: 429, detail: 'Request was throttled. Your rate limit resets in ~12s.' });
    const b = await caught(client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } }));
    expect((b as RunLaterError).delayMs).toBe(12_000);
    expect(fake.createdCount()).toBe(0);
    expect(usage.entries.map((e) => e.statusCode)).toEqual([429, 429]);
  });

  it('500 is a RetryableError; the next try succeeds', async () => {
    const p = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } });
    fake.fail.next(1, { status: 500 });
    const err = await caught(client.getPrediction(p.id));
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).code).toBe('REPLICATE_UNAVAILABLE');
    expect((await client.getPrediction(p.id)).status).toBe('processing');
  });

  it('401 for a bad token is a PermanentError quoting Replicate', async () => {
    const bad = new ReplicateClient({ token: 'r8_wrong', baseUrl: fake.baseUrl, usage });
    const err = await caught(bad.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } }));
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe('UNAUTHORIZED');
    expect(err.message).toContain('You did not pass a valid authentication token');
    expect(usage.entries[0].statusCode).toBe(401);
  });

  it('a network error is a RetryableError, metered with no status', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    const own = new MemoryUsageRecorder();
    const offline = new ReplicateClient({ token: 't', baseUrl: `http://127.0.0.1:${port}`, usage: own });
    const err = await caught(offline.getPrediction('abc'));
    expect((err as RetryableError).code).toBe('NETWORK_ERROR');
    expect(own.entries).toMatchObject([{ endpoint: 'GET /v1/predictions/{id}', statusCode: null }]);
  });
});

describe('metering', () => {
  it('records predict_time × rate once, on the GET that saw the final state', async () => {
    fake.predictTimeSeconds = 4;
    const priced = new ReplicateClient({ token: 'r8_test_token', baseUrl: fake.baseUrl, usage, costPerSecondUsd: 0.001 });
    const p = await priced.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } });
    expect((await priced.getPrediction(p.id)).status).toBe('processing');
    expect((await priced.getPrediction(p.id)).status).toBe('succeeded');
    await priced.getPrediction(p.id); // seen final again: no second charge
    expect(usage.entries.map((e) => e.costUsd ?? null)).toEqual([null, null, 0.004, null]);
  });

  it('default rate is the T4 price', async () => {
    fake.pollsUntilDone = 0;
    fake.predictTimeSeconds = 10;
    const p = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } });
    await client.getPrediction(p.id);
    expect(usage.entries[1].costUsd).toBeCloseTo(0.00225, 10);
  });
});

describe('recovery by listing', () => {
  it('pages newest first and finds a prediction by model', async () => {
    await client.createPrediction({ model: FAKE_UPSCALE_MODEL, input: { image: await pngDataUri(4, 4), scale: 2 } });
    const text = await client.createPrediction({ model: FAKE_TEXT_MODEL, input: { prompt: 'x' } });
    const { results, nextCursor } = await client.listPredictions();
    expect(results.map((r) => r.model)).toEqual([FAKE_TEXT_MODEL, FAKE_UPSCALE_MODEL]);
    expect(nextCursor).toBeNull();
    expect(results[0]).not.toHaveProperty('input');
    const found = await client.findPrediction((r) => r.model === FAKE_TEXT_MODEL, { since: new Date(Date.now() - 60_000) });
    expect(found?.id).toBe(text.id);
  });
});

describe('account (connection test)', () => {
  it('answers who the token belongs to, metered; a wrong token is a permanent 401', async () => {
    expect(await client.account({ jobId: 'job-2' })).toEqual({ type: 'user', username: 'fieldfen-standin', name: 'Field & Fen (stand-in)', github_url: 'https://github.com/fieldfen-standin' });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/v1/account', status: 200 });
    expect(usage.entries[0]).toMatchObject({ endpoint: 'GET /v1/account', statusCode: 200, jobId: 'job-2', costUsd: null });
    const wrong = new ReplicateClient({ token: 'r8_wrong', baseUrl: fake.baseUrl, usage });
    const err = await caught(wrong.account());
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe('UNAUTHORIZED');
    expect(err.message).toBe('Replicate GET /v1/account → 401: Unauthenticated: You did not pass a valid authentication token');
    expect(err.message).not.toContain('r8_wrong');
  });
});
