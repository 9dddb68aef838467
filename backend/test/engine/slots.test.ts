/**
 * The worker's run slots (worker/slots.ts): never more than the limit, a batch message
 * granted as many slots as are free at its turn (its jobs run together), queues served
 * in turn, and 0 for every waiter at shutdown.
 */
import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/worker/slots.js';

const turn = () => new Promise((r) => setImmediate(r));

describe('run slots', () => {
  it('grants a batch as many slots as are free, and the rest once they free together', async () => {
    const slots = new Slots(10);
    expect(await slots.acquire('a', 4)).toBe(4);
    expect(await slots.acquire('a', 100)).toBe(6); // what is free
    expect(slots.busy).toBe(10);
    const waiting = slots.acquire('a', 100);
    for (let i = 0; i < 7; i++) slots.release(); // runs of one group commit ending together
    expect(await waiting).toBe(7);
    expect(slots.busy).toBe(10);
  });

  it('serves waiting queues in turn, oldest message first within a queue', async () => {
    const slots = new Slots(2);
    expect(await slots.acquire('system', 2)).toBe(2);
    const order: string[] = [];
    const wait = (queue: string, name: string, want: number) => slots.acquire(queue, want).then((n) => order.push(`${name}:${n}`));
    // A backlog of three batches on one queue, then a lone job on another.
    const all = [wait('system', 'b1', 100), wait('system', 'b2', 100), wait('system', 'b3', 100), wait('images', 'lone', 1)];
    slots.release(2);
    await turn();
    slots.release(1); // b1 took both; this one is the lone job's turn, ahead of b2
    await turn();
    slots.release(2);
    await turn();
    slots.release(2);
    await Promise.all(all);
    expect(order).toEqual(['b1:2', 'lone:1', 'b2:2', 'b3:2']);
  });

  it('never grants more than the limit under churn', async () => {
    const slots = new Slots(5);
    let running = 0;
    let peak = 0;
    const runBatch = async (queue: string, jobs: number) => {
      for (let left = jobs; left > 0; ) {
        const n = await slots.acquire(queue, left);
        left -= n;
        running += n;
        peak = Math.max(peak, running);
        for (let k = 0; k < n; k++) {
          void turn().then(() => {
            running--;
            slots.release();
          });
        }
      }
    };
    await Promise.all([runBatch('a', 40), runBatch('a', 40), runBatch('b', 7), runBatch('c', 1)]);
    while (slots.busy > 0) await turn();
    expect(peak).toBe(5);
  });

  it('answers every waiter with 0 on close', async () => {
    const slots = new Slots(1);
    expect(await slots.acquire('a')).toBe(1);
    const waiters = [slots.acquire('a', 5), slots.acquire('b')];
    slots.close();
    expect(await Promise.all(waiters)).toEqual([0, 0]);
    expect(await slots.acquire('a')).toBe(0);
  });
});
