/**
 * "3 minutes ago" that stays true: re-renders as the label would change (every 5 s in
 * the first minute, then every 30 s, then every 5 minutes). The exact local time is in
 * the title and in the <time> element's dateTime.
 */
import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative, refreshIntervalFor, toDate } from '../../lib/time';

export function RelativeTime({ value, className }: { value: string | number | Date | null | undefined; className?: string }) {
  // `tick` only schedules re-renders; the label is measured against the clock at each
  // render, so a newer value never reads as being in the future.
  const [tick, setTick] = useState(0);
  const now = Date.now();
  const valid = value !== null && value !== undefined && !Number.isNaN(toDate(value).getTime());
  useEffect(() => {
    if (!valid) return;
    const id = setTimeout(() => setTick((t) => t + 1), refreshIntervalFor(value, Date.now()));
    return () => clearTimeout(id);
  }, [valid, value, tick]);
  if (!valid) return <span className={className}>—</span>;
  const d = toDate(value);
  return (
    <time dateTime={d.toISOString()} title={formatDateTime(d)} className={className}>
      {formatRelative(d, now)}
    </time>
  );
}
