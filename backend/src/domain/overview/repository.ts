/**
 * The dashboard overview's SQL: counts by state and the last hour's throughput, each
 * one indexed read so the page stays fast on a million jobs:
 *  - files by status: a GROUP BY over the covering index files_status_created;
 *  - jobs by status: counts of index ranges in one statement (see jobsByStatus);
 *  - jobs completed per minute: a range of the partial index jobs_completed_at
 *    (migration 0004), grouped by UTC minute in SQL; empty minutes are filled in JS.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { utcTruncated } from '../../db/dialect.js';
import { notCompleted } from '../../jobs/statusIndex.js';
import { FILE_STATES, JOB_STATES, type FileState, type JobState } from '../../db/schema.js';

const MINUTE_MS = 60_000;

function everyKey<K extends string>(keys: readonly K[], rows: { status: string; n: number }[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const r of rows) if ((keys as readonly string[]).includes(r.status)) out[r.status as K] = Number(r.n);
  return out;
}

/** Every FILE_STATES key, 0 when no file is in it. */
export async function filesByStatus(db: Db): Promise<Record<FileState, number>> {
  const rows = await db.selectFrom('files').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
  return everyKey(FILE_STATES, rows);
}

/**
 * Every JOB_STATES key, 0 when no job is in it. One statement (one snapshot): the
 * total and each state but COMPLETED counted on their index ranges; COMPLETED, most
 * of a long-lived table, is the difference. Counting 850,000 index entries of one
 * state costs more than counting the table (measured on SQLite: 46 vs 18 ms at 1M).
 */
export async function jobsByStatus(db: Db): Promise<Record<JobState, number>> {
  const others = JOB_STATES.filter((s) => s !== 'completed');
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('jobs').select(eb.fn.countAll<number>().as('n')).as('total'),
      ...others.map((s) => eb.selectFrom('jobs').select(eb.fn.countAll<number>().as('n')).where('status', '=', sql.lit(s)).where(notCompleted).as(s)),
    ])
    .executeTakeFirstOrThrow();
  const counts = row as unknown as Record<string, number | null>;
  const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  let rest = Number(counts.total ?? 0);
  for (const s of others) {
    out[s] = Number(counts[s] ?? 0);
    rest -= out[s];
  }
  out.completed = rest;
  return out;
}

export interface MinuteBucket {
  /** Start of the UTC minute, ISO-8601. */
  minute: string;
  count: number;
}

/**
 * Jobs COMPLETED per UTC minute (by completed_at) over the `minutes` minutes ending
 * with the current one: `minutes` buckets, oldest first, zeros included.
 */
export async function completedPerMinute(db: Db, now = Date.now(), minutes = 60): Promise<MinuteBucket[]> {
  const end = Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const start = end - minutes * MINUTE_MS;
  const minute = utcTruncated(db, 'completed_at', 'minute');
  const rows = await db
    .selectFrom('jobs')
    .select([minute.as('minute'), sql<number>`count(*)`.as('n')])
    // Literal as in the partial index's predicate.
    .where('status', '=', sql.lit('completed'))
    .where('completed_at', '>=', new Date(start).toISOString())
    .where('completed_at', '<', new Date(end).toISOString())
    .groupBy(minute)
    .execute();
  const counts = new Map(rows.map((r) => [`${r.minute}:00.000Z`, Number(r.n)]));
  return Array.from({ length: minutes }, (_, i) => {
    const at = new Date(start + i * MINUTE_MS).toISOString();
    return { minute: at, count: counts.get(at) ?? 0 };
  });
}
