/**
 * The transactional outbox and its relay.
 *
 * A message is written to `outbox` in the same transaction as its cause (a new job,
 * a scheduled retry, an event, a dead letter). The relay publishes it with confirms
 * and deletes it. Two paths:
 *  - fast: the writer claims the rows it inserted (claimed_until) and hands them to
 *    `dispatch()` right after commit: published at once, no polling delay;
 *  - poll: every `pollMs` each process's relay claims due, unclaimed rows (scheduled
 *    retries whose time came, rows a crashed or disconnected process left) — claims are
 *    conditional UPDATEs, so two relays never take the same row at once.
 * Delivery is at-least-once: a row published twice is harmless (workers claim jobs).
 *
 * Rows announcing jobs on the same work queue that are published together (a flush of
 * due retries, a backlog left by a broker outage) go out as ONE batch message naming
 * all their jobs (queue/message.ts): the broker's confirmed, persistent messages are the
 * scarce resource, not the jobs. Dead letters and events are always published one by one.
 */
import type { ExpressionBuilder, Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';
import type { Database, OutboxTable } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { Broker } from '../queue/broker.js';
import { isoAfter, nowIso } from '../time.js';
import { Batcher } from './batcher.js';
import { ANNOUNCE_MAX, announcedJobIds, encodeBatch } from '../queue/message.js';

export type NewOutboxRow = Insertable<OutboxTable>;
export interface OutboxRow {
  id: number;
  exchange: string;
  routing_key: string;
  body: string;
  job_id: string | null;
}

/** One broker message and the outbox rows it publishes. */
interface Publication {
  rows: OutboxRow[];
  exchange: string;
  routingKey: string;
  body: string;
  messageId?: string;
}

/** How long a claim keeps other relays away from a row. */
export const CLAIM_MS = 30_000;

/** Insert outbox rows inside the caller's transaction; returns the rows due now, claimed for dispatch. */
export async function insertOutbox(trx: Db, rows: NewOutboxRow[]): Promise<OutboxRow[]> {
  if (rows.length === 0) return [];
  const out: OutboxRow[] = [];
  for (let i = 0; i < rows.length; i += 400) {
    const chunk = rows.slice(i, i + 400);
    const inserted = await trx
      .insertInto('outbox')
      .values(chunk)
      .returning(['id', 'exchange', 'routing_key', 'body', 'job_id', 'claimed_until'])
      .execute();
    for (const r of inserted) if (r.claimed_until) out.push(r);
  }
  return out;
}

/** A row to publish now, claimed by the writer for the fast path. */
export function outboxNow(exchange: string, routingKey: string, body: string, jobId: string | null): NewOutboxRow {
  const now = nowIso();
  return { exchange, routing_key: routingKey, body, job_id: jobId, available_at: now, claimed_until: isoAfter(CLAIM_MS), created_at: now };
}

/** A row the poll path publishes once `at` has come. */
export function outboxAt(at: string, exchange: string, routingKey: string, body: string, jobId: string | null): NewOutboxRow {
  return { exchange, routing_key: routingKey, body, job_id: jobId, available_at: at, claimed_until: null, created_at: nowIso() };
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private stopped = false;
  /** Published rows not yet deleted: the next write transaction of this process takes them. */
  private confirmed: number[] = [];
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly releaser: Batcher<number, undefined>;
  private readonly inflight = new Set<Promise<boolean>>();
  /** Published successfully (counter for metrics and tests). */
  published = 0;

  constructor(
    private readonly db: Db,
    private readonly broker: Broker,
    private readonly log: Logger,
    private readonly pollMs = 250,
  ) {
    this.releaser = new Batcher(async (ids) => {
      await db.transaction().execute((trx) => trx.updateTable('outbox').set({ claimed_until: null }).where('id', 'in', ids).execute());
      return ids.map(() => undefined);
    }, 500);
    broker.connection.on('connection', () => this.kick());
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inflight]);
    await this.deleteConfirmed();
    await this.releaser.drain();
  }

  /** Publish rows this process just committed and claimed (fast path). */
  dispatch(rows: OutboxRow[]): void {
    if (rows.length === 0) return;
    if (!this.broker.connected) {
      // Leave them for the poll path once the broker is back (released now, not in 30 s).
      for (const r of rows) void this.releaser.submit(r.id).catch(() => {});
      return;
    }
    for (const pub of this.publications(rows)) {
      const p = this.publish(pub);
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
    }
  }

  /** Group job announcements per work queue (up to ANNOUNCE_MAX jobs a message); everything else as is. */
  private publications(rows: OutboxRow[]): Publication[] {
    const out: Publication[] = [];
    const open = new Map<string, { rows: OutboxRow[]; ids: string[] }>();
    const close = (key: string) => {
      const g = open.get(key);
      if (!g) return;
      open.delete(key);
      out.push(
        g.rows.length === 1
          ? single(g.rows[0])
          : { rows: g.rows, exchange: '', routingKey: key, body: encodeBatch(g.ids) },
      );
    };
    for (const r of rows) {
      const ids = r.exchange === '' && this.broker.topology.workQueueOf(r.routing_key) ? announcedJobIds(r.body) : null;
      if (!ids) {
        out.push(single(r));
        continue;
      }
      const g = open.get(r.routing_key);
      if (g && g.ids.length + ids.length > ANNOUNCE_MAX) close(r.routing_key);
      const target = open.get(r.routing_key) ?? { rows: [], ids: [] };
      target.rows.push(r);
      target.ids.push(...ids);
      open.set(r.routing_key, target);
    }
    for (const key of [...open.keys()]) close(key);
    return out;
  }

  private async publish(pub: Publication): Promise<boolean> {
    try {
      await this.broker.publish({ exchange: pub.exchange, routingKey: pub.routingKey, body: pub.body, messageId: pub.messageId });
      this.published += pub.rows.length;
      for (const r of pub.rows) this.confirmed.push(r.id);
      // Normally a write transaction of this process takes them within milliseconds;
      // when none comes, delete them on their own shortly.
      this.sweepTimer ??= setTimeout(() => void this.deleteConfirmed(), 100);
      return true;
    } catch (err) {
      this.log.debug({ err: (err as Error).message, outbox_ids: pub.rows.map((r) => r.id) }, 'publish failed; the relay will retry');
      await Promise.all(pub.rows.map((r) => this.releaser.submit(r.id).catch(() => {})));
      return false;
    }
  }

  /**
   * Delete the rows published since the last call, inside the caller's transaction
   * (saves a commit per batch: SQLite write transactions are the engine's bottleneck).
   */
  async deleteConfirmedIn(trx: Db): Promise<void> {
    const ids = this.confirmed;
    if (ids.length === 0) return;
    this.confirmed = [];
    for (let i = 0; i < ids.length; i += 500) await trx.deleteFrom('outbox').where('id', 'in', ids.slice(i, i + 500)).execute();
  }

  private async deleteConfirmed(): Promise<void> {
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    const ids = this.confirmed;
    if (ids.length === 0) return;
    this.confirmed = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < ids.length; i += 500) await trx.deleteFrom('outbox').where('id', 'in', ids.slice(i, i + 500)).execute();
      });
    } catch (err) {
      this.confirmed.push(...ids); // published already; deleting them can wait
      this.log.warn({ err: (err as Error).message }, 'deleting published outbox rows failed');
    }
  }

  /** Poll once now (also called on reconnect). */
  kick(): void {
    if (this.polling || this.stopped || !this.broker.connected) return;
    this.polling = true;
    void this.pollDue()
      .catch((err) => this.log.warn({ err: (err as Error).message }, 'outbox poll failed'))
      .finally(() => {
        this.polling = false;
      });
  }

  private async pollDue(): Promise<void> {
    for (let round = 0; round < 20 && this.broker.connected && !this.stopped; round++) {
      const rows = await this.claimDue(500);
      if (rows.length === 0) return;
      const results = await Promise.all(this.publications(rows).map((p) => this.publish(p)));
      if (results.some((ok) => !ok)) return;
    }
  }

  /**
   * Claim up to `limit` due, unclaimed rows (conditional UPDATE: safe across processes).
   * A read first: most polls find nothing, and a read never waits in WAL mode, while a
   * write outside a transaction would wait for the other process's commit inside
   * SQLite's busy handler, which sleeps this whole process (measured: up to 100 ms per
   * poll in the API under load). When rows are due, the claim runs in a transaction,
   * whose lock wait (connection.ts) keeps the event loop serving.
   */
  async claimDue(limit: number): Promise<OutboxRow[]> {
    const now = nowIso();
    const unclaimed = (eb: ExpressionBuilder<Database, 'outbox'>) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]);
    const due = await this.db
      .selectFrom('outbox')
      .select('id')
      .where('available_at', '<=', now)
      .where(unclaimed)
      .orderBy('available_at')
      .limit(limit)
      .execute();
    if (due.length === 0) return [];
    return this.db.transaction().execute((trx) =>
      trx
        .updateTable('outbox')
        .set({ claimed_until: isoAfter(CLAIM_MS) })
        .where('id', 'in', due.map((r) => r.id))
        .where(unclaimed)
        .returning(['id', 'exchange', 'routing_key', 'body', 'job_id'])
        .execute(),
    );
  }

  /** Rows waiting to be published (for health and metrics). */
  async backlog(): Promise<number> {
    const r = await this.db
      .selectFrom('outbox')
      .select(sql<number>`count(*)`.as('n'))
      .where('available_at', '<=', nowIso())
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}

function single(r: OutboxRow): Publication {
  return { rows: [r], exchange: r.exchange, routingKey: r.routing_key, body: r.body, messageId: r.job_id ?? undefined };
}
