/**
 * Peak memory of a worker process taking a 6000×4000 photograph through the whole
 * pipeline with a 4× upscale (a 24000×16000 = 384-megapixel print file): download,
 * inspection, thumbnail, sRGB normalisation, the Replicate round trip, the Drive
 * upload, metadata, and on approval the ≤20 MP web rendition and the Shopify upload.
 * The worker is the production build (plain Node) in its own process; the stand-ins
 * run in this one. Prints the worker's peak resident memory (VmHWM). Goal < 400 MB.
 *
 *   npx tsx bench/pipeline-memory.ts
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateArtwork } from '../src/images/demoArt.js';
import { call } from '../test/helpers/stack.js';
import { startPipeline } from '../test/pipeline/harness.js';

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mb = (kb: number) => Math.round(kb / 1024);
const status = (pid: number, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

const p = await startPipeline({ worker: false, replicate: { pollsUntilDone: 0, predictTimeSeconds: 0 }, env: { WORKER_CONCURRENCY: '4' } });
execFileSync(process.execPath, [path.join(BACKEND, 'scripts/build.mjs')]);
const worker = fork(path.join(BACKEND, 'dist/bin/worker.js'), [], { cwd: BACKEND, env: { ...process.env, ...p.env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
try {
  const t0 = performance.now();
  const photo = await generateArtwork({ width: 6000, height: 4000, seed: 'memory-heron' });
  const driveId = p.drive.addFile(p.folders.incoming, 'great-blue-heron.jpg', photo, 'image/jpeg').id;
  await new Promise((r) => setTimeout(r, 1500));
  const idle = status(worker.pid!, 'VmRSS');
  const r = await call(p.api.url, 'POST', '/webhooks/file-ingested', { token: p.tokens.service, body: { file_id: driveId, filename: 'great-blue-heron.jpg', species: 'great blue heron', scale: 4 } });
  if (r.status !== 201) throw new Error(`webhook: ${r.status} ${JSON.stringify(r.body)}`);
  const fileId = r.body.file_id as string;
  const processed = await p.waitForStatus(fileId, 'processed', 600_000);
  const approve = await call(p.api.url, 'POST', `/api/files/${fileId}/approve`, { token: p.tokens.reviewer, body: {} });
  if (approve.status !== 200) throw new Error(`approve: ${approve.status} ${JSON.stringify(approve.body)}`);
  await p.waitForStatus(fileId, 'published', 600_000);
  const peak = status(worker.pid!, 'VmHWM');
  console.log(`6000×4000 JPEG (${(photo.length / 1e6).toFixed(1)} MB) → ×4 print file ${processed.width}×${processed.height} source; offered ${JSON.parse(processed.offered_sizes_json ?? '[]').length} sizes`);
  console.log(`worker resident memory: ${mb(idle)} MB idle before, peak ${mb(peak)} MB (goal < 400 MB); whole run ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} finally {
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  await p.close();
}
