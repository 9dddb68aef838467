/**
 * Job rows: every state change of SPEC §2 as one conditional SQL statement, so two
 * processes can never both move a job (the loser's statement matches no row).
 * Statements take a `Db` that may be a transaction; batching is the caller's.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';
import type { Job, JobState, NewJob } from '../db/schema.js';
import { nowIso } from '../time.js';
import { THIS_WORKER } from './runs.js';
import { notCompleted } from './statusIndex.js';

export const FINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export async function insertJobs(trx: Db, jobs: NewJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += 400) await trx.insertInto('jobs').values(jobs.slice(i, i + 400)).execute();
}

export async function getJob(db: Db, id: string): Promise<Job | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getJobs(db: Db, ids: string[]): Promise<Job[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('jobs').selectAll().where('id', 'in', ids).execute();
}

/**
 * Claim fresh deliveries: PENDING/RETRYING jobs with attempts left become RUNNING with
 * one more attempt spent, this run's id and the claiming worker. Returns the claimed rows.
 */
export async function claimFresh(trx: Db, ids: string[], runId: string, now = nowIso(), worker = THIS_WORKER): Promise<Job[]> {
  if (ids.length === 0) return [];
  return trx
    .updateTable('jobs')
    .set({ status: 'running', attempts: sql`attempts + 1`, run_id: runId, worker, started_at: now, updated_at: now, run_after: null })
    .where('id', 'in', ids)
    .where('status', 'in', ['pending', 'retrying'])
    .where(sql<boolean>`attempts < max_attempts`)
    .where((eb) => eb.or([eb('run_after', 'is', null), eb('run_after', '<=', now)]))
    .returningAll()
    .execute();
}

/** Take over a RUNNING job whose previous run died (its message was redelivered). */
export async function reclaim(trx: Db, job: Job, runId: string, now = nowIso(), worker = THIS_WORKER): Promise<Job | undefined> {
  return trx
    .updateTable('jobs')
    .set({ attempts: sql`attempts + 1`, run_id: runId, worker, started_at: now, updated_at: now })
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('attempts', '=', job.attempts)
    .returningAll()
    .executeTakeFirst();
}

interface RunRef {
  id: string;
  runId: string;
}

/** COMPLETED for runs that still hold their claim; returns the ids that did. */
export async function markCompleted(trx: Db, runs: (RunRef & { resultJson: string | null })[], now = nowIso()): Promise<Set<string>> {
  const done = new Set<string>();
  // Runs with the same result are finished by one statement (Noop and most pipeline
  // steps return small, often identical results): fewer statements per commit.
  const byResult = new Map<string | null, RunRef[]>();
  for (const r of runs) {
    const list = byResult.get(r.resultJson) ?? [];
    list.push(r);
    byResult.set(r.resultJson, list);
  }
  for (const [resultJson, group] of byResult) {
    for (let i = 0; i < group.length; i += 400) {
      const chunk = group.slice(i, i + 400);
      const rows = await trx
        .updateTable('jobs')
        .set({ status: 'completed', result_json: resultJson, completed_at: now, updated_at: now, run_id: null, run_after: null })
        .where('id', 'in', chunk.map((r) => r.id))
        .where('run_id', 'in', [...new Set(chunk.map((r) => r.runId))])
        .where('status', '=', 'running')
        .returning('id')
        .execute();
      for (const row of rows) done.add(row.id);
    }
  }
  return done;
}

/** FAILED with a reason, for a run holding its claim (or, with runId null, any non-final job). */
export async function markFailed(trx: Db, id: string, runId: string | null, error: string, now = nowIso()): Promise<Job | undefined> {
  let q = trx
    .updateTable('jobs')
    .set({ status: 'failed', last_error: error, completed_at: now, updated_at: now, run_id: null, run_after: null })
    .where('id', '=', id);
  q = runId ? q.where('run_id', '=', runId).where('status', '=', 'running') : q.where('status', 'not in', FINAL_STATES);
  return q.returningAll().executeTakeFirst();
}

/**
 * RETRYING until `runAfter`. `giveBack` returns the attempt (run again later,
 * shutdown hand-back); `error` is kept for a retryable failure. With `keepWake` a wake
 * that came during the run (see wakeJob) wins over `runAfter`: the job is due at once.
 */
export async function markRetrying(
  trx: Db,
  ref: RunRef,
  runAfter: string,
  opts: { giveBack: boolean; error?: string | null; keepWake?: boolean },
  now = nowIso(),
): Promise<Job | undefined> {
  return trx
    .updateTable('jobs')
    .set({
      status: 'retrying',
      run_after: opts.keepWake ? sql<string>`coalesce(run_after, ${runAfter})` : runAfter,
      run_id: null,
      updated_at: now,
      ...(opts.giveBack ? { attempts: sql`attempts - 1` } : {}),
      ...(opts.error !== undefined ? { last_error: opts.error } : {}),
    })
    .where('id', '=', ref.id)
    .where('run_id', '=', ref.runId)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Wake a job that waits for its due time because external work was still running (a
 * webhook says it is done): a RETRYING job due later becomes due now; a RUNNING job is
 * marked (`run_after` = now, which a running job never carries otherwise: the claim
 * clears it) so that its run's "run again later" ends due at once (markRetrying
 * `keepWake`). Attempts are untouched. Undefined when the job is in neither case.
 */
export async function wakeJob(trx: Db, id: string, now = nowIso()): Promise<Job | undefined> {
  return trx
    .updateTable('jobs')
    .set({ run_after: now, updated_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'retrying'), eb('run_after', '>', now)]),
        eb.and([eb('status', '=', 'running'), eb('run_after', 'is', null)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Store a run's checkpoint; false when the run no longer holds its claim. */
export async function saveCheckpoint(db: Db, ref: RunRef, checkpointJson: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ checkpoint_json: checkpointJson, updated_at: nowIso() })
    .where('id', '=', ref.id)
    .where('run_id', '=', ref.runId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** CANCELLED from PENDING, RETRYING or RUNNING; undefined when the job was in another state. */
export async function markCancelled(trx: Db, id: string, now = nowIso()): Promise<Job | undefined> {
  return trx
    .updateTable('jobs')
    .set({ status: 'cancelled', completed_at: now, updated_at: now, run_id: null, run_after: null, last_error: 'cancelled' })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'retrying', 'running'])
    .returningAll()
    .executeTakeFirst();
}

/** Back to PENDING with a fresh attempt budget (retry from FAILED/CANCELLED, redrive). */
export async function resetForRetry(trx: Db, id: string, from: JobState[], now = nowIso()): Promise<Job | undefined> {
  return trx
    .updateTable('jobs')
    .set({ status: 'pending', attempts: 0, run_id: null, run_after: null, completed_at: null, started_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

/** RUNNING jobs of `commandType` started before `before`: their worker is presumed dead. */
export async function staleRuns(db: Db, commandType: string, before: string, limit = 200): Promise<Job[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('status', '=', 'running')
    .where(notCompleted)
    .where('command_type', '=', commandType)
    .where('started_at', '<', before)
    .limit(limit)
    .execute();
}

/** Which of these jobs were cancelled (so their runs can be aborted). */
export async function cancelledAmong(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('jobs').select('id').where('id', 'in', ids).where('status', '=', 'cancelled').execute();
  return rows.map((r) => r.id);
}

/** Delete finished jobs older than `before` (retention), with their run history. */
export async function pruneFinishedJobs(db: Db, before: string): Promise<number> {
  const prune = async (trx: Db) => {
    const expired = trx.selectFrom('jobs').select('id').where('status', 'in', FINAL_STATES).where('completed_at', '<', before);
    await trx.deleteFrom('job_runs').where('job_id', 'in', expired).execute();
    const r = await trx.deleteFrom('jobs').where('status', 'in', FINAL_STATES).where('completed_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  };
  // One transaction: a job and its history go together or not at all.
  return db.isTransaction ? prune(db) : db.transaction().execute(prune);
}

/** Jobs of these files, newest first (at most `limit` in all). */
export async function jobsOfFiles(db: Db, fileIds: readonly string[], limit = 1000): Promise<Job[]> {
  if (fileIds.length === 0) return [];
  return db.selectFrom('jobs').selectAll().where('file_id', 'in', [...fileIds]).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Is a job of this command waiting or running? */
export async function hasQueuedJob(db: Db, commandType: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('command_type', '=', commandType).where('status', 'in', ['pending', 'running', 'retrying']).where(notCompleted).limit(1).executeTakeFirst();
  return Boolean(row);
}

/** The first job recorded for a file (its ingest job). */
export async function firstJobOfFile(db: Db, fileId: string): Promise<string | null> {
  const j = await db.selectFrom('jobs').select('id').where('file_id', '=', fileId).orderBy('created_at', 'asc').limit(1).executeTakeFirst();
  return j?.id ?? null;
}
