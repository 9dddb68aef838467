/**
 * A pipeline job's failure lands on its file (SPEC §1: FAILED with a reason the
 * reviewer can read). Done in two places, because the engine publishes `job.failed`
 * on the events exchange but does not run subscriptions for it:
 *
 *  1. in the command (`failingFileOnFinalError`): a PermanentError, or any other
 *     failure on the job's last attempt, marks the file FAILED with `CODE: message`
 *     before the error goes on to the worker (which ends the job FAILED);
 *  2. a housekeeping sweep (`FileService.reconcileFailedFiles`, every 15 s) for the endings no
 *     handler saw: runs that timed out on their last attempt, crashed until no attempts
 *     were left, or were cancelled by an admin (reason `JOB_FAILED: <command>: <error>`
 *     or `JOB_CANCELLED: …`).
 */
import type { JobContext } from '../jobs/command.js';
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import type { PipelineDeps } from './deps.js';

export function reasonOf(err: unknown): string {
  if (err instanceof PermanentError || err instanceof RetryableError) return `${err.code}: ${err.message}`;
  return `HANDLER_ERROR: ${err instanceof Error ? err.message : String(err)}`;
}

/** Would the worker end the job FAILED on this error? */
export function isFinalFailure(err: unknown, ctx: JobContext<unknown, unknown>): boolean {
  if (err instanceof RunLaterError) return false;
  if (ctx.signal.aborted) return false; // timeout / cancel / shutdown: the worker decides; the sweep catches the rest
  if (err instanceof PermanentError) return true;
  return ctx.job.attempt >= ctx.job.maxAttempts;
}

type Handler<P> = (ctx: JobContext<P, PipelineDeps>) => Promise<unknown>;

export function failingFileOnFinalError<P extends { file_id: string }>(handler: Handler<P>): Handler<P> {
  return async (ctx) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (isFinalFailure(err, ctx as JobContext<unknown, unknown>)) {
        const suffix = ctx.job.attempt > 1 && !(err instanceof PermanentError) ? ` (after ${ctx.job.attempt} attempts)` : '';
        await ctx.deps.files.fail(ctx.payload.file_id, `${reasonOf(err)}${suffix}`).catch((e: unknown) =>
          ctx.log.warn({ err: (e as Error).message }, 'could not mark the file FAILED'),
        );
      }
      throw err;
    }
  };
}
