/**
 * How queries on a job's state reach an index (migration 0007): every state but
 * COMPLETED is in the partial index jobs_open_status_created. SQLite uses a partial
 * index only when the query repeats its predicate, so queries on those states add
 * `status <> 'completed'` (a no-op for the rows they select; PostgreSQL proves it
 * itself and ignores the repetition). COMPLETED, most of a long-lived table, is found
 * by walking jobs_created (the lists) or in jobs_completed_at (the per-minute counts).
 */
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database, JobState } from '../db/schema.js';

/** The partial index's predicate, written as the migration wrote it. */
export function notCompleted(eb: ExpressionBuilder<Database, 'jobs'>): Expression<SqlBool> {
  return eb('status', '<>', sql.lit('completed'));
}

/**
 * `status = s`, in the form that reaches the right index: for an open state with the
 * partial index's predicate; for COMPLETED with the column behind a unary plus on SQLite,
 * so the planner walks jobs_created in the list's order instead of reading every
 * COMPLETED entry of jobs_completed_at and sorting them (PostgreSQL has statistics).
 */
export function statusIs(eb: ExpressionBuilder<Database, 'jobs'>, status: JobState, dialect: 'sqlite' | 'postgres'): Expression<SqlBool> {
  if (status !== 'completed') return eb.and([eb('status', '=', status), notCompleted(eb)]);
  return dialect === 'sqlite' ? eb(sql`+status`, '=', status) : eb('status', '=', status);
}
