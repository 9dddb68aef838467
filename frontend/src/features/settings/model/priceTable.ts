/**
 * The price table's rules as the editor applies them before anything is sent: size
 * keys are SHORTxLONG whole inches (the API's key; "18x12" or "18 × 12" is the same
 * size, stored as 12x18), prices are positive amounts in whole cents up to $100,000
 * (the API's limit). And the API's own VALIDATION_ERROR, in plain words.
 */

export const MAX_PRICE = 100_000;

export interface SizeKey {
  /** SHORTxLONG, the API's key: "12x18". */
  key: string;
  short: number;
  long: number;
}

/** "18 × 12", "12X18", "12x18" → { key: "12x18" }; an error sentence when it is not a size. */
export function parseSize(text: string): SizeKey | { error: string } {
  const t = text.trim();
  if (!t) return { error: 'Enter a size, like 12x18.' };
  const m = /^(\d+)\s*[xX×*]\s*(\d+)$/.exec(t);
  if (!m) return { error: 'Write the size as width x height in whole inches, like 12x18.' };
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a === 0 || b === 0) return { error: 'Neither side can be 0 inches.' };
  if (a > 1000 || b > 1000) return { error: 'That’s bigger than any print: at most 1000 inches a side.' };
  const short = Math.min(a, b);
  const long = Math.max(a, b);
  return { key: `${short}x${long}`, short, long };
}

/** "12x18" → "12×18" (the multiplication sign, as people write sizes). */
export const sizeLabel = (key: string): string => key.replace(/x/i, '×');

/** The API's key split into its sides (NaN for a key that isn't one). */
export function sidesOf(key: string): { short: number; long: number } {
  const [a, b] = key.split(/x/i).map(Number);
  return { short: Math.min(a, b), long: Math.max(a, b) };
}

/** A price as typed: the number, or why it can't be one. */
export function parsePrice(text: string): { value: number } | { error: string } {
  const t = text.trim();
  if (!t) return { error: 'Enter a price.' };
  if (!/^-?\d+(\.\d+)?$/.test(t)) return { error: 'Enter an amount in dollars, like 70 or 70.50.' };
  const value = Number(t);
  if (!(value > 0)) return { error: 'The price must be more than $0.' };
  if (value > MAX_PRICE) return { error: `The price can be at most ${formatPrice(MAX_PRICE)}.` };
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return { error: 'Use whole cents (at most 2 decimals).' };
  return { value };
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: 2 });
export const formatPrice = (n: number): string => usd.format(n);

/** The aspect ratio's name for grouping sizes: 12x18 → "3:2", 12x12 → "1:1", 11x14 → "14:11". */
export function ratioOf(key: string): string {
  const { short, long } = sidesOf(key);
  if (!Number.isFinite(short) || !Number.isFinite(long) || short <= 0) return 'Other';
  const g = gcd(long, short);
  return `${long / g}:${short / g}`;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

const RATIO_NAMES: Record<string, string> = {
  '3:2': '3:2 — the classic photo ratio',
  '1:1': '1:1 — square',
  '4:3': '4:3',
  '2:1': '2:1 — panoramic',
  '3:1': '3:1 — wide panoramic',
};
export const ratioTitle = (ratio: string): string => RATIO_NAMES[ratio] ?? ratio;

/** Ratios in a stable order: the common ones first (as the built-in table lists them), then by how wide they are. */
export function compareRatios(a: string, b: string): number {
  const order = Object.keys(RATIO_NAMES);
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
  const wide = (r: string) => {
    const [l, s] = r.split(':').map(Number);
    return l / s;
  };
  return wide(a) - wide(b) || a.localeCompare(b);
}

/** Smallest first: by the short side, then the long side. */
export function compareSizes(a: string, b: string): number {
  const sa = sidesOf(a);
  const sb = sidesOf(b);
  return sa.short - sb.short || sa.long - sb.long || a.localeCompare(b);
}

/** One line of the API's VALIDATION_ERROR for the price table, for a person. */
export interface PriceProblem {
  /** The size the problem is about (the API's key), when the API named one. */
  size: string | null;
  message: string;
}

/**
 * "price table: 12x18: Too small: expected number to be >0; 12y: Invalid key in record"
 * → [{ size: '12x18', message: 'The price must be more than $0.' }, { size: '12y', message: '“12y” isn’t a size like 12x18.' }].
 */
export function describePriceTableError(message: string): PriceProblem[] {
  const body = message.replace(/^\s*price table:\s*/i, '');
  const parts = body.split(/;\s*/).filter(Boolean);
  if (parts.length === 0) return [{ size: null, message: 'The price table wasn’t accepted.' }];
  return parts.map((part) => {
    const m = /^([^:]+?):\s*(.*)$/.exec(part);
    const size = m && /^[\w.× -]+$/.test(m[1]) && /\d/.test(m[1]) ? m[1].trim() : null;
    const text = size ? m![2] : part;
    return { size, message: plainProblem(text, size) };
  });
}

function plainProblem(text: string, size: string | null): string {
  if (/too small|positive|>\s*0/i.test(text)) return 'The price must be more than $0.';
  if (/too big|<=|at most|max/i.test(text)) return `The price can be at most ${formatPrice(MAX_PRICE)}.`;
  if (/invalid key|WIDTHxHEIGHT|size key/i.test(text)) return `${size ? `“${size}”` : 'A size'} isn’t a size like 12x18.`;
  if (/expected number|nan|invalid input/i.test(text)) return 'The price must be a number.';
  const t = text.trim();
  return t ? t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.') : 'This wasn’t accepted.';
}
