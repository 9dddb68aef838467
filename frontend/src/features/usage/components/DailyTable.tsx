/**
 * The numbers behind a chart: one row per UTC day (newest first), one column per
 * service, the range's totals in the footer. The accessible source of the page's
 * numbers; it scrolls inside its card (keyboard too: it is focusable) with the header
 * and the totals kept in view.
 */
import type { ReactNode } from 'react';
import { cn } from '../../../lib/cn';
import { formatDay } from '../format';

export interface DailyColumn {
  key: string;
  label: string;
  /** The service's colour in the chart (a swatch before the label). */
  swatch?: string;
  /** The cell of day `i` (an index into `days`). */
  cell: (i: number) => ReactNode;
  total: ReactNode;
  /** A column of the overall figures (set apart). */
  emphasis?: boolean;
}

const PAD = 'px-4 first:pl-5 last:pr-5 sm:first:pl-6 sm:last:pr-6 whitespace-nowrap';
const HEAD = cn(PAD, 'border-b border-border bg-surface py-2.5 text-xs font-medium tracking-wide text-muted uppercase');
const CELL = cn(PAD, 'border-b border-border bg-surface py-2.5 align-top transition-colors group-hover:bg-surface-2');
/** The day column stays in view when a narrow screen scrolls the table sideways. */
const STICKY = 'sticky left-0';
const FOOT = cn(PAD, 'border-t border-border bg-surface-2 py-2.5 font-semibold text-fg');

export interface DailyTableProps {
  caption: string;
  days: string[];
  columns: DailyColumn[];
  withYear: boolean;
  /** The footer row's name. */
  totalLabel?: string;
  /** Only the days this keeps (default: every day of the range). */
  keep?: (i: number) => boolean;
}

export function DailyTable({ caption, days, columns, withYear, totalLabel = 'Total', keep }: DailyTableProps) {
  const order = days.map((_, i) => days.length - 1 - i).filter((i) => !keep || keep(i));
  return (
    <div role="region" aria-label={caption} tabIndex={0} className="max-h-[22rem] overflow-auto rounded-b-card border-t border-border">
      <table className="w-full border-separate border-spacing-0 text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-[1]">
          <tr>
            <th scope="col" className={cn(HEAD, STICKY, 'z-[2] text-left')}>
              UTC day
            </th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cn(HEAD, 'text-right', c.emphasis && 'text-fg')}>
                <span className="inline-flex items-center gap-1.5">
                  {c.swatch && <span aria-hidden="true" className={cn('size-2 rounded-sm', c.swatch)} />}
                  {c.label}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {order.map((i) => (
            <tr key={days[i]} className="group [&:last-child>*]:border-b-0">
              <th scope="row" className={cn(CELL, STICKY, 'text-left font-normal text-fg')}>
                <time dateTime={days[i]}>{formatDay(days[i], 'row', { withYear })}</time>
              </th>
              {columns.map((c) => (
                <td key={c.key} className={cn(CELL, 'text-right tabular-nums', c.emphasis ? 'font-medium text-fg' : 'text-fg')}>
                  {c.cell(i)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot className="sticky bottom-0">
          <tr>
            <th scope="row" className={cn(FOOT, STICKY, 'text-left')}>
              {totalLabel}
            </th>
            {columns.map((c) => (
              <td key={c.key} className={cn(FOOT, 'text-right tabular-nums')}>
                {c.total}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** "—" for a value that was not recorded, read as "none" by screen readers. */
export function NoValue({ label = 'none' }: { label?: string }) {
  return (
    <>
      <span aria-hidden="true" className="text-muted">
        —
      </span>
      <span className="sr-only">{label}</span>
    </>
  );
}
