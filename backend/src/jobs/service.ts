/**
 * Enqueue, inspect and steer jobs. Enqueue never loses a job: the job row and its
 * outbox message are written in one transaction (grouped with concurrent enqueues:
 * group commit), then published with confirms by the relay. With the broker away the
 * caller still gets its job; it is published when the broker is back.
 */
import { uuidv7 } from '../core/ids.js';
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';
import { paginate, type Page } from '../db/pagination.js';
import type { Job, JobRun, JobState, NewJob } from '../db/schema.js';
import type { CommandRegistry } from './registry.js';
import type { FollowUpJob } from './command.js';
import { ANNOUNCE_MAX, encodeBatch, encodeJobMessage } from '../queue/message.js';
import type { Topology } from '../queue/topology.js';
import { InvalidStateError, NotFoundError, ValidationError } from '../core/errors.js';
import { nowIso } from '../time.js';
import { Batcher } from './batcher.js';
import { NOTICE_MAX_JOBS, type Notice, type NoticePublisher } from '../queue/notices.js';
import { eventRow, type EventMessage, type Subscriptions } from './events.js';
import { insertOutbox, outboxNow, type NewOutboxRow, type OutboxRelay, type OutboxRow } from './outbox.js';
import { getJob, getJobs, hasQueuedJob, insertJobs, jobsOfFiles, markCancelled, resetForRetry } from './repository.js';
import { runsOfJob, runsOfJobs } from './runs.js';
import { statusIs } from './statusIndex.js';
import { dialectName } from '../db/dialect.js';

export interface EnqueueRequest {
  commandType: string;
  payload: unknown;
  fileId?: string | null;
  maxAttempts?: number;
}


export interface JobListFilter {
  status?: JobState;
  commandType?: string;
  fileId?: string;
  /** A job id (exact), or a case-insensitive substring of the payload JSON or the last error. */
  search?: string;
  limit: number;
  cursor?: string | null;
}

/**
 * How long the first of concurrent enqueues waits for others to commit with it (ms).
 * Every commit of the API writes the newest page of each jobs index, the outbox row and
 * one announcement whatever the number of jobs, and at 50 concurrent requests the next
 * tick gathered only a handful: a millisecond more per request, measured +8 % requests/s
 * with the same p99 (bench/ours-only.ts).
 */
const ENQUEUE_WINDOW_MS = 1;

export class JobService {
  private readonly writer: Batcher<NewJob[], undefined>;

  constructor(
    private readonly db: Db,
    private readonly registry: CommandRegistry,
    private readonly topology: Topology,
    private readonly relay: OutboxRelay,
    private readonly defaultMaxAttempts: number,
    readonly subscriptions: Subscriptions,
    private readonly notices?: NoticePublisher,
  ) {
    this.writer = new Batcher(async (items) => {
      const jobs = items.flat();
      const claimed = await this.db.transaction().execute(async (trx) => {
        await this.relay.deleteConfirmedIn(trx);
        await insertJobs(trx, jobs);
        // Concurrent enqueues committed together are announced together: one message per queue.
        return insertOutbox(trx, this.announce(jobs));
      });
      this.relay.dispatch(claimed);
      this.notifyJobs(jobs);
      return items.map(() => undefined);
    }, 1000, ENQUEUE_WINDOW_MS);
  }

  /** Tell every API process (live updates) that these jobs and files changed; see queue/notices.ts. */
  notify(n: Partial<Notice>): void {
    this.notices?.publish({ jobs: n.jobs ?? [], files: n.files ?? [] });
  }

  private notifyJobs(jobs: { id: string; status: string; file_id?: string | null }[]): void {
    // A bulk enqueue is one notice naming its first jobs: a live view reloads its page anyway.
    this.notify({ jobs: jobs.slice(0, NOTICE_MAX_JOBS).map((j) => ({ id: j.id, status: j.status, file_id: j.file_id ?? null })) });
  }

  /** Validate and build the row for one job (throws for unknown types and bad payloads). */
  prepare(req: EnqueueRequest): NewJob {
    const def = this.registry.get(req.commandType);
    const payload = this.registry.validate(req.commandType, req.payload);
    const now = nowIso();
    const job: NewJob = {
      id: uuidv7(), // time-ordered: inserts touch the newest index pages (core/ids.ts)
      file_id: req.fileId ?? def.fileIdOf?.(payload) ?? null,
      command_type: def.type,
      queue: def.queue,
      status: 'pending',
      attempts: 0,
      max_attempts: req.maxAttempts ?? def.maxAttempts ?? this.defaultMaxAttempts,
      last_error: null,
      payload_json: JSON.stringify(payload),
      result_json: null,
      checkpoint_json: null,
      run_id: null,
      run_after: null,
      created_at: now,
      started_at: null,
      completed_at: null,
      updated_at: now,
    };
    return job;
  }

  /**
   * The outbox rows announcing these jobs, due now: one message per queue and up to
   * ANNOUNCE_MAX jobs (queue/message.ts), the single-job body when a queue has one job.
   */
  announce(jobs: readonly Pick<Job, 'id' | 'command_type' | 'payload_json' | 'attempts' | 'max_attempts' | 'queue'>[]): NewOutboxRow[] {
    const byQueue = new Map<string, (typeof jobs)[number][]>();
    for (const j of jobs) {
      const list = byQueue.get(j.queue);
      if (list) list.push(j);
      else byQueue.set(j.queue, [j]);
    }
    const rows: NewOutboxRow[] = [];
    for (const [queue, list] of byQueue) {
      for (let i = 0; i < list.length; i += ANNOUNCE_MAX) {
        const chunk = list.slice(i, i + ANNOUNCE_MAX);
        rows.push(
          chunk.length === 1
            ? this.messageFor(chunk[0])
            : outboxNow('', this.topology.queue(queue as never), encodeBatch(chunk.map((j) => j.id)), null),
        );
      }
    }
    return rows;
  }

  /** The outbox row announcing `job` on its work queue, due now. */
  messageFor(
    job: Pick<Job, 'id' | 'command_type' | 'payload_json' | 'attempts' | 'max_attempts' | 'queue'>,
    payload: unknown = JSON.parse(job.payload_json), // callers that hold it parsed skip the parse
  ): NewOutboxRow {
    const body = encodeJobMessage({
      job_id: job.id,
      command_type: job.command_type,
      payload,
      attempt: job.attempts + 1,
      max_attempts: job.max_attempts,
    });
    return outboxNow('', this.topology.queue(job.queue as never), body, job.id);
  }

  async enqueue(req: EnqueueRequest): Promise<NewJob> {
    const job = this.prepare(req);
    await this.requireFiles([job]);
    await this.writer.submit([job]);
    return job;
  }

  /** All or nothing: every payload is validated first, then one transaction. */
  async enqueueMany(reqs: EnqueueRequest[]): Promise<NewJob[]> {
    const prepared = reqs.map((r) => this.prepare(r));
    await this.requireFiles(prepared);
    await this.writer.submit(prepared);
    return prepared;
  }

  /**
   * A job naming a file that does not exist is a validation error before anything is
   * written (else its foreign key would fail the whole group commit it joins).
   */
  private async requireFiles(jobs: NewJob[]): Promise<void> {
    const ids = [...new Set(jobs.flatMap((j) => (j.file_id ? [j.file_id] : [])))];
    if (ids.length === 0) return;
    const known = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await this.db.selectFrom('files').select('id').where('id', 'in', ids.slice(i, i + 500)).execute()) known.add(r.id);
    }
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new ValidationError(`file ${missing[0]} does not exist${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`);
  }

  /** Write jobs inside a caller's transaction (e.g. with a file row); dispatch after commit. */
  async enqueueInTransaction(trx: Db, reqs: EnqueueRequest[]): Promise<{ jobs: NewJob[]; claimed: OutboxRow[] }> {
    const prepared = reqs.map((r) => this.prepare(r));
    await insertJobs(trx, prepared);
    const claimed = await insertOutbox(trx, this.announce(prepared));
    return { jobs: prepared, claimed };
  }

  /**
   * The rows an event causes: its outbox message on the `events` exchange and the
   * follow-up jobs its subscriptions start (written by the caller in its transaction).
   */
  eventRows(events: EventMessage[], extraFollowUps: FollowUpJob[] = []): { jobs: NewJob[]; outbox: NewOutboxRow[] } {
    const outbox: NewOutboxRow[] = events.map((e) => eventRow(this.topology, e));
    const jobs = [...extraFollowUps, ...events.flatMap((e) => this.subscriptions.followUps(e))].map((fu) =>
      this.prepare({ commandType: fu.commandType, payload: fu.payload, fileId: fu.fileId }),
    );
    return { jobs, outbox: [...outbox, ...this.announce(jobs)] };
  }

  /** Emit events (and start their subscriptions' jobs) inside the caller's transaction; dispatch the result after commit. */
  async emitInTransaction(trx: Db, events: EventMessage[], extraFollowUps: FollowUpJob[] = []): Promise<OutboxRow[]> {
    const rows = this.eventRows(events, extraFollowUps);
    await insertJobs(trx, rows.jobs);
    return insertOutbox(trx, rows.outbox);
  }

  dispatch(rows: OutboxRow[]): void {
    this.relay.dispatch(rows);
  }

  getMany(ids: readonly string[]): Promise<Job[]> {
    return getJobs(this.db, [...ids]);
  }

  async get(id: string): Promise<Job> {
    const job = await getJob(this.db, id);
    if (!job) throw new NotFoundError('job', id);
    return job;
  }

  /** A job's ended runs, newest first (a RUNNING job's current run is not stored yet). */
  runs(jobId: string): Promise<JobRun[]> {
    return runsOfJob(this.db, jobId);
  }

  /** The ended runs of several jobs, newest first per job (for batch loading). */
  runsOf(ids: readonly string[]): Promise<JobRun[]> {
    return runsOfJobs(this.db, ids);
  }

  /** Jobs of these files, newest first. */
  ofFiles(fileIds: readonly string[], limit?: number): Promise<Job[]> {
    return jobsOfFiles(this.db, fileIds, limit);
  }

  /** Enqueue unless a job of the same command is waiting or running (recurring scans); the job, or null. */
  async enqueueUnlessQueued(req: EnqueueRequest): Promise<NewJob | null> {
    if (await hasQueuedJob(this.db, req.commandType)) return null;
    return this.enqueue(req);
  }

  async list(f: JobListFilter): Promise<Page<Job>> {
    let q = this.db.selectFrom('jobs').selectAll();
    const status = f.status;
    if (status) q = q.where((eb) => statusIs(eb, status, dialectName(this.db)));
    if (f.commandType) q = q.where('command_type', '=', f.commandType);
    if (f.fileId) q = q.where('file_id', '=', f.fileId);
    const search = f.search?.trim();
    if (search) {
      // LIKE with % and _ (and the escape character) taken literally; lower() on both sides: PostgreSQL's LIKE is case-sensitive.
      const like = sql<string>`${`%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`;
      q = q.where((eb) =>
        eb.or([
          eb('id', 'in', [search, search.toLowerCase()]),
          eb(sql`lower(payload_json)`, 'like', like),
          eb(sql`lower(coalesce(last_error, ''))`, 'like', like),
        ]),
      );
    }
    return paginate(q, 'jobs', f.limit, f.cursor);
  }

  /** FAILED or CANCELLED → PENDING with a fresh attempt budget, published again. */
  async retry(id: string): Promise<Job> {
    const result = await this.db.transaction().execute(async (trx) => {
      const job = await resetForRetry(trx, id, ['failed', 'cancelled']);
      if (!job) return null;
      const claimed = await insertOutbox(trx, [this.messageFor(job)]);
      return { job, claimed };
    });
    if (!result) {
      const current = await this.get(id);
      throw new InvalidStateError(`job is ${current.status.toUpperCase()}; only FAILED or CANCELLED jobs can be retried`, current.status);
    }
    this.relay.dispatch(result.claimed);
    this.notifyJobs([result.job]);
    return result.job;
  }

  /** PENDING, RETRYING or RUNNING → CANCELLED (a running handler is aborted by its worker). */
  async cancel(id: string): Promise<Job> {
    const job = await this.db.transaction().execute(async (trx) => {
      const j = await markCancelled(trx, id);
      if (j) await trx.deleteFrom('outbox').where('job_id', '=', id).where('exchange', '=', '').execute();
      return j;
    });
    if (!job) {
      const current = await this.get(id);
      throw new InvalidStateError(`job is ${current.status.toUpperCase()}; only PENDING, RETRYING or RUNNING jobs can be cancelled`, current.status);
    }
    this.notifyJobs([job]);
    return job;
  }
}
