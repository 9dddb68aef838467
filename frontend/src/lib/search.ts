/**
 * Typed search params: small validators for the router's `validateSearch`, so every
 * filtered view is a link that can be shared (`/files?status=FAILED&search=heron`) and
 * a hand-edited URL with a bad value falls back to "no filter" instead of failing.
 */

/** One of `values`, else undefined. */
export const oneOf =
  <const T extends readonly string[]>(values: T) =>
  (v: unknown): T[number] | undefined =>
    typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T[number]) : undefined;

/** A trimmed, non-empty string of at most `max` characters, else undefined. */
export const text =
  (max = 200) =>
  (v: unknown): string | undefined => {
    if (typeof v === 'number') v = String(v);
    if (typeof v !== 'string') return undefined;
    const t = v.trim().slice(0, max);
    return t === '' ? undefined : t;
  };

/** A whole number within [min, max], else undefined. */
export const int =
  (min: number, max: number) =>
  (v: unknown): number | undefined => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };

/**
 * A search-param schema from one validator per param. Undefined results are dropped,
 * so links stay short (`/files`, not `/files?status=`).
 */
export function searchSchema<S extends Record<string, (v: unknown) => unknown>>(shape: S) {
  type Out = { [K in keyof S]?: Exclude<ReturnType<S[K]>, undefined> };
  return (raw: Record<string, unknown>): Out => {
    const out: Record<string, unknown> = {};
    for (const [key, parse] of Object.entries(shape)) {
      const v = parse(raw[key]);
      if (v !== undefined) out[key] = v;
    }
    return out as Out;
  };
}
