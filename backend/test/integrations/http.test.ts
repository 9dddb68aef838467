/**
 * http.ts against a real local node:http server (no fetch mocks): timeouts, Retry-After,
 * the default outcome mapping, the caller's abort, one usage row per request, and the
 * Shopify client's new per-request timeout.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError, RunLaterError } from '../../src/core/outcomes.js';
import { request, retryAfterMs, type HttpRequest, type HttpService } from '../../src/integrations/http.js';
import { ShopifyClient } from '../../src/integrations/shopify.js';
import { MemoryUsageRecorder, type ApiUsageEntry } from '../../src/integrations/usage.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let requests: number;
let usage: MemoryUsageRecorder;

beforeEach(async () => {
  requests = 0;
  handler = (_req, res) => res.end('{}');
  server = createServer((req, res) => {
    requests++;
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  usage = new MemoryUsageRecorder();
});

afterEach(async () => {
  // Every request the server saw was metered exactly once.
  expect(usage.entries.length).toBe(requests);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const hang: Handler = () => {}; // never answers

function service(extra: Partial<HttpService> = {}): HttpService {
  return {
    service: 'test', name: 'Test', usage, fetch, timeoutMs: 2000,
    codes: { rateLimited: 'T_LIMITED', unavailable: 'T_UNAVAILABLE', timeout: 'T_TIMEOUT', network: 'T_NETWORK', rejected: (s) => `T_${s}` },
    describe: (a, endpoint) => `Test ${endpoint} → ${a.status}: ${a.text}`,
    ...extra,
  };
}

const thing = (extra: Partial<HttpRequest>): HttpRequest => ({ endpoint: 'GET /thing', url: `${baseUrl}/thing`, call: { jobId: 'job-1' }, ...extra });
const get = (svc = service(), extra: Partial<HttpRequest> = {}) => request(svc, thing(extra));
const stream = (svc: HttpService, extra: Partial<HttpRequest> = {}) => request(svc, { ...thing(extra), stream: true });

const caught = (p: Promise<unknown>): Promise<Error> => p.then(() => Promise.reject(new Error('expected a rejection')), (err: Error) => err);

describe('request', () => {
  it('answers 2xx with status, text and parsed JSON, metered once with the job id', async () => {
    handler = (_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    const a = await get();
    expect([a.status, a.text, a.json]).toEqual([201, '{"ok":true}', { ok: true }]);
    expect(usage.entries).toMatchObject([{ service: 'test', endpoint: 'GET /thing', statusCode: 201, jobId: 'job-1' }]);
    expect(usage.entries[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('times out a request that gets no answer: RetryableError, usage row with status null', async () => {
    handler = hang;
    const started = Date.now();
    const err = await caught(get(service({ timeoutMs: 150 })));
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).code).toBe('T_TIMEOUT');
    expect(err.message).toBe('Test GET /thing timed out');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(usage.entries).toMatchObject([{ endpoint: 'GET /thing', statusCode: null, jobId: 'job-1' }]);
  });

  it('429 with Retry-After in seconds is a RunLaterError of that delay', async () => {
    handler = (_req, res) => res.writeHead(429, { 'retry-after': '7' }).end('slow down');
    const err = await caught(get());
    expect(err).toBeInstanceOf(RunLaterError);
    expect((err as RunLaterError).delayMs).toBe(7000);
    expect((err as RunLaterError).code).toBe('T_LIMITED');
    expect(err.message).toBe('Test GET /thing → 429: slow down');
    expect(usage.entries[0].statusCode).toBe(429);
  });

  it('429 with Retry-After as an HTTP date waits until that date', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 10_000); // whole seconds, as HTTP dates are
    handler = (_req, res) => res.writeHead(429, { 'retry-after': at.toUTCString() }).end();
    const err = (await caught(get())) as RunLaterError;
    expect(err).toBeInstanceOf(RunLaterError);
    expect(err.delayMs).toBeGreaterThan(8000);
    expect(err.delayMs).toBeLessThanOrEqual(11_000);
  });

  it('429 without Retry-After waits the service fallback (1 s unless the service says)', async () => {
    handler = (_req, res) => res.writeHead(429).end('resets in 3');
    expect(((await caught(get())) as RunLaterError).delayMs).toBe(1000);
    const own = service({ laterMs: (a) => Number(/resets in (\d+)/.exec(a.text)![1]) * 1000 });
    expect(((await caught(get(own))) as RunLaterError).delayMs).toBe(3000);
  });

  it.each([
    [503, RetryableError, 'T_UNAVAILABLE'],
    [500, RetryableError, 'T_UNAVAILABLE'],
    [408, RetryableError, 'T_UNAVAILABLE'],
    [400, PermanentError, 'T_400'],
    [404, PermanentError, 'T_404'],
    [409, PermanentError, 'T_409'],
  ] as const)('%i is a %o (%s)', async (status, type, code) => {
    handler = (_req, res) => res.writeHead(status).end('nope');
    const err = await caught(get());
    expect(err).toBeInstanceOf(type);
    expect((err as RetryableError).code).toBe(code);
    expect(usage.entries[0].statusCode).toBe(status);
  });

  it('a network error is retryable and metered with status null', async () => {
    handler = (req) => req.socket.destroy();
    const err = await caught(get());
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).code).toBe('T_NETWORK');
    expect(usage.entries[0].statusCode).toBeNull();
  });

  it('the caller’s abort propagates as an abort, not as an outcome', async () => {
    handler = hang;
    const caller = new AbortController();
    const pending = get(service(), { call: { signal: caller.signal } });
    setTimeout(() => caller.abort(), 50);
    const err = await caught(pending);
    expect(err.name).toBe('AbortError');
    for (const outcome of [RetryableError, PermanentError, RunLaterError]) expect(err).not.toBeInstanceOf(outcome);
    expect(usage.entries).toMatchObject([{ statusCode: null }]);
  });

  it('hands back accepted statuses and lets the service classify its own answers first', async () => {
    handler = (req, res) => res.writeHead(req.url === '/quota' ? 403 : 401).end('{"reason":"quota"}');
    const renew = await get(service(), { accept: [401] });
    expect(renew.status).toBe(401);
    const svc = service({ classify: (a, message) => ((a.json as { reason?: string }).reason === 'quota' ? new RunLaterError(2500, message, 'T_QUOTA') : undefined) });
    const quota = (await caught(get(svc, { url: `${baseUrl}/quota` }))) as RunLaterError;
    expect([quota.constructor, quota.delayMs, quota.code]).toEqual([RunLaterError, 2500, 'T_QUOTA']);
  });

  it('records the rate-limit and cost columns a client reads from the answer', async () => {
    handler = (_req, res) => res.writeHead(200, { 'x-left': '41' }).end('{"cost":0.5}');
    await get(service(), { meter: (a) => ({ rateLimitRemaining: Number(a.headers.get('x-left')), costUsd: (a.json as { cost: number }).cost }) });
    expect(usage.entries).toMatchObject([{ statusCode: 200, rateLimitRemaining: 41, costUsd: 0.5 }]);
  });

  it('a failing recorder never fails the call it meters', async () => {
    const rejecting = { record: (e: ApiUsageEntry) => (usage.record(e), Promise.reject(new Error('database down'))) };
    const throwing = { record: (e: ApiUsageEntry) => { usage.record(e); throw new Error('bug'); } };
    expect((await get(service({ usage: rejecting }))).status).toBe(200);
    expect((await get(service({ usage: throwing }))).status).toBe(200);
  });
});

describe('streams', () => {
  /**
   * Headers at once, then the body in 4 pieces 250 ms apart (1 s in all), against a
   * 500 ms timeout: the body alone outlasts it; the headers have 500 ms to arrive even
   * on a loaded machine.
   */
  const slowBody: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    let n = 0;
    const t = setInterval(() => {
      res.write(Buffer.alloc(10, n));
      if (++n === 4) {
        clearInterval(t);
        res.end();
      }
    }, 250);
  };
  const drain = async (body: NodeJS.ReadableStream) => {
    let total = 0;
    for await (const c of body) total += (c as Buffer).length;
    return total;
  };

  it('"headers" timeout mode: a download slower than the timeout still completes', async () => {
    handler = slowBody;
    const { body } = await stream(service({ timeoutMs: 500 }), { timeoutCovers: 'headers' });
    expect(await drain(body)).toBe(40);
    expect(usage.entries).toMatchObject([{ statusCode: 200 }]);
  });

  it('default timeout mode covers the streamed body too', async () => {
    handler = slowBody;
    const { body } = await stream(service({ timeoutMs: 500 }));
    const err = await caught(drain(body));
    expect(err.name).toBe('TimeoutError');
  });

  it('a failed streamed request is read and classified like any other', async () => {
    handler = (_req, res) => res.writeHead(502).end('bad gateway');
    const err = await caught(stream(service()));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.message).toBe('Test GET /thing → 502: bad gateway');
  });
});

describe('retryAfterMs', () => {
  const h = (v: string) => new Headers({ 'retry-after': v });
  it('reads delta-seconds and HTTP dates, null otherwise', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(h('7'), now)).toBe(7000);
    expect(retryAfterMs(h('1.5'), now)).toBe(1500);
    expect(retryAfterMs(h('Thu, 01 Jan 2026 00:00:30 GMT'), now)).toBe(30_000);
    expect(retryAfterMs(h('Wed, 31 Dec 2025 23:00:00 GMT'), now)).toBe(0); // in the past: at once
    expect(retryAfterMs(h('soon'), now)).toBeNull();
    expect(retryAfterMs(new Headers(), now)).toBeNull();
  });
});

describe('Shopify client timeouts', () => {
  it('times out a GraphQL request that never gets an answer', async () => {
    handler = hang;
    const client = new ShopifyClient({ storeUrl: baseUrl, accessToken: 'shpat_x', usage, timeoutMs: 200 });
    const err = await caught(client.findProductByTag('ff-file-1', { jobId: 'job-9' }));
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).code).toBe('SHOPIFY_TIMEOUT');
    expect(usage.entries).toMatchObject([{ service: 'shopify', endpoint: 'graphql products', statusCode: null, jobId: 'job-9' }]);
  });

  it('times out the token grant too', async () => {
    handler = hang;
    const client = new ShopifyClient({ storeUrl: baseUrl, clientId: 'id', clientSecret: 'secret', usage, timeoutMs: 200 });
    const err = await caught(client.findProductByTag('x'));
    expect((err as RetryableError).code).toBe('SHOPIFY_TIMEOUT');
    expect(usage.entries).toMatchObject([{ endpoint: 'POST /admin/oauth/access_token', statusCode: null }]);
  });
});
