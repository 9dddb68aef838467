/** How rows are shown by the APIs: upper-case states, parsed JSON, no internals. */
import type { FileRow, Job, JobRun } from '../db/schema.js';
import type { Backup } from '../domain/backups/service.js';
import type { FileSummary } from '../domain/files/service.js';
import type { Listing } from '../domain/listings/service.js';
import type { Review } from '../domain/reviews/service.js';
import type { ServiceUsage } from '../domain/usage/service.js';

/** A stored JSON column as a value (null stays null). */
export const parseJson = (s: string | null) => (s === null ? null : JSON.parse(s));
const parse = parseJson;

export function presentJob(j: Job) {
  return {
    id: j.id,
    command_type: j.command_type,
    status: j.status.toUpperCase(),
    attempts: j.attempts,
    max_attempts: j.max_attempts,
    payload: parse(j.payload_json),
    result: parse(j.result_json),
    last_error: j.last_error,
    checkpoint: parse(j.checkpoint_json),
    file_id: j.file_id,
    queue: j.queue,
    run_after: j.run_after,
    created_at: j.created_at,
    started_at: j.started_at,
    completed_at: j.completed_at,
  };
}

/** A file row (or list summary) as the API shows it. */
export function presentFile(f: FileSummary | FileRow) {
  const hasThumb = 'thumbnail' in f ? f.thumbnail !== null : Boolean(f.has_thumbnail);
  return {
    id: f.id,
    original_filename: f.original_filename,
    processed_filename: f.processed_filename,
    species: f.species,
    status: f.status.toUpperCase(),
    status_reason: f.status_reason,
    drive_file_id: f.drive_file_id,
    drive_url: f.drive_url,
    processed_drive_file_id: f.processed_drive_file_id,
    content_checksum: f.content_checksum,
    width: f.width,
    height: f.height,
    aspect_ratio: f.aspect_ratio,
    ratio_family: f.ratio_family,
    offered_sizes: parse(f.offered_sizes_json),
    metadata: parse(f.metadata_json),
    metadata_warnings: parse(f.metadata_warnings_json) ?? [],
    thumbnail_url: hasThumb ? `/api/files/${f.id}/thumbnail` : null,
    created_at: f.created_at,
    updated_at: f.updated_at,
  };
}

export function presentListing(l: Listing) {
  return {
    id: l.id,
    platform: l.platform,
    platform_listing_id: l.platform_listing_id,
    url: l.url,
    status: l.status.toUpperCase(),
    data: parse(l.data_json),
    created_at: l.created_at,
    updated_at: l.updated_at,
  };
}

export function presentReview(v: Review) {
  return { id: v.id, decision: v.decision.toUpperCase(), reviewer: v.reviewer, reason: v.reason, changes: parse(v.changes_json), created_at: v.created_at };
}

export function presentUsage(u: ServiceUsage) {
  return { service: u.service, requests: u.requests, errors: u.errors, cost_usd: u.cost_usd };
}

/** One entry of a job's attempt history. */
export function presentJobRun(r: JobRun) {
  return { attempt: r.attempt, outcome: r.outcome.toUpperCase(), error: r.error, worker: r.worker, runs: r.runs, started_at: r.started_at, ended_at: r.ended_at };
}

/** A RUNNING job's current run, shaped like a history entry (not stored until it ends). */
export function presentCurrentRun(j: Job) {
  return { attempt: j.attempts, outcome: 'RUNNING', error: null, worker: j.worker, runs: 1, started_at: j.started_at, ended_at: null };
}

export function presentBackup(b: Backup) {
  return {
    id: b.id,
    created_at: b.created_at,
    file_name: b.file_name,
    trigger: b.trigger,
    status: b.status.toUpperCase(),
    error: b.error,
    size_bytes: b.size_bytes,
    sha256: b.sha256,
    duration_ms: b.duration_ms,
    /** Where copies are now (retention empties these). */
    local_path: b.local_path,
    drive_file_id: b.drive_file_id,
  };
}
