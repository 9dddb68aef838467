/** Job, JobRun, Queue. */
import type { Job, JobRun } from '../../db/schema.js';
import type { QueueStats } from '../../queue/redrive.js';
import { builder } from '../builder.js';
import { JobStatus, RunOutcome, connection } from './common.js';
import { FileRef, JobRef } from './refs.js';

const parse = (s: string | null) => (s === null ? null : JSON.parse(s));

/** A run as shown: stored rows, plus the current run of a RUNNING job (from the job row). */
export interface RunView {
  attempt: number;
  outcome: string;
  error: string | null;
  worker: string | null;
  runs: number;
  started_at: string;
  ended_at: string | null;
}

export function runViews(job: Job, stored: JobRun[]): RunView[] {
  const rows: RunView[] = [...stored].sort((a, b) => b.id - a.id);
  if (job.status === 'running' && job.started_at) {
    rows.unshift({ attempt: job.attempts, outcome: 'running', error: null, worker: job.worker, runs: 1, started_at: job.started_at, ended_at: null });
  }
  return rows;
}

export const JobRunRef = builder.objectRef<RunView>('JobRun').implement({
  description: 'One attempt of a job (consecutive "later" runs, e.g. polls, share one entry counted in `runs`).',
  fields: (t) => ({
    attempt: t.exposeInt('attempt'),
    outcome: t.field({ type: RunOutcome, resolve: (r) => r.outcome.toUpperCase() as never }),
    error: t.exposeString('error', { nullable: true }),
    worker: t.exposeString('worker', { nullable: true }),
    runs: t.exposeInt('runs'),
    startedAt: t.field({ type: 'DateTime', resolve: (r) => r.started_at }),
    endedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.ended_at }),
  }),
});

JobRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    commandType: t.exposeString('command_type'),
    status: t.field({ type: JobStatus, resolve: (j) => j.status.toUpperCase() as never }),
    queue: t.exposeString('queue'),
    attempts: t.exposeInt('attempts'),
    maxAttempts: t.exposeInt('max_attempts'),
    payload: t.field({ type: 'JSON', resolve: (j) => parse(j.payload_json) }),
    result: t.field({ type: 'JSON', nullable: true, resolve: (j) => parse(j.result_json) }),
    checkpoint: t.field({ type: 'JSON', nullable: true, resolve: (j) => parse(j.checkpoint_json) }),
    lastError: t.exposeString('last_error', { nullable: true }),
    fileId: t.exposeID('file_id', { nullable: true }),
    file: t.field({ type: FileRef, nullable: true, resolve: (j, _a, ctx) => (j.file_id ? ctx.loaders.file.load(j.file_id) : null) }),
    runAfter: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.run_after }),
    createdAt: t.field({ type: 'DateTime', resolve: (j) => j.created_at }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.started_at }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.completed_at }),
    runs: t.field({ type: [JobRunRef], description: 'Every attempt, newest first', resolve: async (j, _a, ctx) => runViews(j, await ctx.loaders.runsOfJob.load(j.id)) }),
  }),
});

export const JobConnection = connection('Job', JobRef);

export const QueueRef = builder.objectRef<QueueStats>('Queue').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    depth: t.exposeInt('depth'),
    consumers: t.exposeInt('consumers'),
    deadLetters: t.exposeInt('dlq_depth'),
  }),
});
