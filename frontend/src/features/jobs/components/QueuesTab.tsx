/** The Queues tab: each work queue's depth, consumers and dead letters, with "Redrive" for admins. */
import { useId } from 'react';
import { Layers, RotateCcw, TriangleAlert } from 'lucide-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Badge, Button, Card, CardHeader, ConfirmDialog, EmptyState, ErrorState, SkeletonRows, Table, TBody, Td, Th, THead, Tr } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import type { QueueRow } from '../api';
import { useJobOperations } from '../hooks/useOperations';
import { canRedrive } from '../model/actions';
import { QUEUE_DESCRIPTIONS } from '../model/commands';
import { plural } from '../model/format';

function RedriveButton({ queue, describedBy }: { queue: QueueRow; describedBy: string }) {
  const ops = useJobOperations();
  const n = queue.deadLetters;
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" aria-describedby={describedBy}>
          <RotateCcw aria-hidden="true" className="size-4" />
          Redrive
        </Button>
      }
      title={`Redrive ${queue.name}?`}
      description={`Move ${plural(n, 'dead letter')} of ${queue.name} back to the queue and reset their jobs?`}
      confirmLabel={`Redrive ${n.toLocaleString()}`}
      onConfirm={() => ops.redrive(queue)}
    >
      <p className="text-sm text-muted">Each job starts again with a fresh attempt budget. A dead letter whose job has already moved on is cleared.</p>
    </ConfirmDialog>
  );
}

function Consumers({ queue }: { queue: QueueRow }) {
  if (queue.consumers > 0) return <span className="tabular-nums">{queue.consumers.toLocaleString()}</span>;
  return (
    <Badge tone="attention" title="No worker is taking work from this queue">
      None
    </Badge>
  );
}

function DeadLetters({ queue }: { queue: QueueRow }) {
  if (queue.deadLetters === 0) return <span className="text-muted tabular-nums">0</span>;
  return (
    <Badge tone="danger" dot>
      {queue.deadLetters.toLocaleString()}
    </Badge>
  );
}

function QueueName({ queue, id }: { queue: QueueRow; id: string }) {
  return (
    <>
      <div id={id} className="font-mono text-[13px] font-medium text-fg">
        {queue.name}
      </div>
      {QUEUE_DESCRIPTIONS[queue.name] && <div className="mt-0.5 text-xs text-muted">{QUEUE_DESCRIPTIONS[queue.name]}</div>}
    </>
  );
}

function QueueRowView({ queue, role, layout }: { queue: QueueRow; role: string; layout: 'table' | 'list' }) {
  const nameId = useId();
  const redrive = canRedrive(role, queue.deadLetters) ? <RedriveButton queue={queue} describedBy={nameId} /> : null;
  const idle = queue.consumers === 0 && queue.depth > 0;
  if (layout === 'table') {
    return (
      <Tr className={cn(queue.deadLetters > 0 && 'bg-danger-soft/40')}>
        <Td>
          <QueueName queue={queue} id={nameId} />
        </Td>
        <Td className="text-right tabular-nums">
          <span className={cn(idle && 'font-medium text-amber-800 dark:text-amber-300')}>{queue.depth.toLocaleString()}</span>
        </Td>
        <Td className="text-right">
          <Consumers queue={queue} />
        </Td>
        <Td className="text-right">
          <DeadLetters queue={queue} />
        </Td>
        <Td className="text-right">{redrive}</Td>
      </Tr>
    );
  }
  return (
    <li className={cn('px-4 py-3.5', queue.deadLetters > 0 && 'bg-danger-soft/40')}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <QueueName queue={queue} id={nameId} />
        </div>
        {redrive}
      </div>
      <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-xs text-muted">Waiting</dt>
          <dd className="tabular-nums">{queue.depth.toLocaleString()}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Consumers</dt>
          <dd>
            <Consumers queue={queue} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Dead letters</dt>
          <dd>
            <DeadLetters queue={queue} />
          </dd>
        </div>
      </dl>
    </li>
  );
}

export function QueuesTab({ query, role }: { query: UseQueryResult<QueueRow[]>; role: string }) {
  const q = query;
  if (q.isPending) {
    return (
      <Card>
        <div className="p-5">
          <SkeletonRows rows={5} />
        </div>
      </Card>
    );
  }
  if (q.isError && !q.data) {
    return (
      <Card>
        <ErrorState error={q.error} title="The queues can’t be read" onRetry={() => void q.refetch()} />
      </Card>
    );
  }
  const queues = q.data ?? [];
  if (queues.length === 0) {
    return (
      <Card>
        <EmptyState icon={Layers} title="No queues to show">
          The API reported no work queues.
        </EmptyState>
      </Card>
    );
  }
  const idle = queues.filter((x) => x.consumers === 0);
  return (
    <Card>
      <CardHeader
        title="Work queues"
        description="Messages waiting on RabbitMQ, the workers taking them, and the dead letters of jobs that failed for good."
        className="pb-4"
      />
      {idle.length > 0 && (
        <p className="mx-5 mb-4 flex items-start gap-2 rounded-xl bg-amber-50 px-3 py-2 text-sm text-amber-900 sm:mx-6 dark:bg-amber-950 dark:text-amber-200">
          <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>
            {idle.length === 1
              ? `No worker is taking work from ${idle[0].name}: its messages wait until one starts.`
              : `No worker is taking work from ${idle.map((x) => x.name).join(', ')}: their messages wait until one starts.`}
          </span>
        </p>
      )}
      <div className="hidden border-t border-border sm:block">
        <Table caption="Work queues">
          <THead>
            <tr>
              <Th>Queue</Th>
              <Th className="text-right">Waiting</Th>
              <Th className="text-right">Consumers</Th>
              <Th className="text-right">Dead letters</Th>
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {queues.map((x) => (
              <QueueRowView key={x.name} queue={x} role={role} layout="table" />
            ))}
          </TBody>
        </Table>
      </div>
      <ul className="divide-y divide-border border-t border-border sm:hidden" aria-label="Work queues">
        {queues.map((x) => (
          <QueueRowView key={x.name} queue={x} role={role} layout="list" />
        ))}
      </ul>
    </Card>
  );
}
