/**
 * `npm run bench`: our engine beside the bare floor and BullMQ, in one run on this
 * machine, side by side and as ratios (issue 2). Everything runs here on loopback.
 *   npm run bench -- [--jobs 20000] [--runs 1]
 * With --runs N each row is the median of N runs (the machine may be shared).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fmt } from './load.js';
import { runOurs, type OursResult } from './ours.js';
import { runBareFloor } from './peers/bare.js';
import { runBullmq } from './peers/bullmq.js';
import { formatTable, medianRows, peerRows, type PeerRow } from './peers.js';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '20000' }, runs: { type: 'string', default: '1' } }, allowPositionals: true });
const jobs = Number(values.jobs);
const runs = Number(values.runs);

function ourRows(r: OursResult): PeerRow[] {
  return [
    { name: 'ours, HTTP', jobs: r.http.jobs, seconds: r.http.durationMs / 1000, jobsPerSec: r.http.jobsPerSec, p50Ms: r.http.load.p50Ms, p99Ms: r.http.load.p99Ms, note: `50 conns, ${r.http.load.errors} errors` },
    { name: 'ours, engine (bulk)', jobs: r.engine.jobs, seconds: r.engine.durationMs / 1000, jobsPerSec: r.engine.jobsPerSec, note: `${r.engine.requests} bulk requests` },
  ];
}

const all: PeerRow[][] = [];
let memory: OursResult['idleRssMb'] | null = null;
let memoryAfter: OursResult['idleRssAfterMb'] | null = null;
for (let i = 0; i < runs; i++) {
  console.log(`run ${i + 1}/${runs}: ${jobs} jobs, load average ${os.loadavg()[0].toFixed(2)}`);
  const ours = await runOurs({ jobs });
  memory = ours.idleRssMb;
  memoryAfter = ours.idleRssAfterMb;
  const bare = await runBareFloor({ jobs });
  const bull = await runBullmq({ jobs, concurrencies: [100] });
  all.push([...ourRows(ours), ...peerRows(bare, bull)]);
}
const rows = runs > 1 ? medianRows(all) : all[0];
console.log(`\n${formatTable(rows)}`);

const rate = (name: string) => rows.find((r) => r.name.startsWith(name))?.jobsPerSec ?? NaN;
const http = rows.find((r) => r.name === 'ours, HTTP')!;
const bullBest = Math.max(rate('BullMQ add'), rate('BullMQ addBulk'));
console.log(`
ratios
  ours, HTTP   / bare floor, HTTP : ${fmt(rate('ours, HTTP') / rate('bare floor'), 2)}×   (goal ≥ 1.3×, p99 ${fmt(http.p99Ms ?? NaN, 1)} ms, goal ≤ 50 ms)
  ours, engine / BullMQ (best)    : ${fmt(rate('ours, engine') / bullBest, 2)}×   (goal ≥ 1.5×)
  ours, engine / BullMQ addBulk   : ${fmt(rate('ours, engine') / rate('BullMQ addBulk'), 2)}×
resident memory (MB): API ${memory?.api} / worker ${memory?.worker} idle after start; ${memoryAfter?.api} / ${memoryAfter?.worker} idle after the load (goal < 150 each)
note: BullMQ runs on this machine's Redis, which persists nothing (no AOF, no RDB); ours and the
bare floor commit every job to SQLite and publish persistent, confirmed messages.`);
