/**
 * A file's jobs and their runs (the attempt history) shaped for the timeline: runs
 * newest first (a run still going first of all), each with the words for its outcome.
 */
import type { Tone } from '../../lib/statuses';

export interface RunInput {
  attempt: number;
  outcome: string;
  runs: number;
  error?: string | null;
  worker?: string | null;
  startedAt: string;
  endedAt?: string | null;
}

export interface JobInput {
  id: string;
  commandType: string;
  status: string;
  createdAt: string;
  runs: RunInput[];
}

export interface RunView {
  key: string;
  attempt: number;
  outcome: string;
  /** "Completed", "Waiting ×3", "Running now", "Lost", … */
  label: string;
  tone: Tone;
  /** A sentence on what the outcome means. */
  description: string;
  count: number;
  error: string | null;
  worker: string | null;
  startedAt: string;
  endedAt: string | null;
  running: boolean;
  /** endedAt − startedAt; null while running. */
  durationMs: number | null;
}

interface OutcomeLook {
  label: string;
  tone: Tone;
  description: (count: number) => string;
}

const OUTCOMES: Record<string, OutcomeLook> = {
  RUNNING: { label: 'Running now', tone: 'progress', description: () => 'A worker is on it now.' },
  COMPLETED: { label: 'Completed', tone: 'success', description: () => 'Finished.' },
  FAILED: { label: 'Failed', tone: 'danger', description: () => 'Failed for good: a permanent error, or the last attempt.' },
  RETRY: { label: 'Failed, will retry', tone: 'attention', description: () => 'Failed; the job runs again after a pause.' },
  LATER: {
    label: 'Waiting',
    tone: 'neutral',
    description: (n) => (n > 1 ? `Outside work (such as a prediction) was still running; checked ${n} times.` : 'Outside work (such as a prediction) was still running; checked again later.'),
  },
  HANDED_BACK: { label: 'Handed back', tone: 'neutral', description: () => 'The worker was shutting down and handed the run back for another worker.' },
  LOST: { label: 'Lost', tone: 'attention', description: () => 'The worker stopped without reporting back (a crash or a lost connection); the run was taken over.' },
};

export function runLook(outcome: string, count = 1): { label: string; tone: Tone; description: string } {
  const key = outcome.toUpperCase();
  const look = OUTCOMES[key];
  const base = look?.label ?? humanize(key);
  return {
    label: count > 1 ? `${base} ×${count}` : base,
    tone: look?.tone ?? 'neutral',
    description: look ? look.description(count) : `Outcome ${outcome}.`,
  };
}

const time = (s: string | null | undefined) => (s ? new Date(s).getTime() : NaN);

/** Runs newest first: a run still going first, then by start time (latest first); ties keep the API's order. */
export function shapeRuns(runs: readonly RunInput[], jobId = 'job'): RunView[] {
  return runs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const ra = a.r.outcome === 'RUNNING' ? 1 : 0;
      const rb = b.r.outcome === 'RUNNING' ? 1 : 0;
      if (ra !== rb) return rb - ra;
      const d = (time(b.r.startedAt) || 0) - (time(a.r.startedAt) || 0);
      return d !== 0 ? d : a.i - b.i;
    })
    .map(({ r, i }) => {
      const running = r.outcome === 'RUNNING';
      const count = Math.max(1, r.runs || 1);
      const look = runLook(r.outcome, count);
      const end = time(r.endedAt);
      const start = time(r.startedAt);
      return {
        key: `${jobId}:${r.attempt}:${r.startedAt}:${i}`,
        attempt: r.attempt,
        outcome: r.outcome,
        ...look,
        count,
        error: r.error?.trim() ? r.error : null,
        worker: r.worker ?? null,
        startedAt: r.startedAt,
        endedAt: r.endedAt ?? null,
        running,
        durationMs: !running && Number.isFinite(end) && Number.isFinite(start) ? Math.max(0, end - start) : null,
      };
    });
}

/** What each command does, in the owner's words. */
const COMMANDS: Record<string, string> = {
  CreateFileRecord: 'Receive the file',
  UpscaleImage: 'Upscale the image',
  UpdateImage: 'Replace the image',
  GenerateMetadata: 'Write title and description',
  CreateListing: 'List in the shop',
  UpdateListing: 'Update the shop listing',
  DeleteFile: 'Archive',
  SyncShopifyListing: 'Follow a change made in Shopify',
  ScanDriveFolder: 'Scan the Drive folder',
};

export function commandLabel(commandType: string): string {
  return COMMANDS[commandType] ?? humanize(commandType);
}

function humanize(s: string): string {
  const words = s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Jobs newest first, each with its runs shaped. */
export function shapeJobs<J extends JobInput>(jobs: readonly J[]): (J & { label: string; runViews: RunView[] })[] {
  return jobs
    .map((j, i) => ({ j, i }))
    .sort((a, b) => (time(b.j.createdAt) || 0) - (time(a.j.createdAt) || 0) || a.i - b.i)
    .map(({ j }) => ({ ...j, label: commandLabel(j.commandType), runViews: shapeRuns(j.runs, j.id) }));
}
