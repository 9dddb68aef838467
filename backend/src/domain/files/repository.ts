/**
 * File rows (SPEC §3): every read and write of `files` and `processed_hashes`.
 * Functions take a `Db` that may be a transaction; the service composes them.
 * Every state change is one conditional UPDATE (from an expected state), so a late or
 * duplicate run cannot move a file backwards.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { paginate, type Page } from '../../db/pagination.js';
import type { FileRow, FileState, FilesTable } from '../../db/schema.js';
import { isoAfter, nowIso } from '../../time.js';

/** Columns a state change may also set. */
export type FilePatch = Partial<Omit<FilesTable, 'id' | 'created_at' | 'status'>>;
export type FileSummary = Omit<FileRow, 'thumbnail'> & { has_thumbnail?: boolean };

/** States in which a pipeline step still works on the file (a failure makes it FAILED). */
export const ACTIVE_STATES: FileState[] = ['ingested', 'processing', 'approved'];

export async function getFile(db: Db, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getFiles(db: Db, ids: readonly string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('files').selectAll().where('id', 'in', [...ids]).execute();
}

export async function insertFile(db: Db, row: FilesTable): Promise<void> {
  await db.insertInto('files').values(row).execute();
  await db.insertInto('file_events').values({ file_id: row.id, status: row.status, reason: null, created_at: row.created_at }).execute();
}

/** Insert unless a file with the same Drive id exists (the UNIQUE index decides races); the id, or undefined. */
export async function insertFileUnlessKnown(db: Db, row: FilesTable): Promise<string | undefined> {
  const r = await db.insertInto('files').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  if (r) await db.insertInto('file_events').values({ file_id: r.id, status: row.status, reason: null, created_at: row.created_at }).execute();
  return r?.id;
}

/** Move a file to `to` when it is in one of `from` (any state when omitted). Returns the row, or undefined when it was not. */
export async function setFileStatus(
  db: Db,
  id: string,
  to: FileState,
  opts: { from?: FileState[]; reason?: string | null; patch?: FilePatch } = {},
): Promise<FileRow | undefined> {
  let q = db
    .updateTable('files')
    .set({ ...opts.patch, status: to, status_reason: opts.reason ?? null, updated_at: nowIso() })
    .where('id', '=', id);
  if (opts.from) q = q.where('status', 'in', opts.from);
  const row = await q.returningAll().executeTakeFirst();
  // The activity feed's record of the change (a no-op move to the same state is one too: a retried step).
  if (row) await db.insertInto('file_events').values({ file_id: id, status: to, reason: opts.reason ?? null, created_at: row.updated_at }).execute();
  return row;
}

export async function patchFile(db: Db, id: string, patch: FilePatch): Promise<void> {
  await db.updateTable('files').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).execute();
}

export function newFileRow(input: { originalFilename: string; species?: string | null; driveFileId?: string | null; driveUrl?: string | null }): FilesTable {
  const now = nowIso();
  return {
    id: randomUUID(),
    original_filename: input.originalFilename,
    processed_filename: null,
    species: input.species ?? null,
    status: 'ingested',
    status_reason: null,
    drive_file_id: input.driveFileId ?? null,
    drive_url: input.driveUrl ?? null,
    content_checksum: null,
    metadata_json: null,
    metadata_warnings_json: null,
    width: null,
    height: null,
    aspect_ratio: null,
    ratio_family: null,
    offered_sizes_json: null,
    thumbnail: null,
    processed_drive_file_id: null,
    created_at: now,
    updated_at: now,
  };
}

export interface FileListFilter {
  status?: FileState;
  species?: string;
  /** Matches the original or processed filename, or the species (case-insensitive substring). */
  search?: string;
  limit: number;
  cursor?: string | null;
}

const LIST_COLUMNS = [
  'id', 'original_filename', 'processed_filename', 'species', 'status', 'status_reason', 'drive_file_id', 'drive_url',
  'content_checksum', 'metadata_json', 'metadata_warnings_json', 'width', 'height', 'aspect_ratio', 'ratio_family',
  'offered_sizes_json', 'processed_drive_file_id', 'created_at', 'updated_at',
] as const;

/** A page of files, newest first, without the thumbnail bytes (a flag says whether there is one). */
export async function listFiles(db: Db, f: FileListFilter): Promise<Page<FileSummary>> {
  let q = db
    .selectFrom('files')
    .select([...LIST_COLUMNS])
    .select(sql<number>`case when thumbnail is null then 0 else 1 end`.as('has_thumb'));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.species) q = q.where('species', '=', f.species);
  if (f.search) {
    const like = `%${f.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(original_filename)`, 'like', sql`${like} escape '\\'`),
        eb(sql`lower(coalesce(processed_filename, ''))`, 'like', sql`${like} escape '\\'`),
        eb(sql`lower(coalesce(species, ''))`, 'like', sql`${like} escape '\\'`),
      ]),
    );
  }
  const page = await paginate(q, 'files', f.limit, f.cursor);
  return { items: page.items.map(({ has_thumb, ...r }) => ({ ...r, has_thumbnail: Boolean(has_thumb) })), next_cursor: page.next_cursor };
}

export async function idsWithStatus(db: Db, status: FileState): Promise<string[]> {
  return (await db.selectFrom('files').select('id').where('status', '=', status).execute()).map((r) => r.id);
}

export async function getThumbnail(db: Db, id: string): Promise<{ thumbnail: Uint8Array | null } | undefined> {
  return db.selectFrom('files').select('thumbnail').where('id', '=', id).executeTakeFirst();
}

/** The earliest other file with this content (a duplicate's original), if any. */
export async function findEarlierWithChecksum(db: Db, file: Pick<FileRow, 'id' | 'created_at'>, checksum: string) {
  return db
    .selectFrom('files')
    .select(['id', 'original_filename'])
    .where('content_checksum', '=', checksum)
    .where('id', '!=', file.id)
    .where('created_at', '<=', file.created_at)
    .orderBy('created_at', 'asc')
    .limit(1)
    .executeTakeFirst();
}

export async function findByDriveId(db: Db, driveFileId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('files').select('id').where('drive_file_id', '=', driveFileId).executeTakeFirst();
}

/** Which of these Drive ids are recorded already. */
export async function knownDriveIds(db: Db, driveIds: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < driveIds.length; i += 500) {
    const rows = await db.selectFrom('files').select('drive_file_id').where('drive_file_id', 'in', driveIds.slice(i, i + 500)).execute();
    for (const r of rows) known.add(r.drive_file_id!);
  }
  return known;
}

/**
 * Files still in a working state whose pipeline job ended FAILED or CANCELLED after the
 * file last changed, with no job of theirs still pending: FAILED with that job's error.
 */
export async function failFilesOfFailedJobs(db: Db): Promise<number> {
  const r = await db
    .updateTable('files')
    .set({
      status: 'failed',
      status_reason: sql<string>`(select 'JOB_' || upper(j.status) || ': ' || j.command_type || ': ' || coalesce(j.last_error, j.status) from jobs j where j.file_id = files.id and j.status in ('failed', 'cancelled') order by j.completed_at desc limit 1)`,
      updated_at: nowIso(),
    })
    .where('status', 'in', ACTIVE_STATES)
    .where(sql<boolean>`exists (select 1 from jobs j where j.file_id = files.id and j.status in ('failed', 'cancelled') and j.completed_at >= files.updated_at)`)
    .where(sql<boolean>`not exists (select 1 from jobs j where j.file_id = files.id and j.status in ('pending', 'running', 'retrying'))`)
    .returning(['id', 'status_reason', 'updated_at'])
    .execute();
  if (r.length) {
    await db.insertInto('file_events').values(r.map((f) => ({ file_id: f.id, status: 'failed' as const, reason: f.status_reason, created_at: f.updated_at }))).execute();
  }
  return r.length;
}

// ---- webhook payload hashes (SPEC §3: processed_hashes, kept 24 h) ----

export async function findIngestHash(db: Db, hash: string) {
  return db.selectFrom('processed_hashes').selectAll().where('hash', '=', hash).executeTakeFirst();
}

export async function insertIngestHash(db: Db, hash: string, fileId: string, jobId: string): Promise<void> {
  await db.insertInto('processed_hashes').values({ hash, file_id: fileId, job_id: jobId, created_at: nowIso() }).execute();
}

export async function pruneIngestHashes(db: Db, olderThanMs = 86_400_000): Promise<number> {
  const r = await db.deleteFrom('processed_hashes').where('created_at', '<', isoAfter(-olderThanMs)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
