/**
 * A red banner while any dead-letter queue holds messages: jobs that failed for good
 * are parked there until someone looks. Nothing when the count is 0, or unknown
 * (RabbitMQ unreachable: the queues card says so instead).
 */
import { Link } from '@tanstack/react-router';
import { ArrowRight, OctagonAlert } from 'lucide-react';
import { cn } from '../../../lib/cn';
import { plural } from '../model/format';

export function DeadLetterBanner({ count, className }: { count: number | null | undefined; className?: string }) {
  if (count === null || count === undefined || count <= 0) return null;
  return (
    <div
      role="alert"
      className={cn(
        'flex flex-col gap-3 rounded-card border border-red-200 bg-red-50 p-4 text-red-900 shadow-card sm:flex-row sm:items-center sm:gap-4 sm:px-5',
        'dark:border-red-900/70 dark:bg-red-950/60 dark:text-red-100',
        className,
      )}
    >
      <div className="flex min-w-0 flex-1 items-start gap-3">
        <OctagonAlert aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-red-600 dark:text-red-400" />
        <div className="min-w-0">
          <p className="font-semibold">{plural(count, 'dead letter')} in the queues</p>
          <p className="mt-0.5 text-sm text-red-800 dark:text-red-200">Jobs that failed for good are parked there. See why, then retry or redrive them.</p>
        </div>
      </div>
      <Link
        to="/jobs"
        search={{ tab: 'queues' }}
        className="inline-flex h-9 shrink-0 items-center justify-center gap-1.5 ml-8 self-start rounded-lg bg-red-700 px-3.5 text-sm font-medium text-white shadow-card transition-colors hover:bg-red-800 sm:ml-0 sm:self-auto dark:bg-red-400 dark:text-red-950 dark:hover:bg-red-300"
      >
        Open queues
        <ArrowRight aria-hidden="true" className="size-4" />
      </Link>
    </div>
  );
}
