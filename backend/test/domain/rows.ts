/** Rows for the read-model tests: jobs and files with fixed times, inserted through the repositories. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/connection.js';
import type { FilesTable, NewJob } from '../../src/db/schema.js';
import { insertJobs } from '../../src/jobs/repository.js';
import { insertFile, newFileRow } from '../../src/domain/files/repository.js';

/** 2026-01-01T00:00:00Z + `seconds`, ISO. */
export const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();

export function jobRow(overrides: Partial<NewJob> = {}): NewJob {
  const t = overrides.created_at ?? at(0);
  return {
    id: randomUUID(), file_id: null, command_type: 'Noop', queue: 'system', status: 'pending', attempts: 0, max_attempts: 3,
    last_error: null, payload_json: '{}', result_json: null, checkpoint_json: null, run_id: null, run_after: null,
    created_at: t, started_at: null, completed_at: null, updated_at: t, ...overrides,
  };
}

export async function addJobs(db: Db, ...jobs: Partial<NewJob>[]): Promise<NewJob[]> {
  const rows = jobs.map((j) => jobRow(j));
  await insertJobs(db, rows);
  return rows;
}

/** A file inserted through insertFile (which records its first file_event at created_at). */
export async function addFile(db: Db, overrides: Partial<FilesTable> = {}): Promise<FilesTable> {
  const row: FilesTable = { ...newFileRow({ originalFilename: overrides.original_filename ?? `art-${randomUUID().slice(0, 8)}.png` }), ...overrides };
  await insertFile(db, row);
  return row;
}

/** Empty the tables these tests write (children first). */
export async function clear(db: Db): Promise<void> {
  for (const t of ['file_events', 'reviews', 'listings', 'api_usage', 'jobs', 'files'] as const) await db.deleteFrom(t).execute();
}
