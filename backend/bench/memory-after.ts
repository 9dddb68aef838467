/**
 * Resident memory of the API and the worker 60 s after the throughput load (no forced
 * GC, the same flags as `npm run bench`), with that run's figures, as one JSON line:
 *   npx tsx bench/memory-after.ts [path/to/other/backend]
 * What they still hold, as heap snapshots written to backend/ (Heap.*.heapsnapshot):
 *   BENCH_HEAPSNAPSHOT=1 BENCH_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2 npx tsx bench/memory-after.ts
 */
import { runOurs } from './ours.js';

const dir = process.argv[2];
const r = await runOurs({ jobs: 20000, memoryWaitMs: 60_000, backendDir: dir });
console.log(JSON.stringify({ dir, http: Math.round(r.http.jobsPerSec), p99: r.http.load.p99Ms, engine: Math.round(r.engine.jobsPerSec), idle: r.idleRssMb, after60: r.idleRssAfterMb }));
