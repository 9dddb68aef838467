/**
 * Table types (Kysely). Generated<> marks columns the database fills; timestamps are
 * ISO-8601 UTC strings in both dialects (PostgreSQL stores timestamptz and the pg type
 * parser hands back ISO strings, see connection.ts). States are stored lower case so the
 * seed's operational SQL works as written; the APIs present them upper case.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const JOB_STATES = ['pending', 'running', 'completed', 'retrying', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const FILE_STATES = [
  'ingested',
  'processing',
  'processed',
  'approved',
  'published',
  'failed',
  'rejected',
  'archived',
] as const;
export type FileState = (typeof FILE_STATES)[number];

export interface JobsTable {
  id: string;
  file_id: string | null;
  command_type: string;
  queue: string;
  status: JobState;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  payload_json: string;
  result_json: string | null;
  checkpoint_json: string | null;
  /** Identifies the current run (claim); a finish from an older run is discarded. */
  run_id: string | null;
  run_after: string | null;
  /** `hostname:pid` of the worker holding the current run. */
  worker: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  updated_at: string;
}

/** Transactional outbox: a message to publish, written in the same transaction as its cause. */
export interface OutboxTable {
  id: Generated<number>;
  exchange: string;
  routing_key: string;
  body: string;
  job_id: string | null;
  /** Not published before this time (scheduled retries and polls). */
  available_at: string;
  /** A relay that took the row; others leave it until this time passes. */
  claimed_until: string | null;
  created_at: string;
}

export interface FilesTable {
  id: string;
  original_filename: string;
  processed_filename: string | null;
  species: string | null;
  status: FileState;
  status_reason: string | null;
  drive_file_id: string | null;
  drive_url: string | null;
  content_checksum: string | null;
  metadata_json: string | null;
  width: number | null;
  height: number | null;
  aspect_ratio: number | null;
  ratio_family: string | null;
  offered_sizes_json: string | null;
  thumbnail: Uint8Array | null;
  processed_drive_file_id: string | null;
  /** Soft limits the stored draft still misses (JSON array of strings), or null. */
  metadata_warnings_json: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProcessedHashesTable {
  hash: string;
  file_id: string | null;
  job_id: string | null;
  created_at: string;
}

export interface ApiUsageTable {
  id: Generated<number>;
  service: string;
  endpoint: string;
  request_count: number;
  status_code: number | null;
  duration_ms: number;
  rate_limit_remaining: number | null;
  rate_limit_reset_at: string | null;
  cost_usd: number | null;
  job_id: string | null;
  recorded_at: string;
}

export interface ListingsTable {
  id: string;
  file_id: string;
  platform: string;
  platform_listing_id: string;
  url: string | null;
  status: string;
  data_json: string | null;
  /** The product's title and the time of the store's last word on it (a webhook), null until one came. */
  title: string | null;
  store_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SocialPostsTable {
  id: string;
  file_id: string;
  platform: string;
  platform_post_id: string | null;
  caption: string | null;
  status: string;
  url: string | null;
  posted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReviewsTable {
  id: string;
  file_id: string;
  decision: 'approved' | 'rejected' | 'reprocess' | 'edited';
  reviewer: string;
  reason: string | null;
  changes_json: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: 'admin' | 'reviewer' | 'service';
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
}

export const RUN_OUTCOMES = ['completed', 'failed', 'retry', 'later', 'handed_back', 'lost'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** The attempt history: one row per run (consecutive `later` runs share one, counted in `runs`). */
export interface JobRunsTable {
  id: Generated<number>;
  job_id: string;
  attempt: number;
  outcome: RunOutcome;
  error: string | null;
  worker: string | null;
  runs: Generated<number>;
  started_at: string;
  ended_at: string;
}

/** A Replicate prediction a job started (its id is Replicate's). */
export interface PredictionsTable {
  id: string;
  job_id: string;
  file_id: string | null;
  purpose: 'upscale' | 'metadata';
  model: string;
  cancelled_at: string | null;
  created_at: string;
}

/** A refresh token's hash (the token itself lives only in the browser's httpOnly cookie). */
export interface RefreshTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

/** One state change of a file (the activity feed). */
export interface FileEventsTable {
  id: Generated<number>;
  file_id: string;
  status: FileState;
  reason: string | null;
  created_at: string;
}

/** A webhook delivery acted on (dedupe of redeliveries), per source. */
export interface WebhookDeliveriesTable {
  source: string;
  delivery_id: string;
  created_at: string;
}

/** Named leases: recurring housekeeping runs once per interval across processes. */
export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: string;
}

export const BACKUP_STATES = ['completed', 'failed'] as const;
export type BackupState = (typeof BACKUP_STATES)[number];

/** One backup (CLI or schedule); `local_path` / `drive_file_id` become null once retention removes that copy. */
export interface BackupsTable {
  id: string;
  created_at: string;
  /** fieldfen_YYYYMMDD_HHMMSS.db.gz */
  file_name: string;
  trigger: 'cli' | 'schedule';
  status: BackupState;
  /** Why it failed, or which part did (a Drive upload after the disk copy was made). */
  error: string | null;
  /** The gzip file's size. */
  size_bytes: number | null;
  sha256: string | null;
  local_path: string | null;
  drive_file_id: string | null;
  duration_ms: number;
}

export interface Database {
  jobs: JobsTable;
  outbox: OutboxTable;
  files: FilesTable;
  processed_hashes: ProcessedHashesTable;
  api_usage: ApiUsageTable;
  listings: ListingsTable;
  social_posts: SocialPostsTable;
  reviews: ReviewsTable;
  users: UsersTable;
  settings: SettingsTable;
  leases: LeasesTable;
  job_runs: JobRunsTable;
  predictions: PredictionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  refresh_tokens: RefreshTokensTable;
  file_events: FileEventsTable;
  backups: BackupsTable;
}

export type Job = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type JobUpdate = Updateable<JobsTable>;
export type FileRow = Selectable<FilesTable>;
export type User = Selectable<UsersTable>;
export type JobRun = Selectable<JobRunsTable>;
export type NewJobRun = Insertable<JobRunsTable>;
