/** A red banner while any dead-letter queue holds messages: how many, where, and what to do. */
import { Link } from '@tanstack/react-router';
import { OctagonAlert } from 'lucide-react';
import type { QueueRow } from '../api';
import { plural } from '../model/format';

export function deadLetterSummary(queues: readonly QueueRow[]) {
  const withDead = queues.filter((q) => q.deadLetters > 0);
  return { total: withDead.reduce((n, q) => n + q.deadLetters, 0), queues: withDead };
}

export function DeadLetterBanner({ queues, onQueuesTab, isAdmin }: { queues: readonly QueueRow[]; onQueuesTab: boolean; isAdmin: boolean }) {
  const { total, queues: withDead } = deadLetterSummary(queues);
  if (total === 0) return null;
  return (
    <div className="mb-5 flex flex-wrap items-start gap-x-3 gap-y-2 rounded-2xl border border-red-300 bg-danger-soft px-4 py-3.5 text-sm dark:border-red-900" data-testid="dead-letter-banner">
      <OctagonAlert aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-danger" />
      <div className="min-w-0 flex-1 basis-[calc(100%-2rem)] sm:basis-0">
        <p className="font-semibold text-danger">
          {plural(total, 'dead letter')} in {withDead.length === 1 ? withDead[0].name : plural(withDead.length, 'queue')}
        </p>
        <p className="mt-0.5 text-fg">
          {withDead.length > 1 && <>{withDead.map((q) => `${q.name} (${q.deadLetters.toLocaleString()})`).join(', ')}. </>}
          {isAdmin ? 'Their jobs failed for good; redrive a queue to run them again.' : 'Their jobs failed for good; an admin can redrive them.'}
        </p>
      </div>
      {!onQueuesTab && (
        <Link to="/jobs" search={{ tab: 'queues' }} activeOptions={{ exact: true, includeSearch: true }} className="ml-8 shrink-0 rounded-lg py-1 font-medium text-danger underline underline-offset-2 hover:no-underline sm:ml-0 sm:self-center sm:px-2">
          See queues
        </Link>
      )}
    </div>
  );
}
