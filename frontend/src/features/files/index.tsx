/**
 * /files?status=&search= — every painting and where it is in the pipeline: search by
 * filename or species, filter by state (both in the URL), newest first, 50 at a time
 * ("Load more" follows the keyset cursor). Rows open the file's page. Live: the list
 * refetches on the overview tick (any change), polls only while the stream is down.
 */
import { getRouteApi, Link } from '@tanstack/react-router';
import { Images, SearchX } from 'lucide-react';
import { Button, Card, CardBody, EmptyState, ErrorState, PageHeader, Skeleton, Spinner, StatusBadge } from '../../components/ui';
import { cn } from '../../lib/cn';
import { describeError } from '../../lib/http';
import { FileFilters } from './components/FileFilters';
import { FileList } from './components/FileList';
import { filtersOf, hasFilters } from './filters';
import { useFileList } from './hooks/useFileList';

const route = getRouteApi('/_app/files');

function ListSkeleton() {
  return (
    <div role="status" aria-label="Loading files" className="divide-y divide-border">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex items-center gap-3 px-4 py-3 sm:px-6 lg:px-5">
          <Skeleton className="size-14 rounded-xl lg:size-11" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-3.5 w-1/2 max-w-64" />
            <Skeleton className="h-3 w-1/3 max-w-40" />
          </div>
          <Skeleton className="hidden h-5 w-24 rounded-full sm:block" />
          <Skeleton className="hidden h-3 w-16 lg:block" />
        </div>
      ))}
    </div>
  );
}

export default function FilesPage() {
  const search = route.useSearch();
  const filters = filtersOf(search);
  const filtered = hasFilters(filters);
  const list = useFileList(filters);
  const { rows } = list;
  const switching = list.isPlaceholderData && list.isFetching;

  let body;
  if (list.isPending) body = <ListSkeleton />;
  else if (list.isError && rows.length === 0) body = <ErrorState title="The files didn’t load" error={list.error} onRetry={() => void list.refetch()} />;
  else if (rows.length === 0 && !switching)
    body = filtered ? (
      <EmptyState
        icon={SearchX}
        title="No files match"
        action={
          <Button asChild variant="secondary">
            <Link to="/files">Clear filters</Link>
          </Button>
        }
      >
        <span className="inline-flex flex-wrap items-center justify-center gap-x-1.5 gap-y-1">
          <span>Nothing here</span>
          {filters.status && (
            <>
              <span>in</span>
              <StatusBadge kind="file" status={filters.status} />
            </>
          )}
          {filters.search && <span>matching “{filters.search}”</span>}
        </span>
      </EmptyState>
    ) : (
      <EmptyState icon={Images} title="No files yet">
        Paintings dropped into the Drive “Incoming” folder appear here within a few minutes.
      </EmptyState>
    );
  else
    body = (
      <div aria-busy={switching || undefined} className={cn('transition-opacity', switching && 'opacity-60')}>
        <FileList rows={rows} onExpired={() => void list.refetch()} />
        <div className="flex flex-col items-center gap-3 border-t border-border px-5 py-4 sm:flex-row sm:justify-between sm:px-6">
          <p className="flex items-center gap-2 text-sm text-muted" aria-live="polite">
            {switching && <Spinner size="sm" label="Updating the list" />}
            {list.hasNextPage ? `${rows.length} shown, newest first` : rows.length === 1 ? '1 file' : `All ${rows.length} files shown`}
          </p>
          {list.hasNextPage && (
            <Button variant="secondary" size="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              Load more
            </Button>
          )}
        </div>
        {list.isFetchNextPageError && (
          <p role="alert" className="border-t border-border px-5 py-3 text-sm text-danger sm:px-6">
            The next files didn’t load: {describeError(list.error)}
          </p>
        )}
      </div>
    );

  return (
    <>
      <PageHeader title="Files" description="Every painting from the Drive folder, and where it is in the pipeline." />
      <Card className="overflow-hidden">
        <CardBody className="border-b border-border">
          <FileFilters />
          {list.isError && rows.length > 0 && !list.isFetchNextPageError && (
            <p role="alert" className="mt-3 flex flex-wrap items-center gap-x-2 text-sm text-danger">
              <span>Couldn’t refresh the list: {describeError(list.error)}</span>
              <button type="button" className="font-medium underline underline-offset-2" onClick={() => void list.refetch()}>
                Try again
              </button>
            </p>
          )}
        </CardBody>
        {body}
      </Card>
    </>
  );
}
