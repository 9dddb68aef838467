/**
 * /files/$fileId — one painting and everything about it: the image, the product text
 * (with the draft's warnings), every print size with DPI and price, the job timeline
 * with every attempt, its listings, the review decisions with what changed, and what
 * it has cost. Actions follow its state. Live: follows `fileUpdated(id)`.
 */
import type { ReactNode } from 'react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { ArrowLeft, CircleAlert, FileQuestion, Info } from 'lucide-react';
import { Button, Card, EmptyState, ErrorState, Skeleton, StatusBadge } from '../../components/ui';
import { Time } from './components/Time';
import { ApiError } from '../../lib/http';
import { useAuth } from '../../app/auth';
import { FileActions, fileActionsFor } from './components/FileActions';
import { JobTimeline } from './components/JobTimeline';
import { ListingsCard } from './components/ListingsCard';
import { MetadataCard } from './components/MetadataCard';
import { PreviewCard } from './components/PreviewCard';
import { ReviewHistory } from './components/ReviewHistory';
import { SizesCard } from './components/SizesCard';
import { UsageCard } from './components/UsageCard';
import { useFileDetail } from './hooks/useFileDetail';
import { readableReason, readMetadata } from './metadata';

const route = getRouteApi('/_app/files/$fileId');

function BackLink() {
  return (
    <Link to="/files" className="mb-3 inline-flex items-center gap-1.5 rounded-lg text-sm font-medium text-muted hover:text-fg">
      <ArrowLeft aria-hidden="true" className="size-4" />
      Files
    </Link>
  );
}

function Header({ title, meta, actions }: { title: ReactNode; meta?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="mb-6 flex flex-wrap items-end justify-between gap-4 sm:mb-8">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight break-words text-fg sm:text-[28px]">{title}</h1>
        {meta && <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted">{meta}</div>}
      </div>
      {actions && <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto [&>*]:flex-1 sm:[&>*]:flex-none">{actions}</div>}
    </header>
  );
}

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading the file">
      <Skeleton className="mb-3 h-4 w-14" />
      <Skeleton className="h-8 w-2/3 max-w-md" />
      <Skeleton className="mt-3 mb-8 h-5 w-48" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Skeleton className="aspect-[3/2] w-full rounded-card" />
          <Skeleton className="h-64 w-full rounded-card" />
        </div>
        <div className="space-y-6">
          <Skeleton className="h-36 w-full rounded-card" />
          <Skeleton className="h-48 w-full rounded-card" />
        </div>
      </div>
    </div>
  );
}

function NotFoundState() {
  return (
    <>
      <BackLink />
      <Card>
        <EmptyState
          icon={FileQuestion}
          title="This file isn’t here"
          action={
            <Button asChild variant="secondary">
              <Link to="/files">All files</Link>
            </Button>
          }
        >
          The link may be mistyped, or the file was removed from the database.
        </EmptyState>
      </Card>
    </>
  );
}

function StatusNote({ status, reason }: { status: string; reason: string | null }) {
  const r = readableReason(reason);
  if (!r) return null;
  const danger = status === 'FAILED';
  return (
    <div role={danger ? 'alert' : 'note'} className={danger ? 'mb-6 flex items-start gap-3 rounded-card bg-danger-soft px-4 py-3 text-danger' : 'mb-6 flex items-start gap-3 rounded-card border border-border bg-surface px-4 py-3 text-fg'}>
      {danger ? <CircleAlert aria-hidden="true" className="mt-0.5 size-5 shrink-0" /> : <Info aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-muted" />}
      <div className="min-w-0 text-sm">
        <p className="font-medium">{danger ? 'Processing stopped' : status === 'REJECTED' ? 'Rejected' : status === 'ARCHIVED' ? 'Archived' : 'Note'}</p>
        <p className="mt-0.5 break-words">{r.text}</p>
        {r.code && r.code !== status && <p className="mt-1 font-mono text-xs">{r.code}</p>}
      </div>
    </div>
  );
}

export default function FileDetailPage() {
  const { fileId } = route.useParams();
  const { isAdmin } = useAuth();
  const query = useFileDetail(fileId);

  if (query.isPending) return <DetailSkeleton />;
  if (query.isError && !query.data) {
    if (query.error instanceof ApiError && query.error.code === 'NOT_FOUND') return <NotFoundState />;
    return (
      <>
        <BackLink />
        <Card>
          <ErrorState title="The file didn’t load" error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </>
    );
  }
  const file = query.data;
  if (!file) return <NotFoundState />;

  const meta = readMetadata(file.metadata);
  const title = meta?.title ?? file.originalFilename;
  const refetch = () => void query.refetch();
  const can = fileActionsFor(file.status, isAdmin);

  return (
    <>
      <BackLink />
      <Header
        title={title}
        meta={
          <>
            <StatusBadge kind="file" status={file.status} />
            {file.species && <span>{file.species}</span>}
            <span>
              Updated <Time value={file.updatedAt} />
            </span>
          </>
        }
        actions={can.review || can.reprocess || can.archive ? <FileActions id={file.id} status={file.status} name={file.originalFilename} /> : undefined}
      />
      <StatusNote status={file.status} reason={file.statusReason} />
      <div className="space-y-6">
        <div className="grid items-start gap-6 lg:grid-cols-3">
          <div className="min-w-0 lg:col-span-2">
            <PreviewCard file={file} title={title} onExpired={refetch} />
          </div>
          <div className="min-w-0 space-y-6">
            <ListingsCard listings={file.listings} status={file.status} />
            <UsageCard usage={file.apiUsage} costUsd={file.costUsd} />
          </div>
        </div>
        <div className="grid items-start gap-6 lg:grid-cols-3">
          <div className="min-w-0 lg:col-span-2">
            <MetadataCard metadata={file.metadata} warnings={file.metadataWarnings} status={file.status} />
          </div>
          <div className="min-w-0">
            <ReviewHistory reviews={file.reviews} />
          </div>
        </div>
        <SizesCard sizes={file.sizes} ratioFamily={file.ratioFamily} inspected={Boolean(file.width && file.height)} />
        <JobTimeline jobs={file.jobs} />
      </div>
      {query.isError && (
        <p role="alert" className="mt-6 text-sm text-danger">
          Couldn’t refresh this file; showing what was loaded <Time value={query.dataUpdatedAt} />.{' '}
          <button type="button" className="font-medium underline underline-offset-2" onClick={refetch}>
            Try again
          </button>
        </p>
      )}
    </>
  );
}
