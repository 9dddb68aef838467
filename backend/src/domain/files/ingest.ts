/**
 * Ingest: a file is recorded once (SPEC §1). The webhook and the Drive scan both
 * write the file row and its CreateFileRecord job in ONE transaction (and, for the
 * webhook, the payload hash), so a file is never recorded without its job, nor twice.
 *
 *  - a webhook payload already seen (sha256 of its canonical JSON in processed_hashes,
 *    kept 24 h) → DuplicateIngestError with the existing ids (409);
 *  - a Drive file already known (files.drive_file_id, UNIQUE) → the same;
 *  - the same content under another Drive id is caught later by CreateFileRecord
 *    (content checksum: REJECTED naming the original).
 */
import { createHash } from 'node:crypto';
import { DuplicateError } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import type { OutboxRow } from '../../jobs/outbox.js';
import { firstJobOfFile } from '../../jobs/repository.js';
import type { JobService } from '../../jobs/service.js';
import { findByDriveId, findIngestHash, insertFile, insertFileUnlessKnown, insertIngestHash, knownDriveIds, newFileRow } from './repository.js';

/** A file announced twice: 409 DUPLICATE with the existing ids (context `{file_id, job_id}`). */
export class DuplicateIngestError extends DuplicateError {
  constructor(
    message: string,
    readonly fileId: string,
    readonly jobId: string | null,
  ) {
    super(message, { job_id: jobId, file_id: fileId });
  }
}

export interface WebhookIngest {
  file_id: string; // the Drive file id
  filename: string;
  species?: string;
  drive_url?: string;
  scale?: 1 | 2 | 4;
}

/** JSON with sorted keys at every level: the same payload always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export const payloadHash = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex');

async function findDuplicate(db: Db, hash: string, driveFileId: string): Promise<DuplicateIngestError | null> {
  const seen = await findIngestHash(db, hash);
  if (seen?.file_id) return new DuplicateIngestError('this webhook payload was already received', seen.file_id, seen.job_id);
  const known = await findByDriveId(db, driveFileId);
  if (known) return new DuplicateIngestError(`Drive file ${driveFileId} is already recorded`, known.id, await firstJobOfFile(db, known.id));
  return null;
}

/** Record a webhook-announced file and its CreateFileRecord job; DuplicateIngestError when already seen. */
export async function ingestWebhook(db: Db, jobs: JobService, body: WebhookIngest): Promise<{ fileId: string; jobId: string }> {
  const hash = payloadHash(body);
  let result: { fileId: string; jobId: string; claimed: OutboxRow[] };
  try {
    result = await db.transaction().execute(async (trx) => {
      const dup = await findDuplicate(trx, hash, body.file_id);
      if (dup) throw dup;
      const file = newFileRow({ originalFilename: body.filename, species: body.species, driveFileId: body.file_id, driveUrl: body.drive_url });
      await insertFile(trx, file);
      const payload = { file_id: file.id, ...(body.scale ? { scale: body.scale } : {}) };
      const { jobs: created, claimed } = await jobs.enqueueInTransaction(trx, [{ commandType: 'CreateFileRecord', payload, fileId: file.id }]);
      await insertIngestHash(trx, hash, file.id, created[0].id);
      return { fileId: file.id, jobId: created[0].id, claimed };
    });
  } catch (err) {
    if (err instanceof DuplicateIngestError) throw err;
    // A concurrent twin won the unique index: answer as a duplicate of it.
    const dup = await findDuplicate(db, hash, body.file_id);
    if (dup) throw dup;
    throw err;
  }
  jobs.dispatch(result.claimed);
  return { fileId: result.fileId, jobId: result.jobId };
}

export interface DriveCandidate {
  id: string;
  name: string;
}

/** Record Drive files not seen before (each with its CreateFileRecord job); known ones are skipped. */
export async function recordDriveFiles(db: Db, jobs: JobService, files: DriveCandidate[]): Promise<{ recorded: { fileId: string; jobId: string; driveFileId: string }[]; skipped: number }> {
  if (files.length === 0) return { recorded: [], skipped: 0 };
  const known = await knownDriveIds(db, files.map((f) => f.id));
  const fresh = files.filter((f) => !known.has(f.id));
  if (fresh.length === 0) return { recorded: [], skipped: files.length };
  const { recorded, claimed } = await db.transaction().execute(async (trx) => {
    const rows: { fileId: string; driveFileId: string }[] = [];
    for (const f of fresh) {
      const row = newFileRow({ originalFilename: f.name, driveFileId: f.id });
      // The UNIQUE index on drive_file_id decides between concurrent scans.
      if (await insertFileUnlessKnown(trx, row)) rows.push({ fileId: row.id, driveFileId: f.id });
    }
    const { jobs: created, claimed } = await jobs.enqueueInTransaction(
      trx,
      rows.map((r) => ({ commandType: 'CreateFileRecord', payload: { file_id: r.fileId }, fileId: r.fileId })),
    );
    return { recorded: created.map((j, i) => ({ ...rows[i], jobId: j.id })), claimed };
  });
  jobs.dispatch(claimed);
  return { recorded, skipped: files.length - recorded.length };
}
