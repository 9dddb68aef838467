/**
 * The guidance limits of a listing's text, as the API checks them (backend
 * domain/files/metadata.ts SOFT_LIMITS): shown as counters, never a block. A draft may
 * be approved outside them; the API lists the shortfalls as `metadataWarnings`.
 */
export const LIMITS = {
  /** Characters: amber from `ideal`, red past `max`. */
  title: { ideal: 60, max: 70 },
  descriptionWords: { min: 100, max: 200 },
  /** A search result shows about this many characters of the description. */
  snippetChars: 160,
  hashtags: { min: 20, max: 30 },
  /** Characters, the platforms' caption limits. */
  captions: { instagram: 2200, tiktok: 2200, pinterest: 500 },
} as const;

export type Level = 'ok' | 'warn' | 'over';

/** The title counter's level: amber at 60 characters, red past 70. */
export function titleLevel(length: number): Level {
  if (length > LIMITS.title.max) return 'over';
  if (length >= LIMITS.title.ideal) return 'warn';
  return 'ok';
}

/** Within [min, max]: ok; outside: warn (guidance only). */
export const rangeLevel = (n: number, r: { min: number; max: number }): Level => (n >= r.min && n <= r.max ? 'ok' : 'warn');

/** Words as the API counts them: runs of non-space. */
export const wordCount = (s: string): number => s.trim().split(/\s+/).filter(Boolean).length;
