/**
 * The group commit helper (jobs/batcher.ts): what accumulates while a flush runs goes in
 * the next one; with a window, items submitted within it share a flush even when they
 * arrive on different ticks; a failing batch is retried item by item.
 */
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/jobs/batcher.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('Batcher', () => {
  it('without a window, items of different ticks go in different flushes', async () => {
    const flushes: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => (flushes.push(xs), xs.map((x) => x * 2)));
    const first = b.submit(1);
    await tick();
    await tick();
    const second = b.submit(2);
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(flushes).toEqual([[1], [2]]);
  });

  it('with a window, items of different ticks within it share one flush', async () => {
    const flushes: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => (flushes.push(xs), xs.map((x) => x * 2)), 500, 30);
    const first = b.submit(1);
    await tick();
    await tick();
    const second = b.submit(2);
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(flushes).toEqual([[1, 2]]);
  });

  it('retries a failed batch item by item, so one bad item fails alone', async () => {
    const b = new Batcher<number, number>(async (xs) => {
      if (xs.includes(13)) throw new Error('unlucky');
      return xs;
    });
    const results = await Promise.allSettled([b.submit(1), b.submit(13), b.submit(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
