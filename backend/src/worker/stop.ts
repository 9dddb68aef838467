/**
 * A run's stop switch: timeout, cancellation or shutdown end the run's wait for its
 * handler at once, and abort the handler's AbortSignal. The AbortController is made
 * only when the handler reads `ctx.signal`: making one (an EventTarget, with a listener
 * to race the handler) was 6 % of the worker's CPU for small jobs, most of which never
 * look at it.
 */
export class RunStop {
  /** Why the run was stopped; null while it may go on. */
  reason: unknown = null;
  private controller: AbortController | null = null;
  private reject: ((reason: unknown) => void) | null = null;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason !== null) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.controller?.abort(reason);
    this.reject?.(reason);
  }

  /** Settle with the handler, or reject as soon as the run is stopped (a handler that ignores its signal cannot hold the worker). */
  race<T>(handler: Promise<T>): Promise<T> {
    if (this.reason !== null) return Promise.reject(this.reason);
    return new Promise<T>((resolve, reject) => {
      this.reject = reject;
      handler.then(resolve, reject);
    });
  }
}
