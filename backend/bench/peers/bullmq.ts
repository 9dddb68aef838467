// The peer: BullMQ on the local Redis doing the same number of no-op jobs.
//  (a) queue.add with 50 adds in flight, a Worker with a no-op processor;
//      tried at several worker concurrencies, the fastest is reported.
//  (b) queue.addBulk in chunks, processed to completion by the same Worker setup.
// Each measurement uses a fresh, uniquely named queue that is obliterated after.
// Queue and Worker share this one process (BullMQ's usual single-process setup).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';

export interface BullmqOptions {
  jobs: number;
  /** Worker concurrencies to try for (a); default [50, 100]. */
  concurrencies?: number[];
  /** Adds in flight for (a); default 50. */
  inFlight?: number;
  /** Chunk size for (b); default 1,000. */
  bulkChunk?: number;
  redis?: { host: string; port: number };
  /** Upper bound per measurement; default 5 minutes. */
  timeoutMs?: number;
  /** Unmeasured jobs run first (loads the Lua scripts, warms the JIT) so the
   *  first concurrency tried is not penalised; default min(1,000, jobs). */
  warmupJobs?: number;
}

export interface BullmqRun {
  mode: 'add' | 'addBulk';
  concurrency: number;
  jobs: number;
  /** First add → last `completed` event. */
  durationMs: number;
  jobsPerSec: number;
  /** Time spent adding (the producer side alone). */
  enqueueMs: number;
}

export interface BullmqResult {
  name: 'bullmq';
  /** Fastest of the `add` runs. */
  add: BullmqRun;
  /** Every `add` run, one per concurrency tried. */
  addTried: BullmqRun[];
  addBulk: BullmqRun;
}

/**
 * BullMQ 6 made ioredis an optional peer dependency and require()s it lazily;
 * fail early with a clear message instead of deep inside `new Queue`.
 */
export function assertIoredisAvailable(): void {
  const fromBullmq = createRequire(createRequire(import.meta.url).resolve('bullmq'));
  try {
    fromBullmq.resolve('ioredis');
  } catch {
    throw new Error("BullMQ 6 needs its optional peer 'ioredis' (npm i -D ioredis@5); it is not installed");
  }
}

/** One PING with a deadline: ioredis would otherwise retry an absent Redis forever. */
export function probeRedis(host: string, port: number, timeoutMs = 3_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const fail = (why: string): void => {
      sock.destroy();
      reject(new Error(`Redis at ${host}:${port} not usable: ${why}`));
    };
    sock.setTimeout(timeoutMs, () => fail('timeout'));
    sock.once('error', (e) => fail(e.message));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => {
      sock.end();
      if (d.toString().startsWith('+PONG')) resolve();
      else fail(`answered ${JSON.stringify(d.toString().trim())}`);
    });
  });
}

export async function runBullmq(opts: BullmqOptions): Promise<BullmqResult> {
  assertIoredisAvailable();
  const { host, port } = opts.redis ?? { host: '127.0.0.1', port: 6379 };
  await probeRedis(host, port);
  const concurrencies = opts.concurrencies ?? [50, 100];
  if (concurrencies.length === 0) throw new Error('no concurrencies to try');
  const warmup = opts.warmupJobs ?? Math.min(1_000, opts.jobs);
  if (warmup > 0) await measure('add', concurrencies[0], { ...opts, jobs: warmup });
  const addTried: BullmqRun[] = [];
  for (const c of concurrencies) {
    const run = await measure('add', c, opts);
    printRun(run);
    addTried.push(run);
  }
  const add = addTried.reduce((a, b) => (b.jobsPerSec > a.jobsPerSec ? b : a));
  const addBulk = await measure('addBulk', add.concurrency, opts);
  printRun(addBulk);
  return { name: 'bullmq', add, addTried, addBulk };
}

function printRun(r: BullmqRun): void {
  console.log(
    `bullmq ${r.mode.padEnd(7)} concurrency=${r.concurrency}: ${r.jobs} jobs in ${r.durationMs.toFixed(0)} ms ` +
      `→ ${r.jobsPerSec.toFixed(0)} jobs/s (enqueue ${r.enqueueMs.toFixed(0)} ms)`,
  );
}

async function measure(mode: 'add' | 'addBulk', concurrency: number, opts: BullmqOptions): Promise<BullmqRun> {
  const jobs = opts.jobs;
  const { host, port } = opts.redis ?? { host: '127.0.0.1', port: 6379 };
  // Workers need maxRetriesPerRequest: null (blocking commands).
  const connection: ConnectionOptions = { host, port, maxRetriesPerRequest: null };
  const name = `bench-bullmq-${mode}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const queue = new Queue(name, { connection });
  let worker: Worker | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await queue.waitUntilReady();
    let completed = 0;
    let failed = 0;
    let lastDone = 0;
    let resolveDone!: () => void;
    const allDone = new Promise<void>((r) => (resolveDone = r));
    worker = new Worker(name, async () => undefined, { connection, concurrency });
    worker.on('completed', () => {
      lastDone = performance.now();
      if (++completed === jobs) resolveDone();
    });
    worker.on('failed', () => {
      failed++;
    });
    worker.on('error', (e) => console.error('bullmq worker error:', e));
    await worker.waitUntilReady();

    const start = performance.now();
    if (mode === 'add') await addWithInFlight(queue, jobs, opts.inFlight ?? 50);
    else await addInChunks(queue, jobs, opts.bulkChunk ?? 1_000);
    const enqueueMs = performance.now() - start;

    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`bullmq ${mode}: only ${completed}/${jobs} completed (${failed} failed) in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    if (jobs > 0) await Promise.race([allDone, timedOut]);
    const durationMs = (jobs > 0 ? lastDone : performance.now()) - start;
    return { mode, concurrency, jobs, durationMs, jobsPerSec: jobs / (durationMs / 1000), enqueueMs };
  } finally {
    clearTimeout(timer);
    await worker?.close();
    await queue.obliterate({ force: true }).catch((e) => console.warn(`bullmq: obliterate ${name} failed:`, e));
    await queue.close();
  }
}

async function addWithInFlight(queue: Queue, total: number, inFlight: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < total; i = next++) await queue.add('Noop', { i });
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, Math.max(total, 1)) }, lane));
}

async function addInChunks(queue: Queue, total: number, chunk: number): Promise<void> {
  for (let from = 0; from < total; from += chunk) {
    const n = Math.min(chunk, total - from);
    await queue.addBulk(Array.from({ length: n }, (_, k) => ({ name: 'Noop', data: { i: from + k } })));
  }
}
