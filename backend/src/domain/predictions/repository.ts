/** Prediction rows: the Replicate predictions jobs started (their ids are Replicate's). */
import type { Selectable } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { PredictionsTable } from '../../db/schema.js';
import { isoAfter, nowIso } from '../../time.js';

export type Prediction = Selectable<PredictionsTable>;

/** Idempotent: recording the same prediction again changes nothing. */
export async function insertPrediction(db: Db, p: Omit<Prediction, 'cancelled_at' | 'created_at'>): Promise<void> {
  await db.insertInto('predictions').values({ ...p, cancelled_at: null, created_at: nowIso() }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

/** Predictions of jobs cancelled in the last `withinMs` that were not cancelled at Replicate yet. */
export async function predictionsOfCancelledJobs(db: Db, withinMs: number, limit = 50): Promise<Prediction[]> {
  return db
    .selectFrom('predictions')
    .innerJoin('jobs', 'jobs.id', 'predictions.job_id')
    .selectAll('predictions')
    .where('jobs.status', '=', 'cancelled')
    .where('jobs.completed_at', '>', isoAfter(-withinMs))
    .where('predictions.cancelled_at', 'is', null)
    .limit(limit)
    .execute();
}

export async function markPredictionCancelled(db: Db, id: string): Promise<void> {
  await db.updateTable('predictions').set({ cancelled_at: nowIso() }).where('id', '=', id).execute();
}

export async function predictionsOfJob(db: Db, jobId: string): Promise<Prediction[]> {
  return db.selectFrom('predictions').selectAll().where('job_id', '=', jobId).orderBy('created_at').execute();
}
