/** One run of our engine's two figures as JSON (for interleaved before/after comparisons): npx tsx bench/ours-only.ts [--jobs 20000] */
import { parseArgs } from 'node:util';
import { runOurs } from './ours.js';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '20000' } } });
const r = await runOurs({ jobs: Number(values.jobs), memoryWaitMs: 3000 });
console.log(JSON.stringify({ http: Math.round(r.http.jobsPerSec), p99: r.http.load.p99Ms, engine: Math.round(r.engine.jobsPerSec) }));
