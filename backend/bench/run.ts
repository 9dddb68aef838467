/**
 * `npm run bench`: our engine beside the bare floor and BullMQ (on the machine's Redis,
 * which persists nothing, and on a durable Redis the bench starts itself: AOF,
 * appendfsync everysec), in one run on this machine, side by side and as ratios.
 *   npm run bench -- [--jobs 20000] [--runs 1] [--baseline ../other-checkout/backend] [--memory-wait 60]
 * With --runs N each row is the median of N runs (the machine may be shared). With
 * --baseline, another checkout's build is measured in every run too, right after ours
 * (before/after on one machine, back to back).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fmt } from './load.js';
import { runOurs, type OursResult } from './ours.js';
import { runBareFloor } from './peers/bare.js';
import { runBullmq } from './peers/bullmq.js';
import { startDurableRedis } from './peers/durableRedis.js';
import { formatTable, medianRows, peerRows, type PeerRow } from './peers.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '1' },
    baseline: { type: 'string' },
    'memory-wait': { type: 'string', default: '60' },
  },
  allowPositionals: true,
});
const jobs = Number(values.jobs);
const runs = Number(values.runs);
const baseline = values.baseline ? path.resolve(values.baseline) : undefined;
const memoryWaitMs = Number(values['memory-wait']) * 1000;

function ourRows(r: OursResult, label: string): PeerRow[] {
  return [
    { name: `${label}, HTTP`, jobs: r.http.jobs, seconds: r.http.durationMs / 1000, jobsPerSec: r.http.jobsPerSec, p50Ms: r.http.load.p50Ms, p99Ms: r.http.load.p99Ms, note: `50 conns, ${r.http.load.errors} errors` },
    { name: `${label}, engine (bulk)`, jobs: r.engine.jobs, seconds: r.engine.durationMs / 1000, jobsPerSec: r.engine.jobsPerSec, note: `${r.engine.requests} bulk requests` },
  ];
}

const all: PeerRow[][] = [];
const memory = new Map<string, OursResult['idleRssMb'][]>();
const memoryAfter = new Map<string, OursResult['idleRssAfterMb'][]>();
const p99s = new Map<string, number[]>();
const durable = await startDurableRedis();
try {
  for (let i = 0; i < runs; i++) {
    console.log(`run ${i + 1}/${runs}: ${jobs} jobs, load average ${os.loadavg()[0].toFixed(2)}`);
    const row: PeerRow[] = [];
    for (const [label, dir] of [['ours', undefined], ...(baseline ? [['baseline', baseline]] : [])] as [string, string | undefined][]) {
      const r = await runOurs({ jobs, backendDir: dir, memoryWaitMs });
      memory.set(label, [...(memory.get(label) ?? []), r.idleRssMb]);
      memoryAfter.set(label, [...(memoryAfter.get(label) ?? []), r.idleRssAfterMb]);
      p99s.set(label, [...(p99s.get(label) ?? []), r.http.load.p99Ms]);
      row.push(...ourRows(r, label));
    }
    const bare = await runBareFloor({ jobs });
    const bull = await runBullmq({ jobs, concurrencies: [100] });
    const bullDurable = await runBullmq({ jobs, concurrencies: [100], redis: durable });
    row.push(...peerRows(bare, bull), ...peerRows(undefined, bullDurable, 'BullMQ durable'));
    all.push(row);
  }
} finally {
  await durable.stop();
}
const rows = runs > 1 ? medianRows(all) : all[0];
console.log(`\n${formatTable(rows)}`);

const rate = (name: string) => rows.find((r) => r.name.startsWith(name))?.jobsPerSec ?? NaN;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const bullBest = Math.max(rate('BullMQ add,'), rate('BullMQ addBulk'));
const durableBest = Math.max(rate('BullMQ durable add'), rate('BullMQ durable addBulk'));
console.log('\nratios (goals: HTTP/bare ≥ 1.3×, p99 ≤ 40 ms every run, engine/BullMQ in-memory ≥ 1.0×, engine/BullMQ durable ≥ 1.5×)');
for (const label of memory.keys()) {
  const http = rows.find((r) => r.name === `${label}, HTTP`)!;
  const mem = memory.get(label)!;
  const after = memoryAfter.get(label)!;
  console.log(`${label}:
  HTTP   / bare floor, HTTP        : ${fmt(rate(`${label}, HTTP`) / rate('bare floor'), 2)}×   (p99 per run: ${p99s.get(label)!.map((p) => fmt(p, 1)).join(' / ')} ms; median ${fmt(http.p99Ms ?? NaN, 1)})
  engine / BullMQ in-memory (best) : ${fmt(rate(`${label}, engine`) / bullBest, 2)}×
  engine / BullMQ durable (best)   : ${fmt(rate(`${label}, engine`) / durableBest, 2)}×
  resident memory (MB, medians)    : API ${median(mem.map((m) => m.api))} / worker ${median(mem.map((m) => m.worker))} idle after start; API ${median(after.map((m) => m.api))} / worker ${median(after.map((m) => m.worker))} ${memoryWaitMs / 1000} s after the load (goal ≤ 150 each)`);
}
console.log(`note: "BullMQ" runs on this machine's Redis, which persists nothing (no AOF, no RDB); "BullMQ durable"
on a redis-server started here with appendonly yes, appendfsync everysec. Ours and the bare floor commit
every job to SQLite and publish persistent, confirmed messages.`);
