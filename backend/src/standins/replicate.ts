/**
 * A local Replicate: enough of the HTTP API for our client to run unchanged against it
 * (point REPLICATE_API_BASE_URL here). Strict like the real one: bearer token required,
 * unknown models 404, bad bodies 422 with Replicate's error shapes.
 *
 * Predictions advance without timers: each GET of an unfinished prediction counts; the
 * first `pollsUntilDone` GETs answer `processing` (`starting` for one that will abort),
 * the next one the final state (0 = final at the first GET). A model's handler starts
 * when the prediction is created and is awaited by the GET that finishes it.
 *
 * Models: a default upscaler (`nightmareai/real-esrgan`: downloads `input.image`, an
 * http(s) URL or data: URI, and scales it by `input.scale` with sharp) whose output is a
 * file URL served at `/files/<id>.png|jpg` without auth, like replicate.delivery; and a
 * default text model answering a list of string tokens that join to a metadata JSON
 * document (`setTextOutput` replaces it, e.g. with malformed text; `queueTextOutputs`
 * scripts the answers of the next text predictions, one each, before that default).
 *
 * Webhooks: a prediction created with `webhook` POSTs the finished prediction there when it
 * ends (with `webhook_events_filter` ["completed"] or no filter; "start"/"output"/"logs"
 * events are not sent), signed the Standard Webhooks way with the account's key
 * (`GET /v1/webhooks/default/secret` → `{key: "whsec_…"}`): webhook-id, webhook-timestamp,
 * webhook-signature `v1,<base64 HMAC-SHA256 of id.timestamp.body>` — computed here with
 * node:crypto, not with the platform's code. `complete(id)` ends a prediction now (as if
 * its GPU work finished, without a GET); with `pollsUntilDone: Infinity` only `complete`
 * ends one, so a test or bench decides when the work is done.
 */
import { deliver, type RecordedDelivery } from './webhookDelivery.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export const FAKE_UPSCALE_MODEL = 'nightmareai/real-esrgan';
export const FAKE_TEXT_MODEL = 'meta/meta-llama-3-8b-instruct';

export type FinalStatus = 'succeeded' | 'failed' | 'canceled' | 'aborted';
export interface FakePrediction {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  logs: string;
  output: unknown;
  data_removed: boolean;
  error: string | null;
  source: 'api';
  status: 'starting' | 'processing' | FinalStatus;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  urls: { get: string; cancel: string; web: string };
  metrics: { predict_time?: number; total_time?: number };
  webhook?: string;
  webhook_events_filter?: string[];
}
export interface FakeWebhookDelivery extends RecordedDelivery {
  /** When it was sent (performance.now()). */
  sentAt: number;
}
export interface FakeRequest { method: string; path: string; status: number; prefer: string | null; /** performance.now() at arrival */ at: number }
export interface ModelContext {
  predictionId: string;
  saveFile(name: string, data: Buffer, contentType: string): string;
  /** The bytes of a file uploaded through POST /v1/files, by its urls.get. */
  uploaded(url: string): Buffer | undefined;
}
export type ModelHandler = (input: Record<string, unknown>, ctx: ModelContext) => unknown;
/** Answers the problems with an input (empty = valid), checked at creation (422). */
export type InputValidator = (input: Record<string, unknown>) => string[];
type TextOutput = string | string[] | ((input: Record<string, unknown>) => string | string[] | Promise<string | string[]>);
interface Injected { status: number; retryAfter?: number; detail?: string }
interface Internal { gets: number; pollsUntilDone: number; work?: Promise<{ ok: boolean; value: unknown }>; forced?: { status: FinalStatus; error?: string }; delivery?: Promise<FakeWebhookDelivery> }

export interface FakeReplicateOptions {
  token?: string;
  port?: number;
  /** GETs answering `processing` before the final state. Default 1. */
  pollsUntilDone?: number;
  /** metrics.predict_time of a finished prediction. Default 2.5 s. */
  predictTimeSeconds?: number;
  upscaleModel?: string;
  textModel?: string;
  /** The account's webhook signing secret (whsec_ + base64). Default: a random one. */
  webhookSecret?: string;
}

export async function startFakeReplicate(opts: FakeReplicateOptions = {}) {
  const token = opts.token ?? 'r8_fake_token';
  const predictions: FakePrediction[] = [];
  const requests: FakeRequest[] = [];
  const internals = new Map<string, Internal>();
  const models = new Map<string, { handler: ModelHandler; validate?: InputValidator; version: string }>();
  const files = new Map<string, { data: Buffer; type: string }>();
  /** Files uploaded through the Files API, by their urls.get. */
  const uploads = new Map<string, { data: Buffer; type: string; name: string }>();
  const failQueue: Injected[] = [];
  const predictionFailQueue: Array<{ status: Exclude<FinalStatus, 'succeeded'>; error?: string }> = [];
  const pending = new Set<Promise<unknown>>();
  const inflightWebhooks = new Set<Promise<unknown>>();
  let textOutput: TextOutput = (input) => defaultMetadataJson(String(input.prompt ?? ''));
  /** Scripted answers, one per text prediction, taken before `textOutput`. */
  const textQueue: TextOutput[] = [];
  let baseUrl = '';
  let webhookSecret = opts.webhookSecret ?? `whsec_${randomBytes(24).toString('base64')}`;
  const webhooks: FakeWebhookDelivery[] = [];

  const fake = {
    baseUrl: '',
    token,
    predictions,
    requests,
    state: { predictions, requests },
    pollsUntilDone: opts.pollsUntilDone ?? 1,
    predictTimeSeconds: opts.predictTimeSeconds ?? 2.5,
    fail: {
      /** The next `n` API requests (after auth) answer `status`; a 429 may carry Retry-After. */
      next(n: number, f: Injected) {
        for (let i = 0; i < n; i++) failQueue.push({ ...f });
      },
      /** The next created prediction ends in this state instead of succeeding. */
      nextPrediction(f: { status: Exclude<FinalStatus, 'succeeded'>; error?: string }) {
        predictionFailQueue.push({ ...f });
      },
    },
    setModel(name: string, handler: ModelHandler, o: { validate?: InputValidator } = {}) {
      models.set(name, { handler, validate: o.validate, version: sha256(name) });
    },
    /** The text model's next outputs (read when a prediction is created). */
    setTextOutput(out: TextOutput) {
      textOutput = out;
    },
    /** The next text predictions answer these, one each in order; then `setTextOutput`'s answer again. */
    queueTextOutputs(...outs: TextOutput[]) {
      textQueue.push(...outs);
    },
    /** Scripted text answers not used yet. */
    queuedTextOutputs: () => textQueue.length,
    versionOf(model: string): string {
      const m = models.get(model);
      if (!m) throw new Error(`fake Replicate: unknown model ${model}`);
      return m.version;
    },
    createdCount: () => predictions.length,
    /** The account's current webhook signing secret. */
    get webhookSecret() {
      return webhookSecret;
    },
    /** A new signing secret (what `GET /v1/webhooks/default/secret` answers from now on). */
    rotateWebhookSecret(): string {
      webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
      return webhookSecret;
    },
    /** Every webhook sent, in order. */
    webhooks,
    /** End the prediction now (its work done, no GET needed) and send its webhook; resolves once the webhook was answered. */
    async complete(id: string): Promise<FakeWebhookDelivery | null> {
      const p = predictions.find((x) => x.id === id);
      if (!p) throw new Error(`fake Replicate: no prediction ${id}`);
      if (isFinal(p.status)) return null;
      const it = internals.get(id)!;
      it.pollsUntilDone = it.gets; // the next advance ends it
      await advance(p);
      return it.delivery ?? null;
    },
    /** Send a webhook again: the same id, timestamp and signature (a retry, or an attacker's replay). */
    redeliver(d: FakeWebhookDelivery, o: { body?: string; signature?: string } = {}): Promise<FakeWebhookDelivery> {
      const copy: FakeWebhookDelivery = { ...d, body: o.body ?? d.body, headers: { ...d.headers, ...(o.signature ? { 'webhook-signature': o.signature } : {}) }, status: 0, answer: null, sentAt: 0 };
      webhooks.push(copy);
      return post(copy);
    },
    /** Output files disappear, as they do on Replicate after an hour. */
    expireOutputs: () => files.clear(),
    async close() {
      await Promise.allSettled([...pending]);
      await Promise.allSettled([...inflightWebhooks]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  const saveFile = (name: string, data: Buffer, type: string) => {
    files.set(name, { data, type });
    return `${baseUrl}/files/${name}`;
  };
  fake.setModel(opts.upscaleModel ?? FAKE_UPSCALE_MODEL, upscale, { validate: validateUpscale });
  fake.setModel(opts.textModel ?? FAKE_TEXT_MODEL, async (input) => {
    const next = textQueue.shift() ?? textOutput; // taken at creation, before any await: in creation order
    const out = typeof next === 'function' ? await next(input) : next;
    return Array.isArray(out) ? out : tokens(out);
  }, { validate: (i) => (typeof i.prompt === 'string' && i.prompt ? [] : ['prompt is required']) });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/files/')) {
      const f = method === 'GET' ? files.get(decodeURIComponent(path.slice(7))) : undefined;
      if (!f) return send(res, 404, { detail: 'Not found', status: 404 });
      res.writeHead(200, { 'Content-Type': f.type, 'Content-Length': f.data.length });
      res.end(f.data);
      return 200;
    }
    const auth = /^(?:Bearer|Token)\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!auth) return send(res, 401, { title: 'Unauthenticated', detail: 'You did not pass an authentication token', status: 401 });
    if (auth[1].trim() !== token) {
      return send(res, 401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 });
    }
    const injected = failQueue.shift();
    if (injected) return sendInjected(res, injected);

    // account.get: who the token belongs to (the cheap call that checks a token).
    if (path === '/v1/account') {
      if (method !== 'GET') return notAllowed(res, method);
      return send(res, 200, { type: 'user', username: 'fieldfen-standin', name: 'Field & Fen (stand-in)', github_url: 'https://github.com/fieldfen-standin' });
    }
    if (path === '/v1/webhooks/default/secret') {
      if (method !== 'GET') return notAllowed(res, method);
      return send(res, 200, { key: webhookSecret });
    }
    if (path === '/v1/files' && method === 'POST') {
      // Files API: multipart/form-data with the file in `content`.
      let form: FormData;
      try {
        form = await new Request(url, { method, headers: req.headers as Record<string, string>, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit).formData();
      } catch {
        return send(res, 400, { detail: 'Multipart form parse error', status: 400 });
      }
      const content = form.get('content');
      if (!(content instanceof Blob)) return invalid(res, ['content is required']);
      const id = randomUUID().replace(/-/g, '').slice(0, 24);
      const data = Buffer.from(await content.arrayBuffer());
      const type = String(form.get('type') ?? content.type ?? 'application/octet-stream');
      const name = String(form.get('filename') ?? 'file');
      const get = `${baseUrl}/v1/files/${id}`;
      uploads.set(get, { data, type, name });
      return send(res, 201, {
        id, name, content_type: type, size: data.length, etag: '', checksums: {}, metadata: {},
        created_at: new Date().toISOString(), expires_at: new Date(Date.now() + 86_400_000).toISOString(),
        urls: { get },
      });
    }

    let m: RegExpExecArray | null;
    if ((m = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(path))) {
      if (method !== 'POST') return notAllowed(res, method);
      const model = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`;
      if (!models.has(model)) return notFound(res);
      const body = await readJson(req);
      if (body === undefined) return badJson(res);
      return create(res, body, model, null);
    }
    if (path === '/v1/predictions') {
      if (method === 'GET') return list(res, url);
      if (method !== 'POST') return notAllowed(res, method);
      const body = await readJson(req);
      if (body === undefined) return badJson(res);
      if (!isObject(body) || typeof body.version !== 'string') return invalid(res, ['version is required']);
      const resolved = resolveVersion(body.version);
      if (!resolved) return send(res, 422, invalidVersion);
      return create(res, body, resolved.model, resolved.version);
    }
    if ((m = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(path))) {
      const p = predictions.find((x) => x.id === decodeURIComponent(m![1]));
      if (!p) return notFound(res);
      if (m[2]) return method === 'POST' ? send(res, 200, cancel(p)) : notAllowed(res, method);
      if (method !== 'GET') return notAllowed(res, method);
      return send(res, 200, await advance(p));
    }
    return notFound(res);
  }

  function resolveVersion(v: string): { model: string; version: string } | null {
    const named = /^([^/:]+\/[^/:]+)(?::([0-9a-f]{64}))?$/i.exec(v);
    if (named) {
      const entry = models.get(named[1]);
      if (!entry || (named[2] && named[2] !== entry.version)) return null;
      return { model: named[1], version: entry.version };
    }
    for (const [model, entry] of models) if (entry.version === v) return { model, version: v };
    return null;
  }

  function create(res: ServerResponse, body: unknown, model: string, version: string | null): number {
    if (!isObject(body)) return invalid(res, ['body must be an object']);
    const allowed = new Set(['input', 'webhook', 'webhook_events_filter', 'stream', ...(version ? ['version'] : [])]);
    const problems = Object.keys(body).filter((k) => !allowed.has(k)).map((k) => `Additional property ${k} is not allowed`);
    if (!isObject(body.input)) problems.push('input is required');
    if (body.webhook !== undefined && !isHttpUrl(body.webhook)) problems.push('webhook must be a valid URL');
    const filter = body.webhook_events_filter;
    if (filter !== undefined && !(Array.isArray(filter) && filter.every((e) => ['start', 'output', 'logs', 'completed'].includes(e)))) {
      problems.push('webhook_events_filter must be a list of start, output, logs, completed');
    }
    const entry = models.get(model)!;
    if (isObject(body.input) && entry.validate) problems.push(...entry.validate(body.input).map((d) => `input: ${d}`));
    if (problems.length) return invalid(res, problems);

    const id = predictionId();
    const p: FakePrediction = {
      id, model, version: version ?? entry.version, input: body.input as Record<string, unknown>, logs: '', output: null,
      data_removed: false, error: null, source: 'api', status: 'starting', created_at: new Date().toISOString(),
      started_at: null, completed_at: null, metrics: {},
      urls: { get: `${baseUrl}/v1/predictions/${id}`, cancel: `${baseUrl}/v1/predictions/${id}/cancel`, web: `${baseUrl}/p/${id}` },
      ...(typeof body.webhook === 'string' ? { webhook: body.webhook } : {}),
      ...(Array.isArray(filter) ? { webhook_events_filter: filter as string[] } : {}),
    };
    const internal: Internal = { gets: 0, pollsUntilDone: fake.pollsUntilDone, forced: predictionFailQueue.shift() };
    if (!internal.forced) {
      const work = Promise.resolve()
        .then(() => entry.handler(p.input, { predictionId: id, saveFile, uploaded: (u) => uploads.get(u)?.data }))
        .then((value) => ({ ok: true, value }), (err: unknown) => ({ ok: false, value: (err as Error)?.message ?? String(err) }));
      internal.work = work;
      pending.add(work);
      void work.finally(() => pending.delete(work));
    }
    predictions.push(p);
    internals.set(id, internal);
    return send(res, 201, p);
  }

  /** One GET's worth of progress; the first time it ends the prediction, its webhook goes out. */
  async function advance(p: FakePrediction): Promise<FakePrediction> {
    if (isFinal(p.status)) return p;
    await progress(p);
    const it = internals.get(p.id)!;
    if (isFinal(p.status) && !it.delivery && p.webhook && (!p.webhook_events_filter || p.webhook_events_filter.includes('completed'))) {
      it.delivery = sendWebhook(p.webhook, JSON.stringify(p));
    }
    return p;
  }

  function sendWebhook(url: string, body: string): Promise<FakeWebhookDelivery> {
    const id = `msg_${randomBytes(16).toString('hex')}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const key = Buffer.from(webhookSecret.replace(/^whsec_/, ''), 'base64');
    const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    const d: FakeWebhookDelivery = {
      url, body, status: 0, answer: null, sentAt: 0,
      headers: { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` },
    };
    webhooks.push(d);
    return post(d);
  }

  function post(d: FakeWebhookDelivery): Promise<FakeWebhookDelivery> {
    d.sentAt = performance.now();
    return deliver(d, 10_000, inflightWebhooks);
  }

  async function progress(p: FakePrediction): Promise<FakePrediction> {
    const it = internals.get(p.id)!;
    it.gets += 1;
    const now = new Date().toISOString();
    if (it.gets <= it.pollsUntilDone) {
      if (it.forced?.status !== 'aborted' && p.status === 'starting') {
        p.status = 'processing';
        p.started_at = now;
        p.logs += 'Running prediction...\n';
      }
      return p;
    }
    p.started_at ??= it.forced?.status === 'aborted' ? null : now;
    p.completed_at = now;
    const predictTime = fake.predictTimeSeconds;
    if (it.forced) {
      p.status = it.forced.status;
      p.error = it.forced.status === 'failed' ? (it.forced.error ?? 'Prediction failed (injected)') : (it.forced.error ?? null);
      p.metrics = it.forced.status === 'aborted' ? {} : { predict_time: predictTime, total_time: predictTime + 0.5 };
      return p;
    }
    const result = await it.work!;
    if (isFinal(p.status)) return p; // canceled while we waited
    p.status = result.ok ? 'succeeded' : 'failed';
    p.output = result.ok ? result.value : null;
    p.error = result.ok ? null : String(result.value);
    p.logs += result.ok ? 'Done.\n' : `Error: ${String(result.value)}\n`;
    p.metrics = { predict_time: predictTime, total_time: predictTime + 0.5 };
    return p;
  }

  function cancel(p: FakePrediction): FakePrediction {
    if (isFinal(p.status)) return p;
    const started = p.status === 'processing';
    p.status = 'canceled';
    p.completed_at = new Date().toISOString();
    p.metrics = started ? { predict_time: fake.predictTimeSeconds / 2 } : {};
    return p;
  }

  function list(res: ServerResponse, url: URL): number {
    const pageSize = 100;
    const offset = decodeCursor(url.searchParams.get('cursor'));
    const newestFirst = [...predictions].reverse();
    const page = newestFirst.slice(offset, offset + pageSize).map(({ input, output, logs, error, webhook, ...summary }) => summary);
    const cursorUrl = (o: number) => `${baseUrl}/v1/predictions?cursor=${Buffer.from(`o=${o}`).toString('base64url')}`;
    return send(res, 200, {
      next: offset + pageSize < newestFirst.length ? cursorUrl(offset + pageSize) : null,
      previous: offset > 0 ? cursorUrl(Math.max(0, offset - pageSize)) : null,
      results: page,
    });
  }

  const server = createServer((req, res) => {
    const entry: FakeRequest = { method: req.method ?? 'GET', path: req.url ?? '/', status: 0, prefer: (req.headers.prefer as string) ?? null, at: performance.now() };
    handle(req, res)
      .catch((err: unknown) => {
        if (res.headersSent) return res.destroy(), 500;
        return send(res, 500, { title: 'Internal Server Error', detail: String((err as Error)?.message ?? err), status: 500 });
      })
      .then((status) => {
        entry.status = status;
      });
    // Logged when the request arrives, so a client that saw the answer always finds it here.
    requests.push(entry);
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.baseUrl = baseUrl;
  return fake;
}

export type FakeReplicate = Awaited<ReturnType<typeof startFakeReplicate>>;

const invalidVersion = {
  title: 'Invalid version or not permitted',
  detail: "The specified version does not exist (or perhaps you don't have permission to use it?)",
  status: 422,
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
  return status;
}
const notFound = (res: ServerResponse) => send(res, 404, { detail: 'The requested resource could not be found.', status: 404 });
const badJson = (res: ServerResponse) => send(res, 400, { detail: 'JSON parse error - request body is not valid JSON', status: 400 });
const notAllowed = (res: ServerResponse, method: string) => send(res, 405, { detail: `Method "${method}" not allowed.`, status: 405 });
function invalid(res: ServerResponse, problems: string[]): number {
  return send(res, 422, {
    detail: problems.map((p) => `- ${p}\n`).join(''),
    status: 422,
    title: 'Input validation failed',
    invalid_fields: problems.map((description) => ({ type: 'invalid', field: 'input', description })),
  });
}
function sendInjected(res: ServerResponse, f: Injected): number {
  if (f.status === 429) {
    const detail = f.detail ?? `Request was throttled. Your rate limit resets in ~${f.retryAfter ?? 30}s.`;
    return send(res, 429, { detail, status: 429 }, f.retryAfter !== undefined ? { 'Retry-After': String(f.retryAfter) } : {});
  }
  return send(res, f.status, { title: 'Injected failure', detail: f.detail ?? `injected HTTP ${f.status}`, status: f.status });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** real-esrgan: image (URL or data: URI), scale 0–10 (default 4). */
function validateUpscale(input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof input.image !== 'string' || !/^(https?:\/\/|data:)/i.test(input.image)) problems.push('image is required (a URL or data URI)');
  const s = input.scale;
  if (s !== undefined && (typeof s !== 'number' || !(s > 0 && s <= 10))) problems.push('scale: Must be a number between 0 and 10');
  return problems;
}

async function upscale(input: Record<string, unknown>, ctx: ModelContext): Promise<string> {
  const src = ctx.uploaded(String(input.image)) ?? (await loadImage(String(input.image)));
  const scale = typeof input.scale === 'number' ? input.scale : 4;
  const meta = await sharp(src).metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  const jpeg = meta.format === 'jpeg';
  const out = sharp(src).rotate().resize({ width: Math.round(width * scale), height: Math.round(height * scale), kernel: 'nearest', fit: 'fill' });
  const data = await (jpeg ? out.jpeg({ quality: 90 }) : out.png()).toBuffer();
  return ctx.saveFile(`${ctx.predictionId}.${jpeg ? 'jpg' : 'png'}`, data, jpeg ? 'image/jpeg' : 'image/png');
}

async function loadImage(ref: string): Promise<Buffer> {
  if (ref.startsWith('data:')) {
    const comma = ref.indexOf(',');
    const header = ref.slice(0, comma);
    const payload = ref.slice(comma + 1);
    return header.endsWith(';base64') ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload));
  }
  const res = await fetch(ref, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`could not download input image: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Common names the stand-in "recognises" in a file name (a real model looks at the image). */
const KNOWN_SPECIES: Record<string, string> = {
  heron: 'Grey Heron', fox: 'Red Fox', otter: 'Eurasian Otter', otters: 'Eurasian Otter', hare: 'Brown Hare',
  owl: 'Barn Owl', kingfisher: 'Kingfisher', harrier: 'Marsh Harrier', badger: 'Badger', deer: 'Red Deer',
  swan: 'Mute Swan', curlew: 'Curlew', hedgehog: 'Hedgehog', squirrel: 'Red Squirrel', robin: 'Robin',
};
function speciesFromFileName(prompt: string): string | null {
  const name = /file is named "([^"]+)"/.exec(prompt)?.[1] ?? '';
  for (const word of name.toLowerCase().split(/[^a-z]+/)) if (KNOWN_SPECIES[word]) return KNOWN_SPECIES[word];
  return null;
}

/** A plausible metadata document for the species named in the prompt (or its file name). */
export function defaultMetadataJson(prompt: string): string {
  const species = /species[^:\n]*:\s*"?([A-Za-z][A-Za-z' -]{2,60}?)"?\s*(?:[\n.,;]|$)/i.exec(prompt)?.[1]?.trim() || speciesFromFileName(prompt) || 'Red Fox';
  const slug = species.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const sentence = `This ${species.toLowerCase()} was painted from life in the soft light of early morning, every detail of fur, feather and leaf rendered with patience and care.`;
  const description = Array.from({ length: 5 }, (_, i) =>
    i === 0 ? sentence : `Printed on museum-grade canvas with archival inks, it brings the quiet of the wild into any room, part ${i} of a story told in colour.`).join(' ');
  const tags = ['wildlife', 'natureart', 'wildlifeart', 'canvasprint', 'walldecor', 'homedecor', 'art', 'painting', 'animalart',
    'naturelovers', 'wildlifepainting', 'artprint', 'interiordesign', 'giftideas', 'fieldandfen', 'britishwildlife', 'countryside',
    'artforsale', 'printondemand', 'wallart', 'forest', 'wilderness', slug.replace(/-/g, ''), 'fineart'];
  return JSON.stringify({
    species,
    filename: `${slug}-morning-light.jpg`,
    title: `${species} in Morning Light – Canvas Print`,
    description,
    hashtags: tags.map((t) => `#${t}`),
    captions: {
      instagram: `Morning light on a ${species.toLowerCase()}. Now available as a canvas print.`,
      tiktok: `Watch this ${species.toLowerCase()} come alive on canvas.`,
      pinterest: `${species} wildlife art canvas print – nature wall decor.`,
    },
  }, null, 2);
}

/** Split text the way a language model streams it: short string tokens. */
function tokens(text: string): string[] {
  return text.match(/[\s\S]{1,4}/g) ?? [];
}

function predictionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return Array.from(randomBytes(26), (b) => alphabet[b & 31]).join('');
}
function decodeCursor(c: string | null): number {
  const m = c ? /^o=(\d+)$/.exec(Buffer.from(c, 'base64url').toString('utf8')) : null;
  return m ? Number(m[1]) : 0;
}
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFinal = (s: string) => s === 'succeeded' || s === 'failed' || s === 'canceled' || s === 'aborted';
function isHttpUrl(v: unknown): boolean {
  try {
    return typeof v === 'string' && /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}
