/**
 * One failure group: how many jobs, what went wrong (the newest failure's own text),
 * its commands, when it was first and last seen; expandable to its jobs; "Retry all N"
 * for admins (confirmed, its outcome in a toast).
 */
import { useId, useState } from 'react';
import { ChevronDown, RotateCcw } from 'lucide-react';
import { Badge, Button, ConfirmDialog, RelativeTime } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useJobOperations } from '../hooks/useOperations';
import type { ShapedFailureGroup } from '../model/failureGroups';
import { plural } from '../model/format';
import { GroupJobs } from './GroupJobs';

export function FailureGroupCard({ group, canRetry }: { group: ShapedFailureGroup; canRetry: boolean }) {
  const [open, setOpen] = useState(false);
  const ids = { title: useId(), error: useId(), jobs: useId() };
  const ops = useJobOperations();
  const commands = group.commands.map((c) => c.label).join(', ') || 'Unknown command';
  return (
    <li className="px-4 py-4 sm:px-6">
      <div className="flex gap-3 sm:gap-4">
        <div className="flex size-12 shrink-0 flex-col items-center justify-center rounded-xl bg-danger-soft text-danger sm:size-14" aria-hidden="true">
          <span className="text-lg leading-none font-semibold tabular-nums sm:text-xl">{group.count > 999 ? `${Math.floor(group.count / 1000)}k` : group.count}</span>
          <span className="mt-0.5 text-[10px] font-medium tracking-wide uppercase">{group.count === 1 ? 'job' : 'jobs'}</span>
        </div>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
            <div className="min-w-0">
              <h3 id={ids.title} className="font-semibold text-fg">
                <span className="sr-only">{plural(group.count, 'failed job')}: </span>
                {commands}
              </h3>
              <div className="mt-1 flex flex-wrap gap-1.5">
                {group.commands.map((c) => (
                  <Badge key={c.type} tone="neutral" className="font-mono text-[11px]">
                    {c.type}
                  </Badge>
                ))}
              </div>
            </div>
            {canRetry && (
              <ConfirmDialog
                trigger={
                  <Button variant="secondary" size="sm" aria-describedby={ids.title}>
                    <RotateCcw aria-hidden="true" className="size-4" />
                    Retry all {group.count.toLocaleString()}
                  </Button>
                }
                title={`Retry all ${plural(group.count, 'failed job')}?`}
                description={`Each “${commands}” job of this group goes back to its queue with a fresh attempt budget. Jobs that changed meanwhile are left alone.`}
                confirmLabel={`Retry all ${group.count.toLocaleString()}`}
                onConfirm={() => ops.retryGroup(group)}
              >
                <p className="line-clamp-4 rounded-xl bg-surface-2 px-3 py-2 font-mono text-[13px] break-words text-fg">{group.error}</p>
              </ConfirmDialog>
            )}
          </div>
          <p id={ids.error} className={cn('mt-2 font-mono text-[13px] leading-relaxed break-words text-fg', !open && 'line-clamp-3')}>
            {group.error}
          </p>
          <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
            <div className="flex gap-1">
              <dt>Last seen</dt>
              <dd className="text-fg">
                <RelativeTime value={group.lastSeen} />
              </dd>
            </div>
            <div className="flex gap-1">
              <dt>First seen</dt>
              <dd className="text-fg">
                <RelativeTime value={group.firstSeen} />
              </dd>
            </div>
            {group.fileIds.length > 0 && (
              <div className="flex gap-1">
                <dt>Files</dt>
                <dd className="text-fg tabular-nums">{group.fileIds.length.toLocaleString()}</dd>
              </div>
            )}
          </dl>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={ids.jobs}
            onClick={() => setOpen((v) => !v)}
            className="mt-2 -ml-2 inline-flex h-8 items-center gap-1.5 rounded-lg px-2 text-sm font-medium text-accent hover:bg-surface-2"
          >
            <ChevronDown aria-hidden="true" className={cn('size-4 transition-transform', open && 'rotate-180')} />
            {open ? 'Hide jobs' : `Show ${group.count === 1 ? 'the job' : `the ${plural(group.count, 'job')}`}`}
          </button>
        </div>
      </div>
      <div id={ids.jobs} hidden={!open} className="mt-3">
        {open && (
          <>
            {group.error !== group.normalisedError && (
              <p className="mb-2 text-xs text-muted">
                Grouped by the pattern <span className="font-mono break-words text-fg">{group.normalisedError}</span>
              </p>
            )}
            <GroupJobs ids={group.jobIds} />
          </>
        )}
      </div>
    </li>
  );
}
