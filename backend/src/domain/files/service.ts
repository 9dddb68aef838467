/**
 * Files: the artwork records moving through the pipeline (SPEC §1, §3).
 *
 * States: INGESTED → PROCESSING → PROCESSED → APPROVED → PUBLISHED, or FAILED /
 * REJECTED / ARCHIVED, always with a `status_reason` a reviewer can read when the
 * file leaves the happy path. Review decisions (approve with edits, reject,
 * reprocess) are recorded in `reviews` (who, when, what changed); approve emits
 * `file.approved` in the same transaction. Commands, routes, GraphQL and the CLI all
 * come here; none of them writes SQL.
 */
import { InvalidStateError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import type { Page } from '../../db/pagination.js';
import type { FileRow, FileState } from '../../db/schema.js';
import type { JobService } from '../../jobs/service.js';
import { insertReview } from '../reviews/repository.js';
import { applyEdits, issuesOf, metadataSchema, softLimitWarnings, type Metadata, type MetadataEdits } from './metadata.js';
import { ingestWebhook, recordDriveFiles, type DriveCandidate, type WebhookIngest } from './ingest.js';
import * as repo from './repository.js';
import type { FileListFilter, FilePatch, FileSummary } from './repository.js';

export type { FileListFilter, FilePatch, FileSummary };
export { ACTIVE_STATES, newFileRow } from './repository.js';

const upper = (s: string) => s.toUpperCase();

/** The columns an edit of the metadata sets (warnings recomputed: an edit may fix or cause a shortfall). */
function metadataPatch(meta: Metadata): FilePatch {
  const warnings = softLimitWarnings(meta);
  return { metadata_json: JSON.stringify(meta), metadata_warnings_json: warnings.length ? JSON.stringify(warnings) : null, species: meta.species, processed_filename: meta.filename };
}

export class FileService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobService,
  ) {}

  find(id: string): Promise<FileRow | undefined> {
    return repo.getFile(this.db, id);
  }

  /** The file, or NotFoundError (a command's job then fails permanently with FILE_NOT_FOUND). */
  async get(id: string): Promise<FileRow> {
    const f = await repo.getFile(this.db, id);
    if (!f) throw new NotFoundError('file', id);
    return f;
  }

  getMany(ids: readonly string[]): Promise<FileRow[]> {
    return repo.getFiles(this.db, ids);
  }

  list(f: FileListFilter): Promise<Page<FileSummary>> {
    return repo.listFiles(this.db, f);
  }

  async thumbnail(id: string): Promise<Buffer | null> {
    const row = await repo.getThumbnail(this.db, id);
    if (!row) throw new NotFoundError('file', id);
    return row.thumbnail ? Buffer.from(row.thumbnail) : null;
  }

  /** Move the file to `to` when it is in one of `from`; the row, or undefined when it was not. */
  setStatus(id: string, to: FileState, opts: { from?: FileState[]; reason?: string | null; patch?: FilePatch } = {}): Promise<FileRow | undefined> {
    return repo.setFileStatus(this.db, id, to, opts);
  }

  patch(id: string, patch: FilePatch): Promise<void> {
    return repo.patchFile(this.db, id, patch);
  }

  /** A pipeline job's final failure lands on its file (unless the file moved on meanwhile). */
  fail(id: string, reason: string): Promise<FileRow | undefined> {
    return repo.setFileStatus(this.db, id, 'failed', { from: repo.ACTIVE_STATES, reason: reason.slice(0, 2000) });
  }

  /** The earliest other file with the same content, if any. */
  duplicateOf(file: Pick<FileRow, 'id' | 'created_at'>, checksum: string) {
    return repo.findEarlierWithChecksum(this.db, file, checksum);
  }

  /** Working files whose pipeline job ended FAILED/CANCELLED unseen by a handler: FAILED with its error (housekeeping). */
  reconcileFailedFiles(): Promise<number> {
    return repo.failFilesOfFailedJobs(this.db);
  }

  pruneIngestHashes(): Promise<number> {
    return repo.pruneIngestHashes(this.db);
  }

  /** Record a webhook-announced file and its first job (DuplicateIngestError when seen before). */
  ingestWebhook(body: WebhookIngest): Promise<{ fileId: string; jobId: string }> {
    return ingestWebhook(this.db, this.jobs, body);
  }

  /** Record the Drive files not seen before, each with its first job. */
  recordDriveFiles(files: DriveCandidate[]) {
    return recordDriveFiles(this.db, this.jobs, files);
  }

  /** PROCESSED → APPROVED with the reviewer's edits; emits file.approved (→ CreateListing) in the same transaction. */
  async approve(id: string, reviewer: string, edits: MetadataEdits = {}): Promise<FileRow> {
    const { row, claimed } = await this.db.transaction().execute(async (trx) => {
      const file = await repo.getFile(trx, id);
      if (!file) throw new NotFoundError('file', id);
      if (file.status !== 'processed') throw new InvalidStateError(`file is ${upper(file.status)}; only PROCESSED files can be approved`, file.status);
      const { meta, changes } = this.edited(file, edits);
      const row = await repo.setFileStatus(trx, id, 'approved', {
        from: ['processed'],
        patch: metadataPatch(meta),
      });
      if (!row) throw new InvalidStateError('file changed state meanwhile', file.status);
      await insertReview(trx, { fileId: id, decision: 'approved', reviewer, changes });
      const claimed = await this.jobs.emitInTransaction(trx, [{ type: 'file.approved', data: { file_id: id, reviewer } }]);
      return { row, claimed };
    });
    this.jobs.dispatch(claimed);
    this.jobs.notify({ files: [id] });
    return row;
  }

  /** PROCESSED or FAILED → REJECTED with the reviewer's reason. */
  async reject(id: string, reviewer: string, reason: string): Promise<FileRow> {
    const row = await this.db.transaction().execute(async (trx) => {
      const file = await repo.getFile(trx, id);
      if (!file) throw new NotFoundError('file', id);
      const row = await repo.setFileStatus(trx, id, 'rejected', { from: ['processed', 'failed'], reason: `REJECTED: ${reason}` });
      if (!row) throw new InvalidStateError(`file is ${upper(file.status)}; only PROCESSED or FAILED files can be rejected`, file.status);
      await insertReview(trx, { fileId: id, decision: 'rejected', reviewer, reason });
      return row;
    });
    this.jobs.notify({ files: [id] });
    return row;
  }

  /** PROCESSED, FAILED or REJECTED → PROCESSING, with an UpdateImage job (inspect again, new upscale, new metadata). */
  async reprocess(id: string, reviewer: string): Promise<{ file: FileRow; jobId: string }> {
    const { row, jobId, claimed } = await this.db.transaction().execute(async (trx) => {
      const file = await repo.getFile(trx, id);
      if (!file) throw new NotFoundError('file', id);
      const row = await repo.setFileStatus(trx, id, 'processing', { from: ['processed', 'failed', 'rejected'], reason: null });
      if (!row) throw new InvalidStateError(`file is ${upper(file.status)}; only PROCESSED, FAILED or REJECTED files can be reprocessed`, file.status);
      await insertReview(trx, { fileId: id, decision: 'reprocess', reviewer });
      const { jobs, claimed } = await this.jobs.enqueueInTransaction(trx, [{ commandType: 'UpdateImage', payload: { file_id: id }, fileId: id }]);
      return { row, jobId: jobs[0].id, claimed };
    });
    this.jobs.dispatch(claimed);
    this.jobs.notify({ files: [id] });
    return { file: row, jobId };
  }

  /**
   * Edit an APPROVED or PUBLISHED file's metadata (audited as an `edited` review). A
   * published file's Shopify product follows: an UpdateListing job in the same transaction.
   */
  async update(id: string, reviewer: string, edits: MetadataEdits): Promise<{ file: FileRow; jobId: string | null }> {
    const { row, jobId, claimed } = await this.db.transaction().execute(async (trx) => {
      const file = await repo.getFile(trx, id);
      if (!file) throw new NotFoundError('file', id);
      if (file.status !== 'approved' && file.status !== 'published') {
        throw new InvalidStateError(`file is ${upper(file.status)}; only APPROVED or PUBLISHED files can be edited (a PROCESSED file is edited as it is approved)`, file.status);
      }
      const { meta, changes } = this.edited(file, edits);
      const row = await repo.setFileStatus(trx, id, file.status, {
        from: [file.status],
        reason: file.status_reason,
        patch: metadataPatch(meta),
      });
      if (!row) throw new InvalidStateError('file changed state meanwhile', file.status);
      await insertReview(trx, { fileId: id, decision: 'edited', reviewer, changes });
      const events = await this.jobs.emitInTransaction(trx, [{ type: 'file.updated', data: { file_id: id, reviewer } }]);
      if (file.status !== 'published') return { row, jobId: null, claimed: events };
      const { jobs, claimed } = await this.jobs.enqueueInTransaction(trx, [{ commandType: 'UpdateListing', payload: { file_id: id }, fileId: id }]);
      return { row, jobId: jobs[0].id, claimed: [...events, ...claimed] };
    });
    this.jobs.dispatch(claimed);
    this.jobs.notify({ files: [id] });
    return { file: row, jobId };
  }

  /** Archive a file: a DeleteFile job (which also archives a published file's Shopify product). */
  async archive(id: string, by: string, reason?: string): Promise<{ file: FileRow; jobId: string }> {
    const file = await this.get(id);
    if (file.status === 'archived') throw new InvalidStateError('file is ARCHIVED already', file.status);
    const job = await this.jobs.enqueue({ commandType: 'DeleteFile', payload: { file_id: id, reason: reason ?? `archived by ${by}` }, fileId: id });
    return { file, jobId: job.id };
  }

  /** UpdateListing jobs pushing the price table in force to every published file's product. */
  async pushPricesToListed(): Promise<number> {
    const ids = await repo.idsWithStatus(this.db, 'published');
    if (ids.length) await this.jobs.enqueueMany(ids.map((id) => ({ commandType: 'UpdateListing', payload: { file_id: id, prices: true }, fileId: id })));
    return ids.length;
  }

  /** The file's metadata with `edits` applied and checked, and what changed. */
  private edited(file: FileRow, edits: MetadataEdits): { meta: Metadata; changes: Record<string, unknown> } {
    const current = metadataSchema.safeParse(JSON.parse(file.metadata_json ?? 'null'));
    if (!current.success) throw new InvalidStateError('the file has no valid metadata to edit', file.status);
    const { merged, changes } = applyEdits(current.data, edits);
    const checked = metadataSchema.safeParse(merged);
    if (!checked.success) throw new ValidationError(`edited metadata is not valid: ${issuesOf(checked.error).join('; ')}`);
    return { meta: checked.data, changes };
  }
}
