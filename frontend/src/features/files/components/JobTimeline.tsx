/**
 * Every job of the file, newest first, each with its attempt history (runs newest
 * first): outcome, error, worker, when and how long. A job links to the Jobs page.
 */
import { Link } from '@tanstack/react-router';
import { Workflow } from 'lucide-react';
import { Badge, Card, CardBody, CardHeader, DOT_CLASS, StatusBadge } from '../../../components/ui';
import { Time } from './Time';
import { cn } from '../../../lib/cn';
import { formatDuration } from '../../../lib/time';
import type { FileJob } from '../api';
import { shapeJobs, type RunView } from '../timeline';

function RunItem({ run, last }: { run: RunView; last: boolean }) {
  return (
    <li className="relative flex gap-3 pb-4 last:pb-0">
      {!last && <span aria-hidden="true" className="absolute top-4 bottom-0 left-[5px] w-px bg-border" />}
      <span aria-hidden="true" className={cn('relative mt-1.5 size-[11px] shrink-0 rounded-full ring-4 ring-surface', DOT_CLASS[run.tone], run.running && 'animate-pulse')} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Badge tone={run.tone} title={run.description}>
            {run.label}
          </Badge>
          <span className="text-xs text-muted">Attempt {run.attempt}</span>
        </div>
        <p className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-muted">
          <span>
            Started <Time value={run.startedAt} />
          </span>
          {run.running ? <span>still running</span> : run.durationMs !== null && <span>{run.count > 1 ? `over ${formatDuration(run.durationMs)}` : `took ${formatDuration(run.durationMs)}`}</span>}
          {run.worker && (
            <span>
              on <span className="font-mono">{run.worker}</span>
            </span>
          )}
        </p>
        {(run.outcome === 'LOST' || run.outcome === 'HANDED_BACK' || (run.outcome === 'LATER' && !run.error)) && <p className="mt-1 text-xs text-muted">{run.description}</p>}
        {run.error && run.outcome !== 'LATER' && <p className="mt-1.5 rounded-lg bg-surface-2 px-2.5 py-1.5 font-mono text-xs break-words whitespace-pre-wrap text-fg">{run.error}</p>}
        {run.error && run.outcome === 'LATER' && <p className="mt-0.5 text-xs text-muted">“{run.error}”</p>}
      </div>
    </li>
  );
}

export function JobTimeline({ jobs }: { jobs: FileJob[] }) {
  const shaped = shapeJobs(jobs);
  return (
    <Card>
      <CardHeader title="Job timeline" description={shaped.length ? `${shaped.length} job${shaped.length === 1 ? '' : 's'}, newest first, each with every attempt` : undefined} />
      <CardBody>
        {shaped.length === 0 ? (
          <div className="flex items-start gap-3 text-sm text-muted">
            <Workflow aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>No jobs for this file yet.</p>
          </div>
        ) : (
          <ol className="space-y-4">
            {shaped.map((job) => (
              <li key={job.id} className="rounded-xl border border-border p-4">
                <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-2">
                  <div className="min-w-0">
                    <h3 id={`job-${job.id}`} className="font-medium text-fg">
                      {job.label}
                    </h3>
                    <p className="mt-0.5 text-xs text-muted">
                      <span className="font-mono">{job.commandType}</span> · attempt {job.attempts} of {job.maxAttempts} · created <Time value={job.createdAt} />
                      {job.completedAt && (
                        <>
                          {' '}
                          · ended <Time value={job.completedAt} />
                        </>
                      )}
                    </p>
                  </div>
                  <div className="flex items-center gap-3">
                    <StatusBadge kind="job" status={job.status} />
                    <Link to="/jobs" search={{ search: job.id }} aria-describedby={`job-${job.id}`} className="rounded text-xs font-medium text-accent hover:underline">
                      Open in Jobs
                    </Link>
                  </div>
                </div>
                {job.status !== 'COMPLETED' && job.lastError && job.runViews.every((r) => r.error !== job.lastError) && (
                  <p className="mt-3 rounded-lg bg-danger-soft px-3 py-2 font-mono text-xs break-words whitespace-pre-wrap text-danger">{job.lastError}</p>
                )}
                {job.runViews.length === 0 ? (
                  <p className="mt-3 text-sm text-muted">
                    {job.runAfter ? (
                      <>
                        Not started yet: due <Time value={job.runAfter} />.
                      </>
                    ) : (
                      'Not started yet: waiting for a worker.'
                    )}
                  </p>
                ) : (
                  <ol className="mt-4" aria-label={`Attempts of ${job.label}`}>
                    {job.runViews.map((run, i) => (
                      <RunItem key={run.key} run={run} last={i === job.runViews.length - 1} />
                    ))}
                  </ol>
                )}
              </li>
            ))}
          </ol>
        )}
      </CardBody>
    </Card>
  );
}
