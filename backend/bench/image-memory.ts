/**
 * Peak memory of the image steps, each measured in a fresh child process
 * (process.resourceUsage().maxRSS is a process-lifetime peak, so steps must not
 * share a process). Run: `npx tsx bench/image-memory.ts` from backend/.
 *
 * Inputs (generated once in a temp dir): a 6000×4000 JPEG with noise (a realistic
 * camera-sized original) and a 24000×16000 JPEG (what a 4× upscale returns).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STEPS = [
  'baseline', // node + tsx + sharp loaded, nothing processed
  'inspect-6000', // metadata + streamed sha256
  'thumbnail-6000',
  'web-6000-file', // ≤ 20 MP / 4472 px rendition streamed to a file
  'web-6000-buffer', // same, returned as a Buffer
  'pipeline-6000', // inspect + web rendition (file) + thumbnail in one process
  'normalise-6000', // sRGB print file, full size
  'web-6000-rotated', // EXIF orientation 6: rotation needs the whole decoded image
  'inspect-24000', // metadata only of the 384 MP upscale result
  'web-24000-file', // web rendition from the 384 MP file (JPEG shrink-on-load)
  'normalise-24000', // full-size sRGB re-encode of the 384 MP file, streamed
] as const;
type Step = (typeof STEPS)[number] | 'generate';

const mb = (kb: number) => Math.round(kb / 1024);

async function runStep(step: Step, dir: string): Promise<Record<string, unknown>> {
  const sharp = (await import('sharp')).default;
  const { inspectImage, contentChecksum } = await import('../src/images/inspect.js');
  const { makeThumbnail, writeWebRendition, makeWebRendition, normaliseToSrgb } = await import('../src/images/renditions.js');
  const small = join(dir, 'orig-6000x4000.jpg');
  const big = join(dir, 'upscaled-24000x16000.jpg');
  const rotated = join(dir, 'orig-6000x4000-o6.jpg');
  const extra: Record<string, unknown> = {};
  switch (step) {
    case 'generate':
      await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
        .jpeg({ quality: 90 })
        .toFile(small);
      await sharp(small).withMetadata({ orientation: 6 }).jpeg({ quality: 90, optimiseCoding: false }).toFile(rotated);
      await sharp({ create: { width: 24000, height: 16000, channels: 3, background: '#5a7d4c' }, limitInputPixels: false })
        .jpeg({ quality: 90, optimiseCoding: false }) // optimised coding would buffer ~1 GB of coefficients
        .toFile(big);
      break;
    case 'baseline':
      break;
    case 'inspect-6000':
      extra.info = await inspectImage(small);
      extra.sha256 = (await contentChecksum(small)).slice(0, 12);
      break;
    case 'thumbnail-6000':
      extra.bytes = (await makeThumbnail(small)).length;
      break;
    case 'web-6000-file':
      extra.out = await writeWebRendition(small, join(dir, 'web.jpg'));
      break;
    case 'web-6000-buffer':
      extra.bytes = (await makeWebRendition(small)).length;
      break;
    case 'pipeline-6000':
      await inspectImage(small);
      await contentChecksum(small);
      extra.out = await writeWebRendition(small, join(dir, 'web2.jpg'));
      extra.thumb = (await makeThumbnail(small)).length;
      break;
    case 'normalise-6000':
      extra.out = await normaliseToSrgb(small, join(dir, 'print.jpg'));
      break;
    case 'web-6000-rotated':
      extra.out = await writeWebRendition(rotated, join(dir, 'web-rot.jpg'));
      break;
    case 'normalise-24000':
      extra.out = await normaliseToSrgb(big, join(dir, 'print-big.jpg'));
      break;
    case 'inspect-24000': {
      const i = await inspectImage(big);
      extra.info = { width: i.width, height: i.height, sizeBytes: i.sizeBytes };
      break;
    }
    case 'web-24000-file':
      extra.out = await writeWebRendition(big, join(dir, 'web-big.jpg'));
      break;
  }
  return extra;
}

async function child(step: Step, dir: string) {
  const t0 = performance.now();
  const extra = await runStep(step, dir);
  const ms = Math.round(performance.now() - t0);
  process.stdout.write(`${JSON.stringify({ step, ms, maxRssMb: mb(process.resourceUsage().maxRSS), ...extra })}\n`);
}

function spawnStep(step: Step, dir: string): Record<string, unknown> {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, self, '--step', step, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`step ${step} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main() {
  const i = process.argv.indexOf('--step');
  if (i >= 0) return child(process.argv[i + 1] as Step, process.argv[i + 2]!);
  const dir = await mkdtemp(join(tmpdir(), 'ff-image-bench-'));
  try {
    const gen = spawnStep('generate', dir);
    console.log(`generated inputs in ${gen.ms} ms (peak ${gen.maxRssMb} MB)`);
    console.log('step              peak RSS   time');
    for (const step of STEPS) {
      const r = spawnStep(step, dir);
      console.log(`${step.padEnd(17)} ${String(r.maxRssMb).padStart(5)} MB ${String(r.ms).padStart(6)} ms`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
