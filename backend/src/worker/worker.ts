/**
 * The worker: consumes the work queues (manual acks, prefetch = concurrency), turns
 * the jobs a message announces (one, or a batch: queue/message.ts) into runs as run
 * slots free up (slots.ts; claim.ts claims them), runs the command's handler with an
 * AbortSignal and the command's timeout, and ends the run (finish.ts); claims and ends
 * are group-committed together (writer.ts).
 * A message is acknowledged only after every run it started has its end committed, so
 * a crash anywhere means redelivery, never loss: a redelivered batch re-claims only the
 * jobs still waiting (finished ones are duplicates, a RUNNING one is taken over).
 * Nothing waits inside the worker: retries and polls are scheduled in the database and
 * published by the outbox relay when due.
 */
import { ConsumerStatus, type AsyncMessage, type Consumer } from 'rabbitmq-client';
import type { Db } from '../db/connection.js';
import type { Job } from '../db/schema.js';
import type { CommandRegistry } from '../jobs/registry.js';
import type { Logger } from '../logger.js';
import type { OutboxRelay } from '../jobs/outbox.js';
import { cancelledAmong } from '../jobs/repository.js';
import type { Broker } from '../queue/broker.js';
import { announcedJobIds } from '../queue/message.js';
import { workQueueArguments, type WorkQueue } from '../queue/topology.js';
import { LostClaimError, RunContext } from './context.js';
import type { Finish, Finisher, RunEnd } from './finish.js';
import { RunWriter } from './writer.js';
import { RunMetrics, type EngineMetrics } from './metrics.js';
import { Slots } from './slots.js';
import { RunStop } from './stop.js';
import { classifyError } from '../core/outcomes.js';

/** Why a run's signal was aborted. */
class StopReason extends Error {
  constructor(readonly why: 'shutdown' | 'cancelled' | 'timeout', message: string) {
    super(message);
  }
}

export interface WorkerOptions<D> {
  db: Db;
  broker: Broker;
  registry: CommandRegistry;
  relay: OutboxRelay;
  finisher: Finisher;
  metrics: EngineMetrics;
  log: Logger;
  deps: D;
  queues: readonly WorkQueue[];
  concurrency: number;
  /** How often running jobs are checked for cancellation (default 1000 ms). */
  cancelPollMs?: number;
  /** How long a batch message may wait for run slots before its unstarted jobs go back (default BATCH_HOLD_MS). */
  batchHoldMs?: number;
}

/**
 * A batch message is held (unacknowledged) while its jobs wait for run slots. After a
 * minute its unstarted jobs go back to the queue with it (requeued once its started runs
 * end), so no delivery comes near RabbitMQ's consumer timeout (30 min by default: a
 * delivery held longer closes the channel) and another worker with free slots may take
 * them meanwhile.
 */
export const BATCH_HOLD_MS = 60_000;

export class Worker<D = unknown> {
  private consumers: Consumer[] = [];
  private readonly inflight = new Map<string, RunStop>();
  /** Claims and run ends, group-committed together (writer.ts). */
  private readonly writer: RunWriter;
  private cancelTimer: NodeJS.Timeout | null = null;
  private readonly slots: Slots;
  private readonly runMetrics: RunMetrics;

  constructor(private readonly o: WorkerOptions<D>) {
    this.slots = new Slots(o.concurrency);
    this.runMetrics = new RunMetrics(o.metrics);
    this.writer = new RunWriter(o.db, o.finisher);
  }

  get running(): number {
    return this.inflight.size;
  }

  start(): void {
    this.slots.open();
    const t = this.o.broker.topology;
    for (const queue of this.o.queues) {
      const consumer = this.o.broker.connection.createConsumer(
        {
          queue: t.queue(queue),
          queueOptions: { durable: true, arguments: workQueueArguments(t, queue) },
          qos: { prefetchCount: this.o.concurrency },
          concurrency: this.o.concurrency,
          requeue: true,
        },
        (msg) => this.onMessage(queue, msg),
      );
      consumer.on('error', (err) => this.o.log.warn({ err: err.message, queue }, 'consumer error (it re-subscribes by itself)'));
      this.consumers.push(consumer);
    }
    this.cancelTimer = setInterval(() => void this.abortCancelled(), this.o.cancelPollMs ?? 1000);
    this.cancelTimer.unref();
    this.o.log.info({ queues: this.o.queues, concurrency: this.o.concurrency }, 'worker consuming');
  }

  /**
   * Graceful stop: take no new deliveries, let runs finish for `graceMs`, then abort
   * the rest and hand them back (their attempts returned). Unstarted prefetched
   * messages go back to the queue when the channel closes.
   */
  async stop(graceMs: number): Promise<void> {
    // Batches stop starting jobs; their messages go back to the queue once their started runs end.
    this.slots.close();
    const closing = Promise.all(this.consumers.map((c) => c.close()));
    const timer = setTimeout(() => {
      for (const c of this.inflight.values()) c.abort(new StopReason('shutdown', 'worker shutting down'));
    }, graceMs);
    await Promise.race([closing, new Promise((r) => setTimeout(r, graceMs + 10_000))]);
    clearTimeout(timer);
    if (this.cancelTimer) clearInterval(this.cancelTimer);
    await this.writer.drain();
  }

  private async abortCancelled(): Promise<void> {
    if (this.inflight.size === 0) return;
    try {
      for (const id of await cancelledAmong(this.o.db, [...this.inflight.keys()])) {
        this.inflight.get(id)?.abort(new StopReason('cancelled', 'job cancelled'));
      }
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'cancellation check failed');
    }
  }

  private async onMessage(queue: WorkQueue, msg: AsyncMessage): Promise<ConsumerStatus> {
    const ids = announcedJobIds(msg.body);
    if (!ids) {
      this.o.log.error({ queue, message_id: msg.messageId }, 'undecodable message sent to the dead-letter queue');
      return ConsumerStatus.DROP;
    }
    if (msg.redelivered) this.o.metrics.redeliveries.inc({ queue });
    const started: Promise<void>[] = [];
    let unstarted = false;
    const holdUntil = performance.now() + (this.o.batchHoldMs ?? BATCH_HOLD_MS);
    for (let i = 0; i < ids.length; ) {
      // As many slots as are free at this message's turn, up to the jobs it has left.
      const granted = await this.slots.acquire(queue, ids.length - i);
      if (granted === 0) {
        unstarted = true; // shutting down: the rest stay waiting in the database
        break;
      }
      if (i > 0 && performance.now() > holdUntil) {
        this.slots.release(granted); // held long enough: the rest go back with the message
        this.o.metrics.batchesRequeued.inc({ queue });
        unstarted = true;
        break;
      }
      for (const jobId of ids.slice(i, i + granted)) {
        started.push(this.take(queue, jobId, msg.redelivered).finally(() => this.slots.release()));
      }
      i += granted;
    }
    // Every started run ends (or fails to) before the message is settled: requeueing it
    // while one still ran would let a redelivery take that run over.
    const settled = await Promise.allSettled(started);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason; // requeued (consumer option)
    return unstarted ? ConsumerStatus.REQUEUE : ConsumerStatus.ACK;
  }

  /** Claim one announced job and run it, or settle why not. */
  private async take(queue: WorkQueue, jobId: string, redelivered: boolean): Promise<void> {
    const claim = await this.writer.claim({ jobId, redelivered });
    switch (claim.kind) {
      case 'claimed':
        await this.run(claim.job, claim.runId);
        return;
      case 'exhausted': {
        const error = `${claim.job.last_error ? `${claim.job.last_error}; ` : ''}attempt ${claim.job.attempts} of ${claim.job.max_attempts} never finished (the worker stopped during the run); no attempts left`;
        await this.writer.finish({ job: claim.job, runId: claim.job.run_id ?? '', end: { kind: 'exhausted', error }, events: [], followUps: [] });
        this.o.log.warn({ job_id: claim.job.id }, 'job failed: attempts used up by runs that never finished');
        return;
      }
      case 'duplicate':
        this.o.metrics.duplicates.inc({ queue });
        return;
      case 'early':
      case 'missing':
        return;
    }
  }

  private async run(job: Job, runId: string): Promise<void> {
    // A child logger per run costs more than the run of a small job: made on first use.
    let child: Logger | null = null;
    const log = () => (child ??= this.o.log.child({ job_id: job.id, command_type: job.command_type, attempt: job.attempts }));
    const started = performance.now();
    const stop = new RunStop();
    this.inflight.set(job.id, stop);
    let end: RunEnd | { kind: 'lost' };
    let events: Finish['events'] = [];
    let followUps: Finish['followUps'] = [];
    let timer: NodeJS.Timeout | undefined;
    try {
      const def = this.o.registry.get(job.command_type);
      const payload = this.o.registry.validate(job.command_type, JSON.parse(job.payload_json));
      timer = setTimeout(
        () => stop.abort(new StopReason('timeout', `timed out after ${def.timeoutMs / 1000} s`)),
        def.timeoutMs,
      );
      const ctx = new RunContext(this.o.db, job, runId, payload, stop, log, this.o.deps);
      events = ctx.state.events;
      followUps = ctx.state.followUps;
      const result = await stop.race(def.handler(ctx));
      end = { kind: 'done', result };
    } catch (err) {
      const reason = stop.reason;
      if (reason instanceof StopReason && reason.why === 'shutdown') end = { kind: 'handback', reason: reason.message };
      else if (reason instanceof StopReason && reason.why === 'cancelled') end = { kind: 'lost' };
      else if (reason instanceof StopReason) end = { kind: 'retryable', error: reason.message, code: 'TIMEOUT' };
      else if (err instanceof LostClaimError) end = { kind: 'lost' };
      else end = classifyError(err);
    } finally {
      clearTimeout(timer);
      this.inflight.delete(job.id);
    }
    const seconds = (performance.now() - started) / 1000;
    this.runMetrics.ran(job.command_type, end.kind, seconds);
    if (end.kind === 'lost') {
      this.o.metrics.duplicateExecutions.inc({ command_type: job.command_type });
      return;
    }
    const res = await this.writer.finish({ job, runId, end, events, followUps });
    if (!res.applied) this.o.metrics.duplicateExecutions.inc({ command_type: job.command_type });
    if (res.state === 'retrying') {
      if (end.kind === 'retryable') this.o.metrics.retries.inc({ command_type: job.command_type });
      // The relay polls anyway; this publishes a short wait on time.
      if (res.delayMs && res.delayMs < 60_000) setTimeout(() => this.o.relay.kick(), res.delayMs + 5).unref();
    }
    if (end.kind === 'permanent' || end.kind === 'retryable') log().warn({ error: end.error, state: res.state }, 'run failed');
  }
}
