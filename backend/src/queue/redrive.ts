/**
 * Dead letters: list and redrive. Redrive takes each message out of `<queue>.dlq`,
 * resets its job (FAILED/CANCELLED → PENDING with a fresh attempt budget) and
 * publishes it again through the outbox, in that order, then acknowledges the dead
 * letter. A dead letter whose job was already retried another way is simply dropped;
 * one that cannot be decoded is left in place.
 */
import type { Db } from '../db/connection.js';
import { insertOutbox, type OutboxRelay } from '../jobs/outbox.js';
import { resetForRetry } from '../jobs/repository.js';
import type { JobService } from '../jobs/service.js';
import type { Broker } from './broker.js';
import { decodeJobMessage } from './message.js';
import { WORK_QUEUES, type WorkQueue } from './topology.js';

export interface QueueStats {
  name: WorkQueue;
  depth: number;
  consumers: number;
  dlq_depth: number;
}

export function isWorkQueue(name: string): name is WorkQueue {
  return (WORK_QUEUES as readonly string[]).includes(name);
}

export async function queueStats(broker: Broker): Promise<QueueStats[]> {
  const t = broker.topology;
  const out: QueueStats[] = [];
  for (const name of WORK_QUEUES) {
    const q = await broker.connection.queueDeclare({ queue: t.queue(name), passive: true });
    const d = await broker.connection.queueDeclare({ queue: t.dlq(name), passive: true });
    out.push({ name, depth: q.messageCount, consumers: q.consumerCount, dlq_depth: d.messageCount });
  }
  return out;
}

export async function redrive(deps: { db: Db; broker: Broker; relay: OutboxRelay; jobs: JobService }, queue: WorkQueue): Promise<number> {
  const { db, broker, relay, jobs } = deps;
  const dlq = broker.topology.dlq(queue);
  const ch = await broker.connection.acquire();
  let redriven = 0;
  try {
    const { messageCount } = await ch.queueDeclare({ queue: dlq, passive: true });
    for (let i = 0; i < messageCount; i++) {
      const msg = await ch.basicGet({ queue: dlq });
      if (!msg) break;
      const m = decodeJobMessage(msg.body);
      if (!m) {
        ch.basicNack({ deliveryTag: msg.deliveryTag, requeue: true });
        continue;
      }
      const claimed = await db.transaction().execute(async (trx) => {
        const job = await resetForRetry(trx, m.job_id, ['failed', 'cancelled']);
        return job ? insertOutbox(trx, [jobs.messageFor(job)]) : null;
      });
      if (claimed) {
        relay.dispatch(claimed);
        redriven++;
      }
      ch.basicAck({ deliveryTag: msg.deliveryTag });
    }
  } finally {
    await ch.close().catch(() => {});
  }
  return redriven;
}
