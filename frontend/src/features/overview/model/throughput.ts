/**
 * Jobs completed per minute (the API's `completedPerMinute`: one bucket per minute over
 * the last hour, oldest first, the last one the current minute) → the bars of the
 * chart, the figures and the sentence that says the same for everyone.
 */
import { formatClock, formatCount, plural } from './format';

export interface MinuteBar {
  minute: string;
  count: number;
  /** 0…1 of the tallest bar (0 when nothing completed in the whole window). */
  height: number;
  /** "08:45" local time. */
  label: string;
}

export interface Throughput {
  bars: MinuteBar[];
  total: number;
  peak: number;
  /** The first minute that reached the peak (null when nothing completed). */
  peakMinute: string | null;
  /** "the last hour" for 60 buckets, else "the last N minutes". */
  span: string;
  /** One sentence: "212 jobs completed in the last hour, peak 14 per minute." */
  summary: string;
}

export function shapeThroughput(buckets: readonly { minute: string; count: number }[]): Throughput {
  const sorted = [...buckets].sort((a, b) => Date.parse(a.minute) - Date.parse(b.minute));
  let total = 0;
  let peak = 0;
  let peakMinute: string | null = null;
  for (const b of sorted) {
    const count = Math.max(0, b.count);
    total += count;
    if (count > peak) {
      peak = count;
      peakMinute = b.minute;
    }
  }
  const bars = sorted.map((b) => ({ minute: b.minute, count: Math.max(0, b.count), height: peak > 0 ? Math.max(0, b.count) / peak : 0, label: formatClock(b.minute) }));
  const span = sorted.length === 60 ? 'the last hour' : sorted.length === 1 ? 'the last minute' : `the last ${sorted.length} minutes`;
  const summary =
    sorted.length === 0 ? 'No per-minute figures yet.' : total === 0 ? `No jobs completed in ${span}.` : `${plural(total, 'job')} completed in ${span}, peak ${formatCount(peak)} per minute.`;
  return { bars, total, peak, peakMinute, span, summary };
}
