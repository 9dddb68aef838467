/**
 * RelativeTime for values that change while on screen (live refetches): remounted per
 * value, so a new time is measured against the clock now, not the clock when the row
 * first appeared (which read "in 20 seconds" for a moment after an update).
 */
import { RelativeTime } from '../../../components/ui';

export function Time({ value, className }: { value: string | number | Date | null | undefined; className?: string }) {
  return <RelativeTime key={value === null || value === undefined ? 'none' : String(value)} value={value} className={className} />;
}
