import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentChecksum, inspectImage } from '../../src/images/inspect.js';
import {
  fitWithin,
  makeThumbnail,
  makeWebRendition,
  normaliseToSrgb,
  writeWebRendition,
} from '../../src/images/renditions.js';
import { PermanentError } from '../../src/core/outcomes.js';

let dir: string;
let bigPath: string; // 6000×4000 JPEG
let halvesPath: string; // 600×400, left half red, right half blue, EXIF orientation 6

/** Stored 600×400: red left, blue right; orientation as given. */
async function halves(orientation?: number): Promise<Buffer> {
  const red = { r: 255, g: 0, b: 0 };
  const img = sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 0, g: 0, b: 255 } } })
    .composite([{ input: { create: { width: 300, height: 400, channels: 3, background: red } }, left: 0, top: 0 }])
    .jpeg({ quality: 95 });
  return orientation ? img.withMetadata({ orientation }).toBuffer() : img.toBuffer();
}

async function pixel(buf: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(buf).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

/** A PNG that is only a header claiming 24000×16000 — enough for a metadata read. */
function headerOnlyPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ff-images-'));
  bigPath = join(dir, 'big.jpg');
  await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#4a6b3c' } })
    .jpeg({ quality: 80 })
    .toFile(bigPath);
  halvesPath = join(dir, 'halves-o6.jpg');
  await writeFile(halvesPath, await halves(6));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('inspectImage', () => {
  it('reads dimensions, format and size from a path', async () => {
    const info = await inspectImage(bigPath);
    expect(info).toMatchObject({ width: 6000, height: 4000, orientedWidth: 6000, orientedHeight: 4000, orientation: 1, format: 'jpeg', space: 'srgb', hasAlpha: false });
    expect(info.aspectRatio).toBeCloseTo(1.5, 9);
    expect(info.sizeBytes).toBe((await readFile(bigPath)).length);
  });

  it('EXIF orientation 6 and 8 swap the oriented dimensions, 3 does not', async () => {
    const o6 = await inspectImage(halvesPath);
    expect(o6).toMatchObject({ width: 600, height: 400, orientedWidth: 400, orientedHeight: 600, orientation: 6 });
    expect((await inspectImage(await halves(8))).orientedWidth).toBe(400);
    const o3 = await inspectImage(await halves(3));
    expect([o3.orientation, o3.orientedWidth, o3.orientedHeight]).toEqual([3, 600, 400]);
  });

  it('reports alpha and colour space', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).png().toBuffer();
    expect(await inspectImage(png)).toMatchObject({ format: 'png', hasAlpha: true, sizeBytes: png.length });
    const cmyk = await sharp(png).flatten().toColourspace('cmyk').jpeg().toBuffer();
    expect((await inspectImage(cmyk)).space).toBe('cmyk');
  });

  it('reads the header of a 24000×16000 file (beyond sharp’s default pixel limit)', async () => {
    const png = headerOnlyPng(24000, 16000);
    await expect(sharp(png).metadata()).rejects.toThrow(/pixel limit/);
    expect(await inspectImage(png)).toMatchObject({ width: 24000, height: 16000, orientedWidth: 24000 });
  });

  it('a non-image is a permanent failure', async () => {
    const err = await inspectImage(Buffer.from('definitely not a jpeg')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).code).toBe('UNREADABLE_IMAGE');
  });
});

describe('contentChecksum', () => {
  it('streams a file to the same sha256 as its bytes', async () => {
    const bytes = await readFile(bigPath);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await contentChecksum(bigPath)).toBe(expected);
    expect(await contentChecksum(bytes)).toBe(expected);
    expect(await contentChecksum(halvesPath)).not.toBe(expected);
  });
});

describe('fitWithin', () => {
  it('keeps small images, shrinks big ones under both bounds', () => {
    expect(fitWithin(1000, 800, 20_000_000, 4472)).toEqual({ width: 1000, height: 800, resized: false });
    const a = fitWithin(6000, 4000, 20_000_000, Infinity);
    expect(a.width * a.height).toBeLessThanOrEqual(20_000_000);
    expect(a.width * a.height).toBeGreaterThan(19_900_000);
    expect(fitWithin(24000, 16000, 20_000_000, 4472)).toMatchObject({ width: 4472, height: 2981 });
  });
});

describe('renditions', () => {
  it('thumbnail of 6000×4000 is a 512-wide sRGB JPEG', async () => {
    const t = await makeThumbnail(bigPath);
    const m = await sharp(t).metadata();
    expect([m.format, m.width, m.height, m.space]).toEqual(['jpeg', 512, 341, 'srgb']);
  });

  it('thumbnail is upright for EXIF orientation 6 (stored left half ends on top)', async () => {
    const t = await makeThumbnail(halvesPath);
    const m = await sharp(t).metadata();
    expect([m.width, m.height]).toEqual([341, 512]);
    expect(m.orientation ?? 1).toBe(1);
    const top = await pixel(t, 170, 40);
    const bottom = await pixel(t, 170, 470);
    expect(top[0]).toBeGreaterThan(200); // red
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200); // blue
    expect(bottom[0]).toBeLessThan(60);
  });

  it('thumbnail does not enlarge small images and flattens alpha', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const t = await makeThumbnail(png);
    const m = await sharp(t).metadata();
    expect([m.width, m.height, m.channels, m.hasAlpha]).toEqual([300, 200, 3, false]);
    expect(await pixel(t, 150, 100)).toEqual([255, 255, 255]);
  });

  it('web rendition of 6000×4000 stays under 20 MP and 4472 px', async () => {
    const w = await makeWebRendition(bigPath);
    const m = await sharp(w).metadata();
    expect(m.format).toBe('jpeg');
    expect(m.width * m.height).toBeLessThanOrEqual(20_000_000);
    expect([m.width, m.height]).toEqual([4472, 2981]);
  });

  it('web rendition honours maxPixels alone', async () => {
    const w = await makeWebRendition(bigPath, { maxPixels: 20_000_000, maxSide: Infinity });
    const m = await sharp(w).metadata();
    expect(m.width * m.height).toBeLessThanOrEqual(20_000_000);
    expect(m.width).toBeGreaterThan(5400);
    expect(m.width / m.height).toBeCloseTo(1.5, 2);
  });

  it('writeWebRendition writes to a file and reports what it wrote', async () => {
    const out = join(dir, 'web.jpg');
    const r = await writeWebRendition(halvesPath, out);
    const m = await sharp(out).metadata();
    expect(r).toMatchObject({ path: out, width: 400, height: 600 });
    expect([m.width, m.height]).toEqual([400, 600]);
    expect(r.sizeBytes).toBe((await readFile(out)).length);
  });

  it('normaliseToSrgb converts CMYK to sRGB with an embedded profile, size unchanged', async () => {
    const cmyk = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#3366aa' } }).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const out = join(dir, 'norm.jpg');
    const r = await normaliseToSrgb(cmyk, out);
    const m = await sharp(out).metadata();
    expect([m.space, m.channels, m.hasProfile, m.width, m.height]).toEqual(['srgb', 3, true, 320, 240]);
    expect(r).toMatchObject({ width: 320, height: 240 });
  });

  it('normaliseToSrgb applies EXIF orientation', async () => {
    const out = join(dir, 'norm-o6.jpg');
    await normaliseToSrgb(halvesPath, out);
    const m = await sharp(out).metadata();
    expect([m.width, m.height, m.orientation ?? 1]).toEqual([400, 600, 1]);
  });
});
