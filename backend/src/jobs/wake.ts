/**
 * Waking a waiting job: a job polling long external work (a Replicate prediction) waits
 * in RETRYING until its due time; when the outside world says the work is done (a signed
 * webhook), the job becomes due now and is announced at once — its next poll runs now.
 * Polling stays the fallback: a lost webhook costs one poll interval, never the job.
 *
 *  - RETRYING and due later → due now; its scheduled announcement is replaced by one
 *    published now (the job's attempts are not touched: a wait spends none);
 *  - RUNNING (the webhook overtook the run that is about to say "later") → marked, and
 *    that run's "run again later" ends due at once (repository.wakeJob / markRetrying);
 *  - anything else (due already, COMPLETED, FAILED, CANCELLED, …) → unchanged.
 */
import type { Db } from '../db/connection.js';
import { insertOutbox } from './outbox.js';
import { wakeJob } from './repository.js';
import type { JobService } from './service.js';

export type WakeResult = 'woken' | 'marked' | 'unchanged';

export async function wake(db: Db, jobs: JobService, jobId: string): Promise<WakeResult> {
  const result = await db.transaction().execute(async (trx) => {
    const job = await wakeJob(trx, jobId);
    if (!job) return null;
    if (job.status === 'running') return { job, claimed: [] };
    // The due-later announcement goes (a delivery of it later would only be dropped as early).
    await trx.deleteFrom('outbox').where('job_id', '=', jobId).where('exchange', '=', '').where('claimed_until', 'is', null).execute();
    return { job, claimed: await insertOutbox(trx, [jobs.messageFor(job)]) };
  });
  if (!result) return 'unchanged';
  jobs.dispatch(result.claimed);
  return result.job.status === 'running' ? 'marked' : 'woken';
}
