/**
 * Notices: coalesced, non-persistent "these jobs and files changed" messages from
 * the processes that change them (workers finishing runs, APIs taking decisions) to
 * every API process, which turns them into live updates. One message per window (1 ms,
 * the worker's 50 ms), no confirms, nothing stored: they add no persistent message per
 * job (see topology.ts).
 */
import type { Consumer, Publisher } from 'rabbitmq-client';
import type { Logger } from '../logger.js';
import type { Broker } from './broker.js';

export interface Notice {
  jobs: { id: string; status: string | null; file_id: string | null }[];
  files: string[];
}

/** How long changes are gathered into one notice (ms): live views may lag this much. */
export const NOTICE_WINDOW_MS = 1;
/**
 * The worker's window: its finish batches follow each other closely under load, and its
 * notices were the most numerous. A 50 ms window in the API as well gained requests/s
 * but raised enqueue → COMPLETED p99 at 90 % load from 12 to 38–50 ms (bench/latency.ts;
 * why is not pinned down), so the API keeps a 1 ms one.
 */
export const WORKER_NOTICE_WINDOW_MS = 50;
/** Jobs named in one notice; a fuller window is sent at once. */
export const NOTICE_MAX_JOBS = 200;

export class NoticePublisher {
  private readonly publisher: Publisher;
  /** Changes gathered since the last notice: a job named twice (enqueued, then finished) once, latest status. */
  private jobs = new Map<string, Notice['jobs'][number]>();
  private files = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly broker: Broker,
    private readonly windowMs = NOTICE_WINDOW_MS,
  ) {
    this.publisher = broker.connection.createPublisher({ confirm: false, maxAttempts: 1 });
  }

  /**
   * Gather the changes of the next window into one notice. Under load every group commit
   * of every process changed jobs: a notice each was hundreds of messages a second that
   * every API received and parsed (3 % of the API's CPU under the HTTP load).
   */
  publish(n: Notice): void {
    for (const j of n.jobs) {
      this.jobs.delete(j.id); // re-inserted last: the newest status
      this.jobs.set(j.id, j);
    }
    for (const f of n.files) this.files.add(f);
    if (this.jobs.size >= NOTICE_MAX_JOBS) this.flush();
    else if (!this.timer && (this.jobs.size || this.files.size)) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }

  /** Fire and forget: a notice that cannot be sent (broker away) is dropped. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const notice: Notice = { jobs: [...this.jobs.values()], files: [...this.files] };
    this.jobs = new Map();
    this.files = new Set();
    if (!this.broker.connected || (notice.jobs.length === 0 && notice.files.length === 0)) return;
    void this.publisher
      .send({ exchange: this.broker.topology.noticesExchange, routingKey: '', durable: false, contentType: 'application/json' }, Buffer.from(JSON.stringify(notice)))
      .catch(() => {});
  }

  close(): Promise<void> {
    this.flush();
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
