/**
 * The one way out: every HTTP request the Drive, Replicate and Shopify clients make
 * goes through `request()`, so the per-request timeout, the `api_usage` row, the
 * Retry-After parsing and the status → outcome mapping exist once. A client
 * describes its service in an HttpService (outcome codes, how its error bodies read,
 * its few special answers) and keeps only what is its own: token renewal on 401,
 * Shopify's THROTTLED in a 200 body, Drive's resumable-upload protocol.
 *
 * Default mapping (core/outcomes.ts): 429 → RunLaterError(Retry-After, else the
 * service's fallback delay); 408, 5xx, timeout, network error → RetryableError; any
 * other status → PermanentError (409 included, unless the service says otherwise).
 * The caller's own abort is rethrown as it is: stopping is not a failure to classify.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import type { ApiUsageEntry, UsageRecorder } from './usage.js';

export interface CallOptions {
  jobId?: string;
  signal?: AbortSignal;
}

export interface OutcomeCodes {
  rateLimited: string; // 429
  unavailable: string; // 408, 5xx
  timeout: string; // no answer within the timeout
  network: string; // no answer at all
  rejected: string | ((status: number) => string); // every other status
}

/** An answer read whole; `json` is undefined when the body is not JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** An answer whose body is left to the caller (downloads). */
export interface StreamedAnswer {
  status: number;
  headers: Headers;
  body: Readable;
}

export type UsageExtras = Pick<ApiUsageEntry, 'rateLimitRemaining' | 'rateLimitResetAt' | 'costUsd'>;

export interface HttpService {
  service: string; // api_usage.service
  name: string; // in messages: "Drive", "Replicate", "Shopify"
  usage: UsageRecorder;
  fetch: typeof fetch;
  timeoutMs: number;
  codes: OutcomeCodes;
  /** The message of a failed answer, read from the service's error body. */
  describe(a: Answer, endpoint: string): string;
  /** Delay for a 429 without Retry-After (default 1 s). */
  laterMs?(a: Answer): number;
  /** The service's own answers, asked before the default mapping (undefined: no opinion). */
  classify?(a: Answer, message: string): Error | undefined;
}

export interface HttpRequest {
  endpoint: string; // api_usage.endpoint, e.g. "GET /drive/v3/files"
  url: string | URL;
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  call?: CallOptions;
  /** Statuses besides 2xx handed back as answers (Drive's 308, a 401 to renew a token for). */
  accept?: number[];
  timeoutMs?: number;
  /** 'headers': the timeout ends when the headers arrive (a long download); default 'all'. */
  timeoutCovers?: 'all' | 'headers';
  /** Rate-limit and cost columns read from an answer read whole. */
  meter?(a: Answer): UsageExtras;
  /** Asked before the service's classify. */
  classify?(a: Answer, message: string): Error | undefined;
}

/**
 * One metered, timed request; failures come out as outcome errors. With `stream: true`
 * a successful answer's body is handed over as a stream instead of being read.
 */
export function request(svc: HttpService, req: HttpRequest & { stream: true }): Promise<StreamedAnswer>;
export function request(svc: HttpService, req: HttpRequest): Promise<Answer>;
export async function request(svc: HttpService, req: HttpRequest & { stream?: boolean }): Promise<Answer | StreamedAnswer> {
  const started = performance.now();
  const timer = deadline(req.timeoutMs ?? svc.timeoutMs, req.timeoutCovers ?? 'all');
  const caller = req.call?.signal;
  let status: number | null = null;
  let extras: UsageExtras = {};
  try {
    const res = await svc.fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: caller ? AbortSignal.any([caller, timer.signal]) : timer.signal,
    });
    status = res.status;
    timer.headersArrived();
    const ok = res.ok || Boolean(req.accept?.includes(res.status));
    if (ok && req.stream) {
      const body = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
      return { status, headers: res.headers, body };
    }
    const text = await res.text();
    const answer: Answer = { status, headers: res.headers, text, json: parseJson(text) };
    extras = req.meter?.(answer) ?? {};
    if (!ok) throw failure(svc, req, answer);
    return answer;
  } catch (err) {
    throw transportError(svc, req.endpoint, err, caller, timer.signal.aborted);
  } finally {
    timer.headersArrived();
    meter(svc.usage, { service: svc.service, endpoint: req.endpoint, statusCode: status, durationMs: Math.round(performance.now() - started), ...extras, jobId: req.call?.jobId ?? null });
  }
}

/**
 * An error raised while no (complete) answer came: outcome errors and the caller's
 * own abort pass through, a timeout or a network failure is retryable.
 */
export function transportError(svc: Pick<HttpService, 'name' | 'codes'>, endpoint: string, err: unknown, callerSignal?: AbortSignal, timedOut = false): unknown {
  if (err instanceof PermanentError || err instanceof RetryableError || err instanceof RunLaterError) return err;
  if (callerSignal?.aborted) return err;
  const e = err as Error;
  if (timedOut || e?.name === 'TimeoutError') return new RetryableError(`${svc.name} ${endpoint} timed out`, svc.codes.timeout, { cause: err });
  return new RetryableError(`${svc.name} ${endpoint} network error: ${e?.message ?? String(err)}`, svc.codes.network, { cause: err });
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function failure(svc: HttpService, req: HttpRequest, a: Answer): Error {
  const message = svc.describe(a, req.endpoint);
  const special = req.classify?.(a, message) ?? svc.classify?.(a, message);
  if (special) return special;
  const { codes } = svc;
  if (a.status === 429) return new RunLaterError(retryAfterMs(a.headers) ?? svc.laterMs?.(a) ?? 1000, message, codes.rateLimited);
  if (a.status === 408 || a.status >= 500) return new RetryableError(message, codes.unavailable);
  return new PermanentError(message, typeof codes.rejected === 'string' ? codes.rejected : codes.rejected(a.status));
}

/** 'all': AbortSignal.timeout, still running while the caller streams the body. 'headers': cleared at the headers. */
function deadline(ms: number, covers: 'all' | 'headers'): { signal: AbortSignal; headersArrived(): void } {
  if (covers === 'all') return { signal: AbortSignal.timeout(ms), headersArrived() {} };
  const controller = new AbortController();
  const t = setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), ms);
  return { signal: controller.signal, headersArrived: () => clearTimeout(t) };
}

/** Metering is best effort: a failing recorder never fails or slows the call it meters. */
function meter(usage: UsageRecorder, entry: ApiUsageEntry): void {
  try {
    Promise.resolve(usage.record(entry)).catch(() => {});
  } catch {
    /* a recorder that throws loses its row, not our call */
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
