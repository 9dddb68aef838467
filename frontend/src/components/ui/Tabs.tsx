/**
 * Tabs (Radix: arrow keys move between tabs). Controlled by `value` so a page can keep
 * the tab in the URL (`?tab=queues`): pass the search param and navigate on change.
 * Tabs that do not fit one line (a phone) wrap to the next rather than scroll out of sight.
 */
import type { ReactNode } from 'react';
import { Tabs as TabsPrimitive } from 'radix-ui';
import { cn } from '../../lib/cn';

export interface TabItem<V extends string> {
  value: V;
  label: ReactNode;
  /** A count shown beside the label. */
  count?: number;
}

export function Tabs<V extends string>({ value, onValueChange, items, label, children, className }: { value: V; onValueChange: (v: V) => void; items: TabItem<V>[]; label: string; children: ReactNode; className?: string }) {
  return (
    <TabsPrimitive.Root value={value} onValueChange={(v) => onValueChange(v as V)} className={className}>
      <TabsPrimitive.List aria-label={label} className="inline-flex max-w-full flex-wrap gap-1 rounded-xl bg-surface-2 p-1">
        {items.map((t) => (
          <TabsPrimitive.Trigger
            key={t.value}
            value={t.value}
            className={cn(
              'inline-flex h-8 items-center gap-2 rounded-lg px-3 text-sm font-medium whitespace-nowrap text-muted transition-colors',
              'hover:text-fg data-[state=active]:bg-surface data-[state=active]:text-fg data-[state=active]:shadow-card',
            )}
          >
            {t.label}
            {t.count !== undefined && <span className="rounded-full bg-page px-1.5 text-xs tabular-nums text-muted">{t.count}</span>}
          </TabsPrimitive.Trigger>
        ))}
      </TabsPrimitive.List>
      {children}
    </TabsPrimitive.Root>
  );
}

export function TabPanel({ value, children, className }: { value: string; children: ReactNode; className?: string }) {
  return (
    <TabsPrimitive.Content value={value} className={cn('mt-5 focus-visible:outline-none', className)}>
      {children}
    </TabsPrimitive.Content>
  );
}
