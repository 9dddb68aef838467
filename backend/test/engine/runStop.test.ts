/**
 * A run's stop switch (worker/stop.ts): the wait for the handler ends at once on a stop,
 * and the handler's AbortSignal, made only when read, is aborted with the same reason
 * whether it was read before or after the stop.
 */
import { describe, expect, it } from 'vitest';
import { RunStop } from '../../src/worker/stop.js';

const never = new Promise<never>(() => {});

describe('the run stop switch', () => {
  it('settles with the handler when nothing stops it', async () => {
    const stop = new RunStop();
    expect(await stop.race(Promise.resolve('done'))).toBe('done');
    await expect(stop.race(Promise.reject(new Error('handler failed')))).rejects.toThrow('handler failed');
    expect(stop.reason).toBeNull();
  });

  it('ends the wait for a handler that ignores its signal, and aborts a signal read before', async () => {
    const stop = new RunStop();
    const signal = stop.signal;
    const waiting = stop.race(never);
    const reason = new Error('timed out after 1 s');
    stop.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it('hands a signal read after the stop already aborted, and keeps the first reason', async () => {
    const stop = new RunStop();
    const first = new Error('job cancelled');
    stop.abort(first);
    stop.abort(new Error('worker shutting down'));
    expect(stop.signal.aborted).toBe(true);
    expect(stop.signal.reason).toBe(first);
    await expect(stop.race(Promise.resolve('late'))).rejects.toBe(first);
  });
});
