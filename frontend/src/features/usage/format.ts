/**
 * Numbers for people, in the reader's locale: counts with thousands separators, costs
 * in US dollars with 2 to 4 decimals as needed, and UTC days as dates (the API's days
 * are UTC, so they are formatted in UTC: 30 November stays 30 November everywhere).
 */
import { dayStart } from './range';

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/** 12345 → "12,345". */
export function formatCount(n: number, locale?: string): string {
  return nf(locale, { maximumFractionDigits: 0 }).format(n);
}

/** 12345 → "12K" (chart axes; the tables say the exact number). */
export function formatCompact(n: number, locale?: string): string {
  return nf(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** Rate-limit headroom as reported (Shopify's points may be fractional): 1980.5 → "1,980.5". */
export function formatHeadroom(n: number | null, locale?: string): string {
  return n === null ? '—' : nf(locale, { maximumFractionDigits: 2 }).format(n);
}

/**
 * US dollars ("$" in every locale: the page says the costs are US dollars), 2 to 4 decimals as needed: 1.5 → "$1.50", 0.0023 → "$0.0023",
 * 0.123456 → "$0.1235"; a cost under $0.0001 is "<$0.0001" (never a misleading $0.00);
 * null (no call had a cost) → "—".
 */
export function formatUsd(n: number | null, locale?: string): string {
  if (n === null) return '—';
  const f = nf(locale, { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 4 });
  if (n !== 0 && Math.abs(n) < 0.0001) return `<${f.format(n < 0 ? -0.0001 : 0.0001)}`;
  return f.format(n);
}

/** An axis label in dollars: as few decimals as the step needs ($0, $0.5, $0.025); zero is "$0". */
export function formatUsdAxis(n: number, step: number, locale?: string): string {
  const decimals = step >= 1 || n === 0 ? 0 : Math.min(4, Math.max(1, Math.ceil(-Math.log10(step) - 1e-9)));
  return nf(locale, { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol', minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

/** A share as a percentage: 0.0123 → "1.2%". */
export function formatPercent(share: number, locale?: string): string {
  return nf(locale, { style: 'percent', maximumFractionDigits: share > 0 && share < 0.001 ? 2 : 1 }).format(share);
}

const dfCache = new Map<string, Intl.DateTimeFormat>();
function df(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = dfCache.get(key);
  if (!f) dfCache.set(key, (f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })));
  return f;
}

export type DayStyle = 'axis' | 'row' | 'long';
const DAY_OPTIONS: Record<DayStyle, Intl.DateTimeFormatOptions> = {
  axis: { day: 'numeric', month: 'short' },
  row: { weekday: 'short', day: 'numeric', month: 'short' },
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
};

/** A UTC day (YYYY-MM-DD) as a date in the reader's locale: "30 Nov", "Mon, 30 Nov" (+ the year when asked). */
export function formatDay(day: string, style: DayStyle = 'row', options: { withYear?: boolean; locale?: string } = {}): string {
  const o = options.withYear && style !== 'long' ? { ...DAY_OPTIONS[style], year: 'numeric' as const } : DAY_OPTIONS[style];
  return df(options.locale, o).format(dayStart(day));
}

/** Two UTC days as one range: "1 – 30 Nov 2026" (or one date when they are the same day). */
export function formatDayRange(from: string, to: string, locale?: string): string {
  const f = df(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  return from === to ? f.format(dayStart(from)) : f.formatRange(dayStart(from), dayStart(to));
}
