/** What a command is, and what its handler receives (see jobs/glossary.ts). */
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { EventType, WorkQueue } from '../queue/topology.js';

export interface JobInfo {
  id: string;
  commandType: string;
  attempt: number;
  maxAttempts: number;
  fileId: string | null;
}

export interface FollowUpJob {
  commandType: string;
  payload: unknown;
  fileId?: string | null;
}

export interface JobContext<P, D = unknown> {
  job: JobInfo;
  payload: P;
  /** Aborted on timeout, cancellation or shutdown: pass it to every fetch. */
  signal: AbortSignal;
  log: Logger;
  /** Services the handlers need (database, integrations, config), built by the worker. */
  deps: D;
  /**
   * Run `fn` once per job: its result is stored on the job before `step` returns, and
   * a later run (retry, redelivery after a crash) gets the stored result instead.
   */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Read a stored step result (undefined when the step has not completed). */
  checkpoint<T = unknown>(name: string): T | undefined;
  /** Store a value under `name` now (e.g. an external id before waiting on it). */
  saveCheckpoint(name: string, value: unknown): Promise<void>;
  /** Publish an event when (and only if) the run ends done. */
  emit(event: EventType, data: Record<string, unknown>): void;
  /** Enqueue another job when (and only if) the run ends done, in the same transaction. */
  enqueue(job: FollowUpJob): void;
}

export interface CommandDefinition<P = any, D = any> {
  type: string;
  queue: WorkQueue;
  /** Validated before anything is stored: a bad payload is a 400, never a queued job. */
  payload: z.ZodType<P>;
  /** Per-run limit, well below RabbitMQ's 30-minute consumer timeout. */
  timeoutMs: number;
  /** Overrides RETRY_MAX_ATTEMPTS for this command. */
  maxAttempts?: number;
  /** The file a job concerns, when its payload names one (stored as jobs.file_id). */
  fileIdOf?: (payload: P) => string | null;
  handler: (ctx: JobContext<P, D>) => Promise<unknown>;
}

export function defineCommand<P, D = any>(def: CommandDefinition<P, D>): CommandDefinition<P, D> {
  return def;
}
