/**
 * One run of our engine's figures as one JSON line (for interleaved before/after comparisons):
 *   npx tsx bench/ours-only.ts [--jobs 20000] [--memory-wait 3] [--backend ../other-checkout/backend]
 * `--memory-wait 60` reads memory as `npm run bench` does. What the processes still hold after
 * the load, as heap snapshots written to backend/ (Heap.*.heapsnapshot):
 *   BENCH_HEAPSNAPSHOT=1 BENCH_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2 npx tsx bench/ours-only.ts --memory-wait 60
 */
import { parseArgs } from 'node:util';
import { runOurs } from './ours.js';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '20000' }, 'memory-wait': { type: 'string', default: '3' }, backend: { type: 'string' } } });
const r = await runOurs({ jobs: Number(values.jobs), memoryWaitMs: Number(values['memory-wait']) * 1000, backendDir: values.backend });
console.log(JSON.stringify({ http: Math.round(r.http.jobsPerSec), p99: r.http.load.p99Ms, engine: Math.round(r.engine.jobsPerSec), idle: r.idleRssMb, after: r.idleRssAfterMb }));
