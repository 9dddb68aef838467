import type { HTMLAttributes } from 'react';
import { cn } from '../../lib/cn';
import type { Tone } from '../../lib/statuses';

/** Tinted, readable (AA) badge colours per tone, light and dark. */
export const TONE_CLASS: Record<Tone, string> = {
  neutral: 'bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700',
  info: 'bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-900',
  progress: 'bg-indigo-50 text-indigo-800 ring-indigo-200 dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-900',
  attention: 'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-900',
  danger: 'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900',
  muted: 'bg-zinc-50 text-zinc-600 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-800',
};

export const DOT_CLASS: Record<Tone, string> = {
  neutral: 'bg-zinc-400',
  info: 'bg-sky-500',
  progress: 'bg-indigo-500',
  attention: 'bg-amber-500',
  success: 'bg-emerald-500',
  danger: 'bg-red-500',
  muted: 'bg-zinc-400 dark:bg-zinc-600',
};

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: Tone;
  /** A coloured dot before the text (never the only signal: the text says it too). */
  dot?: boolean;
}

export function Badge({ tone = 'neutral', dot = false, className, children, ...rest }: BadgeProps) {
  return (
    <span className={cn('inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset', TONE_CLASS[tone], className)} {...rest}>
      {dot && <span aria-hidden="true" className={cn('size-1.5 rounded-full', DOT_CLASS[tone])} />}
      {children}
    </span>
  );
}
