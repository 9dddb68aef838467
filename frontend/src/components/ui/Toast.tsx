/**
 * Short notices after an action ("Approved “Barn owl at dusk”"), announced to screen
 * readers (Radix Toast: a live region, swipe or Escape to dismiss, F8 to reach them).
 *
 *   const toast = useToast();
 *   toast({ title: 'Approved', description: file.name });
 *   toast({ title: 'Couldn’t approve', description: describeError(err), tone: 'danger' });
 */
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { Toast as ToastPrimitive } from 'radix-ui';
import { CircleCheck, CircleAlert, Info, X } from 'lucide-react';
import { cn } from '../../lib/cn';

export interface ToastInput {
  title: string;
  description?: ReactNode;
  tone?: 'success' | 'danger' | 'info';
  /** ms; default 5 s (errors 8 s). */
  duration?: number;
}

type ToastItem = ToastInput & { id: number };

const ToastContext = createContext<((t: ToastInput) => void) | null>(null);

export function useToast(): (t: ToastInput) => void {
  const t = useContext(ToastContext);
  if (!t) throw new Error('useToast outside ToastProvider');
  return t;
}

let nextId = 1;
const ICONS = { success: CircleCheck, danger: CircleAlert, info: Info };
const ICON_CLASS = { success: 'text-emerald-600 dark:text-emerald-400', danger: 'text-danger', info: 'text-accent' };

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const push = useCallback((t: ToastInput) => setItems((list) => [...list.slice(-3), { ...t, id: nextId++ }]), []);
  const remove = (id: number) => setItems((list) => list.filter((x) => x.id !== id));
  return (
    <ToastContext.Provider value={push}>
      <ToastPrimitive.Provider swipeDirection="right" label="Notification">
        {children}
        {items.map((t) => {
          const tone = t.tone ?? 'success';
          const Icon = ICONS[tone];
          return (
            <ToastPrimitive.Root
              key={t.id}
              duration={t.duration ?? (tone === 'danger' ? 8000 : 5000)}
              type={tone === 'danger' ? 'foreground' : 'background'}
              onOpenChange={(open) => !open && remove(t.id)}
              className="flex items-start gap-3 rounded-2xl border border-border bg-surface p-4 shadow-pop"
            >
              <Icon aria-hidden="true" className={cn('mt-0.5 size-5 shrink-0', ICON_CLASS[tone])} />
              <div className="min-w-0 flex-1">
                <ToastPrimitive.Title className="text-sm font-semibold text-fg">{t.title}</ToastPrimitive.Title>
                {t.description && <ToastPrimitive.Description className="mt-0.5 text-sm text-muted">{t.description}</ToastPrimitive.Description>}
              </div>
              <ToastPrimitive.Close aria-label="Dismiss" className="-m-1 rounded-lg p-1 text-muted hover:bg-surface-2 hover:text-fg">
                <X aria-hidden="true" className="size-4" />
              </ToastPrimitive.Close>
            </ToastPrimitive.Root>
          );
        })}
        <ToastPrimitive.Viewport className="fixed right-0 bottom-20 z-[60] flex w-full max-w-sm flex-col gap-2 p-4 outline-none md:bottom-0" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}
