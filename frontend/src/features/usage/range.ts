/**
 * The usage page's date ranges, in whole UTC days (the API groups calls by UTC day):
 * a preset is the last N UTC days including today; a custom range is two UTC dates,
 * both included. The API's range is [from, to): `to` is the start of the day after.
 */
export const USAGE_PRESETS = ['7d', '30d', '90d'] as const;
export type UsagePreset = (typeof USAGE_PRESETS)[number];
export const DEFAULT_PRESET: UsagePreset = '30d';
export const PRESET_DAYS: Record<UsagePreset, number> = { '7d': 7, '30d': 30, '90d': 90 };
export const PRESET_LABEL: Record<UsagePreset, string> = { '7d': '7 days', '30d': '30 days', '90d': '90 days' };
/** The longest custom range (a year, leap day included). */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is `v` a real calendar date written YYYY-MM-DD (2026-02-30 is not)? */
export function isIsoDay(v: unknown): v is string {
  if (typeof v !== 'string' || !DAY_RE.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00.000Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

/** The UTC day (YYYY-MM-DD) an instant falls in. */
export const utcDay = (t: number | Date): string => new Date(t).toISOString().slice(0, 10);

/** The instant a UTC day starts (ms). */
export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00.000Z`);

/** `day` moved by `n` whole days. */
export const addDays = (day: string, n: number): string => utcDay(dayStart(day) + n * DAY_MS);

/** How many days from `from` to `to`, both included (1 for the same day). */
export const dayCount = (from: string, to: string): number => Math.round((dayStart(to) - dayStart(from)) / DAY_MS) + 1;

/** Every day from `from` to `to`, both included, in order. */
export function daysOf(from: string, to: string): string[] {
  const n = dayCount(from, to);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(addDays(from, i));
  return out;
}

export interface UsageRange {
  kind: UsagePreset | 'custom';
  /** The first and the last UTC day shown, both included. */
  fromDay: string;
  toDay: string;
  /** The API's arguments: [from, to) as ISO instants (midnight UTC). */
  from: string;
  to: string;
  days: number;
}

function make(kind: UsageRange['kind'], fromDay: string, toDay: string): UsageRange {
  return {
    kind,
    fromDay,
    toDay,
    from: new Date(dayStart(fromDay)).toISOString(),
    to: new Date(dayStart(addDays(toDay, 1))).toISOString(),
    days: dayCount(fromDay, toDay),
  };
}

/** The last N UTC days, today (UTC) included. */
export function presetRange(preset: UsagePreset, now: number = Date.now()): UsageRange {
  const toDay = utcDay(now);
  return make(preset, addDays(toDay, -(PRESET_DAYS[preset] - 1)), toDay);
}

/** Two UTC dates, both included, in either order; at most MAX_RANGE_DAYS (the start moves). */
export function customRange(a: string, b: string): UsageRange {
  let [fromDay, toDay] = a <= b ? [a, b] : [b, a];
  if (dayCount(fromDay, toDay) > MAX_RANGE_DAYS) fromDay = addDays(toDay, -(MAX_RANGE_DAYS - 1));
  return make('custom', fromDay, toDay);
}

/** The range the URL asks for: custom when it has both dates, else its preset (30 days by default). */
export function resolveRange(search: { range?: UsagePreset; from?: string; to?: string }, now: number = Date.now()): UsageRange {
  if (search.from && search.to) return customRange(search.from, search.to);
  return presetRange(search.range ?? DEFAULT_PRESET, now);
}
