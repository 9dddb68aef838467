/** Review rows: the audit of every decision on a file (who, when, what changed). */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { ReviewsTable } from '../../db/schema.js';
import { nowIso } from '../../time.js';

export type Review = Selectable<ReviewsTable>;
export type Decision = ReviewsTable['decision'];

export async function insertReview(
  db: Db,
  r: { fileId: string; decision: Decision; reviewer: string; reason?: string | null; changes?: Record<string, unknown> | null },
): Promise<Review> {
  const row: Review = {
    id: randomUUID(),
    file_id: r.fileId,
    decision: r.decision,
    reviewer: r.reviewer,
    reason: r.reason ?? null,
    changes_json: r.changes && Object.keys(r.changes).length ? JSON.stringify(r.changes) : null,
    created_at: nowIso(),
  };
  await db.insertInto('reviews').values(row).execute();
  return row;
}

/** Reviews of these files, newest first. */
export async function reviewsOfFiles(db: Db, fileIds: readonly string[]): Promise<Review[]> {
  if (fileIds.length === 0) return [];
  return db.selectFrom('reviews').selectAll().where('file_id', 'in', [...fileIds]).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}
