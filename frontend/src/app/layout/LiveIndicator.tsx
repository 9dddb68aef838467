/**
 * The header's "Live" pill: whether pages update by themselves right now.
 *   connected    green dot, "Live"
 *   connecting   grey pulsing dot, "Connecting"
 *   reconnecting amber pulsing dot, "Reconnecting"
 *   offline      red dot, "Offline" (pages fall back to refreshing every 15 s)
 * A status role announces changes politely; the tooltip says what each state means.
 */
import type { LiveState } from '../../lib/live';
import { cn } from '../../lib/cn';
import { useLiveState } from '../../lib/services';
import { Tooltip } from '../../components/ui';

export const LIVE_LOOK: Record<LiveState, { label: string; hint: string; dot: string; pill: string; pulse: boolean }> = {
  connected: {
    label: 'Live',
    hint: 'Connected: pages update as things change.',
    dot: 'bg-emerald-500',
    pill: 'text-emerald-800 bg-emerald-50 ring-emerald-200 dark:text-emerald-200 dark:bg-emerald-950 dark:ring-emerald-900',
    pulse: false,
  },
  connecting: {
    label: 'Connecting',
    hint: 'Opening the live connection…',
    dot: 'bg-zinc-400',
    pill: 'text-zinc-700 bg-zinc-100 ring-zinc-200 dark:text-zinc-300 dark:bg-zinc-800 dark:ring-zinc-700',
    pulse: true,
  },
  reconnecting: {
    label: 'Reconnecting',
    hint: 'The live connection dropped; reconnecting. Pages refresh every 15 s meanwhile.',
    dot: 'bg-amber-500',
    pill: 'text-amber-900 bg-amber-50 ring-amber-200 dark:text-amber-200 dark:bg-amber-950 dark:ring-amber-900',
    pulse: true,
  },
  offline: {
    label: 'Offline',
    hint: 'No live connection (still trying). Pages refresh every 15 s meanwhile.',
    dot: 'bg-red-500',
    pill: 'text-red-800 bg-red-50 ring-red-200 dark:text-red-200 dark:bg-red-950 dark:ring-red-900',
    pulse: false,
  },
};

export function LiveIndicatorView({ state, compact = false }: { state: LiveState; compact?: boolean }) {
  const look = LIVE_LOOK[state];
  return (
    <Tooltip content={look.hint} side="bottom">
      <span
        role="status"
        aria-live="polite"
        tabIndex={0}
        data-state={state}
        aria-label={`Live updates: ${look.label}. ${look.hint}`}
        className={cn('inline-flex h-7 items-center gap-1.5 rounded-full px-2.5 text-xs font-medium ring-1 ring-inset', look.pill)}
      >
        <span aria-hidden="true" className="relative flex size-2">
          {look.pulse && <span className={cn('absolute inline-flex size-full animate-ping rounded-full opacity-60', look.dot)} />}
          <span className={cn('relative inline-flex size-2 rounded-full', look.dot)} />
        </span>
        <span className={cn(compact && 'sr-only sm:not-sr-only')}>{look.label}</span>
      </span>
    </Tooltip>
  );
}

export function LiveIndicator({ compact }: { compact?: boolean }) {
  return <LiveIndicatorView state={useLiveState()} compact={compact} />;
}
