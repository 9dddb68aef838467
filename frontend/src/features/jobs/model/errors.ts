/**
 * What went wrong with an operation, in a sentence a person can act on. The API answers
 * with stable codes (INVALID_STATE with the job's current status, NOT_FOUND, FORBIDDEN,
 * SERVICE_UNAVAILABLE, …); anything else falls back to the app's describeError.
 */
import { GraphqlError } from '../../../lib/graphql';
import { ApiError, describeError } from '../../../lib/http';
import { JOB_STATUS_LOOK, type JobStatus } from '../../../lib/statuses';

export type JobOperation = 'retry' | 'cancel' | 'retryGroup' | 'redrive';

export interface OperationError {
  message: string;
  /**
   * The answer will not change by trying again (the job moved on, the group is gone,
   * the role does not allow it): close the dialog and refresh, rather than offer the
   * same button again.
   */
  settled: boolean;
}

const VERB: Record<JobOperation, string> = {
  retry: 'retry jobs',
  cancel: 'cancel jobs',
  retryGroup: 'retry failure groups',
  redrive: 'redrive dead letters',
};

function codeAndExtensions(err: unknown): { code: string | null; extensions: Record<string, unknown> } {
  if (err instanceof GraphqlError) return { code: err.code, extensions: err.errors[0]?.extensions ?? {} };
  if (err instanceof ApiError) return { code: err.code, extensions: {} };
  return { code: null, extensions: {} };
}

/** "COMPLETED" → "completed", "PENDING" → "queued"; an unknown state as it is, lower case. */
function stateWords(status: unknown): string | null {
  if (typeof status !== 'string' || !status) return null;
  const key = status.toUpperCase();
  const look = Object.prototype.hasOwnProperty.call(JOB_STATUS_LOOK, key) ? JOB_STATUS_LOOK[key as JobStatus] : null;
  return (look ? look.label : status.replace(/_/g, ' ')).toLowerCase();
}

export function describeOperationError(err: unknown, op: JobOperation, subject: { queue?: string } = {}): OperationError {
  const { code, extensions } = codeAndExtensions(err);
  switch (code) {
    case 'INVALID_STATE': {
      const state = stateWords(extensions.status);
      const cannot = op === 'cancel' ? 'it can’t be cancelled' : 'it can’t be retried';
      if (op === 'retry' || op === 'cancel') {
        return { message: state ? `This job is ${state} now; ${cannot}.` : `This job has changed; ${cannot} now.`, settled: true };
      }
      return { message: 'These jobs have changed meanwhile; nothing was done.', settled: true };
    }
    case 'NOT_FOUND':
      if (op === 'retryGroup') return { message: 'No job of this group is failed any more: they were retried or changed meanwhile.', settled: true };
      if (op === 'redrive') return { message: `There is no queue ${subject.queue ? `“${subject.queue}”` : 'by that name'}.`, settled: true };
      return { message: 'This job doesn’t exist any more.', settled: true };
    case 'FORBIDDEN':
      return { message: `Only admins can ${VERB[op]}.`, settled: true };
    case 'VALIDATION_ERROR':
      if (op === 'redrive') return { message: `${subject.queue ? `“${subject.queue}”` : 'That'} is not a work queue that can be redriven.`, settled: true };
      return { message: describeError(err), settled: true };
    case 'SERVICE_UNAVAILABLE':
      return { message: 'RabbitMQ isn’t reachable right now, so nothing was changed. Try again in a moment.', settled: false };
    case 'INTERNAL_ERROR':
      return { message: 'The server had a problem; nothing may have changed. Try again in a moment.', settled: false };
    default:
      return { message: describeError(err), settled: false };
  }
}
