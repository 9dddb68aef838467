/**
 * How a handler run ends. Failure is a type, not a string: a handler (or an
 * integration client it calls) throws one of these and the worker maps it to a
 * job state. Anything else thrown counts as a RetryableError.
 *
 *  - done                 → the handler returns normally: COMPLETED.
 *  - PermanentError       → FAILED at once, message to the DLQ (bad input, 4xx other
 *                           than 408/409/429, a remote answer that will never change).
 *  - RetryableError       → RETRYING after backoff (base × 2^(attempt−1) + jitter),
 *                           FAILED once RETRY_MAX_ATTEMPTS attempts were spent.
 *  - RunLaterError        → RETRYING after exactly `delayMs`, and the attempt is given
 *                           back: rate limits (429 Retry-After, Shopify THROTTLED) and
 *                           long external work still in progress (polling).
 */

import { DomainError, NotFoundError } from './errors.js';

export type ErrorCode = string;

export class PermanentError extends Error {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'PERMANENT_FAILURE', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
    this.code = code;
  }
}

export class RetryableError extends Error {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'RETRYABLE_FAILURE', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
    this.code = code;
  }
}

export class RunLaterError extends Error {
  readonly delayMs: number;
  readonly code: ErrorCode;
  constructor(delayMs: number, reason: string, code: ErrorCode = 'RUN_LATER') {
    super(reason);
    this.name = 'RunLaterError';
    this.delayMs = Math.max(0, Math.round(delayMs));
    this.code = code;
  }
}

export type Outcome =
  | { kind: 'done'; result: unknown }
  | { kind: 'permanent'; error: string; code: ErrorCode }
  | { kind: 'retryable'; error: string; code: ErrorCode }
  | { kind: 'later'; delayMs: number; reason: string };

/** Map whatever a handler threw to an outcome; domain errors are permanent, unknown errors retryable. */
export function classifyError(err: unknown): Outcome {
  if (err instanceof RunLaterError) return { kind: 'later', delayMs: err.delayMs, reason: err.message };
  if (err instanceof PermanentError) return { kind: 'permanent', error: err.message, code: err.code };
  if (err instanceof RetryableError) return { kind: 'retryable', error: err.message, code: err.code };
  // A service's refusal (missing file, wrong state, invalid input) will not change on a retry.
  if (err instanceof DomainError) {
    const code = err instanceof NotFoundError ? `${err.what.toUpperCase().replace(/\W+/g, '_')}_NOT_FOUND` : err.code;
    return { kind: 'permanent', error: err.message, code };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'retryable', error: message, code: 'HANDLER_ERROR' };
}
