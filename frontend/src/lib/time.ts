/**
 * Time for people: "3 minutes ago", "in 2 hours", "just now"; the exact local time for
 * tooltips. The API speaks ISO-8601 UTC; this turns it into the reader's own time.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['week', 7 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', SECOND],
];

export function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "just now" within 10 s either way; otherwise the largest whole unit ("5 minutes ago", "in 2 days"). */
export function formatRelative(value: string | number | Date, now: number = Date.now(), locale?: string): string {
  const t = toDate(value).getTime();
  if (Number.isNaN(t)) return '—';
  const diff = t - now;
  if (Math.abs(diff) < 10 * SECOND) return 'just now';
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return rtf.format(Math.trunc(diff / ms), unit);
  }
  return '—';
}

/** "1 Dec 2026, 08:03:12" in the reader's locale and time zone. */
export function formatDateTime(value: string | number | Date, locale?: string): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
}

/** How soon a relative label can change: re-render every second under a minute, then every 30 s, then every 5 min. */
export function refreshIntervalFor(value: string | number | Date, now: number = Date.now()): number {
  const age = Math.abs(now - toDate(value).getTime());
  if (age < MINUTE) return SECOND * 5;
  if (age < HOUR) return 30 * SECOND;
  return 5 * MINUTE;
}

/** 1234 ms → "1.2 s", 95 000 → "1 min 35 s", 42 → "42 ms". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(ms / SECOND).toFixed(ms < 10 * SECOND ? 1 : 0)} s`;
  const m = Math.floor(ms / MINUTE);
  const s = Math.round((ms % MINUTE) / SECOND);
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
