/**
 * Derived images: the review thumbnail, the review preview (kept on disk, not in the
 * database: a few hundred KB per file), the web rendition sent to Shopify (the print
 * file stays in Drive), and the sRGB-normalised print file.
 *
 * All are upright (EXIF orientation applied, tag removed), 8-bit sRGB JPEG, alpha
 * flattened onto white. Memory: inputs are read from a path with libvips'
 * sequential access (sharp's default), JPEG shrink-on-load does most of the
 * downsizing, and big outputs go straight to a file. Large JPEG outputs are
 * written baseline without Huffman optimisation: both progressive output and
 * optimised coding (sharp's default) make libjpeg hold every DCT coefficient of the
 * image at once (2 bytes per sample: 6000×4000 at 4:4:4 ≈ 144 MB, a 24000×16000
 * print ≈ 2.3 GB), for a file only a few per cent smaller. libvips' operation cache only
 * helps when the same image is processed repeatedly, which a worker never does, so
 * it is switched off to keep decoded pixels from lingering between jobs.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { asUnreadable, inspectImage, MAX_INPUT_PIXELS, type ImageInput } from './inspect.js';

sharp.cache(false);

/** Shopify product images: "4472 x 4472 px, or 20 megapixels" (shopify.dev, product media). */
export const SHOPIFY_MAX_PIXELS = 20_000_000;
export const SHOPIFY_MAX_SIDE = 4472;
export const THUMBNAIL_MAX_SIDE = 512;
export const PREVIEW_MAX_SIDE = 2048;

/** JPEG settings that let libjpeg encode strip by strip (see the note above). */
const STREAMING_JPEG = { progressive: false, optimiseCoding: false } as const;

export interface WebRenditionOptions {
  /** Upper bound on width × height (default 20 000 000). */
  maxPixels?: number;
  /** Upper bound on either side (default 4472). */
  maxSide?: number;
  /** JPEG quality 1–100 (default 86). */
  quality?: number;
}

export interface WrittenImage {
  path: string;
  width: number;
  height: number;
  sizeBytes: number;
}

/**
 * Largest size with the same aspect ratio that fits both limits (never enlarges).
 * Floors each side, so width × height ≤ maxPixels holds exactly.
 */
export function fitWithin(width: number, height: number, maxPixels: number, maxSide: number) {
  const scale = Math.min(1, Math.sqrt(maxPixels / (width * height)), maxSide / Math.max(width, height));
  if (scale >= 1) return { width, height, resized: false };
  return {
    width: Math.max(1, Math.floor(width * scale)),
    height: Math.max(1, Math.floor(height * scale)),
    resized: true,
  };
}

/** Upright, alpha-free sRGB pipeline start. */
function uprightSrgb(input: ImageInput, hasAlpha: boolean): Sharp {
  let img = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true });
  if (hasAlpha) img = img.flatten({ background: '#ffffff' });
  return img.toColourspace('srgb');
}

async function guarded<T>(input: ImageInput, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    return asUnreadable(err, typeof input === 'string' ? input : 'image buffer');
  }
}

/** Review-queue thumbnail: JPEG, long side ≤ 512 px (smaller images are not enlarged). */
export async function makeThumbnail(input: ImageInput, opts: { maxSide?: number; quality?: number } = {}): Promise<Buffer> {
  const maxSide = opts.maxSide ?? THUMBNAIL_MAX_SIDE;
  const info = await inspectImage(input);
  return guarded(input, () =>
    uprightSrgb(input, info.hasAlpha)
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: opts.quality ?? 80 })
      .toBuffer(),
  );
}

/** Where a file's review preview lives: `<data dir>/previews/<file id>.jpg`. */
export function previewPath(dataDir: string, fileId: string): string {
  if (!/^[\w-]{1,100}$/.test(fileId)) throw new RangeError(`not a file id: ${JSON.stringify(fileId)}`);
  return path.join(dataDir, 'previews', `${fileId}.jpg`);
}

/**
 * Review preview: JPEG, long side ≤ 2048 px (never enlarged), written atomically (a
 * temp file in the same directory, then rename), so a reader never sees half a file.
 */
export async function writePreview(input: ImageInput, outPath: string, opts: { maxSide?: number; quality?: number } = {}): Promise<WrittenImage> {
  const maxSide = opts.maxSide ?? PREVIEW_MAX_SIDE;
  const info = await inspectImage(input);
  await mkdir(path.dirname(outPath), { recursive: true });
  const tmp = `${outPath}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    const out = await guarded(input, () =>
      uprightSrgb(input, info.hasAlpha)
        .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: opts.quality ?? 85 })
        .toFile(tmp),
    );
    await rename(tmp, outPath);
    return { path: outPath, width: out.width, height: out.height, sizeBytes: out.size };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function webPipeline(input: ImageInput, opts: WebRenditionOptions) {
  const info = await inspectImage(input);
  const target = fitWithin(
    info.orientedWidth,
    info.orientedHeight,
    opts.maxPixels ?? SHOPIFY_MAX_PIXELS,
    opts.maxSide ?? SHOPIFY_MAX_SIDE,
  );
  let img = uprightSrgb(input, info.hasAlpha);
  // 'inside' with both bounds: sharp keeps the ratio and never exceeds either bound.
  if (target.resized) img = img.resize({ width: target.width, height: target.height, fit: 'inside' });
  return img.jpeg({ quality: opts.quality ?? 86, ...STREAMING_JPEG });
}

/** Web rendition (Shopify media) as a Buffer: ≤ 20 MP and ≤ 4472 px a side by default. */
export async function makeWebRendition(input: ImageInput, opts: WebRenditionOptions = {}): Promise<Buffer> {
  return guarded(input, async () => (await webPipeline(input, opts)).toBuffer());
}

/** Same as makeWebRendition, written to a file instead of held in memory. */
export async function writeWebRendition(
  input: ImageInput,
  outPath: string,
  opts: WebRenditionOptions = {},
): Promise<WrittenImage> {
  return guarded(input, async () => {
    const out = await (await webPipeline(input, opts)).toFile(outPath);
    return { path: outPath, width: out.width, height: out.height, sizeBytes: out.size };
  });
}

/**
 * Print file normalised to sRGB: upright, 8-bit, alpha flattened, sRGB ICC profile
 * embedded, high-quality JPEG without chroma subsampling. Pixel size unchanged.
 */
export async function normaliseToSrgb(
  input: ImageInput,
  outPath: string,
  opts: { quality?: number } = {},
): Promise<WrittenImage> {
  const info = await inspectImage(input);
  return guarded(input, async () => {
    const out = await uprightSrgb(input, info.hasAlpha)
      .withIccProfile('srgb')
      .jpeg({ quality: opts.quality ?? 95, chromaSubsampling: '4:4:4', ...STREAMING_JPEG })
      .toFile(outPath);
    return { path: outPath, width: out.width, height: out.height, sizeBytes: out.size || (await stat(outPath)).size };
  });
}
