/**
 * A plain, semantic table with the dashboard's look. It scrolls sideways inside its card
 * on a narrow screen rather than squeezing columns. `caption` names it for screen readers.
 * While it does scroll, its container is a focusable, labelled region, so a keyboard
 * user can reach and scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
import { useEffect, useRef, useState, type HTMLAttributes, type TdHTMLAttributes, type ThHTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

/** True while the element's content is wider than the element. */
function useScrollsSideways(ref: React.RefObject<HTMLElement | null>): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    check();
    return () => observer.disconnect();
  }, [ref]);
  return scrolls;
}

export function Table({ caption, className, children, ...rest }: HTMLAttributes<HTMLTableElement> & { caption?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const scrolls = useScrollsSideways(box);
  return (
    <div
      ref={box}
      className="w-full overflow-x-auto rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
      {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': caption ?? 'Table' } : {})}
    >
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
