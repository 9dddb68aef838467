/**
 * Dead letters: list and redrive. Redrive takes each message out of `<queue>.dlq`,
 * resets its job (FAILED/CANCELLED → PENDING with a fresh attempt budget) and
 * publishes it again through the outbox, in that order, then acknowledges the dead
 * letter. A dead letter whose job was already retried another way is simply dropped;
 * one that cannot be decoded is left in place.
 */
import type { Db } from '../db/connection.js';
import { insertOutbox, type OutboxRelay } from '../jobs/outbox.js';
import { getJobs, resetForRetry } from '../jobs/repository.js';
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

/**
 * Drop the dead letters whose job is no longer FAILED (retried another way, e.g. a
 * single retry from the dashboard), so the dead-letter count agrees with the FAILED
 * jobs. Every message is taken first and held unacknowledged, then each is dropped
 * (ack) or put back (nack + requeue, in its place): a requeued message is never taken
 * twice in one pass. Bounded by `max` messages per pass.
 */
export async function dropStaleDeadLetters(deps: { db: Db; broker: Broker }, queue: WorkQueue, max = 10_000): Promise<number> {
  const ch = await deps.broker.connection.acquire();
  const held: { tag: number; jobId: string | null }[] = [];
  let dropped = 0;
  try {
    const { messageCount } = await ch.queueDeclare({ queue: deps.broker.topology.dlq(queue), passive: true });
    for (let i = 0; i < Math.min(messageCount, max); i++) {
      const msg = await ch.basicGet({ queue: deps.broker.topology.dlq(queue) });
      if (!msg) break;
      held.push({ tag: msg.deliveryTag, jobId: decodeJobMessage(msg.body)?.job_id ?? null });
    }
    const ids = [...new Set(held.map((h) => h.jobId).filter((id): id is string => id !== null))];
    const failed = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const j of await getJobs(deps.db, ids.slice(i, i + 500))) if (j.status === 'failed') failed.add(j.id);
    }
    for (const h of held) {
      // Undecodable letters stay for a person to look at; so does every letter of a FAILED job.
      if (h.jobId === null || failed.has(h.jobId)) ch.basicNack({ deliveryTag: h.tag, requeue: true });
      else {
        ch.basicAck({ deliveryTag: h.tag });
        dropped++;
      }
    }
  } finally {
    await ch.close().catch(() => {});
  }
  return dropped;
}
