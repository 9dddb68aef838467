/**
 * Replicate client: the few HTTP API calls the pipeline makes, with plain fetch.
 *
 * Why not the `replicate` package: its `run()` blocks a worker while it polls (and
 * returns null output when a prediction is still processing), and its `wait()` does not
 * treat `aborted` as final. Our jobs create a prediction, checkpoint its id and poll by
 * re-scheduling themselves (`pollOutcome` throws RunLaterError while it runs).
 *
 * Protocol (https://replicate.com/docs/reference/http):
 *  - `Authorization: Bearer <token>`; errors are `{title?, detail, status}` (429 bodies
 *    carry only `detail`: "Request was throttled. Your rate limit resets in ~30s.").
 *  - official models: `POST /v1/models/{owner}/{name}/predictions {input}`; a pinned
 *    version: `POST /v1/predictions {version, input}`. We never send `Prefer: wait`.
 *  - statuses: starting, processing, succeeded, failed, canceled, aborted (deadline
 *    passed before it started). Predictions time out after 30 minutes of running.
 *  - API inputs, outputs and output files are deleted after an hour: download at once.
 *
 * Requests go through http.ts (timeout, metering, outcome mapping); Replicate's own part:
 * a 429 without Retry-After waits the "resets in ~Ns" of its body, 408/409 are retryable,
 * an expired output file (404/410) is OUTPUT_EXPIRED, and usage rows carry the
 * prediction's cost (predict_time × rate) once.
 */
import { openAsBlob } from 'node:fs';
import { Readable } from 'node:stream';
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import { request, transportError, type Answer, type CallOptions, type HttpService, type UsageExtras } from './http.js';
import type { UsageRecorder } from './usage.js';

export type { CallOptions } from './http.js';

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';
const FINAL = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

export interface Prediction {
  id: string;
  model?: string;
  version?: string;
  status: PredictionStatus | string;
  input?: Record<string, unknown>;
  output: unknown;
  error: string | null;
  logs?: string | null;
  metrics?: { predict_time?: number; total_time?: number };
  created_at: string;
  started_at?: string | null;
  completed_at?: string | null;
  urls?: { get: string; cancel: string; stream?: string; web?: string };
  data_removed?: boolean;
}
/** List entries carry no input/output. */
export type PredictionSummary = Omit<Prediction, 'input' | 'output' | 'logs' | 'error'>;

export interface PollOptions extends CallOptions {
  deadlineMs?: number;
  pollDelayMs?: number;
  /** Clock override (ms since epoch), for tests. */
  now?: number;
}

export interface ReplicateClientOptions {
  token: string;
  /** Default: REPLICATE_API_BASE_URL, else https://api.replicate.com (a trailing /v1 is tolerated). */
  baseUrl?: string;
  usage: UsageRecorder;
  fetch?: typeof fetch;
  /** $ per second of predict_time. Default 0.000225 (Nvidia T4); an estimate for per-output-priced models. */
  costPerSecondUsd?: number;
  /** Delay before the next poll of a running prediction. Default 5000 ms. */
  pollDelayMs?: number;
  /** Give up (cancel) on a prediction created this long ago and still not final. Default 30 min. */
  deadlineMs?: number;
  /** Per API request. Default 30 s. */
  requestTimeoutMs?: number;
  /** Per output download, body included. Default 10 min. */
  downloadTimeoutMs?: number;
}

export interface CreatePredictionRequest {
  /** "owner/name" (official model), "owner/name:version", or a bare 64-hex version id. */
  model: string;
  input: Record<string, unknown>;
  webhook?: string;
  webhookEventsFilter?: Array<'start' | 'output' | 'logs' | 'completed'>;
}

/** GET /v1/account: `type` is "user" or "organization"; name and github_url are optional. */
export interface ReplicateAccount { type: string; username: string; name?: string; github_url?: string }

export interface OutputDownload { body: Readable; contentType: string | null; contentLength: number | null }

const SERVICE = 'replicate';
const REJECTED: Record<number, string> = {
  401: 'UNAUTHORIZED', 402: 'INSUFFICIENT_CREDIT', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 422: 'VALIDATION_FAILED',
};
const MODEL_REF = /^([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)(?::([0-9a-f]{6,}))?$/i;

export class ReplicateClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly http: HttpService;
  private readonly costPerSecondUsd: number;
  private readonly pollDelayMs: number;
  private readonly deadlineMs: number;
  private readonly downloadTimeoutMs: number;
  /** Predictions whose cost was recorded already (bounded; a restart may record one twice). */
  private readonly costed = new Set<string>();

  constructor(o: ReplicateClientOptions) {
    if (!o.token) throw new Error('ReplicateClient: token is required');
    const base = o.baseUrl ?? process.env.REPLICATE_API_BASE_URL ?? 'https://api.replicate.com';
    this.baseUrl = base.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.token = o.token;
    this.costPerSecondUsd = o.costPerSecondUsd ?? 0.000225;
    this.pollDelayMs = o.pollDelayMs ?? 5000;
    this.deadlineMs = o.deadlineMs ?? 30 * 60_000;
    this.downloadTimeoutMs = o.downloadTimeoutMs ?? 10 * 60_000;
    this.http = {
      service: SERVICE, name: 'Replicate', usage: o.usage, fetch: o.fetch ?? globalThis.fetch, timeoutMs: o.requestTimeoutMs ?? 30_000,
      codes: { rateLimited: 'RATE_LIMITED', unavailable: 'REPLICATE_UNAVAILABLE', timeout: 'TIMEOUT', network: 'NETWORK_ERROR', rejected: (s) => REJECTED[s] ?? 'REPLICATE_CLIENT_ERROR' },
      describe: (a, endpoint) => {
        const body = errorBody(a);
        return `Replicate ${endpoint} → ${a.status}: ${[body.title, body.detail].filter(Boolean).join(': ').trim() || `HTTP ${a.status}`}`;
      },
      laterMs: (a) => secondsInDetail(errorBody(a).detail) ?? 10_000,
      classify: (a, message) => (a.status === 408 ? new RetryableError(message, 'TIMEOUT') : a.status === 409 ? new RetryableError(message, 'CONFLICT') : undefined),
    };
  }

  async createPrediction(req: CreatePredictionRequest, opts: CallOptions = {}): Promise<Prediction> {
    const body: Record<string, unknown> = { input: req.input };
    if (req.webhook) body.webhook = req.webhook;
    if (req.webhookEventsFilter) body.webhook_events_filter = req.webhookEventsFilter;
    const ref = parseModelRef(req.model);
    const data = ref.version
      ? await this.api('POST', '/v1/predictions', 'POST /v1/predictions', opts, { version: ref.version, ...body })
      : await this.api('POST', `/v1/models/${enc(ref.owner!)}/${enc(ref.name!)}/predictions`,
        `POST /v1/models/${ref.owner}/${ref.name}/predictions`, opts, body);
    return asPrediction(data);
  }

  async getPrediction(id: string, opts: CallOptions = {}): Promise<Prediction> {
    const data = await this.api('GET', `/v1/predictions/${enc(requireId(id))}`, 'GET /v1/predictions/{id}', opts);
    return asPrediction(data);
  }

  /** Cancels; answers the prediction as Replicate returns it (null on an empty body). */
  async cancelPrediction(id: string, opts: CallOptions = {}): Promise<Prediction | null> {
    const data = await this.api('POST', `/v1/predictions/${enc(requireId(id))}/cancel`,
      'POST /v1/predictions/{id}/cancel', opts);
    return data == null ? null : asPrediction(data);
  }

  /** One page, newest first. For recovering a prediction whose id was never checkpointed. */
  async listPredictions(cursor?: string, opts: CallOptions = {}): Promise<{ results: PredictionSummary[]; nextCursor: string | null }> {
    const path = cursor ? `/v1/predictions?cursor=${enc(cursor)}` : '/v1/predictions';
    const data = (await this.api('GET', path, 'GET /v1/predictions', opts)) as { next?: string | null; results?: unknown };
    if (!data || !Array.isArray(data.results)) throw new RetryableError('Replicate list answer has no results', 'BAD_RESPONSE');
    const nextCursor = data.next ? new URL(data.next, this.baseUrl).searchParams.get('cursor') : null;
    return { results: data.results as PredictionSummary[], nextCursor };
  }

  /** First prediction (newest first) matching `match`, looking back to `since`, at most `maxPages` pages. */
  async findPrediction(
    match: (p: PredictionSummary) => boolean,
    { since, maxPages = 5 }: { since?: Date; maxPages?: number } = {},
    opts: CallOptions = {},
  ): Promise<PredictionSummary | null> {
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const { results, nextCursor } = await this.listPredictions(cursor, opts);
      for (const p of results) {
        if (since && Date.parse(p.created_at) < since.getTime()) return null;
        if (match(p)) return p;
      }
      if (!nextCursor) return null;
      cursor = nextCursor;
    }
    return null;
  }

  /** Output of a final prediction, or the outcome error that tells the job what to do next. */
  async pollOutcome(prediction: Prediction, opts: PollOptions = {}): Promise<unknown> {
    const { id, status } = prediction;
    if (status === 'succeeded') return prediction.output;
    if (status === 'failed') {
      throw new PermanentError(`Replicate prediction ${id} failed: ${prediction.error ?? 'no error given'}`, 'PREDICTION_FAILED');
    }
    if (status === 'canceled') throw new PermanentError(`Replicate prediction ${id} was canceled`, 'PREDICTION_CANCELED');
    if (status === 'aborted') {
      throw new PermanentError(`Replicate prediction ${id} was aborted before it started`, 'PREDICTION_ABORTED');
    }
    const deadlineMs = opts.deadlineMs ?? this.deadlineMs;
    const age = (opts.now ?? Date.now()) - Date.parse(prediction.created_at);
    if (age > deadlineMs) {
      const after = await this.cancelPrediction(id, opts);
      // It may have finished meanwhile: a result that arrived is worth keeping.
      if (after?.status === 'succeeded') return after.output;
      throw new PermanentError(
        `Replicate prediction ${id} not finished after ${Math.round(deadlineMs / 1000)} s: canceled`, 'PREDICTION_TIMEOUT');
    }
    throw new RunLaterError(opts.pollDelayMs ?? this.pollDelayMs, 'prediction still running', 'PREDICTION_RUNNING');
  }

  /** GET the prediction, then `pollOutcome`. */
  async pollPrediction(id: string, opts: PollOptions = {}): Promise<unknown> {
    return this.pollOutcome(await this.getPrediction(id, opts), opts);
  }

  /** Streams an output file (not buffered; may be large). `data:` URIs are decoded locally. */
  async downloadOutput(url: string, opts: CallOptions = {}): Promise<OutputDownload> {
    if (url.startsWith('data:')) {
      const { data, type } = decodeDataUri(url);
      return { body: Readable.from([data]), contentType: type, contentLength: data.length };
    }
    if (!/^https?:\/\//i.test(url)) throw new PermanentError(`not an output URL: ${url.slice(0, 80)}`, 'BAD_OUTPUT');
    // No Authorization: output files live on another origin (replicate.delivery) and need none.
    const { headers, body } = await request(this.http, {
      endpoint: 'GET output file', url, call: opts, stream: true, timeoutMs: this.downloadTimeoutMs,
      classify: (a) => (a.status === 404 || a.status === 410
        ? new PermanentError(`Replicate output ${url} is gone (HTTP ${a.status}); outputs expire after an hour`, 'OUTPUT_EXPIRED')
        : undefined),
    });
    const length = Number(headers.get('content-length'));
    return { body, contentType: headers.get('content-type'), contentLength: Number.isFinite(length) && headers.has('content-length') ? length : null };
  }

  async downloadOutputToBuffer(url: string, opts: CallOptions & { maxBytes?: number } = {}): Promise<Buffer> {
    const max = opts.maxBytes ?? 512 * 1024 * 1024;
    const { body } = await this.downloadOutput(url, opts);
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of body) {
        total += (chunk as Buffer).length;
        if (total > max) {
          body.destroy();
          throw new PermanentError(`Replicate output larger than ${max} bytes`, 'OUTPUT_TOO_LARGE');
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      throw transportError(this.http, 'GET output file', err, opts.signal);
    }
    return Buffer.concat(chunks);
  }

  /**
   * Upload a local file through Replicate's Files API (`POST /v1/files`, multipart
   * field `content`) and return the URL to pass as a model input. Replicate recommends
   * data URIs only below 1 MB; a photograph goes this way. The file is streamed from
   * disk, not read into memory.
   */
  async uploadFile(filePath: string, meta: { filename: string; contentType: string }, opts: CallOptions = {}): Promise<string> {
    const form = new FormData();
    const blob = await openAsBlob(filePath, { type: meta.contentType });
    form.append('content', blob, meta.filename);
    form.append('filename', meta.filename);
    form.append('type', meta.contentType);
    const file = (await this.api('POST', '/v1/files', 'POST /v1/files', opts, form)) as { urls?: { get?: string } } | null;
    if (!file?.urls?.get) throw new RetryableError('Replicate POST /v1/files answered without urls.get', 'BAD_RESPONSE');
    return file.urls.get;
  }

  /**
   * The signing secret of the account's webhooks (`GET /v1/webhooks/default/secret` →
   * `{key: "whsec_…"}`), for verifying the webhooks Replicate sends (webhookSignatures.ts).
   */
  async webhookSecret(opts: CallOptions = {}): Promise<string> {
    const data = (await this.api('GET', '/v1/webhooks/default/secret', 'GET /v1/webhooks/default/secret', opts)) as { key?: unknown } | null;
    if (typeof data?.key !== 'string' || !data.key) throw new RetryableError('Replicate webhook secret answer has no key', 'BAD_RESPONSE');
    return data.key;
  }

  /** account.get: the user or organisation the token belongs to (the cheap call that checks a token). */
  async account(opts: CallOptions = {}): Promise<ReplicateAccount> {
    const data = (await this.api('GET', '/v1/account', 'GET /v1/account', opts)) as Partial<ReplicateAccount> | null;
    if (!data || typeof data.username !== 'string') throw new RetryableError('Replicate GET /v1/account answered no username', 'BAD_RESPONSE');
    return { type: String(data.type ?? 'user'), username: data.username, name: data.name ?? undefined, github_url: data.github_url ?? undefined };
  }

  /** One JSON API request. Throws outcome errors; answers null for an empty body. */
  private async api(method: 'GET' | 'POST', path: string, endpoint: string, opts: CallOptions, body?: unknown): Promise<unknown> {
    const costed = method === 'GET' || endpoint.endsWith('/cancel');
    const a = await request(this.http, {
      endpoint, url: this.baseUrl + path, method, call: opts,
      headers: {
        Authorization: `Bearer ${this.token}`,
        Accept: 'application/json',
        ...(body === undefined || body instanceof FormData ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      meter: (ans): UsageExtras => ({ ...rateLimitOf(ans.headers), costUsd: costed && ans.status < 300 ? this.costOnce(ans.json) : null }),
    });
    if (!a.text.trim()) return null;
    if (a.json === undefined) throw new RetryableError(`Replicate ${endpoint} answered non-JSON (HTTP ${a.status})`, 'BAD_RESPONSE');
    return a.json;
  }

  /** predict_time × rate, the first time this client sees the prediction final. */
  private costOnce(data: unknown): number | null {
    const p = data as Partial<Prediction> | null;
    const seconds = p?.metrics?.predict_time;
    if (!p?.id || !FINAL.has(String(p.status)) || typeof seconds !== 'number' || this.costed.has(p.id)) return null;
    this.costed.add(p.id);
    if (this.costed.size > 5000) this.costed.delete(this.costed.values().next().value as string);
    return Math.round(seconds * this.costPerSecondUsd * 1e8) / 1e8;
  }
}

/** The first output URL of an image model (a string, or a list of them). */
export function firstOutputUrl(output: unknown): string {
  const first = Array.isArray(output) ? output[0] : output;
  if (typeof first === 'string' && first) return first;
  throw new PermanentError('Replicate output has no file URL', 'BAD_OUTPUT');
}

/** Text of a language model's output: Replicate returns a list of tokens (or one string). */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output) && output.every((t) => typeof t === 'string')) return output.join('');
  throw new PermanentError('Replicate output is not text', 'BAD_OUTPUT');
}

export function parseModelRef(model: string): { owner?: string; name?: string; version?: string } {
  if (/^[0-9a-f]{64}$/i.test(model)) return { version: model };
  const m = MODEL_REF.exec(model.trim());
  if (!m) throw new PermanentError(`invalid Replicate model "${model}" (want owner/name or owner/name:version)`, 'INVALID_MODEL');
  return { owner: m[1], name: m[2], version: m[3] };
}

/** Replicate's error body `{title?, detail}`; the text as detail when it is not JSON. */
function errorBody(a: Answer): { title?: string; detail?: string } {
  return a.json && typeof a.json === 'object' ? a.json : { detail: a.text.slice(0, 300) };
}

/** "Your rate limit resets in ~30s." — Replicate's documented 429 body. */
function secondsInDetail(detail?: string): number | null {
  const m = detail ? /resets in ~?\s*(\d+(?:\.\d+)?)\s*s/i.exec(detail) : null;
  return m ? Number(m[1]) * 1000 : null;
}

/** Replicate does not document rate-limit headers; record the common ones if they appear. */
function rateLimitOf(h: Headers): UsageExtras {
  const remaining = h.get('x-ratelimit-remaining') ?? h.get('ratelimit-remaining');
  const reset = h.get('x-ratelimit-reset') ?? h.get('ratelimit-reset');
  const out: UsageExtras = {};
  if (remaining != null && Number.isFinite(Number(remaining))) out.rateLimitRemaining = Number(remaining);
  if (reset != null && Number.isFinite(Number(reset))) {
    const n = Number(reset); // epoch seconds when large, else seconds from now
    out.rateLimitResetAt = new Date(n > 1e9 ? n * 1000 : Date.now() + n * 1000).toISOString();
  }
  return out;
}

function decodeDataUri(uri: string): { data: Buffer; type: string | null } {
  const m = /^data:([^;,]*)((?:;[^;,]*)*?)(;base64)?,(.*)$/s.exec(uri);
  if (!m) throw new PermanentError('malformed data: URI in Replicate output', 'BAD_OUTPUT');
  const data = m[3] ? Buffer.from(m[4], 'base64') : Buffer.from(decodeURIComponent(m[4]));
  return { data, type: m[1] || null };
}

function asPrediction(data: unknown): Prediction {
  const p = data as Prediction | null;
  if (!p || typeof p.id !== 'string' || typeof p.status !== 'string') {
    throw new RetryableError('Replicate answered something that is not a prediction', 'BAD_RESPONSE');
  }
  return p;
}

function requireId(id: string): string {
  if (!id || typeof id !== 'string') throw new PermanentError('prediction id is required', 'INVALID_PREDICTION_ID');
  return id;
}

const enc = encodeURIComponent;
