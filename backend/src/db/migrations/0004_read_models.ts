/**
 * Issue 8: indexes for the dashboard's read models (overview, failure groups,
 * activity feed). Partial indexes on jobs so the hot path (enqueue, claim) pays
 * nothing for them: a PENDING/RUNNING row is in neither, a job enters one index when
 * it finishes. `status` leads each index although the predicate fixes it: SQLite's
 * planner, without ANALYZE statistics, then prefers them over jobs_status_created
 * for `status = ? … order by completed_at` (measured).
 *  - jobs_completed_at: jobs completed per minute over the last hour (index-only count);
 *  - jobs_failed_completed: the most recent FAILED jobs, newest first, keyset on
 *    (completed_at, id) (failure groups' bounded scan, the activity feed's failures);
 *  - reviews_created: reviews newest first (the activity feed).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('jobs_completed_at')
    .on('jobs')
    .columns(['status', 'completed_at'])
    .where(sql.ref('status'), '=', sql.lit('completed'))
    .execute();
  await db.schema
    .createIndex('jobs_failed_completed')
    .on('jobs')
    .columns(['status', 'completed_at', 'id'])
    .where(sql.ref('status'), '=', sql.lit('failed'))
    .execute();
  await db.schema.createIndex('reviews_created').on('reviews').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reviews_created').ifExists().execute();
  await db.schema.dropIndex('jobs_failed_completed').ifExists().execute();
  await db.schema.dropIndex('jobs_completed_at').ifExists().execute();
}
