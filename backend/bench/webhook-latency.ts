/**
 * Prediction finished → job resumed, with and without Replicate's webhook, and the polls
 * each upscale costs (issue 11).
 *
 *   npx tsx bench/webhook-latency.ts [files=20]
 *
 * The real API and worker with the three stand-ins, in this process. The stand-in
 * Replicate finishes an upscale only when told: each file's prediction "runs" for a
 * duration drawn from 2–20 s (the same durations, by seed, in both modes), then
 * `complete()` ends it — and, when the prediction has a webhook, posts it, signed.
 * "Resumed" is the first GET of the prediction after that moment: the job's run that
 * finds it finished.
 *
 *  - without: no PUBLIC_BASE_URL; the job polls every 5 s (the client's default);
 *  - with:    PUBLIC_BASE_URL = the API; the webhook wakes the job, and polling is only
 *             the fallback, every 30 s (WEBHOOK_FALLBACK_POLL_MS).
 *
 * All files of a mode run at once. Prints p50/p95/max latency and polls per upscale.
 * Needs the local RabbitMQ.
 */
import { performance } from 'node:perf_hooks';
import { percentile } from './load.js';
import { freePort, waitFor } from '../test/helpers/stack.js';
import { startPipeline } from '../test/pipeline/harness.js';
import { FAKE_UPSCALE_MODEL } from '../src/standins/replicate.js';

const FILES = Number(process.argv[2] ?? 20);

/** A small deterministic generator: both modes see the same prediction durations. */
function durations(n: number): number[] {
  let x = 20261101;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return 2000 + (x / 2 ** 31) * 18_000;
  });
}

async function runMode(webhooks: boolean): Promise<{ latencies: number[]; polls: number[] }> {
  const port = await freePort();
  const env: Record<string, string> = { PORT: String(port), WORKER_CONCURRENCY: '20' };
  if (webhooks) env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
  const p = await startPipeline({ env, replicate: { pollsUntilDone: Infinity }, worker: false });
  await p.startWorker({}); // production poll delays
  const plan = durations(FILES);
  const done = new Map<string, number>(); // prediction id → when it finished (performance.now())
  const timers: NodeJS.Timeout[] = [];
  const seen = new Set<string>();
  let upscales = 0;
  // The stand-in's "GPU": each new upscale finishes after its planned duration; metadata at once.
  const watcher = setInterval(() => {
    for (const pr of p.replicate.predictions) {
      if (seen.has(pr.id)) continue;
      seen.add(pr.id);
      const ms = pr.model === FAKE_UPSCALE_MODEL ? plan[upscales++ % plan.length] : 0;
      const upscale = pr.model === FAKE_UPSCALE_MODEL;
      timers.push(setTimeout(() => {
        if (upscale) done.set(pr.id, performance.now());
        void p.replicate.complete(pr.id);
      }, ms));
    }
  }, 10);
  try {
    await Promise.all(Array.from({ length: FILES }, (_, i) => p.drop(`bench-${i}.jpg`, { seed: `bench-${i}` })));
    await p.scan();
    await waitFor(async () => {
      const rows = await p.tdb.db.selectFrom('jobs').select('status').where('command_type', '=', 'UpscaleImage').execute();
      return rows.length === FILES && rows.every((r) => r.status === 'completed');
    }, { timeoutMs: 180_000, intervalMs: 50, what: 'every UpscaleImage completed' });
    const latencies: number[] = [];
    const polls: number[] = [];
    for (const [id, finishedAt] of done) {
      const gets = p.replicate.requests.filter((r) => r.method === 'GET' && r.path === `/v1/predictions/${id}`);
      const resumed = gets.find((g) => g.at >= finishedAt);
      if (!resumed) throw new Error(`prediction ${id}: no poll after it finished`);
      latencies.push(resumed.at - finishedAt);
      polls.push(gets.length);
    }
    return { latencies: latencies.sort((a, b) => a - b), polls };
  } finally {
    clearInterval(watcher);
    for (const t of timers) clearTimeout(t);
    await p.close();
  }
}

async function main() {
  const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const results: Record<string, { latencies: number[]; polls: number[] }> = {};
  for (const [label, webhooks] of [['without webhook (poll every 5 s)', false], ['with webhook (fallback poll every 30 s)', true]] as const) {
    const r = await runMode(webhooks);
    results[label] = r;
    console.log(
      `${label.padEnd(40)} n=${r.latencies.length}  finished→resumed p50=${f(percentile(r.latencies, 50))}  p95=${f(percentile(r.latencies, 95))}  max=${f(r.latencies[r.latencies.length - 1])}  polls per upscale ${mean(r.polls).toFixed(2)}`,
    );
  }
  const [without, withHook] = Object.values(results);
  console.log(`polls saved per upscale: ${(mean(without.polls) - mean(withHook.polls)).toFixed(2)} (predictions of 2–20 s, ${FILES} files at once, stand-ins in this process, SQLite)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
