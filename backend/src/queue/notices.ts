/**
 * Notices: coalesced, non-persistent "these jobs and files changed" messages from
 * the processes that change them (workers finishing runs, APIs taking decisions) to
 * every API process, which turns them into live updates. One message per batch, no
 * confirms, nothing stored: they add no persistent message per job (see topology.ts).
 */
import type { Consumer, Publisher } from 'rabbitmq-client';
import type { Logger } from '../logger.js';
import type { Broker } from './broker.js';

export interface Notice {
  jobs: { id: string; status: string | null; file_id: string | null }[];
  files: string[];
}

export class NoticePublisher {
  private readonly publisher: Publisher;
  constructor(private readonly broker: Broker) {
    this.publisher = broker.connection.createPublisher({ confirm: false, maxAttempts: 1 });
  }

  /** Fire and forget: a notice that cannot be sent (broker away) is dropped. */
  publish(n: Notice): void {
    if (!this.broker.connected || (n.jobs.length === 0 && n.files.length === 0)) return;
    void this.publisher
      .send({ exchange: this.broker.topology.noticesExchange, routingKey: '', durable: false, contentType: 'application/json' }, Buffer.from(JSON.stringify(n)))
      .catch(() => {});
  }

  close(): Promise<void> {
    return this.publisher.close().catch(() => {});
  }
}

/** An exclusive queue bound to the notices exchange, handing each notice to `onNotice`. */
export function consumeNotices(broker: Broker, log: Logger, onNotice: (n: Notice) => void): Consumer {
  const consumer = broker.connection.createConsumer(
    {
      queue: '', // server-named, re-declared after a reconnect
      queueOptions: { exclusive: true, autoDelete: true, durable: false },
      queueBindings: [{ exchange: broker.topology.noticesExchange, routingKey: '' }],
      exchanges: [{ exchange: broker.topology.noticesExchange, type: 'fanout', durable: false }],
      noAck: true,
    },
    (msg) => {
      try {
        const body = typeof msg.body === 'string' ? msg.body : Buffer.isBuffer(msg.body) ? msg.body.toString('utf8') : JSON.stringify(msg.body);
        const n = JSON.parse(body) as Notice;
        if (Array.isArray(n.jobs) && Array.isArray(n.files)) onNotice(n);
      } catch {
        // A malformed notice is only a missed live update.
      }
    },
  );
  consumer.on('error', (err) => log.warn({ err: err.message }, 'notice consumer error (it re-subscribes by itself)'));
  return consumer;
}
