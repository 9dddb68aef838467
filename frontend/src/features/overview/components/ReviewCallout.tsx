/** What waits for the owner: "6 waiting for review" (the way in to /review), or a calm "All caught up". */
import { useId } from 'react';
import { Link } from '@tanstack/react-router';
import { ChevronRight, ClipboardCheck, CircleCheck } from 'lucide-react';
import { Card, Skeleton } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatCount } from '../model/format';

/** A row on narrow screens (icon, words, chevron); a column in the wide layout's narrow first cell. */
const LAYOUT = 'relative flex h-full items-center gap-4 p-5 sm:p-6 lg:flex-col lg:items-start lg:gap-5';
const ICON = 'flex size-11 shrink-0 items-center justify-center rounded-2xl';

export function ReviewCallout({ count, className }: { count: number | undefined; className?: string }) {
  const hintId = useId();
  if (count === undefined) {
    return (
      <Card className={className} aria-busy="true">
        <div className={LAYOUT}>
          <span className="sr-only">Loading the review queue</span>
          <Skeleton className={cn(ICON, 'bg-surface-2')} />
          <div className="flex-1 space-y-2.5">
            <Skeleton className="h-8 w-16" />
            <Skeleton className="h-4 w-36" />
          </div>
        </div>
      </Card>
    );
  }
  if (count === 0) {
    return (
      <Card className={className}>
        <div className={LAYOUT}>
          <div className={cn(ICON, 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300')}>
            <CircleCheck aria-hidden="true" className="size-6" />
          </div>
          <div className="min-w-0 flex-1">
            <h2 className="text-xl font-semibold tracking-tight text-fg">All caught up</h2>
            <p className="mt-1 text-sm text-muted">Nothing waits for a decision. Paintings appear here once they are upscaled and described.</p>
          </div>
        </div>
      </Card>
    );
  }
  return (
    <Card className={cn('overflow-hidden', className)}>
      <Link to="/review" aria-describedby={hintId} className={cn(LAYOUT, 'group rounded-card transition-colors hover:bg-surface-2/60 focus-visible:outline-offset-[-2px]')}>
        <span aria-hidden="true" className={cn(ICON, 'bg-amber-50 text-amber-700 dark:bg-amber-950 dark:text-amber-300')}>
          <ClipboardCheck className="size-6" />
        </span>
        <span className="block min-w-0 flex-1">
          <span className="block text-[32px] leading-none font-semibold tracking-tight text-fg tabular-nums">{formatCount(count)}</span>{' '}
          <span className="mt-1.5 block text-[15px] font-medium text-fg">waiting for review</span>
          <span id={hintId} aria-hidden="true" className="mt-1 block text-sm text-muted">
            Check each title and description, then approve or reject.
          </span>
        </span>
        <ChevronRight aria-hidden="true" className="size-5 shrink-0 text-muted transition-transform group-hover:translate-x-0.5 lg:absolute lg:top-6 lg:right-6" />
      </Link>
    </Card>
  );
}
