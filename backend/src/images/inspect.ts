/**
 * Inspect an image without decoding it: sharp's metadata() reads only the header,
 * so this is cheap even for a 24000×16000 upscaled print file. Also the content
 * checksum used for duplicate detection (SPEC §1 Ingest).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { PermanentError } from '../core/outcomes.js';

export type ImageInput = Buffer | string;

export interface ImageInfo {
  /** Stored pixel dimensions (EXIF orientation not applied). */
  width: number;
  height: number;
  /** Upright dimensions: width/height swapped for EXIF orientations 5–8. */
  orientedWidth: number;
  orientedHeight: number;
  /** orientedWidth / orientedHeight. */
  aspectRatio: number;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  format: string;
  /** libvips interpretation, e.g. "srgb", "cmyk", "b-w", "rgb16". */
  space: string;
  channels: number;
  hasAlpha: boolean;
  hasProfile: boolean;
  sizeBytes: number;
}

/**
 * Upscaled print files are far beyond sharp's default pixel limit (0x3FFF² ≈ 268 MP):
 * a 4× of 6000×4000 is 384 MP. Reading a header costs nothing, and the renditions
 * shrink on load, so allow up to ~1 gigapixel (≈ 38730×25820 at 3:2).
 */
export const MAX_INPUT_PIXELS = 1_000_000_000;

/** A corrupt or non-image file will never become readable: fail the job at once. */
export function asUnreadable(err: unknown, what: string): never {
  const message = err instanceof Error ? err.message : String(err);
  if (/exceeds pixel limit/i.test(message)) {
    throw new PermanentError(`${what} is larger than ${MAX_INPUT_PIXELS} pixels`, 'IMAGE_TOO_LARGE', { cause: err });
  }
  if (/unsupported image format|corrupt|premature end|invalid|bad seek|VipsJpeg|not a known file format/i.test(message)) {
    throw new PermanentError(`${what} is not a readable image: ${message}`, 'UNREADABLE_IMAGE', { cause: err });
  }
  throw err;
}

export async function inspectImage(input: ImageInput): Promise<ImageInfo> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (err) {
    return asUnreadable(err, typeof input === 'string' ? input : 'image buffer');
  }
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5 && orientation <= 8;
  const orientedWidth = swap ? meta.height : meta.width;
  const orientedHeight = swap ? meta.width : meta.height;
  const sizeBytes = typeof input === 'string' ? (await stat(input)).size : input.length;
  return {
    width: meta.width,
    height: meta.height,
    orientedWidth,
    orientedHeight,
    aspectRatio: orientedWidth / orientedHeight,
    orientation,
    format: meta.format,
    space: meta.space,
    channels: meta.channels,
    hasAlpha: meta.hasAlpha,
    hasProfile: meta.hasProfile,
    sizeBytes,
  };
}

/** sha256 (hex) of the bytes; a file path is streamed, never read whole. */
export async function contentChecksum(input: ImageInput): Promise<string> {
  const hash = createHash('sha256');
  if (typeof input !== 'string') return hash.update(input).digest('hex');
  for await (const chunk of createReadStream(input, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
