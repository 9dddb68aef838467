/**
 * A big SQLite database for the dashboard's read models, and their timings on it.
 *   npx tsx bench/bigdb.ts --jobs 1000000 --files 50000 --out /tmp/ff-big.db [--runs 50] [--usage 200000]
 * Data: files in every state (metadata_json, file_events, reviews, listings for the
 * published ones), 3 jobs per file (CreateFileRecord, UpscaleImage, CreateListing with
 * file_id) and Noop jobs without a file for the rest; ~85 % COMPLETED, 5 % FAILED with
 * ~20 error shapes whose numbers/ids/durations vary, the rest PENDING/RETRYING/RUNNING;
 * everything spread over the last 30 days; api_usage rows for three services.
 * A data generator, not product code: better-sqlite3 prepared statements, one
 * transaction per 10,000 rows, on a database migrated by the product's migrations.
 * No ANALYZE, as in production: the planner works without statistics.
 * Then p50/p95 over `--runs` calls of each read the dashboard makes, through the services.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../src/db/connection.js';
import { migrateUp } from '../src/db/migrate.js';
import type { DatabaseTarget } from '../src/config/index.js';
import { FailureService } from '../src/domain/failures/service.js';
import { FileService } from '../src/domain/files/service.js';
import { OverviewService } from '../src/domain/overview/service.js';
import { UsageService } from '../src/domain/usage/service.js';
import { Subscriptions } from '../src/jobs/events.js';
import type { OutboxRelay } from '../src/jobs/outbox.js';
import { CommandRegistry } from '../src/jobs/registry.js';
import { JobService } from '../src/jobs/service.js';
import { hasQueuedJob, staleRuns } from '../src/jobs/repository.js';
import { topology } from '../src/queue/topology.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '1000000' }, files: { type: 'string', default: '50000' }, usage: { type: 'string', default: '200000' },
    out: { type: 'string', default: '/tmp/ff-big.db' }, runs: { type: 'string', default: '50' },
  },
});
const N_JOBS = Number(values.jobs), N_FILES = Number(values.files), N_USAGE = Number(values.usage), RUNS = Number(values.runs);
const OUT = values.out!;
const BATCH = 10_000;
const NOW = Date.now();
const SPAN = 30 * 86_400_000;

// Deterministic pseudo-random numbers (mulberry32): the same database every run.
let seed = 42;
const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const iso = (ms: number) => new Date(Math.min(ms, NOW)).toISOString();
const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');

const ERRORS: (() => string)[] = [
  () => `Replicate prediction ${randomUUID()} timed out after ${300 + int(60)} s`,
  () => `Replicate returned HTTP 5${int(4)}${int(10)}: upstream error`,
  () => `Replicate prediction failed: CUDA out of memory (tried to allocate ${int(900) + 100} MiB)`,
  () => `Shopify throttled the request: cost ${int(900) + 100} exceeds available ${int(100)}`,
  () => `Shopify productCreate userErrors: Title "${pick(['Heron', 'Fox', 'Owl', 'Otter'])} at dawn" is too long`,
  () => `Shopify returned HTTP 502 after ${int(30) + 1}.${int(10)}s`,
  () => `Drive file ${hex(28)} not found`,
  () => `Drive upload of ${int(90) + 10} MB interrupted at offset ${int(1e8)}`,
  () => `Drive quota exceeded for user ${hex(12)}; retry after ${int(60)} minutes`,
  () => `image is ${int(2000) + 500}x${int(2000) + 500}: below the minimum for every print size`,
  () => `sharp: Input file has corrupt header: pngload: ${hex(8)} bad CRC`,
  () => `metadata draft missed hard limits: title ${int(30) + 71} characters (max 70)`,
  () => `metadata model returned no JSON after ${int(5) + 1} tries`,
  () => `FILE_NOT_FOUND: file ${randomUUID()} was deleted`,
  () => `connect ECONNREFUSED 10.0.${int(255)}.${int(255)}:443`,
  () => `request to api.replicate.com timed out after ${int(120) + 10} s (attempt ${int(4) + 1} of 5; no attempts left)`,
  () => `Noop failing on purpose (attempt ${int(3) + 1} of ${int(3) + 3} planned failures)`,
  () => `lease ${hex(16)} lost during the run`,
  () => `checksum mismatch: expected ${hex(40)}, got ${hex(40)}`,
  () => `listing for file ${randomUUID()} exists on shopify as gid://shopify/Product/${int(1e10)}`,
];

function jobStatus(): string {
  const r = rnd();
  return r < 0.85 ? 'completed' : r < 0.9 ? 'failed' : r < 0.96 ? 'pending' : r < 0.98 ? 'retrying' : 'running';
}
const FILE_MIX: [string, number][] = [['published', 0.7], ['processed', 0.1], ['failed', 0.05], ['rejected', 0.04], ['processing', 0.03], ['approved', 0.03], ['archived', 0.03], ['ingested', 0.02]];
function fileStatus(): string {
  let r = rnd();
  for (const [s, p] of FILE_MIX) if ((r -= p) < 0) return s;
  return 'published';
}
/** The states a file went through to reach `end`. */
const PATH: Record<string, string[]> = {
  ingested: ['ingested'], processing: ['ingested', 'processing'], processed: ['ingested', 'processing', 'processed'],
  approved: ['ingested', 'processing', 'processed', 'approved'], published: ['ingested', 'processing', 'processed', 'approved', 'published'],
  failed: ['ingested', 'processing', 'failed'], rejected: ['ingested', 'processing', 'processed', 'rejected'],
  archived: ['ingested', 'processing', 'processed', 'approved', 'published', 'archived'],
};

/** Run `rows` through `insert`, one transaction per BATCH. */
function inBatches(sqlite: SQLite.Database, n: number, row: (i: number) => void): void {
  for (let i = 0; i < n; i += BATCH) sqlite.transaction(() => { for (let j = i; j < Math.min(n, i + BATCH); j++) row(j); })();
}

async function generate(): Promise<{ seconds: number; counts: Record<string, number> }> {
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(OUT + suffix, { force: true });
  const target: DatabaseTarget = { dialect: 'sqlite', path: OUT };
  const kdb = openDatabase(target);
  await migrateUp(kdb, target);
  await kdb.destroy();
  const started = performance.now();
  const sqlite = new SQLite(OUT);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const insFile = sqlite.prepare(`insert into files (id, original_filename, processed_filename, species, status, status_reason, drive_file_id, content_checksum, metadata_json, width, height, aspect_ratio, ratio_family, offered_sizes_json, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insEvent = sqlite.prepare('insert into file_events (file_id, status, reason, created_at) values (?,?,?,?)');
  const insReview = sqlite.prepare('insert into reviews (id, file_id, decision, reviewer, reason, changes_json, created_at) values (?,?,?,?,?,?,?)');
  const insListing = sqlite.prepare(`insert into listings (id, file_id, platform, platform_listing_id, url, status, data_json, created_at, updated_at) values (?,?,'shopify',?,?,'active',?,?,?)`);
  const insJob = sqlite.prepare(`insert into jobs (id, file_id, command_type, queue, status, attempts, max_attempts, last_error, payload_json, result_json, run_id, run_after, created_at, started_at, completed_at, updated_at) values (?,?,?,?,?,?,5,?,?,?,?,?,?,?,?,?)`);
  const insUsage = sqlite.prepare('insert into api_usage (service, endpoint, request_count, status_code, duration_ms, rate_limit_remaining, rate_limit_reset_at, cost_usd, job_id, recorded_at) values (?,?,1,?,?,?,?,?,?,?)');
  const species = ['heron', 'fox', 'owl', 'otter', 'kingfisher', 'hare', 'badger', 'wren', 'curlew', 'stag'];
  const fileIds: string[] = new Array(N_FILES);
  const fileTimes: number[] = new Array(N_FILES);
  const counts: Record<string, number> = { files: N_FILES, file_events: 0, reviews: 0, listings: 0, jobs: 0, api_usage: N_USAGE };

  inBatches(sqlite, N_FILES, (i) => {
    const id = randomUUID(), sp = pick(species), status = fileStatus(), created = NOW - SPAN + (i / N_FILES) * SPAN;
    fileIds[i] = id; fileTimes[i] = created;
    const path = PATH[status];
    const meta = path.length >= 3 ? JSON.stringify({ title: `${sp} at dawn no. ${i}`, description: `A ${sp} in the fen at first light, study ${i}.`, tags: [sp, 'wildlife', 'fen'], alt_text: `painting of a ${sp}` }) : null;
    const updated = created + path.length * 60_000;
    insFile.run(id, `IMG_${i}.png`, meta ? `${sp}-at-dawn-${i}.png` : null, sp, status, status === 'failed' ? 'JOB_FAILED: UpscaleImage: timeout' : status === 'rejected' ? 'blurry' : null,
      `drive-${hex(20)}`, hex(64), meta, 6000, 4000, 1.5, '3:2', meta ? '["8x12","12x18","16x24"]' : null, iso(created), iso(updated));
    path.forEach((s, k) => { insEvent.run(id, s, s === 'failed' ? 'timeout' : null, iso(created + k * 60_000)); counts.file_events++; });
    if (path.includes('approved') || status === 'rejected') {
      insReview.run(randomUUID(), id, status === 'rejected' ? 'rejected' : 'approved', pick(['ada', 'grace', 'edith']), status === 'rejected' ? 'blurry' : null, null, iso(created + 3 * 60_000 - 1000));
      counts.reviews++;
    }
    if (status === 'published' || status === 'archived') {
      insListing.run(randomUUID(), id, `gid://shopify/Product/${i}`, `https://fieldfen.myshopify.com/products/${sp}-${i}`, '{"variants":3}', iso(updated), iso(updated));
      counts.listings++;
    }
  });

  const FILE_CMDS = [['CreateFileRecord', 'file.ingest'], ['UpscaleImage', 'image.process'], ['CreateListing', 'listing.create']] as const;
  const fileJobs = Math.min(N_JOBS, 3 * N_FILES);
  inBatches(sqlite, N_JOBS, (i) => {
    const withFile = i < fileJobs;
    const [cmd, queue] = withFile ? FILE_CMDS[i % 3] : ['Noop', 'system'];
    const fileId = withFile ? fileIds[Math.floor(i / 3)] : null;
    // Jobs of files follow their file's time; Noop jobs spread evenly over the 30 days.
    const created = withFile ? fileTimes[Math.floor(i / 3)] + (i % 3) * 60_000 : NOW - SPAN + ((i - fileJobs) / Math.max(1, N_JOBS - fileJobs)) * SPAN;
    const status = jobStatus();
    const started = status === 'pending' ? null : created + 50 + int(500);
    const completed = status === 'completed' || status === 'failed' ? (started as number) + 100 + int(20_000) : null;
    const error = status === 'failed' ? ERRORS[int(ERRORS.length)]() : status === 'retrying' ? 'HTTP 503' : null;
    const payload = withFile ? JSON.stringify({ file_id: fileId }) : JSON.stringify({ note: `noop ${i}`, sleep_ms: int(100) });
    insJob.run(randomUUID(), fileId, cmd, queue, status, status === 'pending' ? 0 : 1, error, payload, status === 'completed' ? '{"ok":true}' : null,
      status === 'running' ? randomUUID() : null, status === 'retrying' ? iso(NOW + 60_000) : null,
      iso(created), started === null ? null : iso(started), completed === null ? null : iso(completed), iso(completed ?? started ?? created));
    counts.jobs++;
  });

  inBatches(sqlite, N_USAGE, (i) => {
    const service = pick(['replicate', 'shopify', 'drive'] as const);
    const r = rnd();
    const status = r < 0.93 ? 200 : r < 0.96 ? 429 : r < 0.99 ? 500 : null;
    insUsage.run(service, service === 'replicate' ? '/v1/predictions' : service === 'shopify' ? '/admin/api/graphql.json' : '/drive/v3/files', status, 20 + int(2000),
      service === 'shopify' ? int(1000) : null, null, service === 'replicate' && status === 200 ? Math.round(rnd() * 5000) / 100_000 : null, null, iso(NOW - SPAN + (i / N_USAGE) * SPAN));
  });
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { seconds: (performance.now() - started) / 1000, counts };
}

async function time(name: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 2; i++) await fn(); // warm the page cache and statement cache
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(2);
  console.log(`  ${name.padEnd(44)} p50 ${q(0.5).padStart(8)} ms   p95 ${q(0.95).padStart(8)} ms`);
}

const { seconds, counts } = await generate();
console.log(`generated ${OUT} in ${seconds.toFixed(1)} s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);

const db = openDatabase({ dialect: 'sqlite', path: OUT });
const jobs = new JobService(db, new CommandRegistry([]), topology('', 'classic'), {} as OutboxRelay, 5, new Subscriptions());
const overview = new OverviewService(db);
const failures = new FailureService(db);
const usage = new UsageService(db);
const files = new FileService(db, jobs);
const groups = await failures.failureGroups();
console.log(`failure groups: ${groups.groups.length} over ${groups.scanned} FAILED jobs (truncated: ${groups.truncated})`);
console.log(`service timings over ${RUNS} runs (SQLite, one connection):`);
await time('overview()', () => overview.overview());
await time('failureGroups()', () => failures.failureGroups());
await time('usage.stats(30 days)', () => usage.stats({ from: iso(NOW - SPAN), to: iso(NOW + 1) }));
await time('activity({first: 50})', () => overview.activity({ first: 50 }));
const page2 = (await overview.activity({ first: 50 })).nextCursor;
await time('activity({first: 50, after: page 1})', () => overview.activity({ first: 50, after: page2 }));
await time("jobs.list({status: 'failed', limit: 50})", () => jobs.list({ status: 'failed', limit: 50 }));
await time("jobs.list({status: 'completed', limit: 50})", () => jobs.list({ status: 'completed', limit: 50 }));
await time("jobs.list({status: 'pending', limit: 50})", () => jobs.list({ status: 'pending', limit: 50 }));
await time("jobs.list({status: 'completed', Noop})", () => jobs.list({ status: 'completed', commandType: 'Noop', limit: 50 }));
await time('staleRuns(UpscaleImage) (the sweep)', () => staleRuns(db, 'UpscaleImage', iso(NOW - 3_600_000)));
await time('hasQueuedJob(ScanDriveFolder)', () => hasQueuedJob(db, 'ScanDriveFolder'));
await time("jobs.list({search: 'prediction', limit: 50})", () => jobs.list({ search: 'prediction', limit: 50 }));
await time('files.list({limit: 50})', () => files.list({ limit: 50 }));
await db.destroy();
