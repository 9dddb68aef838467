/**
 * Repeated login failures from one client are slowed, then refused (SPEC §4):
 * after SLOW_AFTER failures each answer waits 250 ms × 2^(n − SLOW_AFTER) (max 2 s);
 * after REFUSE_AFTER failures the client gets 429 until the window passes.
 * A success clears the count. In memory per API process: good enough to stop
 * guessing; a shared store would be needed only with many API processes.
 */
export const SLOW_AFTER = 3;
export const REFUSE_AFTER = 10;
export const WINDOW_MS = 15 * 60_000;

interface Entry {
  failures: number;
  firstAt: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now = Date.now) {}

  private entry(client: string): Entry | undefined {
    const e = this.entries.get(client);
    if (e && this.now() - e.firstAt > WINDOW_MS) {
      this.entries.delete(client);
      return undefined;
    }
    return e;
  }

  /** Seconds until the client may try again, or 0 when allowed. */
  refusedFor(client: string): number {
    const e = this.entry(client);
    if (!e || e.failures < REFUSE_AFTER) return 0;
    return Math.ceil((e.firstAt + WINDOW_MS - this.now()) / 1000);
  }

  /** Record a failure; returns how long to delay the answer (ms). */
  fail(client: string): number {
    const e = this.entry(client) ?? { failures: 0, firstAt: this.now() };
    e.failures++;
    this.entries.set(client, e);
    if (this.entries.size > 10_000) this.entries.delete(this.entries.keys().next().value as string);
    return e.failures < SLOW_AFTER ? 0 : Math.min(2000, 250 * 2 ** (e.failures - SLOW_AFTER));
  }

  succeed(client: string): void {
    this.entries.delete(client);
  }
}
