/**
 * Failure groups, the SQL half: the most recent FAILED jobs, newest first, read through
 * the partial index jobs_failed_completed (migration 0004) so the scan costs the rows it
 * returns, not the size of the jobs table. Grouping happens in JS (service.ts): the
 * normalisation of an error text is regular expressions no SQL dialect shares.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

export interface FailedJobRow {
  id: string;
  command_type: string;
  file_id: string | null;
  last_error: string | null;
  completed_at: string | null;
}

/** Up to `limit` FAILED jobs, the most recently finished first. */
export async function recentFailedJobs(db: Db, limit: number): Promise<FailedJobRow[]> {
  return db
    .selectFrom('jobs')
    .select(['id', 'command_type', 'file_id', 'last_error', 'completed_at'])
    // A literal, as in the index's predicate: the partial index is usable whatever the planner knows of parameters.
    .where('status', '=', sql.lit('failed'))
    .orderBy('completed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
