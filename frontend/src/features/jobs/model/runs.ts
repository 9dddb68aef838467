/** How each attempt ended (the API's RunOutcome), in words, with a tone for its badge. */
import type { EnumOf } from '../../../lib/graphql';
import type { StatusLook } from '../../../lib/statuses';

export type RunOutcome = EnumOf<'RunOutcome'>;

export const RUN_OUTCOME_LOOK: Record<RunOutcome, StatusLook> = {
  RUNNING: { label: 'Running', tone: 'progress', description: 'A worker is running this attempt now.' },
  COMPLETED: { label: 'Completed', tone: 'success', description: 'The attempt finished the job.' },
  FAILED: { label: 'Failed', tone: 'danger', description: 'The attempt failed and the job stopped: a permanent error, or the last attempt.' },
  RETRY: { label: 'Failed, retried', tone: 'attention', description: 'The attempt failed; the job was tried again after a pause.' },
  LATER: { label: 'Run again later', tone: 'info', description: 'The attempt asked to run again later (e.g. waiting for a prediction); it does not use up an attempt.' },
  HANDED_BACK: { label: 'Handed back', tone: 'muted', description: 'The worker stopped (a shutdown) and gave the job back to the queue.' },
  LOST: { label: 'Lost', tone: 'danger', description: 'The worker stopped without finishing the attempt (found by the sweep).' },
};

export function runOutcomeLook(outcome: string): StatusLook {
  return Object.prototype.hasOwnProperty.call(RUN_OUTCOME_LOOK, outcome)
    ? RUN_OUTCOME_LOOK[outcome as RunOutcome]
    : { label: outcome.charAt(0) + outcome.slice(1).toLowerCase().replace(/_/g, ' '), tone: 'neutral', description: `Outcome ${outcome}.` };
}

/** ms between start and end, or null (still running, or times missing). */
export function runDuration(run: { startedAt: string; endedAt: string | null }): number | null {
  if (!run.endedAt) return null;
  const ms = new Date(run.endedAt).getTime() - new Date(run.startedAt).getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
