/**
 * The worker's run slots: WORKER_CONCURRENCY runs at once across all its queues.
 * Waiters are served first come, first served, so a queue with a deep backlog of batch
 * announcements cannot starve another queue's lone job: each batch takes a slot per job,
 * in turn with everyone else. `close()` releases every waiter with `false` (shutdown).
 */
export class Slots {
  private free: number;
  private closed = false;
  private readonly waiters: ((ok: boolean) => void)[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Runs holding a slot now. */
  get busy(): number {
    return this.size - this.free;
  }

  acquire(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next(true); // the slot passes straight to the next waiter
    else this.free++;
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(false);
  }

  open(): void {
    this.closed = false;
  }
}
