/** A failure group's jobs, 10 at a time (each read by id, newest failure first). */
import { useState } from 'react';
import { Button, ErrorState, SkeletonRows } from '../../../components/ui';
import type { JobRow } from '../api';
import { useJobRows } from '../hooks/useFailureGroups';
import { plural } from '../model/format';
import { JobsTable } from './JobsTable';

export const GROUP_PAGE = 10;

export function GroupJobs({ ids }: { ids: readonly string[] }) {
  const [shown, setShown] = useState(GROUP_PAGE);
  const visible = ids.slice(0, shown);
  const rows = useJobRows(visible);
  const loading = rows.some((r) => r.isPending);
  const failed = rows.find((r) => r.isError);
  const jobs = rows.map((r) => r.data).filter((j): j is JobRow => Boolean(j));
  const gone = rows.filter((r) => r.isSuccess && !r.data).length;

  if (failed && jobs.length === 0) return <ErrorState error={failed.error} title="These jobs didn’t load" onRetry={() => rows.forEach((r) => r.isError && void r.refetch())} />;
  return (
    <div className="overflow-hidden rounded-xl border border-border">
      {jobs.length > 0 && <JobsTable jobs={jobs} caption="Jobs of this failure group" search={{ tab: 'failures' }} highlight={false} />}
      {loading && (
        <div className="px-4 py-3">
          <SkeletonRows rows={Math.min(3, visible.length - jobs.length) || 1} />
        </div>
      )}
      {(gone > 0 || ids.length > shown) && (
        <div className="flex flex-col items-center gap-2 border-t border-border px-4 py-3 text-sm text-muted sm:flex-row sm:justify-between">
          <span>{gone > 0 ? `${plural(gone, 'job')} no longer exist${gone === 1 ? 's' : ''}.` : `${visible.length} of ${ids.length.toLocaleString()} shown`}</span>
          {ids.length > shown && (
            <Button variant="secondary" size="sm" onClick={() => setShown((n) => n + GROUP_PAGE)}>
              Show {Math.min(GROUP_PAGE, ids.length - shown)} more
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
