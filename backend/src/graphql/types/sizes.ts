/**
 * Every print size of a file's ratio family, with the effective DPI its print file
 * reaches, the price in force, and — for a size not offered — why (File.sizes).
 */
import type { FileRow, Job } from '../../db/schema.js';
import { buildFamilies, effectiveDpi, canonicalKey, type Family, type OfferedSize } from '../../images/families.js';

/** A size of the family (as images/families.ts describes offered ones), with its price and whether it is offered. */
export interface SizeOption extends OfferedSize {
  price: number | null;
  offered: boolean;
  /** Why it is not offered (null when it is). */
  reason: string | null;
}

const families = buildFamilies();

/** Pixel size of the file's print file: the last image job's result, else the original. */
export function printPixels(file: FileRow, jobs: Job[]): { width: number; height: number } | null {
  for (const j of jobs) {
    if ((j.command_type === 'UpscaleImage' || j.command_type === 'UpdateImage') && j.status === 'completed' && j.result_json) {
      const print = (JSON.parse(j.result_json) as { print?: { width?: number; height?: number } }).print;
      if (print?.width && print.height) return { width: print.width, height: print.height };
    }
  }
  return file.width && file.height ? { width: file.width, height: file.height } : null;
}

export function sizeOptions(file: FileRow, jobs: Job[], prices: Record<string, number>, minDpi: number): SizeOption[] {
  const family: Family | undefined = families.find((f) => f.id === file.ratio_family);
  const px = printPixels(file, jobs);
  if (!family || !px) return [];
  const long = Math.max(px.width, px.height);
  const short = Math.min(px.width, px.height);
  const landscape = px.width >= px.height;
  const offered = new Set((JSON.parse(file.offered_sizes_json ?? '[]') as { key: string }[]).map((s) => s.key));
  return family.sizes.map((s) => {
    const key = canonicalKey(s);
    const dpi = Math.floor(effectiveDpi(long, short, s));
    const price = prices[key] ?? null;
    const widthIn = landscape ? s.longIn : s.shortIn;
    const heightIn = landscape ? s.shortIn : s.longIn;
    let reason: string | null = null;
    if (dpi < minDpi) reason = `${dpi} DPI at this size, below the ${minDpi} DPI minimum`;
    else if (price === null) reason = 'no price for this size in the price table';
    else if (file.offered_sizes_json !== null && !offered.has(key)) reason = 'not offered when the file was processed';
    return { label: `${widthIn}x${heightIn}`, key, widthIn, heightIn, dpi, price, offered: reason === null, reason };
  });
}
