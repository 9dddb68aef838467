/**
 * Temporary files for image work: print files run to hundreds of megabytes, so
 * downloads are streamed to disk and images are processed from paths (libvips reads
 * them sequentially), never held decoded in memory. One directory per run, removed
 * when the run ends whatever happens.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function withTempDir<T>(base: string | undefined, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(base ?? os.tmpdir(), 'fieldfen-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function streamToFile(body: Readable, file: string): Promise<string> {
  await pipeline(body, createWriteStream(file));
  return file;
}

/** A data: URI of a file, base64 encoded in streaming fashion. */
export async function fileToDataUri(file: string, mimeType: string): Promise<string> {
  const parts: string[] = [];
  // 3-byte-aligned chunks so each base64 piece can be joined as is.
  for await (const chunk of createReadStream(file, { highWaterMark: 3 * 256 * 1024 })) parts.push((chunk as Buffer).toString('base64'));
  return `data:${mimeType};base64,${parts.join('')}`;
}
