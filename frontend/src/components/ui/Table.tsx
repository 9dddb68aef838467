/**
 * A plain, semantic table with the dashboard's look. It scrolls sideways inside its card
 * on a narrow screen rather than squeezing columns. `caption` names it for screen readers.
 */
import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

export function Table({ caption, className, children, ...rest }: HTMLAttributes<HTMLTableElement> & { caption?: string }) {
  return (
    <div className="w-full overflow-x-auto">
      <table className={cn('w-full border-collapse text-left text-sm', className)} {...rest}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export const THead = (p: HTMLAttributes<HTMLTableSectionElement>) => <thead {...p} className={cn('border-b border-border', p.className)} />;
export const TBody = (p: HTMLAttributes<HTMLTableSectionElement>) => <tbody {...p} className={cn('divide-y divide-border', p.className)} />;
export const Tr = (p: HTMLAttributes<HTMLTableRowElement>) => <tr {...p} className={cn('transition-colors hover:bg-surface-2/60', p.className)} />;
export const Th = (p: ThHTMLAttributes<HTMLTableCellElement>) => <th scope="col" {...p} className={cn('px-4 py-2.5 text-xs font-medium tracking-wide text-muted uppercase first:pl-5 last:pr-5', p.className)} />;
export const Td = (p: TdHTMLAttributes<HTMLTableCellElement>) => <td {...p} className={cn('px-4 py-3 align-middle first:pl-5 last:pr-5', p.className)} />;
