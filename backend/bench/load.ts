// HTTP load generator and small helpers shared by the benchmark scripts.
// Closed-loop: exactly `connections` requests are in flight at any moment
// (each lane sends its next request when its previous one answers), over an
// undici Pool with the same number of keep-alive sockets.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface HttpLoadOptions {
  /** Full URL of the endpoint, e.g. http://127.0.0.1:3000/api/jobs */
  url: string;
  /** Concurrent requests (and sockets) in flight. Default 50. */
  connections?: number;
  /** Number of requests to send in total. */
  total: number;
  /** JSON body for request i (0-based). */
  body: (i: number) => unknown;
  headers?: Record<string, string>;
  /** HTTP method; default POST. */
  method?: 'POST' | 'PUT' | 'PATCH';
  /** Per-request timeout; default 30 s (a stuck server fails the run, not hangs it). */
  requestTimeoutMs?: number;
  /** Stop sending once this returns true (the result covers the requests sent); `total` stays the cap. */
  stop?: () => boolean;
}

export interface HttpLoadResult {
  requests: number;
  /** Requests that threw (network/timeout) or answered outside 2xx. */
  errors: number;
  /** Count per status code; network errors are counted under "error". */
  statusCounts: Record<string, number>;
  durationMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** First thrown error message, if any (helps explain a failed run). */
  firstError?: string;
}

/** Nearest-rank percentile of an ascending-sorted array; p in [0, 100]. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * n);
  const idx = Math.min(n - 1, Math.max(0, rank - 1));
  return sorted[idx];
}

export async function runHttpLoad(opts: HttpLoadOptions): Promise<HttpLoadResult> {
  const connections = opts.connections ?? 50;
  const total = opts.total;
  if (!Number.isInteger(total) || total < 0) throw new Error(`bad total: ${total}`);
  if (!Number.isInteger(connections) || connections < 1) throw new Error(`bad connections: ${connections}`);
  const target = new URL(opts.url);
  const path = target.pathname + target.search;
  const timeout = opts.requestTimeoutMs ?? 30_000;
  const pool = new Pool(target.origin, {
    connections,
    pipelining: 1,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const headers = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
  const latencies = new Float64Array(total);
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;

  // One lane per connection; the shared counter hands out request indexes.
  const lane = async (): Promise<void> => {
    for (;;) {
      if (opts.stop?.()) return;
      const i = next++;
      if (i >= total) return;
      const payload = JSON.stringify(opts.body(i));
      const t0 = performance.now();
      try {
        const res = await pool.request({
          path,
          method: opts.method ?? 'POST',
          headers,
          body: payload,
        });
        await res.body.dump(); // drain so the socket is reused
        latencies[i] = performance.now() - t0;
        const key = String(res.statusCode);
        statusCounts[key] = (statusCounts[key] ?? 0) + 1;
        if (res.statusCode < 200 || res.statusCode >= 300) errors++;
      } catch (err) {
        latencies[i] = performance.now() - t0;
        statusCounts.error = (statusCounts.error ?? 0) + 1;
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };

  const start = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(connections, Math.max(total, 1)) }, lane));
  } finally {
    await pool.close();
  }
  const durationMs = performance.now() - start;
  const sent = Math.min(next, total);
  const done = latencies.subarray(0, sent).sort();
  return {
    requests: sent,
    errors,
    statusCounts,
    durationMs,
    p50Ms: percentile(done, 50),
    p99Ms: percentile(done, 99),
    maxMs: sent > 0 ? done[sent - 1] : Number.NaN,
    ...(firstError ? { firstError } : {}),
  };
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Text for the timeout error. */
  what?: string;
}

/**
 * Polls `predicate` until it returns true; resolves with the elapsed ms.
 * Bounded: rejects after timeoutMs.
 */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  opts: WaitOptions,
): Promise<number> {
  const interval = opts.intervalMs ?? 50;
  const start = performance.now();
  for (;;) {
    if (await predicate()) return performance.now() - start;
    if (performance.now() - start >= opts.timeoutMs) {
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what ?? 'condition'}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Small formatting helper for the printed tables. */
export function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-';
}
