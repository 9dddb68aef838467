/**
 * /jobs/$jobId — one job: its state and attempts, every attempt with its error (newest
 * first), the file it concerns, its payload, result and checkpoint as JSON text; Retry
 * or Cancel for admins. Live: it refetches when the job changes. The list's search
 * params ride along, so "Jobs" goes back to the same view.
 */
import type { ReactNode } from 'react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { ChevronLeft, FileQuestion, ImageOff } from 'lucide-react';
import { Button, Card, CardBody, CardHeader, EmptyState, ErrorState, RelativeTime, Skeleton, SkeletonRows, StatusBadge } from '../../components/ui';
import { statusLook } from '../../components/ui';
import { JobActions } from './components/JobActions';
import { CopyButton } from './components/CopyButton';
import { FileLink } from './components/FileLink';
import { JsonViewer } from './components/JsonViewer';
import { RunsList } from './components/RunsList';
import { useJob } from './hooks/useJob';
import type { JobDetail } from './api';
import { commandDescription, commandLabel } from './model/commands';
import { plural } from './model/format';

const route = getRouteApi('/_app/jobs/$jobId');

function BackLink() {
  const search = route.useSearch();
  return (
    <Link to="/jobs" search={search} className="-ml-1 inline-flex h-8 items-center gap-1 rounded-lg pr-2 pl-1 text-sm font-medium text-accent hover:bg-surface-2">
      <ChevronLeft aria-hidden="true" className="size-4" />
      Jobs
    </Link>
  );
}

function Fact({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs font-medium text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm text-fg">{children}</dd>
    </div>
  );
}

function FileFact({ job }: { job: JobDetail }) {
  if (!job.fileId) return null;
  const file = job.file;
  return (
    <Fact label="File" className="col-span-2">
      {file ? (
        <div className="flex items-center gap-3">
          {file.thumbnailUrl ? (
            <img src={file.thumbnailUrl} alt="" className="size-11 shrink-0 rounded-lg border border-border bg-surface-2 object-cover" loading="lazy" />
          ) : (
            <div className="flex size-11 shrink-0 items-center justify-center rounded-lg bg-surface-2 text-muted">
              <ImageOff aria-hidden="true" className="size-5" />
            </div>
          )}
          <div className="min-w-0">
            <FileLink fileId={file.id} className="block truncate">
              {file.originalFilename}
            </FileLink>
            <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-muted">
              <StatusBadge kind="file" status={file.status} />
              {file.species && <span className="truncate">{file.species}</span>}
            </div>
          </div>
        </div>
      ) : (
        <span className="text-muted">
          No longer there (<span className="font-mono text-[13px] break-all">{job.fileId}</span>)
        </span>
      )}
    </Fact>
  );
}

function resultEmptyText(status: string): string {
  if (status === 'COMPLETED') return 'The job finished without a result.';
  if (status === 'FAILED') return 'No result: the job failed.';
  if (status === 'CANCELLED') return 'No result: the job was cancelled.';
  return 'No result yet.';
}

function JobView({ job }: { job: JobDetail }) {
  const look = statusLook('job', job.status);
  const description = commandDescription(job.commandType);
  const nextTry = job.runAfter && (job.status === 'RETRYING' || job.status === 'PENDING') ? job.runAfter : null;
  return (
    <>
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4 sm:mb-8">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <h1 className="text-2xl font-semibold tracking-tight text-fg sm:text-[28px]">{commandLabel(job.commandType)}</h1>
            <StatusBadge kind="job" status={job.status} />
          </div>
          {description && <p className="mt-1 max-w-2xl text-[15px] text-muted">{description}</p>}
          <div className="mt-2 flex min-w-0 flex-wrap items-center gap-x-1 text-sm text-muted">
            <span>Job</span>
            <span className="font-mono text-[13px] break-all text-fg">{job.id}</span>
            <CopyButton text={job.id} label="Copy id" />
          </div>
        </div>
        <JobActions job={job} />
      </header>

      <div className="space-y-5">
        <Card>
          <CardBody>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3 lg:grid-cols-4">
              <Fact label="Status">
                <span>{look.label}</span>
                <span className="block text-xs text-muted">{look.description}</span>
              </Fact>
              <Fact label="Attempts">
                <span className="tabular-nums">
                  {job.attempts} of {job.maxAttempts}
                </span>
              </Fact>
              <Fact label="Queue">
                <span className="font-mono text-[13px]">{job.queue}</span>
              </Fact>
              <Fact label="Command">
                <span className="font-mono text-[13px]">{job.commandType}</span>
              </Fact>
              <Fact label="Created">
                <RelativeTime value={job.createdAt} />
              </Fact>
              <Fact label="Started">
                <RelativeTime value={job.startedAt} />
              </Fact>
              <Fact label={job.status === 'CANCELLED' ? 'Cancelled' : job.status === 'FAILED' ? 'Failed' : 'Completed'}>
                <RelativeTime value={job.completedAt} />
              </Fact>
              {nextTry && (
                <Fact label="Next try">
                  <RelativeTime value={nextTry} />
                </Fact>
              )}
              <FileFact job={job} />
            </dl>
            {job.lastError && (
              <div className="mt-5">
                <div className="flex items-center justify-between gap-2">
                  <h2 id="last-error" className="text-sm font-semibold text-fg">
                    Last error
                  </h2>
                  <CopyButton text={job.lastError} describedBy="last-error" />
                </div>
                <pre className="mt-1.5 max-h-60 overflow-auto rounded-xl bg-danger-soft px-3.5 py-3 font-mono text-[13px] leading-relaxed break-words whitespace-pre-wrap text-fg">{job.lastError}</pre>
              </div>
            )}
          </CardBody>
        </Card>

        <div className="grid items-start gap-5 lg:grid-cols-2">
          <Card>
            <CardHeader title="Attempts" description={job.runs.length ? `Newest first · ${plural(job.runs.length, 'entry', 'entries')}` : undefined} className="pb-3" />
            <div className="border-t border-border">
              <RunsList runs={job.runs} status={job.status} attempts={job.attempts} />
            </div>
          </Card>
          <Card>
            <CardHeader title="Data" description="As stored, shown as text." />
            <CardBody className="space-y-5 pt-4">
              <JsonViewer title="Payload" value={job.payload} emptyText="No payload." />
              <JsonViewer title="Result" value={job.result} emptyText={resultEmptyText(job.status)} />
              <JsonViewer title="Checkpoint" value={job.checkpoint} emptyText="No steps recorded yet." />
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}

export default function JobDetailPage() {
  const { jobId } = route.useParams();
  const search = route.useSearch();
  const q = useJob(jobId);
  let content: ReactNode;
  if (q.isPending) {
    content = (
      <div role="status" aria-label="Loading the job">
        <Skeleton className="mb-3 h-8 w-64" />
        <Skeleton className="mb-8 h-4 w-96 max-w-full" />
        <Card className="mb-5">
          <CardBody>
            <SkeletonRows rows={2} />
          </CardBody>
        </Card>
        <div className="grid gap-5 lg:grid-cols-2">
          <Card>
            <CardBody>
              <SkeletonRows rows={4} />
            </CardBody>
          </Card>
          <Card>
            <CardBody>
              <SkeletonRows rows={3} />
            </CardBody>
          </Card>
        </div>
      </div>
    );
  } else if (q.isError && !q.data) {
    content = (
      <Card>
        <ErrorState error={q.error} title="This job didn’t load" onRetry={() => void q.refetch()} />
      </Card>
    );
  } else if (!q.data) {
    content = (
      <Card>
        <EmptyState
          icon={FileQuestion}
          title="No such job"
          action={
            <Button asChild variant="secondary">
              <Link to="/jobs" search={search}>
                Back to jobs
              </Link>
            </Button>
          }
        >
          There is no job <span className="font-mono break-all">{jobId}</span>. It may have been pruned with old history, or the link is mistyped.
        </EmptyState>
      </Card>
    );
  } else {
    content = <JobView job={q.data} />;
  }
  return (
    <>
      <div className="mb-3">
        <BackLink />
      </div>
      {content}
    </>
  );
}
