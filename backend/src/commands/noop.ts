/**
 * Noop — diagnostics and load tests (SPEC §2). Payload {sleep_ms?, fail_times?}:
 * sleeps sleep_ms (honouring the abort signal) and fails its first fail_times attempts
 * with a retryable error.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { RetryableError } from '../core/outcomes.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';

export const noopPayload = strictPayload({
  sleep_ms: z.number().int().min(0).max(600_000).optional(),
  fail_times: z.number().int().min(0).max(1000).optional(),
});

export const noop = defineCommand<z.infer<typeof noopPayload>>({
  type: 'Noop',
  queue: 'system',
  payload: noopPayload,
  timeoutMs: 15 * 60_000,
  async handler(ctx) {
    const { payload, job } = ctx;
    // ctx.signal is made on first read (worker/stop.ts): only a sleeping Noop needs it.
    if (payload.sleep_ms) await sleep(payload.sleep_ms, undefined, { signal: ctx.signal });
    if (payload.fail_times && job.attempt <= payload.fail_times) {
      throw new RetryableError(`Noop failing on purpose (attempt ${job.attempt} of ${payload.fail_times} planned failures)`);
    }
    return { ok: true, attempt: job.attempt };
  },
});
