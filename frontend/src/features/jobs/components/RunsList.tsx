/** Every attempt of a job, newest first: how it ended, the worker, when, how long, and its error. */
import { History } from 'lucide-react';
import { Badge, EmptyState, RelativeTime } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatDuration } from '../../../lib/time';
import type { JobRunRow } from '../api';
import { runDuration, runOutcomeLook } from '../model/runs';

/** Outcomes whose text is an error (the others' is a reason: "prediction still running"). */
const isFailure = (outcome: string) => outcome === 'FAILED' || outcome === 'RETRY' || outcome === 'LOST';

function emptyText(status: string, attempts: number): { title: string; text: string } {
  if (status === 'PENDING' && attempts === 0) return { title: 'No attempts yet', text: 'The job waits for a worker. Each attempt appears here with its outcome and error.' };
  if (status === 'CANCELLED') return { title: 'No attempt recorded', text: 'It was cancelled before an attempt finished; an attempt stopped by a cancel is not recorded.' };
  return { title: 'No attempt recorded', text: 'Each attempt appears here with its outcome and error once it ends.' };
}

export function RunsList({ runs, status, attempts }: { runs: readonly JobRunRow[]; status: string; attempts: number }) {
  if (runs.length === 0) {
    const empty = emptyText(status, attempts);
    return (
      <EmptyState icon={History} title={empty.title} className="py-10 sm:py-12">
        {empty.text}
      </EmptyState>
    );
  }
  return (
    <ol className="divide-y divide-border">
      {runs.map((run, i) => {
        const look = runOutcomeLook(run.outcome);
        const ms = runDuration(run);
        return (
          <li key={`${run.attempt}-${run.startedAt}-${i}`} className="px-5 py-3.5 sm:px-6">
            <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1.5">
              <span className="text-sm font-semibold text-fg">Attempt {run.attempt}</span>
              <Badge tone={look.tone} dot title={look.description}>
                {look.label}
              </Badge>
              {run.runs > 1 && (
                <Badge tone="muted" title="Consecutive runs that asked to run again later share one entry">
                  {run.runs.toLocaleString()} runs
                </Badge>
              )}
            </div>
            <dl className="mt-1.5 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
              <div className="flex gap-1">
                <dt>Started</dt>
                <dd className="text-fg">
                  <RelativeTime value={run.startedAt} />
                </dd>
              </div>
              {run.endedAt && (
                <div className="flex gap-1">
                  <dt>Ended</dt>
                  <dd className="text-fg">
                    <RelativeTime value={run.endedAt} />
                  </dd>
                </div>
              )}
              {ms !== null && (
                <div className="flex gap-1">
                  <dt>Took</dt>
                  <dd className="text-fg tabular-nums">{formatDuration(ms)}</dd>
                </div>
              )}
              {run.worker && (
                <div className="flex min-w-0 gap-1">
                  <dt>Worker</dt>
                  <dd className="truncate font-mono text-fg" title={run.worker}>
                    {run.worker}
                  </dd>
                </div>
              )}
            </dl>
            {run.error && (
              <pre className={cn('mt-2 max-h-48 overflow-auto rounded-xl px-3 py-2 font-mono text-[12.5px] leading-relaxed break-words whitespace-pre-wrap text-fg', isFailure(run.outcome) ? 'bg-danger-soft' : 'bg-surface-2')}>
                {run.error}
              </pre>
            )}
          </li>
        );
      })}
    </ol>
  );
}
