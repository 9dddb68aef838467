/** Guidance text whose colour says how it stands (never only colour: the words say it too). */
import type { HTMLAttributes } from 'react';
import { cn } from '../../../lib/cn';
import type { Level } from '../logic/limits';

export const LEVEL_CLASS: Record<Level, string> = {
  ok: 'text-muted',
  warn: 'text-amber-800 dark:text-amber-300',
  over: 'text-danger',
};

export function LevelText({ level, className, ...rest }: HTMLAttributes<HTMLSpanElement> & { level: Level }) {
  return <span data-level={level} className={cn('text-xs font-medium tabular-nums', LEVEL_CLASS[level], className)} {...rest} />;
}
