import { runOurs } from './ours.js';
const dir = process.argv[2];
const r = await runOurs({ jobs: 20000, memoryWaitMs: 60_000, backendDir: dir });
console.log(JSON.stringify({ dir, http: Math.round(r.http.jobsPerSec), p99: r.http.load.p99Ms, engine: Math.round(r.engine.jobsPerSec), idle: r.idleRssMb, after60: r.idleRssAfterMb }));
