/**
 * Files: the artwork records moving through the pipeline (SPEC §1, §3).
 *
 * States: INGESTED → PROCESSING → PROCESSED → APPROVED → PUBLISHED, or FAILED /
 * REJECTED / ARCHIVED, always with a `status_reason` a reviewer can read when the
 * file leaves the happy path. Every state change is one conditional UPDATE (from an
 * expected state), so a late or duplicate run cannot move a file backwards.
 * Review decisions (approve with edits, reject, reprocess) are recorded in `reviews`
 * (who, when, what changed); approve emits `file.approved` in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';
import { paginate, type Page } from '../db/pagination.js';
import type { FileRow, FileState, FilesTable } from '../db/schema.js';
import type { JobService } from '../jobs/service.js';
import { nowIso } from '../time.js';
import { applyEdits, issuesOf, metadataSchema, type Metadata, type MetadataEdits } from './metadata.js';

export class FileNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`file ${id} not found`);
  }
}
export class FileStateError extends Error {
  constructor(message: string, readonly status: FileState) {
    super(message);
  }
}
export class MetadataEditError extends Error {}

/** Columns a state change may also set. */
export type FilePatch = Partial<Omit<FilesTable, 'id' | 'created_at' | 'status'>>;

export async function getFile(db: Db, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireFile(db: Db, id: string): Promise<FileRow> {
  const f = await getFile(db, id);
  if (!f) throw new FileNotFoundError(id);
  return f;
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
  return q.returningAll().executeTakeFirst();
}

export async function patchFile(db: Db, id: string, patch: FilePatch): Promise<void> {
  await db.updateTable('files').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).execute();
}

/** States in which a pipeline step still works on the file (a failure makes it FAILED). */
export const ACTIVE_STATES: FileState[] = ['ingested', 'processing', 'approved'];

/** A pipeline job's final failure lands on its file (unless the file moved on meanwhile). */
export async function failFile(db: Db, id: string, reason: string): Promise<FileRow | undefined> {
  return setFileStatus(db, id, 'failed', { from: ACTIVE_STATES, reason: reason.slice(0, 2000) });
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
    width: null,
    height: null,
    aspect_ratio: null,
    ratio_family: null,
    offered_sizes_json: null,
    thumbnail: null,
    processed_drive_file_id: null,
    metadata_warnings_json: null,
    created_at: now,
    updated_at: now,
  };
}

export interface FileListFilter {
  status?: FileState;
  species?: string;
  limit: number;
  cursor?: string | null;
}

const LIST_COLUMNS = [
  'id', 'original_filename', 'processed_filename', 'species', 'status', 'status_reason', 'drive_file_id', 'drive_url',
  'content_checksum', 'metadata_json', 'width', 'height', 'aspect_ratio', 'ratio_family', 'offered_sizes_json',
  'processed_drive_file_id', 'metadata_warnings_json', 'created_at', 'updated_at',
] as const;
export type FileSummary = Omit<FileRow, 'thumbnail'> & { has_thumbnail?: boolean };

export class FileService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobService,
  ) {}

  async get(id: string): Promise<FileRow> {
    return requireFile(this.db, id);
  }

  async list(f: FileListFilter): Promise<Page<FileSummary>> {
    let q = this.db
      .selectFrom('files')
      .select([...LIST_COLUMNS])
      .select(sql<number>`case when thumbnail is null then 0 else 1 end`.as('has_thumb'));
    if (f.status) q = q.where('status', '=', f.status);
    if (f.species) q = q.where('species', '=', f.species);
    const page = await paginate(q, 'files', f.limit, f.cursor);
    return { items: page.items.map(({ has_thumb, ...r }) => ({ ...r, has_thumbnail: Boolean(has_thumb) })), next_cursor: page.next_cursor };
  }

  /** The file with its jobs, listings, review history and API usage. */
  async detail(id: string) {
    const file = await this.get(id);
    const [jobs, listings, reviews, usage] = await Promise.all([
      this.db.selectFrom('jobs').selectAll().where('file_id', '=', id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute(),
      this.db.selectFrom('listings').selectAll().where('file_id', '=', id).orderBy('created_at', 'desc').execute(),
      this.db.selectFrom('reviews').selectAll().where('file_id', '=', id).orderBy('created_at', 'desc').execute(),
      this.db
        .selectFrom('api_usage')
        .innerJoin('jobs', 'jobs.id', 'api_usage.job_id')
        .where('jobs.file_id', '=', id)
        .select([
          'api_usage.service',
          sql<number>`sum(api_usage.request_count)`.as('requests'),
          sql<number>`sum(case when api_usage.status_code is null or api_usage.status_code >= 400 then api_usage.request_count else 0 end)`.as('errors'),
          sql<number | null>`sum(api_usage.cost_usd)`.as('cost_usd'),
        ])
        .groupBy('api_usage.service')
        .execute(),
    ]);
    return { file, jobs, listings, reviews, usage };
  }

  async thumbnail(id: string): Promise<Buffer | null> {
    const row = await this.db.selectFrom('files').select('thumbnail').where('id', '=', id).executeTakeFirst();
    if (!row) throw new FileNotFoundError(id);
    return row.thumbnail ? Buffer.from(row.thumbnail) : null;
  }

  /** PROCESSED → APPROVED with the reviewer's edits; emits file.approved (→ CreateListing) in the same transaction. */
  async approve(id: string, reviewer: string, edits: MetadataEdits = {}): Promise<FileRow> {
    const { row, claimed } = await this.db.transaction().execute(async (trx) => {
      const file = await requireFile(trx, id);
      if (file.status !== 'processed') throw new FileStateError(`file is ${file.status.toUpperCase()}; only PROCESSED files can be approved`, file.status);
      const current = metadataSchema.parse(JSON.parse(file.metadata_json ?? 'null')) as Metadata;
      const { merged, changes } = applyEdits(current, edits);
      const checked = metadataSchema.safeParse(merged);
      if (!checked.success) throw new MetadataEditError(`edited metadata is not valid: ${issuesOf(checked.error).join('; ')}`);
      const meta = checked.data;
      const row = await setFileStatus(trx, id, 'approved', {
        from: ['processed'],
        patch: { metadata_json: JSON.stringify(meta), species: meta.species, processed_filename: meta.filename },
      });
      if (!row) throw new FileStateError('file changed state meanwhile', file.status);
      await this.review(trx, id, 'approved', reviewer, null, changes);
      const claimed = await this.jobs.emitInTransaction(trx, [{ type: 'file.approved', data: { file_id: id, reviewer } }]);
      return { row, claimed };
    });
    this.jobs.dispatch(claimed);
    return row;
  }

  /** PROCESSED or FAILED → REJECTED with the reviewer's reason. */
  async reject(id: string, reviewer: string, reason: string): Promise<FileRow> {
    return this.db.transaction().execute(async (trx) => {
      const file = await requireFile(trx, id);
      const row = await setFileStatus(trx, id, 'rejected', { from: ['processed', 'failed'], reason: `REJECTED: ${reason}` });
      if (!row) throw new FileStateError(`file is ${file.status.toUpperCase()}; only PROCESSED or FAILED files can be rejected`, file.status);
      await this.review(trx, id, 'rejected', reviewer, reason, null);
      return row;
    });
  }

  /** PROCESSED, FAILED or REJECTED → PROCESSING, with an UpdateImage job (inspect again, new upscale, new metadata). */
  async reprocess(id: string, reviewer: string): Promise<{ file: FileRow; jobId: string }> {
    const { row, jobId, claimed } = await this.db.transaction().execute(async (trx) => {
      const file = await requireFile(trx, id);
      const row = await setFileStatus(trx, id, 'processing', { from: ['processed', 'failed', 'rejected'], reason: null });
      if (!row) throw new FileStateError(`file is ${file.status.toUpperCase()}; only PROCESSED, FAILED or REJECTED files can be reprocessed`, file.status);
      await this.review(trx, id, 'reprocess', reviewer, null, null);
      const { jobs, claimed } = await this.jobs.enqueueInTransaction(trx, [{ commandType: 'UpdateImage', payload: { file_id: id }, fileId: id }]);
      return { row, jobId: jobs[0].id, claimed };
    });
    this.jobs.dispatch(claimed);
    return { file: row, jobId };
  }

  private async review(trx: Db, fileId: string, decision: 'approved' | 'rejected' | 'reprocess', reviewer: string, reason: string | null, changes: Record<string, unknown> | null) {
    await trx
      .insertInto('reviews')
      .values({
        id: randomUUID(),
        file_id: fileId,
        decision,
        reviewer,
        reason,
        changes_json: changes && Object.keys(changes).length ? JSON.stringify(changes) : null,
        created_at: nowIso(),
      })
      .execute();
  }
}
