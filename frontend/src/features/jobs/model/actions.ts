/**
 * Which operations a person may start on a job, a failure group or a queue. The API
 * refuses them to anyone but an admin anyway; the dashboard does not even show them.
 */
import type { Role } from '../../../lib/auth';
import type { JobStatus } from '../../../lib/statuses';

/** Retry starts a finished job again: only FAILED or CANCELLED (the API's rule). */
export const RETRYABLE: readonly JobStatus[] = ['FAILED', 'CANCELLED'];
/** Cancel stops a job that has not finished: PENDING, RETRYING or RUNNING (the API's rule). */
export const CANCELLABLE: readonly JobStatus[] = ['PENDING', 'RETRYING', 'RUNNING'];

export interface JobActions {
  retry: boolean;
  cancel: boolean;
}

export function jobActions(status: JobStatus | string, role: Role | string): JobActions {
  if (role !== 'admin') return { retry: false, cancel: false };
  return { retry: (RETRYABLE as readonly string[]).includes(status), cancel: (CANCELLABLE as readonly string[]).includes(status) };
}

/** "Retry all N" on a failure group: admins, and only when it has jobs. */
export const canRetryGroup = (role: Role | string, count: number): boolean => role === 'admin' && count > 0;

/** "Redrive" on a queue: admins, and only when its dead-letter queue holds messages. */
export const canRedrive = (role: Role | string, deadLetters: number): boolean => role === 'admin' && deadLetters > 0;
