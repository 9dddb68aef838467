/**
 * The worker's run slots: WORKER_CONCURRENCY runs at once across all its queues.
 *
 * Fairness: waiting messages are served per queue in turn (round robin), first come
 * first served within a queue, so a queue with a deep backlog of batch announcements
 * cannot starve another queue's lone job.
 *
 * Locality: a batch message asks for as many slots as it has jobs left and is granted
 * as many as are free at its turn, so its jobs start (and are claimed and finished)
 * together. Granting one slot per job in turn to every waiting message started job 1
 * of each of 200 announced batches together: every claim and every finish touched a
 * different page of the jobs table and its indexes (measured: 1.45 WAL pages written
 * per job instead of about 0.3). Freed slots are handed out once per event-loop turn
 * (setImmediate), so the runs a group commit ends together free their slots together.
 *
 * `close()` answers every waiter with 0 (shutdown).
 */
interface Waiter {
  want: number;
  grant: (n: number) => void;
}

export class Slots {
  private free: number;
  private closed = false;
  /** Waiting messages per queue, oldest first; a queue's entry goes when it has none. */
  private readonly waiting = new Map<string, Waiter[]>();
  /** Queues in turn order: the next grant goes to the first that has a waiter. */
  private turns: string[] = [];
  private dispatchScheduled = false;

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Runs holding a slot now. */
  get busy(): number {
    return this.size - this.free;
  }

  /** Up to `want` slots for a message of `queue`: resolves with how many (at least 1), or 0 once closed. */
  acquire(queue: string, want = 1): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    if (this.free > 0 && this.waiting.size === 0) {
      const n = Math.min(this.free, want);
      this.free -= n;
      return Promise.resolve(n);
    }
    return new Promise((grant) => {
      const list = this.waiting.get(queue);
      if (list) list.push({ want, grant });
      else {
        this.waiting.set(queue, [{ want, grant }]);
        this.turns.push(queue);
      }
      this.scheduleDispatch();
    });
  }

  release(n = 1): void {
    this.free += n;
    if (this.waiting.size) this.scheduleDispatch();
  }

  close(): void {
    this.closed = true;
    for (const list of this.waiting.values()) for (const w of list) w.grant(0);
    this.waiting.clear();
    this.turns = [];
  }

  open(): void {
    this.closed = false;
  }

  private scheduleDispatch(): void {
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    setImmediate(() => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  /** Free slots to waiting messages, one message per queue in turn. */
  private dispatch(): void {
    while (this.free > 0 && this.turns.length > 0) {
      const queue = this.turns.shift()!;
      const list = this.waiting.get(queue)!;
      const w = list.shift()!;
      const n = Math.min(this.free, w.want);
      this.free -= n;
      if (list.length) this.turns.push(queue); // its next message waits for the queue's next turn
      else this.waiting.delete(queue);
      w.grant(n);
    }
  }
}
