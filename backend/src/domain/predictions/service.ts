/**
 * Predictions: each Replicate prediction a job starts is recorded when its id is
 * checkpointed, so a cancelled job's running predictions are found by a join (not by
 * searching checkpoint JSON) and cancelled once.
 */
import type { Db } from '../../db/connection.js';
import { insertPrediction, markPredictionCancelled, predictionsOfCancelledJobs, predictionsOfJob, type Prediction } from './repository.js';

export type { Prediction };

export class PredictionService {
  constructor(private readonly db: Db) {}

  record(p: { id: string; jobId: string; fileId: string | null; purpose: Prediction['purpose']; model: string }): Promise<void> {
    return insertPrediction(this.db, { id: p.id, job_id: p.jobId, file_id: p.fileId, purpose: p.purpose, model: p.model });
  }

  /** Still to cancel at Replicate: predictions of jobs cancelled within the last day. */
  toCancel(): Promise<Prediction[]> {
    return predictionsOfCancelledJobs(this.db, 86_400_000);
  }

  markCancelled(id: string): Promise<void> {
    return markPredictionCancelled(this.db, id);
  }

  ofJob(jobId: string): Promise<Prediction[]> {
    return predictionsOfJob(this.db, jobId);
  }
}
