/**
 * A cancelled job stops paying: when an UpscaleImage, UpdateImage or GenerateMetadata
 * job is cancelled while its Replicate prediction runs (it is then usually RETRYING
 * between polls, so no handler is running to notice), this housekeeping task cancels
 * the prediction at Replicate and marks it cancelled in `predictions`, so it is done
 * once. Predictions are recorded when their id is checkpointed.
 */
import type { PipelineDeps } from './deps.js';
import { need } from './deps.js';

export async function cancelPredictionsOfCancelledJobs(deps: PipelineDeps): Promise<number> {
  const replicate = need(deps, 'replicate');
  let cancelled = 0;
  for (const p of await deps.predictions.toCancel()) {
    try {
      await replicate.cancelPrediction(p.id, { jobId: p.job_id });
    } catch (err) {
      deps.log.warn({ job_id: p.job_id, prediction_id: p.id, err: (err as Error).message }, 'cancelling a prediction failed; will retry');
      return cancelled;
    }
    await deps.predictions.markCancelled(p.id);
    cancelled++;
  }
  return cancelled;
}
