/**
 * Resident memory of the one-box layout (fly.toml's `node <its flags> backend/dist/bin/start.js`):
 * the supervisor process (the API) plus the worker it forks, summed from /proc — idle after
 * start, and at its peak while the pipeline takes a 6000×4000 artwork through every step
 * with a 4× upscale (as bench/pipeline-memory.ts: download, inspection, thumbnail, the
 * Replicate round trip, the Drive upload, metadata, approval, the web rendition, Shopify).
 * The supervisor runs the production build (plain Node) in its own process with the image's
 * defaults (WORKER_CONCURRENCY 10); the three stand-ins run in this process. 5,000 Noop
 * jobs are enqueued (one bulk request) beside the artwork, as issue 12 measures. Prints MB.
 *
 *   npx tsx bench/onebox-memory.ts
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { generateArtwork } from '../src/images/demoArt.js';
import { makeServiceAccount, startFakeDrive } from '../src/standins/googleDrive.js';
import { startFakeReplicate } from '../src/standins/replicate.js';
import { startFakeShopify } from '../src/standins/shopify.js';
import { call, cleanupBroker, freePort, testEnv, token, waitFor } from '../test/helpers/stack.js';

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The node flags of fly.toml's one-box command (`node <flags> backend/dist/bin/start.js`). */
function flyNodeFlags(): string[] {
  const fly = parseToml(readFileSync(path.join(BACKEND, '../fly.toml'), 'utf8')) as { processes?: { app?: string } };
  const words = (fly.processes?.app ?? '').split(/\s+/).filter(Boolean);
  const flags = words.slice(1, words.findIndex((w) => w.endsWith('start.js')));
  if (words[0] !== 'node' || flags.some((f) => !f.startsWith('--'))) throw new Error(`fly.toml's app command is not "node [flags] …start.js": ${fly.processes?.app}`);
  return flags;
}
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const field = (pid: number, name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const children = (pid: number) => {
  const f = `/proc/${pid}/task/${pid}/children`;
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ff-onebox-'));
const drive = await startFakeDrive();
const replicate = await startFakeReplicate({ pollsUntilDone: 0, predictTimeSeconds: 0 });
const shopify = await startFakeShopify();
const root = drive.createFolder('Field & Fen');
const folders = {
  incoming: drive.createFolder('Incoming', root.id).id,
  ready: drive.createFolder('Ready to Process', root.id).id,
  species: drive.createFolder('Species', root.id).id,
  published: drive.createFolder('Published', root.id).id,
};
const credentials = path.join(tmp, 'service-account.json');
writeFileSync(credentials, JSON.stringify(makeServiceAccount(drive)));
const port = await freePort();
const metricsPort = await freePort();
// The image's configuration (defaults for concurrency, retries, queue type) plus the stand-ins.
const env = {
  ...testEnv({ RETRY_BASE_DELAY_SECONDS: undefined, RETRY_JITTER_MS: undefined, RETRY_MAX_ATTEMPTS: undefined, WORKER_CONCURRENCY: undefined, SHUTDOWN_GRACE_SECONDS: undefined }),
  NODE_ENV: 'production',
  MALLOC_ARENA_MAX: '2', // as the image's ENV
  PORT: String(port),
  WORKER_METRICS_PORT: String(metricsPort),
  DATABASE_URL: `sqlite:///${path.join(tmp, 'fieldfen.db')}`,
  DATA_DIR: tmp,
  GOOGLE_DRIVE_CREDENTIALS_PATH: credentials,
  GOOGLE_API_BASE_URL: drive.baseUrl,
  DRIVE_INCOMING_FOLDER_ID: folders.incoming,
  DRIVE_READY_FOLDER_ID: folders.ready,
  DRIVE_SPECIES_FOLDER_ID: folders.species,
  DRIVE_PUBLISHED_FOLDER_ID: folders.published,
  DRIVE_SCAN_INTERVAL_SECONDS: '3600',
  REPLICATE_API_TOKEN: replicate.token,
  REPLICATE_API_BASE_URL: replicate.baseUrl,
  SHOPIFY_STORE_URL: shopify.baseUrl,
  SHOPIFY_API_KEY: shopify.clientId,
  SHOPIFY_API_SECRET: shopify.clientSecret,
  MIN_PRINT_DPI: '50',
  LOG_LEVEL: 'warn',
};

execFileSync(process.execPath, [path.join(BACKEND, 'scripts/build.mjs')]);
// As fly.toml runs it: plain Node (not this process's tsx loader, which fork would pass on).
const { NODE_OPTIONS: _loader, ...plainEnv } = process.env;
const supervisor = fork(path.join(BACKEND, 'dist/bin/start.js'), [], {
  cwd: BACKEND,
  env: { ...plainEnv, ...env },
  execArgv: flyNodeFlags(), // fly.toml's own flags; the worker inherits them
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
const api = `http://127.0.0.1:${port}`;
try {
  await waitFor(async () => (await fetch(`${api}/health/live`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the API' });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${metricsPort}/health/live`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the worker' });
  const [workerPid] = children(supervisor.pid!);
  const pids = { supervisor: supervisor.pid!, worker: workerPid };
  const rss = () => field(pids.supervisor, 'VmRSS') + field(pids.worker, 'VmRSS');
  await new Promise((r) => setTimeout(r, 5000)); // settled: migrations done, housekeeping's first pass
  const idle = { supervisor: field(pids.supervisor, 'VmRSS'), worker: field(pids.worker, 'VmRSS') };

  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 25);
  const t0 = performance.now();
  const photo = await generateArtwork({ width: 6000, height: 4000, seed: 'onebox-heron' });
  const driveId = drive.addFile(folders.incoming, 'great-blue-heron.jpg', photo, 'image/jpeg').id;
  const service = await token('service');
  const r = await call(api, 'POST', '/webhooks/file-ingested', { token: service, body: { file_id: driveId, filename: 'great-blue-heron.jpg', species: 'great blue heron', scale: 4 } });
  if (r.status !== 201) throw new Error(`webhook: ${r.status} ${JSON.stringify(r.body)}`);
  const fileId = r.body.file_id as string;
  const admin = await token('admin');
  const noops = await call(api, 'POST', '/api/jobs/bulk', { token: admin, body: { jobs: Array.from({ length: 5000 }, () => ({ command_type: 'Noop', payload: {} })) } });
  if (noops.status !== 201) throw new Error(`bulk: ${noops.status} ${JSON.stringify(noops.body)}`);
  const status = async () => (await call(api, 'GET', `/api/files/${fileId}`, { token: admin })).body.status as string;
  await waitFor(async () => (await status()) === 'PROCESSED', { timeoutMs: 600_000, intervalMs: 200, what: 'PROCESSED' });
  const approve = await call(api, 'POST', `/api/files/${fileId}/approve`, { token: await token('reviewer'), body: {} });
  if (approve.status !== 200) throw new Error(`approve: ${approve.status} ${JSON.stringify(approve.body)}`);
  await waitFor(async () => (await status()) === 'PUBLISHED', { timeoutMs: 600_000, intervalMs: 200, what: 'PUBLISHED' });
  // Every Noop job done too (read from the database: the list endpoint pages without totals).
  const Database = (await import('better-sqlite3')).default;
  const reader = new Database(path.join(tmp, 'fieldfen.db'), { readonly: true });
  const left = reader.prepare("SELECT count(*) AS n FROM jobs WHERE command_type = 'Noop' AND status <> 'completed'");
  await waitFor(() => (left.get() as { n: number }).n === 0, { timeoutMs: 600_000, intervalMs: 200, what: '5,000 Noop jobs completed' });
  reader.close();
  clearInterval(sampler);
  const hwm = { supervisor: field(pids.supervisor, 'VmHWM'), worker: field(pids.worker, 'VmHWM') };

  console.log(`one box (supervisor = API, + worker child), 6000×4000 JPEG (${(photo.length / 1e6).toFixed(1)} MB) → ×4 beside 5,000 Noop jobs, published in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`idle after start: ${mb(idle.supervisor + idle.worker)} (API/supervisor ${mb(idle.supervisor)}, worker ${mb(idle.worker)})`);
  console.log(`peak while the artwork ran: ${mb(peak)} summed (sampled every 25 ms); per process peak (VmHWM): API/supervisor ${mb(hwm.supervisor)}, worker ${mb(hwm.worker)}`);
} finally {
  const exited = new Promise((r) => supervisor.once('exit', r));
  supervisor.kill('SIGTERM');
  await exited;
  await Promise.allSettled([drive.close(), replicate.close(), shopify.close()]);
  await cleanupBroker(env).catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
}
