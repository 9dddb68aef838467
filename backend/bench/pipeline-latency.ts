/**
 * Pipeline latency: time from a file being announced (POST /webhooks/file-ingested)
 * to PROCESSED (in the review queue), with the three stand-ins answering at once
 * (Replicate predictions final at the first poll). What is measured is our own
 * overhead: API, outbox, RabbitMQ, three jobs (CreateFileRecord, UpscaleImage,
 * GenerateMetadata), image work on a 600×400 file, SQLite.
 *
 *   npx tsx bench/pipeline-latency.ts [files=100]
 *
 * Two runs over `files` files each: one file at a time (pure latency) and all at once
 * (a burst: latency under load). Prints p50/p95/max per run. Needs the local RabbitMQ.
 */
import { performance } from 'node:perf_hooks';
import { percentile } from './load.js';
import { call, waitFor } from '../test/helpers/stack.js';
import { startPipeline } from '../test/pipeline/harness.js';

const FILES = Number(process.argv[2] ?? 100);

async function main() {
  const p = await startPipeline({ replicate: { pollsUntilDone: 0, predictTimeSeconds: 0 }, env: { WORKER_CONCURRENCY: '20' } });
  const db = p.tdb.db;
  try {
    const announce = async (name: string, seed: string, dropped?: string) => {
      const driveId = dropped ?? (await p.drop(name, { seed }));
      const t0 = performance.timeOrigin + performance.now();
      const r = await call(p.api.url, 'POST', '/webhooks/file-ingested', { token: p.tokens.service, body: { file_id: driveId, filename: name } });
      if (r.status !== 201) throw new Error(`webhook answered ${r.status}: ${JSON.stringify(r.body)}`);
      return { fileId: r.body.file_id as string, t0 };
    };
    const latencies = async (started: { fileId: string; t0: number }[]) => {
      const ids = started.map((s) => s.fileId);
      const rows = await waitFor(
        async () => {
          const rows = await db.selectFrom('files').select(['id', 'status', 'updated_at']).where('id', 'in', ids).execute();
          const bad = rows.find((r) => r.status === 'failed' || r.status === 'rejected');
          if (bad) throw new Error(`file ${bad.id} ended ${bad.status}`);
          return rows.filter((r) => r.status === 'processed').length === ids.length ? rows : null;
        },
        { timeoutMs: 300_000, intervalMs: 20, what: 'all files PROCESSED' },
      );
      const at = new Map(rows.map((r) => [r.id, Date.parse(r.updated_at)]));
      return started.map((s) => at.get(s.fileId)! - s.t0).sort((a, b) => a - b);
    };
    const report = (label: string, ms: number[], wallMs?: number) => {
      const f = (n: number) => `${n.toFixed(0)} ms`;
      console.log(
        `${label.padEnd(34)} n=${ms.length}  p50=${f(percentile(ms, 50))}  p95=${f(percentile(ms, 95))}  max=${f(ms[ms.length - 1])}` +
          (wallMs ? `  (all ${FILES} PROCESSED in ${(wallMs / 1000).toFixed(1)} s)` : ''),
      );
    };

    // Warm-up: connections, token grants, sharp's first use.
    await latencies([await announce('warmup.jpg', 'warmup')]);

    const sequential: number[] = [];
    for (let i = 0; i < FILES; i++) sequential.push(...(await latencies([await announce(`seq-${i}.jpg`, `seq-${i}`)])));
    sequential.sort((a, b) => a - b);
    report('one file at a time (webhook→PROCESSED)', sequential);

    // The files are in Drive before the clock starts; then all are announced at once.
    const dropped = await Promise.all(Array.from({ length: FILES }, (_, i) => p.drop(`burst-${i}.jpg`, { seed: `burst-${i}` })));
    const burstStart = performance.now();
    const started = await Promise.all(dropped.map((d, i) => announce(`burst-${i}.jpg`, `burst-${i}`, d)));
    const burst = await latencies(started);
    report(`burst of ${FILES} (webhook→PROCESSED)`, burst, performance.now() - burstStart);
    console.log(`predictions created: ${p.replicate.predictions.length} (2 per file); stand-ins answering at once but in this process (the fake upscaler's 4× PNG encode shares the CPU); WORKER_CONCURRENCY=20; SQLite`);
  } finally {
    await p.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
