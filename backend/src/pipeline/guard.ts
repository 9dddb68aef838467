/**
 * A pipeline job's failure lands on its file (SPEC §1: FAILED with a reason the
 * reviewer can read). Done in two places, because the engine publishes `job.failed`
 * on the events exchange but does not run subscriptions for it:
 *
 *  1. in the command (`failingFileOnFinalError`): a PermanentError, or any other
 *     failure on the job's last attempt, marks the file FAILED with `CODE: message`
 *     before the error goes on to the worker (which ends the job FAILED);
 *  2. a housekeeping sweep (`reconcileFailedFiles`, every 15 s) for the endings no
 *     handler saw: runs that timed out on their last attempt, crashed until no attempts
 *     were left, or were cancelled by an admin (reason `JOB_FAILED: <command>: <error>`
 *     or `JOB_CANCELLED: …`).
 */
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';
import type { JobContext } from '../jobs/command.js';
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import { nowIso } from '../time.js';
import type { PipelineDeps } from './deps.js';
import { failFile } from './files.js';

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
        await failFile(ctx.deps.db, ctx.payload.file_id, `${reasonOf(err)}${suffix}`).catch((e: unknown) =>
          ctx.log.warn({ err: (e as Error).message }, 'could not mark the file FAILED'),
        );
      }
      throw err;
    }
  };
}

/**
 * Files still in a working state whose pipeline job ended FAILED or CANCELLED after the
 * file last changed, with no job of theirs still pending: FAILED with that job's error.
 */
export async function reconcileFailedFiles(db: Db): Promise<number> {
  const r = await db
    .updateTable('files')
    .set({
      status: 'failed',
      status_reason: sql<string>`(select 'JOB_' || upper(j.status) || ': ' || j.command_type || ': ' || coalesce(j.last_error, j.status) from jobs j where j.file_id = files.id and j.status in ('failed', 'cancelled') order by j.completed_at desc limit 1)`,
      updated_at: nowIso(),
    })
    .where('status', 'in', ['ingested', 'processing', 'approved'])
    .where(sql<boolean>`exists (select 1 from jobs j where j.file_id = files.id and j.status in ('failed', 'cancelled') and j.completed_at >= files.updated_at)`)
    .where(sql<boolean>`not exists (select 1 from jobs j where j.file_id = files.id and j.status in ('pending', 'running', 'retrying'))`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
