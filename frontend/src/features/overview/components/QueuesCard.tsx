/**
 * The RabbitMQ queues: messages waiting, workers consuming, dead letters. When the
 * broker is unreachable the API still takes work (jobs are kept in the database and
 * sent once it is back): the card says that rather than showing empty queues.
 */
import { Link } from '@tanstack/react-router';
import { CloudOff } from 'lucide-react';
import { Card, CardHeader, Skeleton } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import type { QueueRow } from '../hooks/useOverview';
import { formatCount, plural } from '../model/format';

export function QueuesCard({ queues, loading, className }: { queues: readonly QueueRow[] | null | undefined; loading: boolean; className?: string }) {
  return (
    <Card className={className} aria-busy={loading || undefined}>
      <CardHeader
        title="Queues"
        actions={
          <Link to="/jobs" search={{ tab: 'queues' }} className="rounded-lg text-sm font-medium text-accent hover:underline">
            Details
          </Link>
        }
      />
      <div className="px-5 pt-3 pb-5 sm:px-6">
        {loading ? (
          <div className="space-y-2.5">
            <span className="sr-only">Loading the queues</span>
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-5" />
            ))}
          </div>
        ) : queues === null || queues === undefined ? (
          <div className="flex items-start gap-3 rounded-xl bg-surface-2 p-3.5">
            <CloudOff aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-muted" />
            <div className="text-sm">
              <p className="font-medium text-fg">RabbitMQ is unreachable</p>
              <p className="mt-0.5 text-muted">The API still accepts work: new jobs wait and start once the connection is back. Queue sizes are unknown until then.</p>
            </div>
          </div>
        ) : queues.length === 0 ? (
          <p className="text-sm text-muted">No queues yet.</p>
        ) : (
          <table className="w-full table-fixed text-sm">
            <caption className="sr-only">Queues</caption>
            <thead>
              <tr className="text-left text-xs text-muted">
                <th scope="col" className="pb-2 font-medium">
                  Queue
                </th>
                <th scope="col" className="w-[4.5rem] pb-2 text-right font-medium">
                  Waiting
                </th>
                <th scope="col" className="w-[4.5rem] pb-2 text-right font-medium">
                  Workers
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {queues.map((q) => (
                <tr key={q.name}>
                  <td className="py-2.5 pr-2">
                    <span className="block truncate font-medium text-fg" title={q.name}>
                      {q.name}
                    </span>
                    {q.deadLetters > 0 && <span className="block text-xs font-medium text-danger">{plural(q.deadLetters, 'dead letter')}</span>}
                  </td>
                  <td className="py-2.5 text-right text-fg tabular-nums">{formatCount(q.depth)}</td>
                  <td className={cn('py-2.5 text-right tabular-nums', q.consumers === 0 ? 'font-medium text-amber-700 dark:text-amber-300' : 'text-fg')}>
                    {q.consumers === 0 ? 'None' : formatCount(q.consumers)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Card>
  );
}
