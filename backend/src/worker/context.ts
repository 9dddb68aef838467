/** Builds the JobContext a handler receives: checkpoints, events and follow-ups. */
import type { Db } from '../db/connection.js';
import type { Job } from '../db/schema.js';
import type { FollowUpJob, JobContext } from '../jobs/command.js';
import type { Logger } from '../logger.js';
import { saveCheckpoint } from '../jobs/repository.js';
import type { EventMessage } from '../jobs/events.js';

/** Thrown by a checkpoint write when another run has taken the job over. */
export class LostClaimError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId}: this run lost its claim (cancelled or taken over)`);
  }
}

export interface RunState {
  events: EventMessage[];
  followUps: FollowUpJob[];
}

export function buildContext<D>(
  db: Db,
  job: Job,
  runId: string,
  payload: unknown,
  signal: AbortSignal,
  log: () => Logger,
  deps: D,
): { ctx: JobContext<any, D>; state: RunState } {
  const checkpoint: Record<string, unknown> = job.checkpoint_json ? JSON.parse(job.checkpoint_json) : {};
  const state: RunState = { events: [], followUps: [] };
  const persist = async () => {
    if (!(await saveCheckpoint(db, { id: job.id, runId }, JSON.stringify(checkpoint)))) throw new LostClaimError(job.id);
  };
  const ctx: JobContext<any, D> = {
    job: { id: job.id, commandType: job.command_type, attempt: job.attempts, maxAttempts: job.max_attempts, fileId: job.file_id },
    payload,
    signal,
    get log() {
      return log();
    },
    deps,
    async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
      if (Object.hasOwn(checkpoint, name)) return checkpoint[name] as T;
      const value = await fn();
      checkpoint[name] = value === undefined ? null : value;
      await persist();
      return value;
    },
    checkpoint<T>(name: string): T | undefined {
      return checkpoint[name] as T | undefined;
    },
    async saveCheckpoint(name: string, value: unknown) {
      checkpoint[name] = value;
      await persist();
    },
    emit(type, data) {
      state.events.push({ type, data });
    },
    enqueue(followUp) {
      state.followUps.push(followUp);
    },
  };
  return { ctx, state };
}
