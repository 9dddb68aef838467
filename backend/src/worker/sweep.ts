/**
 * Recovery of runs whose worker died and whose message will not come back (the
 * broker lost it, or the run's channel stayed open on a hung process): a RUNNING job
 * older than its command's timeout plus a margin is ended as a retryable failure
 * (attempt kept: the run really happened) or FAILED when no attempts are left; either
 * way its history row says `lost`.
 * Redelivery handles the common crash; this is the safety net.
 */
import type { Db } from '../db/connection.js';
import type { CommandRegistry } from '../jobs/registry.js';
import { pruneFinishedJobs, staleRuns } from '../jobs/repository.js';
import { isoAfter } from '../time.js';
import type { Finisher } from './finish.js';

export const STALE_MARGIN_MS = 60_000;

export async function sweepStaleRuns(db: Db, registry: CommandRegistry, finisher: Finisher, marginMs = STALE_MARGIN_MS): Promise<number> {
  let swept = 0;
  for (const type of registry.types) {
    const def = registry.get(type);
    const stale = await staleRuns(db, type, isoAfter(-(def.timeoutMs + marginMs)));
    if (stale.length === 0) continue;
    const results = await finisher.finishBatch(
      stale.map((job) => ({
        job,
        runId: job.run_id ?? '',
        end:
          job.attempts >= job.max_attempts
            ? { kind: 'exhausted' as const, error: `attempt ${job.attempts} never finished (its worker stopped); no attempts left`, lost: true as const }
            : { kind: 'retryable' as const, error: `attempt ${job.attempts} never finished (its worker stopped)`, code: 'STALE_RUN', lost: true as const },
        events: [],
        followUps: [],
      })),
    );
    swept += results.filter((r) => r.applied).length;
  }
  return swept;
}

/** The engine's retention: finished jobs (with their run history) older than JOB_RETENTION_DAYS. */
export async function pruneOldRows(db: Db, jobDays: number): Promise<number> {
  return pruneFinishedJobs(db, isoAfter(-jobDays * 86_400_000));
}
