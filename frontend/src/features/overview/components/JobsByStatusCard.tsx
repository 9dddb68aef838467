/** Jobs by status, compact: one link per state to the Jobs page filtered by it. */
import { Link } from '@tanstack/react-router';
import { Card, CardHeader, DOT_CLASS, Skeleton, statusLook } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { JOB_STATUSES, type JobStatus } from '../../../lib/statuses';
import { formatCount, plural } from '../model/format';

export interface JobStatusRow {
  status: string;
  count: number | null;
  /** The Jobs page's `status` filter (null for a state this build does not know). */
  filter: JobStatus | null;
}

/** The API's jobsByStatus in the dashboard's order (unknown states last); a state the API did not report is null, not 0. */
export function jobStatusRows(counts: readonly { status: string; count: number }[]): JobStatusRow[] {
  const byStatus = new Map<string, number>();
  for (const { status, count } of counts) byStatus.set(status.toUpperCase(), (byStatus.get(status.toUpperCase()) ?? 0) + count);
  const known: JobStatusRow[] = JOB_STATUSES.map((s) => ({ status: s, count: byStatus.get(s) ?? null, filter: s }));
  const extra = [...byStatus].filter(([s]) => !(JOB_STATUSES as readonly string[]).includes(s)).map(([status, count]) => ({ status, count, filter: null }));
  return [...known, ...extra];
}

const ROW = 'flex h-10 items-center gap-2.5 rounded-lg px-2.5 text-sm';

export function JobsByStatusCard({ counts, className }: { counts: readonly { status: string; count: number }[] | undefined; className?: string }) {
  const rows = counts ? jobStatusRows(counts) : null;
  const total = rows?.reduce((n, r) => n + (r.count ?? 0), 0);
  return (
    <Card className={className} aria-busy={rows ? undefined : 'true'}>
      <CardHeader
        title="Jobs"
        description={total === undefined ? 'By state' : `${plural(total, 'job')} by state`}
        actions={
          <Link to="/jobs" className="rounded-lg text-sm font-medium text-accent hover:underline">
            All jobs
          </Link>
        }
      />
      <div className="px-3 pt-3 pb-4 sm:px-4">
        {rows ? (
          <ul className="grid grid-cols-2 gap-x-2 lg:grid-cols-1">
            {rows.map((r) => {
              const look = statusLook('job', r.status);
              const body = (
                <>
                  <span aria-hidden="true" className={cn('size-2 shrink-0 rounded-full', DOT_CLASS[look.tone])} />
                  <span className="min-w-0 flex-1 truncate text-muted">{look.label}</span>{' '}
                  <span className={cn('font-semibold tabular-nums', r.status === 'FAILED' && r.count ? 'text-danger' : 'text-fg')}>{r.count === null ? '—' : formatCount(r.count)}</span>
                </>
              );
              return (
                <li key={r.status}>
                  {r.filter ? (
                    <Link to="/jobs" search={{ status: r.filter }} title={look.description} className={cn(ROW, 'transition-colors hover:bg-surface-2')}>
                      {body}
                    </Link>
                  ) : (
                    <div className={ROW}>{body}</div>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <div className="grid grid-cols-2 gap-2 px-2.5 py-1 lg:grid-cols-1">
            <span className="sr-only">Loading the job counts</span>
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-6" />
            ))}
          </div>
        )}
      </div>
    </Card>
  );
}
