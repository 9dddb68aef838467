/**
 * A CPU profile of the API under the HTTP load (POST /api/jobs, 50 connections):
 *   npx tsx bench/profile-http.ts [--jobs 20000] [--bulk]   (--bulk: the engine path, POST /api/jobs/bulk, instead)
 * Writes the .cpuprofile of the API and the worker to /tmp/ffprof and prints where the
 * API's CPU time goes (self time by function and by package; idle left out).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runHttpLoad, waitUntil } from './load.js';
import { bulkEnqueue, startPlatform } from './platform.js';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '20000' }, bulk: { type: 'boolean', default: false } } });
const jobs = Number(values.jobs);
const DIR = '/tmp/ffprof';
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
process.env.BENCH_NODE_FLAGS = `--cpu-prof --cpu-prof-dir=${DIR}`;
const p = await startPlatform({ dialect: 'sqlite', apis: 1, workers: 1 });
try {
  const base = await p.completed();
  if (values.bulk) await bulkEnqueue(p, jobs);
  else await runHttpLoad({ url: `${p.urls[0]}/api/jobs`, connections: 50, total: jobs, headers: p.headers, body: () => ({ command_type: 'Noop', payload: {} }) });
  await waitUntil(async () => (await p.completed()) >= base + jobs, { timeoutMs: 600_000, intervalMs: 20, what: 'jobs completed' });
} finally {
  await p.stop();
}

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
for (const file of readdirSync(DIR)) {
  const prof = JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let busy = 0;
  prof.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') return;
    const t = prof.timeDeltas[i] ?? 0;
    busy += t;
    const where = url.includes('node_modules/') ? url.split('node_modules/')[1].split('/').slice(0, url.split('node_modules/')[1].startsWith('@') ? 2 : 1).join('/') : url.includes('/dist/') ? `ours: ${url.split('/dist/')[1]}` : url || functionName;
    fn.set(`${functionName || '(anonymous)'}  ${url.split('/').slice(-2).join('/')}:${lineNumber}`, (fn.get(`${functionName || '(anonymous)'}  ${url.split('/').slice(-2).join('/')}:${lineNumber}`) ?? 0) + t);
    pkg.set(where, (pkg.get(where) ?? 0) + t);
  });
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, t]) => `  ${((t / busy) * 100).toFixed(1).padStart(5)} %  ${k}`).join('\n');
  console.log(`\n${file}: ${(busy / 1e6).toFixed(2)} s of CPU\nby package / file:\n${top(pkg, 15)}\nby function:\n${top(fn, 15)}`);
}
