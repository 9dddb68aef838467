// Runs the two reference points (bare floor, BullMQ) and prints a table.
//   npx tsx bench/peers.ts --jobs 20000 [--runs 3] [--connections 50]
//                          [--only bare|bullmq] [--concurrency 50,100] [--json]
// With --runs N every row is the median of N runs (the machine is shared;
// single runs swing by ±30 %). The 1-minute load average is printed per run.
import { realpathSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fmt } from './load.js';
import { runBareFloor, type BareFloorResult } from './peers/bare.js';
import { runBullmq, type BullmqResult } from './peers/bullmq.js';

export interface PeerRow {
  name: string;
  jobs: number;
  seconds: number;
  jobsPerSec: number;
  p50Ms?: number;
  p99Ms?: number;
  note?: string;
}

export function peerRows(bare?: BareFloorResult, bull?: BullmqResult, label = 'BullMQ'): PeerRow[] {
  const rows: PeerRow[] = [];
  if (bare) {
    rows.push({
      name: 'bare floor, HTTP',
      jobs: bare.jobs,
      seconds: bare.durationMs / 1000,
      jobsPerSec: bare.jobsPerSec,
      p50Ms: bare.http.p50Ms,
      p99Ms: bare.http.p99Ms,
      note: `${bare.connections} conns` + (bare.http.errors ? `, ${bare.http.errors} HTTP errors` : ''),
    });
  }
  if (bull) {
    for (const r of bull.addTried) {
      rows.push({
        name: `${label} add, c=${r.concurrency}`,
        jobs: r.jobs,
        seconds: r.durationMs / 1000,
        jobsPerSec: r.jobsPerSec,
        note: `50 adds in flight${r === bull.add ? ', faster' : ''}`,
      });
    }
    const b = bull.addBulk;
    rows.push({
      name: `${label} addBulk`,
      jobs: b.jobs,
      seconds: b.durationMs / 1000,
      jobsPerSec: b.jobsPerSec,
      note: `chunks of 1,000, worker c=${b.concurrency}`,
    });
  }
  return rows;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Per row name: the median of each number over the runs. */
export function medianRows(runs: PeerRow[][]): PeerRow[] {
  if (runs.length === 1) return runs[0];
  const names = [...new Set(runs.flat().map((r) => r.name))];
  return names.map((name) => {
    const rs = runs.flatMap((run) => run.filter((r) => r.name === name));
    const opt = (k: 'p50Ms' | 'p99Ms'): number | undefined =>
      rs.every((r) => r[k] !== undefined) ? median(rs.map((r) => r[k] as number)) : undefined;
    return {
      name,
      jobs: median(rs.map((r) => r.jobs)),
      seconds: median(rs.map((r) => r.seconds)),
      jobsPerSec: median(rs.map((r) => r.jobsPerSec)),
      p50Ms: opt('p50Ms'),
      p99Ms: opt('p99Ms'),
      note: `median of ${rs.length}: ${rs.map((r) => fmt(r.jobsPerSec)).join(' / ')} jobs/s`,
    };
  });
}

export function formatTable(rows: PeerRow[]): string {
  const head = ['measurement', 'jobs', 'seconds', 'jobs/s', 'p50 ms', 'p99 ms', 'note'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.jobs),
    fmt(r.seconds, 2),
    fmt(r.jobsPerSec),
    r.p50Ms === undefined ? '' : fmt(r.p50Ms, 1),
    r.p99Ms === undefined ? '' : fmt(r.p99Ms, 1),
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function positiveInt(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${v}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '20000' },
      runs: { type: 'string', default: '1' },
      connections: { type: 'string', default: '50' },
      only: { type: 'string' },
      concurrency: { type: 'string', default: '50,100' },
      json: { type: 'boolean', default: false },
    },
  });
  const jobs = positiveInt('--jobs', values.jobs);
  const runs = positiveInt('--runs', values.runs);
  const connections = positiveInt('--connections', values.connections);
  const concurrencies = String(values.concurrency).split(',').map((c) => positiveInt('--concurrency', c));

  const all: PeerRow[][] = [];
  const raw: { bare?: BareFloorResult; bullmq?: BullmqResult }[] = [];
  let failed = false;
  for (let run = 1; run <= runs; run++) {
    console.log(`--- run ${run}/${runs}, load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`);
    let bare: BareFloorResult | undefined;
    let bull: BullmqResult | undefined;
    if (values.only !== 'bullmq') {
      bare = await runBareFloor({ jobs, connections });
      console.log(
        `bare floor: ${bare.jobs} jobs in ${bare.durationMs} ms → ${bare.jobsPerSec.toFixed(0)} jobs/s; ` +
          `HTTP p50 ${bare.http.p50Ms.toFixed(1)} ms, p99 ${bare.http.p99Ms.toFixed(1)} ms, ` +
          `max ${bare.http.maxMs.toFixed(1)} ms; drain after last response ${bare.drainAfterHttpMs} ms`,
      );
    }
    if (values.only !== 'bare') {
      try {
        bull = await runBullmq({ jobs, concurrencies });
      } catch (e) {
        failed = true;
        console.error('BullMQ peer failed:', e instanceof Error ? e.message : e);
      }
    }
    all.push(peerRows(bare, bull));
    raw.push({ bare, bullmq: bull });
    if (failed) break;
  }

  console.log('\n' + formatTable(medianRows(all)));
  if (values.json) console.log(JSON.stringify(raw, null, 2));
  if (failed) process.exitCode = 1;
}

// Run only when executed directly, so bench/run.ts can import the helpers.
if (process.argv[1] && pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
