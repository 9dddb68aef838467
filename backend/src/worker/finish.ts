/**
 * Ending runs: every run that ended since the last commit, in the worker's group commit
 * (writer.ts, shared with claims) or in a transaction of its own (finishBatch: the
 * stale-run sweep), each state change conditional on the run still holding its claim. The
 * messages a finish causes — dead letter, job.failed, events, follow-up jobs, a
 * scheduled retry — go to the outbox in the same transaction, and so does each applied
 * run's history row (`job_runs`, one multi-row insert per batch).
 */
import type { Db } from '../db/connection.js';
import type { Job, JobState, NewJob, NewJobRun, RunOutcome } from '../db/schema.js';
import type { FollowUpJob } from '../jobs/command.js';
import type { JobService } from '../jobs/service.js';
import { insertOutbox, outboxAt, outboxNow, type NewOutboxRow, type OutboxRelay, type OutboxRow } from '../jobs/outbox.js';
import { insertJobs, markCompleted, markFailed, markRetrying } from '../jobs/repository.js';
import { THIS_WORKER, recordRuns } from '../jobs/runs.js';
import { encodeJobMessage } from '../queue/message.js';
import type { Topology, WorkQueue } from '../queue/topology.js';
import { eventRow, type EventMessage } from '../jobs/events.js';
import { isoAfter, nowIso } from '../time.js';
import { backoffMs } from './backoff.js';
import type { Outcome } from '../core/outcomes.js';

export type RunEnd = (Outcome | { kind: 'handback'; reason: string } | { kind: 'exhausted'; error: string }) & {
  /** Found dead by the stale-run sweep: the job moves as usual, its history row says `lost`. */
  lost?: true;
};

export type { EventMessage };

export interface Finish {
  job: Job;
  runId: string;
  end: RunEnd;
  events: EventMessage[];
  followUps: FollowUpJob[];
}

export interface FinishResult {
  /** False when the run had lost its claim (cancelled, or superseded after a crash). */
  applied: boolean;
  state: JobState | null;
  /** For retries: the delay before the next run. */
  delayMs?: number;
}

/** A finish batch written but not yet committed: its results and the outbox rows to publish after the commit. */
export interface FinishedBatch {
  results: FinishResult[];
  claimed: OutboxRow[];
}

export interface RetryPolicy {
  baseDelaySeconds: number;
  jitterMs: number;
}


export class Finisher {
  constructor(
    private readonly db: Db,
    private readonly topology: Topology,
    private readonly relay: OutboxRelay,
    private readonly jobs: JobService,
    private readonly policy: RetryPolicy,
  ) {}

  /** The dead letter and job.failed event of a job that ends FAILED. */
  private failureRows(job: Job, error: string): NewOutboxRow[] {
    const body = encodeJobMessage({
      job_id: job.id,
      command_type: job.command_type,
      payload: JSON.parse(job.payload_json),
      attempt: job.attempts,
      max_attempts: job.max_attempts,
    });
    return [
      outboxNow('', this.topology.dlq(job.queue as WorkQueue), body, job.id),
      eventRow(this.topology, {
        type: 'job.failed',
        data: { job_id: job.id, command_type: job.command_type, file_id: job.file_id, attempts: job.attempts, error },
      }),
    ];
  }

  async finishBatch(items: Finish[]): Promise<FinishResult[]> {
    const done = await this.db.transaction().execute((trx) => this.finishIn(trx, items));
    this.afterCommit(items, done);
    return done.results;
  }

  /** finishBatch's writes inside the caller's transaction; afterCommit once it committed. */
  async finishIn(trx: Db, items: Finish[]): Promise<FinishedBatch> {
    const results: FinishResult[] = new Array(items.length);
    const rows: NewOutboxRow[] = [];
    const newJobs: NewJob[] = [];
    const now = nowIso();
    const history: NewJobRun[] = [];
    const ran = (f: Finish, outcome: RunOutcome, error: string | null) => history.push(runRow(f, outcome, error, now));

    const done = items.map((f, i) => ({ f, i })).filter(({ f }) => f.end.kind === 'done');
    const completed = await markCompleted(
      trx,
      done.map(({ f }) => ({
        id: f.job.id,
        runId: f.runId,
        resultJson: f.end.kind === 'done' && f.end.result !== undefined ? JSON.stringify(f.end.result) : null,
      })),
    );
    for (const { f, i } of done) {
      const applied = completed.has(f.job.id);
      results[i] = { applied, state: applied ? 'completed' : null };
      if (!applied) continue;
      ran(f, 'completed', null);
      const caused = this.jobs.eventRows(f.events, f.followUps);
      newJobs.push(...caused.jobs);
      rows.push(...caused.outbox);
    }

    for (const [i, f] of items.entries()) {
      if (f.end.kind === 'done') continue;
      const ref = { id: f.job.id, runId: f.runId };
      const end = f.end;
      let fail: string | null = null;
      if (end.kind === 'permanent') fail = end.error;
      else if (end.kind === 'exhausted') fail = end.error;
      else if (end.kind === 'retryable' && f.job.attempts >= f.job.max_attempts) {
        fail = `${end.error} (attempt ${f.job.attempts} of ${f.job.max_attempts}; no attempts left)`;
      }
      if (fail !== null) {
        const row = await markFailed(trx, f.job.id, end.kind === 'exhausted' ? null : f.runId, fail);
        results[i] = { applied: Boolean(row), state: row ? 'failed' : null };
        if (row) rows.push(...this.failureRows(row, fail));
        // An exhausted job that was not RUNNING had no run left unrecorded.
        if (row && (end.kind !== 'exhausted' || f.job.status === 'running')) {
          ran(f, end.kind === 'exhausted' || end.lost ? 'lost' : 'failed', fail);
        }
        continue;
      }
      const delayMs =
        end.kind === 'retryable'
          ? backoffMs(f.job.attempts, this.policy.baseDelaySeconds, this.policy.jitterMs)
          : end.kind === 'later'
            ? end.delayMs
            : 0;
      const runAfter = isoAfter(delayMs);
      const row = await markRetrying(trx, ref, runAfter, {
        giveBack: end.kind !== 'retryable',
        error: end.kind === 'retryable' ? end.error : undefined,
        keepWake: end.kind === 'later', // a webhook during the run: no waiting for the poll
      });
      // The due time stored: runAfter, or the wake's (already past) when one came during the run.
      const due = row?.run_after ?? runAfter;
      results[i] = { applied: Boolean(row), state: row ? 'retrying' : null, delayMs: due < runAfter ? 0 : delayMs };
      if (row) {
        if (end.kind === 'retryable') ran(f, end.lost ? 'lost' : 'retry', end.error);
        else if (end.kind === 'later') ran(f, 'later', end.reason);
        else if (end.kind === 'handback') ran(f, 'handed_back', end.reason);
        const message = this.jobs.messageFor(row);
        rows.push(delayMs === 0 || due < runAfter ? message : outboxAt(due, message.exchange, message.routing_key, message.body, row.id));
      }
    }
    if (history.length) await recordRuns(trx, history, now);
    if (newJobs.length) await insertJobs(trx, newJobs);
    await this.relay.deleteConfirmedIn(trx);
    const claimed = await insertOutbox(trx, rows);
    return { results, claimed };
  }

  /** Publish what the committed batch put in the outbox, and tell the dashboards. */
  afterCommit(items: Finish[], { results, claimed }: FinishedBatch): void {
    this.relay.dispatch(claimed);
    // One live-update notice for the whole batch (non-persistent: see queue/notices.ts).
    this.jobs.notify({
      jobs: items.flatMap((f, i) => (results[i]?.applied ? [{ id: f.job.id, status: results[i].state, file_id: f.job.file_id }] : [])),
    });
  }
}

/** A run's history row; a lost run is credited to the worker that held it, not to us. */
function runRow(f: Finish, outcome: RunOutcome, error: string | null, now: string): NewJobRun {
  return {
    job_id: f.job.id,
    attempt: f.job.attempts,
    outcome,
    error,
    worker: outcome === 'lost' ? f.job.worker : THIS_WORKER,
    started_at: f.job.started_at ?? now,
    ended_at: now,
  };
}
