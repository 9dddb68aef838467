/**
 * The attempt history (`job_runs`): one row per run, written when the run ends in the
 * same transaction as the job's state change, so the history never disagrees with
 * the job. Consecutive `later` runs of a job (polling) share one row counted in `runs`.
 */
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';
import type { JobRun, NewJobRun } from '../db/schema.js';

/** Who holds a run: stored on the job at claim time and on each history row. */
export const THIS_WORKER = `${hostname()}:${process.pid}`;

const CHUNK = 400;

/**
 * Write the ended runs of one finish batch: one multi-row insert per 400 rows. Only
 * `later` rows look at the job's newest row first (to extend a `later` streak).
 */
export async function recordRuns(trx: Db, rows: NewJobRun[], now: string): Promise<void> {
  const laters = rows.filter((r) => r.outcome === 'later');
  const merged = laters.length ? await extendLaterRuns(trx, laters, now) : null;
  const fresh = merged ? rows.filter((r) => !(r.outcome === 'later' && merged.has(r.job_id))) : rows;
  for (let i = 0; i < fresh.length; i += CHUNK) await trx.insertInto('job_runs').values(fresh.slice(i, i + CHUNK)).execute();
}

/** Extend each job's newest row when it is a `later` of the same attempt; returns those jobs. */
async function extendLaterRuns(trx: Db, laters: NewJobRun[], now: string): Promise<Set<string>> {
  const byJob = new Map(laters.map((r) => [r.job_id, r]));
  const targets: { id: number; jobId: string; error: string | null }[] = [];
  const ids = [...byJob.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const newest = await trx
      .selectFrom('job_runs')
      .select(['id', 'job_id', 'outcome', 'attempt'])
      .where('id', 'in', (eb) => eb.selectFrom('job_runs').select((e) => e.fn.max('id').as('id')).where('job_id', 'in', ids.slice(i, i + CHUNK)).groupBy('job_id'))
      .execute();
    for (const n of newest) {
      const r = byJob.get(n.job_id)!;
      // A later run gives its attempt back, so a streak keeps one attempt number.
      if (n.outcome === 'later' && n.attempt === r.attempt) targets.push({ id: n.id, jobId: n.job_id, error: r.error ?? null });
    }
  }
  for (let i = 0; i < targets.length; i += CHUNK) {
    const chunk = targets.slice(i, i + CHUNK);
    const error = sql<string>`case ${sql.join(chunk.map((t) => sql`when id = ${t.id} then ${t.error}`), sql` `)} end`;
    await trx.updateTable('job_runs').set({ runs: sql`runs + 1`, ended_at: now, error }).where('id', 'in', chunk.map((t) => t.id)).execute();
  }
  return new Set(targets.map((t) => t.jobId));
}

/** A job's runs, newest first. */
export async function runsOfJob(db: Db, jobId: string): Promise<JobRun[]> {
  return db.selectFrom('job_runs').selectAll().where('job_id', '=', jobId).orderBy('id', 'desc').execute();
}

/** The runs of several jobs, newest first per job (as flat rows, like the other `…Of` reads). */
export async function runsOfJobs(db: Db, ids: readonly string[]): Promise<JobRun[]> {
  const unique = [...new Set(ids)];
  const out: JobRun[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    out.push(...(await db.selectFrom('job_runs').selectAll().where('job_id', 'in', unique.slice(i, i + CHUNK)).orderBy('id', 'desc').execute()));
  }
  return out;
}
