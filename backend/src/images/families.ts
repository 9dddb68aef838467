/**
 * Print-size families: which aspect ratios we sell and at which sizes, and the
 * arithmetic that decides what a given image can be printed at (SPEC §1 Inspect,
 * Upscale). Pure functions, no I/O.
 *
 * Conventions (decided here, relied on elsewhere):
 *  - A family is identified by its ratio written long:short ("3:2", "1:1", "4:3",
 *    "2:1", "3:1"); both orientations belong to it (2:3 portrait is "3:2").
 *  - Sizes are stored orientation-free as { shortIn, longIn } in inches.
 *  - The canonical size key is "SHORTxLONG" ("12x18"): used for price tables and
 *    anything stored. The display label follows the image orientation as
 *    WIDTHxHEIGHT: "12x18" for a portrait image, "18x12" for a landscape one.
 *  - A ratio r = long/short belongs to a family of ratio fr when |r/fr − 1| ≤ 0.02.
 *
 * 1:1 sizes (the spec only says "15 sizes from 6 to 37"): 6, 8, 10, 12, 14, 16, 18,
 * 20, 22, 24, 26, 28, 30, 34, 37 — even steps through the common frame sizes, then
 * wider steps at the top where canvas sizes are sparse.
 */


export interface PrintSize {
  shortIn: number;
  longIn: number;
}

export interface Family {
  /** "3:2", "1:1", … (long:short). */
  id: string;
  /** long / short, e.g. 1.5 for 3:2. */
  ratio: number;
  /** Ascending by area; the last one is the largest. */
  sizes: PrintSize[];
}

export interface OfferedSize {
  /** WIDTHxHEIGHT in the image's orientation, e.g. "18x12" for landscape. */
  label: string;
  /** Canonical SHORTxLONG key, e.g. "12x18" (price table key). */
  key: string;
  widthIn: number;
  heightIn: number;
  /** Effective DPI, rounded down to a whole number (the comparison uses the exact value). */
  dpi: number;
}

export type UpscaleFactor = 1 | 2 | 4;

/** Relative tolerance for family membership: |r/fr − 1| ≤ RATIO_TOLERANCE. */
export const RATIO_TOLERANCE = 0.02;

const sz = (shortIn: number, longIn: number): PrintSize => ({ shortIn, longIn });
const squares = (...s: number[]) => s.map((n) => sz(n, n));

export const DEFAULT_FAMILIES: readonly Family[] = Object.freeze([
  { id: '3:2', ratio: 3 / 2, sizes: [sz(8, 12), sz(12, 18), sz(16, 24), sz(20, 30), sz(24, 36), sz(32, 48), sz(40, 60)] },
  { id: '1:1', ratio: 1, sizes: squares(6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 34, 37) },
  { id: '4:3', ratio: 4 / 3, sizes: [sz(9, 12), sz(12, 16), sz(18, 24), sz(24, 32), sz(30, 40)] },
  { id: '2:1', ratio: 2, sizes: [sz(10, 20), sz(12, 24), sz(15, 30), sz(20, 40), sz(24, 48), sz(30, 60)] },
  { id: '3:1', ratio: 3, sizes: [sz(12, 36), sz(16, 48), sz(20, 60)] },
]);

/** Parse "a:b" into long/short. */
function parseRatioId(id: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(id);
  if (!m) throw new Error(`family "${id}" is not a ratio like "3:2"`);
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (!(a > 0 && b > 0)) throw new Error(`family "${id}" has a zero side`);
  return Math.max(a, b) / Math.min(a, b);
}

/** Parse "12x18" (either order, "x", "X" or "×") into an orientation-free size. */
export function parseSize(text: string): PrintSize {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) throw new Error(`size "${text}" is not like "12x18"`);
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (!(a > 0 && b > 0)) throw new Error(`size "${text}" has a zero side`);
  return sz(Math.min(a, b), Math.max(a, b));
}

export function withinTolerance(ratio: number, familyRatio: number): boolean {
  return Math.abs(ratio / familyRatio - 1) <= RATIO_TOLERANCE + 1e-12;
}

/**
 * Families from a JSON override, e.g. `{"3:2": ["8x12","12x18"], "5:4": ["8x10"]}`.
 * Listed families replace the defaults of the same id, new ids are added, an
 * empty list removes a family. Every size must itself match its family's ratio.
 */
export function buildFamilies(overrideJson?: string | Record<string, string[]> | null): Family[] {
  const result = new Map<string, Family>(
    DEFAULT_FAMILIES.map((f) => [f.id, { ...f, sizes: f.sizes.map((s) => ({ ...s })) }]),
  );
  if (overrideJson == null || overrideJson === '') return [...result.values()];
  let parsed: unknown = overrideJson;
  if (typeof overrideJson === 'string') {
    try {
      parsed = JSON.parse(overrideJson);
    } catch {
      throw new Error('families override is not valid JSON');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('families override must be an object of "a:b" → ["WxH", …]');
  }
  for (const [id, list] of Object.entries(parsed as Record<string, unknown>)) {
    const ratio = parseRatioId(id);
    if (!Array.isArray(list)) throw new Error(`family "${id}": sizes must be a list`);
    if (list.length === 0) {
      result.delete(id);
      continue;
    }
    const sizes = list.map((s) => {
      if (typeof s !== 'string') throw new Error(`family "${id}": size ${JSON.stringify(s)} is not a string`);
      const size = parseSize(s);
      if (!withinTolerance(size.longIn / size.shortIn, ratio)) {
        throw new Error(`family "${id}": size "${s}" does not have the family's ratio`);
      }
      return size;
    });
    sizes.sort((a, b) => a.shortIn * a.longIn - b.shortIn * b.longIn);
    result.set(id, { id, ratio, sizes });
  }
  return [...result.values()];
}

/** The family an image of these pixel dimensions belongs to, or null (UNSUPPORTED_RATIO). */
export function classifyRatio(
  width: number,
  height: number,
  families: readonly Family[] = DEFAULT_FAMILIES,
): Family | null {
  if (!(width > 0 && height > 0)) return null;
  const r = Math.max(width, height) / Math.min(width, height);
  let best: Family | null = null;
  let bestDistance = Infinity;
  for (const f of families) {
    const d = Math.abs(r / f.ratio - 1);
    if (withinTolerance(r, f.ratio) && d < bestDistance) {
      best = f;
      bestDistance = d;
    }
  }
  return best;
}

export function largestSize(family: Family): PrintSize {
  let best = family.sizes[0];
  if (!best) throw new Error(`family "${family.id}" has no sizes`);
  for (const s of family.sizes) if (s.shortIn * s.longIn > best.shortIn * best.longIn) best = s;
  return best;
}

/** DPI the image reaches at a size: the weaker of the two sides decides. */
export function effectiveDpi(pxLong: number, pxShort: number, size: PrintSize): number {
  return Math.min(pxLong / size.longIn, pxShort / size.shortIn);
}

function sides(width: number, height: number) {
  return { long: Math.max(width, height), short: Math.min(width, height), landscape: width >= height };
}

export function canonicalKey(size: PrintSize): string {
  return `${size.shortIn}x${size.longIn}`;
}

/** Sizes of the family this image reaches at ≥ minDpi, smallest first. */
export function offeredSizes(family: Family, width: number, height: number, minDpi: number): OfferedSize[] {
  const { long, short, landscape } = sides(width, height);
  const out: OfferedSize[] = [];
  for (const s of family.sizes) {
    const dpi = effectiveDpi(long, short, s);
    if (dpi < minDpi) continue;
    const widthIn = landscape ? s.longIn : s.shortIn;
    const heightIn = landscape ? s.shortIn : s.longIn;
    out.push({ label: `${widthIn}x${heightIn}`, key: canonicalKey(s), widthIn, heightIn, dpi: Math.floor(dpi) });
  }
  return out;
}

/**
 * Upscale factor for the print file: 1 when the original already reaches the
 * family's largest size at minDpi, else the smaller of 2/4 that does (4 when even
 * 4 does not — the biggest the model offers). An explicit override wins.
 */
export function chooseScale(
  family: Family,
  width: number,
  height: number,
  minDpi: number,
  override?: UpscaleFactor | null,
): UpscaleFactor {
  if (override != null) {
    if (override !== 1 && override !== 2 && override !== 4) throw new RangeError(`scale must be 1, 2 or 4, got ${override}`);
    return override;
  }
  const { long, short } = sides(width, height);
  const dpi = effectiveDpi(long, short, largestSize(family));
  if (dpi >= minDpi) return 1;
  if (dpi * 2 >= minDpi) return 2;
  return 4;
}
