import type { ComponentType, ReactNode } from 'react';
import { cn } from '../../lib/cn';

/** Nothing to show (yet): an icon, a title, a sentence on what will appear here, and maybe an action. */
export function EmptyState({ icon: Icon, title, children, action, className }: { icon?: ComponentType<{ className?: string; 'aria-hidden'?: boolean }>; title: ReactNode; children?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div className={cn('flex flex-col items-center px-6 py-14 text-center sm:py-20', className)}>
      {Icon && (
        <div className="mb-5 flex size-14 items-center justify-center rounded-2xl bg-accent-soft text-accent-soft-fg">
          <Icon aria-hidden className="size-7" />
        </div>
      )}
      <h2 className="text-lg font-semibold tracking-tight text-fg">{title}</h2>
      {children && <div className="mt-2 max-w-md text-[15px] text-muted">{children}</div>}
      {action && <div className="mt-6 flex flex-wrap justify-center gap-2">{action}</div>}
    </div>
  );
}
