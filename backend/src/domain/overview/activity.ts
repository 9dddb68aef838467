/**
 * The activity feed: recent events newest first, merged from three sources — file
 * state changes (`file_events`), review decisions (`reviews`) and failures (jobs that
 * ended FAILED, at their completed_at).
 *
 * Order: `at` descending, then kind descending, then the source's id descending; the
 * cursor is that triple, opaque (base64url JSON `[at, kind, id]`). A page reads at most
 * `first + 1` rows after the cursor from each source (each through an index on its
 * time: file_events_created, reviews_created, jobs_failed_completed) and merges them:
 * the page's `first` items can come from any mix of sources, so `first` from each is
 * enough, and the extra row says whether there is a next page. Bounded at 3 × (first
 * + 1) rows whatever the page number, and without gaps or repeats across sources,
 * since every source applies the same cursor.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connection.js';
import { InvalidCursorError } from '../../db/pagination.js';

export const ACTIVITY_KINDS = ['file_status', 'review', 'job_failed'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityItem {
  kind: ActivityKind;
  at: string;
  /** The row's id in its source (file_events.id as a string, reviews.id, jobs.id). */
  id: string;
  /** null for a failed job that worked on no file. */
  fileId: string | null;
  jobId?: string;
  /** file_status: the state the file moved to (lower case, as stored). */
  status?: string;
  decision?: string;
  reviewer?: string;
  reason?: string | null;
  error?: string | null;
  commandType?: string;
  /** The file's original filename (null when there is no file). */
  filename?: string | null;
  /** This item's cursor: `after` it gives the items that follow it. */
  cursor: string;
}

export interface ActivityPage {
  items: ActivityItem[];
  /** The last item's cursor when more items follow, else null. */
  nextCursor: string | null;
}

interface Cursor {
  at: string;
  kind: ActivityKind;
  id: string;
}

export function encodeActivityCursor(at: string, kind: ActivityKind, id: string): string {
  return Buffer.from(JSON.stringify([at, kind, id])).toString('base64url');
}

export function decodeActivityCursor(cursor: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) && v.length === 3 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) &&
      (ACTIVITY_KINDS as readonly unknown[]).includes(v[1]) && typeof v[2] === 'string' &&
      (v[1] !== 'file_status' || /^\d+$/.test(v[2]))
    ) {
      return { at: v[0], kind: v[1] as ActivityKind, id: v[2] };
    }
  } catch {
    /* fall through */
  }
  throw new InvalidCursorError();
}

/** Rows of `kind` that come after the cursor in (at desc, kind desc, id desc) order. */
function afterCursor(kind: ActivityKind, c: Cursor | null, at: string, id: string): RawBuilder<boolean> {
  if (!c) return sql<boolean>`1 = 1`;
  if (kind === c.kind) {
    const idValue = kind === 'file_status' ? Number(c.id) : c.id;
    return sql<boolean>`(${sql.ref(at)}, ${sql.ref(id)}) < (${c.at}, ${idValue})`;
  }
  // Another kind at the same instant sorts after the cursor when its kind is smaller.
  return kind < c.kind ? sql<boolean>`${sql.ref(at)} <= ${c.at}` : sql<boolean>`${sql.ref(at)} < ${c.at}`;
}

async function fileStatusItems(db: Db, c: Cursor | null, n: number): Promise<Omit<ActivityItem, 'cursor'>[]> {
  const rows = await db
    .selectFrom('file_events as e')
    .leftJoin('files as f', 'f.id', 'e.file_id')
    .select(['e.id', 'e.file_id', 'e.status', 'e.reason', 'e.created_at', 'f.original_filename'])
    .where(afterCursor('file_status', c, 'e.created_at', 'e.id'))
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(n)
    .execute();
  return rows.map((r) => ({
    kind: 'file_status' as const, at: r.created_at, id: String(r.id), fileId: r.file_id,
    status: r.status, reason: r.reason, filename: r.original_filename,
  }));
}

async function reviewItems(db: Db, c: Cursor | null, n: number): Promise<Omit<ActivityItem, 'cursor'>[]> {
  const rows = await db
    .selectFrom('reviews as r')
    .leftJoin('files as f', 'f.id', 'r.file_id')
    .select(['r.id', 'r.file_id', 'r.decision', 'r.reviewer', 'r.reason', 'r.created_at', 'f.original_filename'])
    .where(afterCursor('review', c, 'r.created_at', 'r.id'))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(n)
    .execute();
  return rows.map((r) => ({
    kind: 'review' as const, at: r.created_at, id: r.id, fileId: r.file_id,
    decision: r.decision, reviewer: r.reviewer, reason: r.reason, filename: r.original_filename,
  }));
}

async function failedJobItems(db: Db, c: Cursor | null, n: number): Promise<Omit<ActivityItem, 'cursor'>[]> {
  const rows = await db
    .selectFrom('jobs as j')
    .leftJoin('files as f', 'f.id', 'j.file_id')
    .select(['j.id', 'j.file_id', 'j.command_type', 'j.last_error', 'j.completed_at', 'f.original_filename'])
    // Literal as in the partial index jobs_failed_completed's predicate.
    .where('j.status', '=', sql.lit('failed'))
    .where('j.completed_at', 'is not', null)
    .where(afterCursor('job_failed', c, 'j.completed_at', 'j.id'))
    .orderBy('j.completed_at', 'desc')
    .orderBy('j.id', 'desc')
    .limit(n)
    .execute();
  return rows.map((r) => ({
    kind: 'job_failed' as const, at: r.completed_at!, id: r.id, fileId: r.file_id, jobId: r.id,
    commandType: r.command_type, error: r.last_error, filename: r.original_filename,
  }));
}

/** The `first` events after `after` (from the start when absent), newest first. */
export async function activityPage(db: Db, first: number, after?: string | null): Promise<ActivityPage> {
  const c = after ? decodeActivityCursor(after) : null;
  const sources = await Promise.all([fileStatusItems(db, c, first + 1), reviewItems(db, c, first + 1), failedJobItems(db, c, first + 1)]);
  // Each source is already in (at, id) order; a stable sort on (at, kind) keeps it and merges them.
  const merged = sources.flat().sort((a, b) => (a.at === b.at ? (a.kind < b.kind ? 1 : a.kind > b.kind ? -1 : 0) : a.at < b.at ? 1 : -1));
  const items = merged.slice(0, first).map((i) => ({ ...i, cursor: encodeActivityCursor(i.at, i.kind, i.id) }));
  return { items, nextCursor: merged.length > first && items.length ? items[items.length - 1].cursor : null };
}
