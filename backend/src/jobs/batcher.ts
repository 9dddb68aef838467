/**
 * Group commit: concurrent callers submit items; whatever accumulated while the
 * previous flush ran is written in ONE transaction by the next flush. Under load a
 * batch grows by itself; alone, an item is flushed on the next tick. SQLite commits
 * (fsync-bound) are the engine's bottleneck, so this is what makes it fast.
 *
 * If a batch fails as a whole, each item is retried on its own, so one bad item
 * cannot fail the others.
 */
export class Batcher<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
    /** Wait this long after the first item before a flush (0: the next tick), to gather more per commit. */
    private readonly windowMs = 0,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything submitted so far is flushed. */
  async drain(): Promise<void> {
    while (this.pending.length || this.flushing) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.windowMs > 0) setTimeout(go, this.windowMs);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    const batch = this.pending.splice(0, this.maxBatch);
    try {
      const out = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]));
    } catch (err) {
      if (batch.length === 1) batch[0].reject(err);
      else {
        for (const b of batch) {
          try {
            const [o] = await this.run([b.item]);
            b.resolve(o);
          } catch (e) {
            b.reject(e);
          }
        }
      }
    } finally {
      this.flushing = false;
      if (this.pending.length) this.schedule();
    }
  }
}
