/** The Jobs tab: filters, the table, "Load more", and the loading, empty and error states. */
import { getRouteApi, Link } from '@tanstack/react-router';
import { SearchX, Workflow } from 'lucide-react';
import { Button, Card, CardBody, EmptyState, ErrorState, SkeletonRows, Spinner, StatusBadge } from '../../../components/ui';
import { useJobs } from '../hooks/useJobs';
import { commandLabel } from '../model/commands';
import { plural } from '../model/format';
import { JobFilters } from './JobFilters';
import { JobsTable } from './JobsTable';

const route = getRouteApi('/_app/jobs');

export function JobsTab() {
  const search = route.useSearch();
  const { status, command, search: text } = search;
  const filtered = Boolean(status || command || text);
  const q = useJobs({ status, command, search: text });
  const updating = q.isFetching && !q.isFetchingNextPage && q.isPlaceholderData;

  let body;
  if (q.isPending) {
    body = (
      <CardBody>
        <SkeletonRows rows={6} />
      </CardBody>
    );
  } else if (q.isError && q.jobs.length === 0) {
    body = <ErrorState error={q.error} title="The jobs didn’t load" onRetry={() => void q.refetch()} />;
  } else if (q.jobs.length === 0) {
    body = filtered ? (
      <EmptyState
        icon={SearchX}
        title="No jobs match"
        action={
          <Button asChild variant="secondary">
            <Link to="/jobs" search={{}} activeOptions={{ exact: true, includeSearch: true }}>
              Clear filters
            </Link>
          </Button>
        }
      >
        <span className="inline-flex flex-wrap items-center justify-center gap-x-1.5 gap-y-1">
          <span>Nothing here</span>
          {status && (
            <>
              <span>in</span>
              <StatusBadge kind="job" status={status} />
            </>
          )}
          {command && <span>for “{commandLabel(command)}”</span>}
          {text && <span>matching “{text}”</span>}
          <span className="basis-full">Jobs that match appear here as they happen.</span>
        </span>
      </EmptyState>
    ) : (
      <EmptyState icon={Workflow} title="No jobs yet">
        Upscales, descriptions and listings appear here as the workers take them, with every retry and error.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <JobsTable jobs={q.jobs} caption="Jobs, newest first" search={search} />
        <div className="flex flex-col items-center gap-2 border-t border-border px-5 py-4 sm:flex-row sm:justify-between">
          <p className="text-sm text-muted" aria-live="polite">
            {q.hasNextPage ? `The newest ${plural(q.jobs.length, 'job')}` : q.jobs.length > 1 ? `All ${plural(q.jobs.length, 'job')}` : 'The only job'}
            {filtered ? ' matching these filters' : ''}
          </p>
          {q.hasNextPage && (
            <Button variant="secondary" size="sm" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
              Load more
            </Button>
          )}
        </div>
        {q.isFetchNextPageError && <p role="alert" className="px-5 pb-4 text-center text-sm text-danger">The next jobs didn’t load. Try again.</p>}
      </>
    );
  }

  return (
    <Card>
      <CardBody className="border-b border-border py-4">
        <JobFilters />
        {filtered && (
          <div className="mt-3 flex items-center justify-between gap-3 text-sm">
            <span className="flex min-h-5 items-center gap-2 text-muted">{updating && <><Spinner size="sm" label={null} />Updating…</>}</span>
            <Link to="/jobs" search={{}} activeOptions={{ exact: true, includeSearch: true }} className="rounded font-medium text-accent hover:underline">
              Clear filters
            </Link>
          </div>
        )}
      </CardBody>
      {body}
    </Card>
  );
}
