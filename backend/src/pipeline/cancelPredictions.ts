/**
 * A cancelled job stops paying: when an UpscaleImage, UpdateImage or GenerateMetadata
 * job is cancelled while its Replicate prediction runs (it is then usually RETRYING
 * between polls, so no handler is running to notice), this housekeeping task cancels
 * the prediction at Replicate and notes it in the job's checkpoint
 * (`prediction_cancelled`), so it is done once.
 */
import type { Db } from '../db/connection.js';
import type { ReplicateClient } from '../integrations/replicate.js';
import type { Logger } from '../logger.js';
import { isoAfter } from '../time.js';

const PREDICTION_KEYS = ['prediction_id', 'metadata_prediction_id'] as const;

export async function cancelPredictionsOfCancelledJobs(db: Db, replicate: ReplicateClient, log: Logger): Promise<number> {
  const jobs = await db
    .selectFrom('jobs')
    .select(['id', 'checkpoint_json'])
    .where('status', '=', 'cancelled')
    .where('command_type', 'in', ['UpscaleImage', 'UpdateImage', 'GenerateMetadata'])
    .where('completed_at', '>', isoAfter(-86_400_000))
    .where('checkpoint_json', 'like', '%prediction_id%')
    .where('checkpoint_json', 'not like', '%prediction_cancelled%')
    .limit(50)
    .execute();
  let cancelled = 0;
  for (const job of jobs) {
    const checkpoint = JSON.parse(job.checkpoint_json ?? '{}') as Record<string, unknown>;
    const ids = PREDICTION_KEYS.map((k) => checkpoint[k]).filter((v): v is string => typeof v === 'string');
    for (const id of ids) {
      try {
        await replicate.cancelPrediction(id, { jobId: job.id });
        cancelled++;
      } catch (err) {
        log.warn({ job_id: job.id, prediction_id: id, err: (err as Error).message }, 'cancelling a prediction failed; will retry');
        return cancelled;
      }
    }
    checkpoint.prediction_cancelled = ids;
    await db.updateTable('jobs').set({ checkpoint_json: JSON.stringify(checkpoint) }).where('id', '=', job.id).where('status', '=', 'cancelled').execute();
  }
  return cancelled;
}
